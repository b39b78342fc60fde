import { DataTfeProject } from '@cdktf/provider-tfe/lib/data-tfe-project';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { RunTrigger } from '@cdktf/provider-tfe/lib/run-trigger';
import { Variable } from '@cdktf/provider-tfe/lib/variable';
import { Workspace } from '@cdktf/provider-tfe/lib/workspace';
import { WorkspaceSettings } from '@cdktf/provider-tfe/lib/workspace-settings';
import { LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BaselineConfig } from '../config/schema';
import { localStatePath, StackName, stackNames, workspaceName } from './backend';
import { runRoleArnOf, StackDeployments } from './hcp-bootstrap-stack';
import { PROVIDER_ALIASES } from './providers';

/** Name of the stack that creates the HCP Terraform workspaces. */
export const HCP_WORKSPACES_STACK = 'hcp-workspaces';

/**
 * The HCP Terraform side of the bootstrap, with the `tfe` provider: one CLI-driven workspace per
 * stack of the configuration (`<workspacePrefix>-<stack>`, in the configured project: the three
 * account stacks and one `security-<region>` per governed region), run triggers from each stack to
 * the stacks that read it, and the dynamic credentials variables (`TFC_AWS_PROVIDER_AUTH_<alias>`,
 * `TFC_AWS_RUN_ROLE_ARN_<alias>`) for every account the stack deploys to, with the run role ARNs
 * the `hcp-bootstrap-*` stacks create. No workspace shares its state: the readers use
 * `tfe_outputs`, to which remote state sharing does not apply (their `TFE_TOKEN` must be allowed
 * to read the producers' outputs instead; docs/terraform-cloud.md).
 * Applied locally with an HCP Terraform token (`TFE_TOKEN` or `terraform login`); state under
 * `state/`. Not validated by terraform in the test suite: the `tfe` provider is not in the
 * offline mirror (test/stacks/tfe-schema.test.ts checks its attributes against the bindings).
 * @see https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/state#remote-state-access-controls
 */
export class HcpWorkspacesStack extends TerraformStack {
  /** The workspaces, by stack. */
  readonly workspaces: Readonly<Record<StackName, Workspace>>;

  constructor(scope: Construct, props: { readonly config: BaselineConfig; readonly deployments: StackDeployments }) {
    super(scope, HCP_WORKSPACES_STACK);
    const cfg = props.config;
    const backend = cfg.backend;
    if (backend.type !== 'cloud') throw new Error(`${HCP_WORKSPACES_STACK}: needs backend.type "cloud"`);
    new LocalBackend(this, { path: localStatePath(HCP_WORKSPACES_STACK) });
    const provider = new TfeProvider(this, 'tfe', { hostname: backend.hostname, organization: backend.organization });
    const project = new DataTfeProject(this, 'project', { provider, name: backend.project, organization: backend.organization });

    const { accounts, reads } = props.deployments;
    const stacks = stackNames(cfg.organization.governedRegions);
    const workspaces = {} as Record<StackName, Workspace>;
    for (const stack of stacks) {
      const id = stack.replace(/-/g, '_');
      const ws = new Workspace(this, id, {
        provider,
        name: workspaceName(backend.workspacePrefix, stack),
        organization: backend.organization,
        projectId: project.id,
        description: `cdktf-org-security-baseline: the ${stack} stack (CLI-driven: cdktf deploy ${stack})`,
      });
      workspaces[stack] = ws;
      for (const role of accounts[stack]) {
        const alias = PROVIDER_ALIASES[role];
        const env = (key: string, value: string) =>
          new Variable(this, `${id}_${key.toLowerCase()}`, { provider, workspaceId: ws.id, category: 'env', key, value });
        env(`TFC_AWS_PROVIDER_AUTH_${alias}`, 'true');
        env(`TFC_AWS_RUN_ROLE_ARN_${alias}`, runRoleArnOf(cfg, role));
      }
    }
    for (const stack of stacks) {
      // Global sharing off and no consumers: tfe_outputs does not need state sharing, and
      // nothing else should read a baseline state.
      new WorkspaceSettings(this, `${stack.replace(/-/g, '_')}_settings`, {
        provider,
        workspaceId: workspaces[stack].id,
        globalRemoteState: false,
        remoteStateConsumerIds: [],
      });
      for (const source of reads[stack]) {
        new RunTrigger(this, `${stack.replace(/-/g, '_')}_after_${source.replace(/-/g, '_')}`, {
          provider,
          workspaceId: workspaces[stack].id,
          sourceableId: workspaces[source].id,
        });
      }
    }
    this.workspaces = workspaces;
  }
}
