import { PolicyStatement } from '../iam';

/** Pure builders for HCP Terraform dynamic provider credentials. */

/** The audience HCP Terraform puts in its AWS workload identity tokens by default. */
export const HCP_TERRAFORM_AWS_AUDIENCE = 'aws.workload.identity';

/** One HCP Terraform workspace, as its run tokens name it. */
export interface HcpTerraformWorkspace {
  /** The HCP Terraform organization. */
  readonly organization: string;
  /** The project holding the workspace. @default "Default Project" */
  readonly project?: string;
  /** The workspace name. */
  readonly workspace: string;
}

/**
 * `organization:<org>:project:<project>:workspace:<workspace>:run_phase:*`: the `sub` claim of
 * every plan and apply token of exactly that workspace.
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens
 */
export function workspaceSubject(w: HcpTerraformWorkspace): string {
  return `organization:${w.organization}:project:${w.project ?? 'Default Project'}:workspace:${w.workspace}:run_phase:*`;
}

/** `arn:aws:iam::<account>:oidc-provider/<hostname>`: the IAM OIDC provider of an HCP Terraform host, known at plan time. */
export function oidcProviderArn(accountId: string, hostname: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${hostname}`;
}

/**
 * Only run tokens of the named workspaces, issued by the host for the AWS audience, may assume
 * the run role: `<host>:aud` equals the audience and `<host>:sub` matches one workspace's subject.
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration
 */
export function runRoleTrustStatements(o: {
  readonly providerArn: string;
  readonly hostname: string;
  readonly audience: string;
  readonly workspaces: readonly HcpTerraformWorkspace[];
}): PolicyStatement[] {
  return [
    {
      sid: 'AllowHcpTerraformWorkspaceRuns',
      effect: 'Allow',
      principals: { federated: [o.providerArn] },
      actions: ['sts:AssumeRoleWithWebIdentity'],
      conditions: {
        StringEquals: { [`${o.hostname}:aud`]: [o.audience] },
        StringLike: { [`${o.hostname}:sub`]: o.workspaces.map(workspaceSubject) },
      },
    },
  ];
}

/**
 * The default IAM quota "Role trust policy length", in characters; adjustable in Service Quotas.
 * The highest value AWS grants is not pinned here: copies of the quotas page read for this code
 * differ (4,096 in one, 8,192 in later ones), so the Service Quotas console is the authority.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export const DEFAULT_TRUST_POLICY_LENGTH_QUOTA = 2048;

/**
 * The size IAM holds a trust policy to against its quota: its characters other than white
 * space (IAM reports the quota as `AssumeRolePolicySizeQuota`, "in non-whitespace characters").
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
 */
export function trustPolicySize(policyJson: string): number {
  return policyJson.replace(/\s/g, '').length;
}
