import { DataTfeOutputs } from '@cdktf/provider-tfe/lib/data-tfe-outputs';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { StackOutputs } from './outputs';

/**
 * The `cloud` backend's reader: a `tfe_outputs` data source per producing workspace, and one
 * `tfe` provider per reading stack. Loaded only on that path (see `requireTfeProvider` in
 * optional-peer.ts): nothing else in `stacks/` imports `@cdktf/provider-tfe`.
 *
 * Authentication: inside an HCP Terraform run the `tfe` provider does not use the run's own
 * token; it needs `TFE_TOKEN` (or the `token` argument, which we never synthesize), so each
 * reading workspace gets a sensitive `TFE_TOKEN` environment variable holding a token that may
 * read the producing workspaces' state outputs. Remote state sharing does not apply to
 * `tfe_outputs`: the token's permission to read state outputs is what authorizes the read.
 * @see https://registry.terraform.io/providers/hashicorp/tfe/latest/docs#authentication
 * @see https://registry.terraform.io/providers/hashicorp/tfe/latest/docs/data-sources/outputs
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/state#remote-state-access-controls
 * @see https://developer.hashicorp.com/terraform/cloud-docs/api-docs/state-version-outputs
 */

const providers = new WeakMap<TerraformStack, TfeProvider>();

/** Construct ID of the one `tfe` provider of a reading stack. */
export const TFE_READER_PROVIDER_ID = 'tfe';

/**
 * Reads the outputs of `workspace` through `tfe_outputs`, from `nonsensitive_values`: the
 * baseline's contract outputs are not sensitive (`publishOutput`), and `values` is marked
 * sensitive as a whole, which would make every value derived from it sensitive in plans.
 */
export function tfeOutputsOf(
  scope: Construct,
  id: string,
  o: { readonly organization: string; readonly workspace: string; readonly hostname: string },
): StackOutputs {
  const stack = TerraformStack.of(scope);
  let provider = providers.get(stack);
  if (!provider) {
    provider = new TfeProvider(stack, TFE_READER_PROVIDER_ID, { hostname: o.hostname });
    providers.set(stack, provider);
  }
  const data = new DataTfeOutputs(scope, id, { provider, organization: o.organization, workspace: o.workspace });
  return { getString: (name: string) => Token.asString(data.nonsensitiveValues.lookup(name)) };
}
