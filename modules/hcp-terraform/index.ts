export { HcpTerraformRunRole, MAX_ROLE_DESCRIPTION_LENGTH, runRoleDescription } from './run-role';
export type { HcpTerraformRunRoleProps } from './run-role';
export { DEFAULT_TRUST_POLICY_LENGTH_QUOTA, HCP_TERRAFORM_AWS_AUDIENCE, oidcProviderArn, runRoleTrustStatements, trustPolicySize, workspaceSubject } from './policies';
export type { HcpTerraformWorkspace } from './policies';
