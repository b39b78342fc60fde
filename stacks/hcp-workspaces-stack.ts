import { DataTfeProject } from '@cdktf/provider-tfe/lib/data-tfe-project';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { RunTrigger } from '@cdktf/provider-tfe/lib/run-trigger';
import { Variable } from '@cdktf/provider-tfe/lib/variable';
import { Workspace } from '@cdktf/provider-tfe/lib/workspace';
import { WorkspaceSettings } from '@cdktf/provider-tfe/lib/workspace-settings';
import { LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BaselineConfig } from '../config/schema';
import { localStatePath, STACK_NAMES, StackName, workspaceName } from './backend';
import { runRoleArnOf, STACK_ACCOUNTS, STACK_READS } from './hcp-bootstrap-stack';
import { PROVIDER_ALIASES } from './providers';

/** Name of the stack that creates the HCP Terraform workspaces. */
export const HCP_WORKSPACES_STACK = 'hcp-workspaces';

/**
 * The HCP Terraform side of the bootstrap, with the `tfe` provider: one CLI-driven workspace per
 * stack (`<workspacePrefix>-<stack>`, in the configured project), each sharing its state only with
 * the workspaces that read it, run triggers from each stack to its readers, and the dynamic
 * credentials variables (`TFC_AWS_PROVIDER_AUTH_<alias>`, `TFC_AWS_RUN_ROLE_ARN_<alias>`) for
 * every account the stack deploys to, with the run role ARNs the `hcp-bootstrap-*` stacks create.
 * Applied locally with an HCP Terraform token (`TFE_TOKEN` or `terraform login`); state under
 * `state/`. Not validated by the test suite: the `tfe` provider is not in the offline mirror.
 * @see https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs
 */
export class HcpWorkspacesStack extends TerraformStack {
  /** The workspaces, by stack. */
  readonly workspaces: Readonly<Record<StackName, Workspace>>;

  constructor(scope: Construct, props: { readonly config: BaselineConfig }) {
    super(scope, HCP_WORKSPACES_STACK);
    const cfg = props.config;
    const backend = cfg.backend;
    if (backend.type !== 'cloud') throw new Error(`${HCP_WORKSPACES_STACK}: needs backend.type "cloud"`);
    new LocalBackend(this, { path: localStatePath(HCP_WORKSPACES_STACK) });
    const provider = new TfeProvider(this, 'tfe', { hostname: backend.hostname, organization: backend.organization });
    const project = new DataTfeProject(this, 'project', { provider, name: backend.project, organization: backend.organization });

    const workspaces = {} as Record<StackName, Workspace>;
    for (const stack of STACK_NAMES) {
      const id = stack.replace(/-/g, '_');
      const ws = new Workspace(this, id, {
        provider,
        name: workspaceName(backend.workspacePrefix, stack),
        organization: backend.organization,
        projectId: project.id,
        description: `cdktf-org-security-baseline: the ${stack} stack (CLI-driven: cdktf deploy ${stack})`,
      });
      workspaces[stack] = ws;
      for (const role of STACK_ACCOUNTS[stack]) {
        const alias = PROVIDER_ALIASES[role];
        const env = (key: string, value: string) =>
          new Variable(this, `${id}_${key.toLowerCase()}`, { provider, workspaceId: ws.id, category: 'env', key, value });
        env(`TFC_AWS_PROVIDER_AUTH_${alias}`, 'true');
        env(`TFC_AWS_RUN_ROLE_ARN_${alias}`, runRoleArnOf(cfg, role));
      }
    }
    for (const stack of STACK_NAMES) {
      const readers = STACK_NAMES.filter((r) => STACK_READS[r].includes(stack));
      new WorkspaceSettings(this, `${stack.replace(/-/g, '_')}_settings`, {
        provider,
        workspaceId: workspaces[stack].id,
        globalRemoteState: false,
        remoteStateConsumerIds: readers.map((r) => workspaces[r].id),
      });
      for (const source of STACK_READS[stack]) {
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
