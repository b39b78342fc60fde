import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BaselineConfig } from '../config/schema';
import { HcpTerraformRunRole } from '../modules/hcp-terraform';
import { roleArn } from '../modules/iam';
import { localStatePath, StackName, workspaceName } from './backend';
import { accountIdOf, AccountRole, PROVIDER_ALIASES, providerFor } from './providers';

/**
 * The accounts each stack deploys to (its provider aliases). An account's run role trusts the
 * workspaces of exactly these stacks; test/stacks/hcp-bootstrap.test.ts checks the map against
 * the providers the synthesized stacks really hold.
 */
export const STACK_ACCOUNTS: Readonly<Record<StackName, readonly AccountRole[]>> = {
  'log-archive': ['logArchive'],
  audit: ['audit'],
  management: ['management'],
};

/**
 * The earlier stacks each stack reads through remote state: the reader's workspace gets run
 * triggers from them and they share their state with it, and nothing else.
 * test/stacks/hcp-bootstrap.test.ts checks the map against the synthesized remote-state sources.
 */
export const STACK_READS: Readonly<Record<StackName, readonly StackName[]>> = {
  'log-archive': [],
  audit: [],
  management: ['log-archive', 'audit'],
};

/** The run role of an account: `accounts.<account>.roleName` in that account (required with the bootstrap). */
export function runRoleArnOf(cfg: BaselineConfig, role: AccountRole): string {
  const name = runRoleNameOf(cfg, role);
  if (name === undefined) throw new Error(`accounts.${role}.roleName must name the HCP Terraform run role`);
  return roleArn(accountIdOf(cfg, role), name);
}

function runRoleNameOf(cfg: BaselineConfig, role: AccountRole): string | undefined {
  return role === 'management' ? cfg.accounts.management.roleName : cfg.accounts[role].roleName;
}

/** The role AWS Organizations creates in the member accounts; the bootstrap reaches them through it. */
export const BOOTSTRAP_MEMBER_ROLE = 'OrganizationAccountAccessRole';

/** `hcp-bootstrap-<account>`: the bootstrap stack of one account. */
export function bootstrapStackName(role: AccountRole): string {
  return `hcp-bootstrap-${PROVIDER_ALIASES[role].replace(/_/g, '-')}`;
}

/**
 * HCP Terraform from zero, for one account: the IAM OIDC provider for the HCP Terraform host and
 * the run role that dynamic credentials assume, named `accounts.<account>.roleName` (so the
 * name the stacks' policies use for the deployer is the run role by construction), trusting
 * only the workspaces of the stacks that deploy to this account. One stack per account keeps one
 * provider per stack. Applied once, locally (state under `state/`), with management-account
 * credentials: member accounts are reached through `OrganizationAccountAccessRole`.
 */
export class HcpBootstrapStack extends TerraformStack {
  readonly runRole: HcpTerraformRunRole;

  constructor(scope: Construct, role: AccountRole, props: { readonly config: BaselineConfig }) {
    const id = bootstrapStackName(role);
    super(scope, id);
    const cfg = props.config;
    const backend = cfg.backend;
    if (backend.type !== 'cloud') throw new Error(`${id}: the HCP Terraform bootstrap needs backend.type "cloud"`);
    const roleName = runRoleNameOf(cfg, role);
    if (roleName === undefined) throw new Error(`${id}: accounts.${role}.roleName must name the run role`);
    new LocalBackend(this, { path: localStatePath(id) });
    const provider = providerFor(this, cfg, role, undefined, { roleName: role === 'management' ? undefined : BOOTSTRAP_MEMBER_ROLE });

    const stacks = (Object.keys(STACK_ACCOUNTS) as StackName[]).filter((s) => STACK_ACCOUNTS[s].includes(role));
    this.runRole = new HcpTerraformRunRole(this, 'run_role', {
      provider,
      accountId: accountIdOf(cfg, role),
      roleName,
      hostname: backend.hostname,
      workspaces: stacks.map((s) => ({ organization: backend.organization, project: backend.project, workspace: workspaceName(backend.workspacePrefix, s) })),
    });

    const alias = PROVIDER_ALIASES[role];
    new TerraformOutput(this, 'run_role_arn', { value: this.runRole.roleArn, description: 'ARN of the HCP Terraform run role' });
    new TerraformOutput(this, 'workspace_environment', {
      description: `Environment variables for the workspaces ${stacks.map((s) => workspaceName(backend.workspacePrefix, s)).join(', ')}`,
      value: { [`TFC_AWS_PROVIDER_AUTH_${alias}`]: 'true', [`TFC_AWS_RUN_ROLE_ARN_${alias}`]: this.runRole.roleArn },
    });
  }
}
