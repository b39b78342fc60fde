import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, TerraformVariable } from 'cdktf';
import type { BaselineConfig } from '../config/schema';
import { roleArn } from '../modules/iam';

/** The accounts of the baseline, as the stacks name them. */
export type AccountRole = 'management' | 'logArchive' | 'audit';

/** Provider alias per account role; also the `<tag>` of HCP Terraform's `TFC_AWS_*_<tag>` variables. */
export const PROVIDER_ALIASES: Readonly<Record<AccountRole, string>> = {
  management: 'management',
  logArchive: 'log_archive',
  audit: 'audit',
};

/** Session name that shows in CloudTrail for every call Terraform makes. */
export const SESSION_NAME = 'cdktf-org-security-baseline';

/** Name of the variable HCP Terraform fills with dynamic-credential files. */
export const TFC_DYNAMIC_CREDENTIALS_VARIABLE = 'tfc_aws_dynamic_credentials';

const cache = new WeakMap<TerraformStack, Map<string, AwsProvider>>();
const accounts = new WeakMap<TerraformStack, Set<AccountRole>>();
const dynamicCredentialVars = new WeakMap<TerraformStack, TerraformVariable>();

export function accountIdOf(cfg: BaselineConfig, role: AccountRole): string {
  return role === 'management' ? cfg.organization.managementAccountId : cfg.accounts[role].id;
}

function roleNameOf(cfg: BaselineConfig, role: AccountRole): string | undefined {
  return role === 'management' ? cfg.accounts.management.roleName : cfg.accounts[role].roleName;
}

/** The alias of the provider for an account in a region: `<alias>` in the home region, `<alias>_<region>` elsewhere. */
export function providerAlias(cfg: BaselineConfig, role: AccountRole, region: string): string {
  const base = PROVIDER_ALIASES[role];
  return region === cfg.organization.homeRegion ? base : `${base}_${region.replace(/-/g, '_')}`;
}

/**
 * The one AWS provider of a stack for (account, region), created on first use and memoized.
 * It is pinned to the account with `allowed_account_ids`, so credentials for the wrong account
 * fail the plan instead of deploying there, and reaches the account by assuming the configured
 * role, or through HCP Terraform dynamic credentials. `access.roleName` overrides both (the
 * HCP Terraform bootstrap, which runs before the run roles exist): assume that role, or use the
 * caller's credentials when it is undefined.
 */
export function providerFor(
  stack: TerraformStack,
  cfg: BaselineConfig,
  role: AccountRole,
  region?: string,
  access?: { readonly roleName: string | undefined },
): AwsProvider {
  const r = region ?? cfg.organization.homeRegion;
  const alias = providerAlias(cfg, role, r);
  let perStack = cache.get(stack);
  if (!perStack) {
    perStack = new Map();
    cache.set(stack, perStack);
  }
  const existing = perStack.get(alias);
  if (existing) return existing;

  const accountId = accountIdOf(cfg, role);
  const dynamic = !access && cfg.backend.type === 'cloud' && cfg.backend.dynamicCredentials;
  const role_ = access ? access.roleName : roleNameOf(cfg, role);
  const provider = new AwsProvider(stack, `aws_${alias}`, {
    alias,
    region: r,
    allowedAccountIds: [accountId],
    defaultTags: [{ tags: { ...cfg.tags } }],
    ...(dynamic
      ? { sharedConfigFiles: [dynamicCredentialsFile(stack, PROVIDER_ALIASES[role])] }
      : role_
        ? { assumeRole: [{ roleArn: roleArn(accountId, role_), sessionName: SESSION_NAME }] }
        : {}),
  });
  perStack.set(alias, provider);
  if (!accounts.has(stack)) accounts.set(stack, new Set());
  accounts.get(stack)!.add(role);
  return provider;
}

/**
 * The accounts a stack deploys to: those {@link providerFor} made a provider for, in the order
 * it made them. With dynamic credentials each is a `TFC_AWS_*_<tag>` pair its workspace needs.
 */
export function accountsDeployedBy(stack: TerraformStack): AccountRole[] {
  return [...(accounts.get(stack) ?? [])];
}

/**
 * `var.tfc_aws_dynamic_credentials.aliases["<tag>"].shared_config_file`, declaring the variable
 * once per stack as HCP Terraform requires.
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/specifying-multiple-configurations
 */
function dynamicCredentialsFile(stack: TerraformStack, tag: string): string {
  let v = dynamicCredentialVars.get(stack);
  if (!v) {
    v = new TerraformVariable(stack, TFC_DYNAMIC_CREDENTIALS_VARIABLE, {
      description: 'Filled by HCP Terraform dynamic provider credentials (TFC_AWS_PROVIDER_AUTH_<alias>)',
      type: 'object({ default = object({ shared_config_file = string }), aliases = map(object({ shared_config_file = string })) })',
    });
    v.overrideLogicalId(TFC_DYNAMIC_CREDENTIALS_VARIABLE);
    dynamicCredentialVars.set(stack, v);
  }
  return `\${var.${TFC_DYNAMIC_CREDENTIALS_VARIABLE}.aliases["${tag}"].shared_config_file}`;
}
