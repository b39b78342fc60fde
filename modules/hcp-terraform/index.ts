export { HcpTerraformRunRole } from './run-role';
export type { HcpTerraformRunRoleProps } from './run-role';
export { HCP_TERRAFORM_AWS_AUDIENCE, oidcProviderArn, runRoleTrustStatements, workspaceSubject } from './policies';
export type { HcpTerraformWorkspace } from './policies';
