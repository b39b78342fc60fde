import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BaselineConfig } from '../config/schema';
import { HcpTerraformRunRole } from '../modules/hcp-terraform';
import { roleArn } from '../modules/iam';
import { localStatePath, producersReadBy, StackName, stackNames, workspaceName } from './backend';
import { accountIdOf, AccountRole, accountsDeployedBy, PROVIDER_ALIASES, providerFor } from './providers';

/**
 * What each stack of the baseline needs from HCP Terraform, taken from the built stacks
 * themselves, so the bootstrap cannot drift from what they do:
 * test/stacks/hcp-bootstrap.test.ts checks both maps against the synthesized JSON.
 */
export interface StackDeployments {
  /**
   * The accounts each stack deploys to (the providers it holds). An account's run role trusts
   * the workspaces of exactly these stacks; each workspace gets the `TFC_AWS_*_<tag>` variables
   * of exactly these accounts.
   */
  readonly accounts: Readonly<Record<StackName, readonly AccountRole[]>>;
  /**
   * The earlier stacks each stack reads (`outputsOf`): the reader's workspace runs after them
   * (run triggers) and needs a token that may read their outputs.
   */
  readonly reads: Readonly<Record<StackName, readonly StackName[]>>;
}

/**
 * The deployments of every stack of the configuration (`stackNames(governedRegions)`), read
 * from the built `stacks`: their providers and the outputs they read. Throws when one is missing.
 */
export function stackDeployments(cfg: BaselineConfig, stacks: readonly TerraformStack[]): StackDeployments {
  const byName = new Map(stacks.map((s) => [s.node.id, s]));
  const names = stackNames(cfg.organization.governedRegions);
  const missing = names.filter((n) => !byName.has(n));
  if (missing.length > 0) throw new Error(`stackDeployments: no stack named ${missing.map((m) => `"${m}"`).join(', ')} among the stacks given`);
  const accounts = {} as Record<StackName, readonly AccountRole[]>;
  const reads = {} as Record<StackName, readonly StackName[]>;
  for (const n of names) {
    accounts[n] = accountsDeployedBy(byName.get(n)!);
    reads[n] = producersReadBy(byName.get(n)!);
  }
  return { accounts, reads };
}

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
 * The trust names one `sub` per workspace (the account stack's and, for management and audit,
 * every `security-<region>` stack's), so it is refused at synth when it would exceed
 * `backend.trustPolicyLengthQuota`.
 */
export class HcpBootstrapStack extends TerraformStack {
  readonly runRole: HcpTerraformRunRole;

  constructor(scope: Construct, role: AccountRole, props: { readonly config: BaselineConfig; readonly deployments: StackDeployments }) {
    const id = bootstrapStackName(role);
    super(scope, id);
    const cfg = props.config;
    const backend = cfg.backend;
    if (backend.type !== 'cloud') throw new Error(`${id}: the HCP Terraform bootstrap needs backend.type "cloud"`);
    const roleName = runRoleNameOf(cfg, role);
    if (roleName === undefined) throw new Error(`${id}: accounts.${role}.roleName must name the run role`);
    new LocalBackend(this, { path: localStatePath(id) });
    const provider = providerFor(this, cfg, role, undefined, { roleName: role === 'management' ? undefined : BOOTSTRAP_MEMBER_ROLE });

    const stacks = stackNames(cfg.organization.governedRegions).filter((s) => props.deployments.accounts[s].includes(role));
    this.runRole = new HcpTerraformRunRole(this, 'run_role', {
      provider,
      accountId: accountIdOf(cfg, role),
      roleName,
      hostname: backend.hostname,
      workspaces: stacks.map((s) => ({ organization: backend.organization, project: backend.project, workspace: workspaceName(backend.workspacePrefix, s) })),
      trustPolicyLengthQuota: backend.trustPolicyLengthQuota,
    });

    const alias = PROVIDER_ALIASES[role];
    new TerraformOutput(this, 'run_role_arn', { value: this.runRole.roleArn, description: 'ARN of the HCP Terraform run role' });
    new TerraformOutput(this, 'workspace_environment', {
      description: `Environment variables for the workspaces ${stacks.map((s) => workspaceName(backend.workspacePrefix, s)).join(', ')}`,
      value: { [`TFC_AWS_PROVIDER_AUTH_${alias}`]: 'true', [`TFC_AWS_RUN_ROLE_ARN_${alias}`]: this.runRole.roleArn },
    });
  }
}
