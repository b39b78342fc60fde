import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { PolicyStatement, ProviderRef, renderTrustPolicy, roleArn, throwIfInvalid } from '../iam';
import { DEFAULT_TRUST_POLICY_LENGTH_QUOTA, HCP_TERRAFORM_AWS_AUDIENCE, HcpTerraformWorkspace, oidcProviderArn, runRoleTrustStatements, trustPolicySize } from './policies';

export interface HcpTerraformRunRoleProps {
  /** Provider of the account the role lives in. */
  readonly provider: ProviderRef;
  /** The account of the role (and of the OIDC provider). */
  readonly accountId: string;
  /** The run role's name; HCP Terraform workspaces set `TFC_AWS_RUN_ROLE_ARN` to its ARN. */
  readonly roleName: string;
  /** The workspaces whose runs may assume the role; nobody else's. */
  readonly workspaces: readonly HcpTerraformWorkspace[];
  /** The HCP Terraform host. @default "app.terraform.io" */
  readonly hostname?: string;
  /** The token audience (`TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE`). @default "aws.workload.identity" */
  readonly audience?: string;
  /**
   * Create the account's IAM OIDC provider for the host (one per account and host; set false
   * when it exists already).
   * @default true
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
   */
  readonly createOidcProvider?: boolean;
  /**
   * Managed policies of the role. The baseline's stacks administer organization-wide services
   * (trails, SCPs, IAM roles, KMS key policies), hence administrator access by default.
   * @default ["arn:aws:iam::aws:policy/AdministratorAccess"]
   */
  readonly managedPolicyArns?: readonly string[];
  /**
   * The account's IAM quota "Role trust policy length" (characters). The trust policy names one
   * `sub` per workspace, so it grows with `workspaces`; a policy over the quota is refused here,
   * at synth, rather than by IAM at apply. Raise the quota in Service Quotas before raising this.
   * @default 2048
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
   */
  readonly trustPolicyLengthQuota?: number;
}

/** IAM's limit on a role description. @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
export const MAX_ROLE_DESCRIPTION_LENGTH = 1000;

/**
 * The run role's description: the workspaces it trusts by name while they fit IAM's 1,000
 * characters, else their number and organizations (the trust policy names each one anyway).
 * The list grows with the governed regions, so it must not be able to break the apply.
 */
export function runRoleDescription(workspaces: readonly HcpTerraformWorkspace[]): string {
  const listed = `HCP Terraform runs of ${workspaces.map((w) => w.workspace).join(', ')}`;
  if (listed.length <= MAX_ROLE_DESCRIPTION_LENGTH) return listed;
  const orgs = [...new Set(workspaces.map((w) => w.organization))].join(', ');
  return `HCP Terraform runs of ${workspaces.length} workspaces of ${orgs}; the trust policy names each`.slice(0, MAX_ROLE_DESCRIPTION_LENGTH);
}

/**
 * The role HCP Terraform runs assume through dynamic provider credentials, trusting exactly the
 * named workspaces (their `sub` claims) and the AWS audience, with the account's OIDC provider.
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration
 */
export class HcpTerraformRunRole extends Construct {
  /** The role's ARN, derived (known at plan time). */
  readonly roleArn: string;
  /** The role resource. */
  readonly role: IamRole;
  /** Statements of the role's trust policy. */
  readonly trustStatements: readonly PolicyStatement[];
  /** The OIDC provider, when this construct creates it. */
  readonly oidcProvider?: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: HcpTerraformRunRoleProps) {
    super(scope, id);
    const hostname = props.hostname ?? 'app.terraform.io';
    const problems: string[] = [];
    if (props.workspaces.length === 0) problems.push('workspaces must name at least one workspace');
    props.workspaces.forEach((w, i) => {
      for (const [field, value] of Object.entries({ organization: w.organization, workspace: w.workspace, project: w.project ?? 'x' })) {
        if (value.length === 0 || /[:*?]/.test(value)) problems.push(`workspaces[${i}].${field} "${value}" must be non-empty and free of ":", "*" and "?" (it is matched in the token's sub claim)`);
      }
    });
    if (props.trustPolicyLengthQuota !== undefined && !(Number.isInteger(props.trustPolicyLengthQuota) && props.trustPolicyLengthQuota > 0)) problems.push(`trustPolicyLengthQuota ${props.trustPolicyLengthQuota} must be a positive whole number of characters`);
    if (!/^[\w+=,.@-]{1,64}$/.test(props.roleName)) problems.push(`roleName "${props.roleName}" is not an IAM role name (1-64 characters of letters, digits and +=,.@_-)`);
    const providerArn = oidcProviderArn(props.accountId, hostname);
    this.trustStatements = runRoleTrustStatements({
      providerArn,
      hostname,
      audience: props.audience ?? HCP_TERRAFORM_AWS_AUDIENCE,
      workspaces: props.workspaces,
    });
    const trustPolicy = problems.length === 0 ? renderTrustPolicy(this.trustStatements) : '';
    const quota = props.trustPolicyLengthQuota ?? DEFAULT_TRUST_POLICY_LENGTH_QUOTA;
    const size = trustPolicySize(trustPolicy);
    if (size > quota) {
      problems.push(
        `workspaces: the trust policy of role "${props.roleName}" is ${size} characters (not counting white space, as IAM does) for its ${props.workspaces.length} workspaces, ` +
          `over trustPolicyLengthQuota ${quota}, the account's IAM quota "Role trust policy length" (default ${DEFAULT_TRUST_POLICY_LENGTH_QUOTA}; ` +
          'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html), so IAM would refuse it at apply. ' +
          `Raise that quota of account ${props.accountId} in Service Quotas (AWS Identity and Access Management, us-east-1) to at least ${size} and set trustPolicyLengthQuota to it, ` +
          'or trust fewer workspaces or shorter organization, project and workspace names. (A wildcard workspace pattern would fit, but would trust workspaces that do not deploy here.)',
      );
    }
    throwIfInvalid('HcpTerraformRunRole', this, problems);

    if (props.createOidcProvider ?? true) {
      this.oidcProvider = new IamOpenidConnectProvider(this, 'oidc_provider', {
        provider: props.provider,
        url: `https://${hostname}`,
        clientIdList: [props.audience ?? HCP_TERRAFORM_AWS_AUDIENCE],
      });
    }
    this.role = new IamRole(this, 'role', {
      provider: props.provider,
      name: props.roleName,
      description: runRoleDescription(props.workspaces),
      assumeRolePolicy: trustPolicy,
      dependsOn: this.oidcProvider ? [this.oidcProvider] : undefined,
    });
    for (const arn of props.managedPolicyArns ?? ['arn:aws:iam::aws:policy/AdministratorAccess']) {
      // IDs from the policy name, not the list position, so reordering the list changes nothing.
      const key = arn.split('/').pop()!.replace(/[^A-Za-z0-9]/g, '_');
      new IamRolePolicyAttachment(this, `policy_${key}`, { provider: props.provider, role: this.role.name, policyArn: arn });
    }
    this.roleArn = roleArn(props.accountId, props.roleName);
  }
}
