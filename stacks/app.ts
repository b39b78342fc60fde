import { App, TerraformStack } from 'cdktf';
import type { BaselineConfig } from '../config/schema';
import { AuditStack } from './audit-stack';
import { LogArchiveStack } from './log-archive-stack';
import { ManagementStack } from './management-stack';
import { regionalStackName } from './backend';
import { requireTfeProvider } from './optional-peer';
import { RegionalSecurityStack } from './regional-stack';

/** The stacks of one App, in deploy order: three account stacks, then one per governed region. */
export interface BaselineStacks {
  readonly app: App;
  readonly logArchive: LogArchiveStack;
  readonly audit: AuditStack;
  readonly management: ManagementStack;
  /** One stack per governed region, in `organization.governedRegions` order. */
  readonly regional: readonly RegionalSecurityStack[];
  /**
   * The HCP Terraform bootstrap, when `backend.bootstrap` asks for it: one stack per account (OIDC
   * provider and run role) and the `hcp-workspaces` stack (tfe provider).
   */
  readonly hcpBootstrap: readonly TerraformStack[];
}

/** Builds the App with one stack per account role from a validated configuration. */
export function buildApp(config: BaselineConfig, opts: { readonly outdir?: string } = {}): BaselineStacks {
  // cdktf's own synth-time validations here are provider presence and, for the organization's
  // import block, a `terraform version` child process (40 ms of every synth, and a checkpoint
  // call). Our constructs validate their props when built; the stacks tests run cdktf's
  // validations on every stack with Testing.synth(stack, true), and the README requires
  // Terraform >= 1.10.
  const app = new App({ outdir: opts.outdir, skipValidation: true });
  const logArchive = new LogArchiveStack(app, 'log-archive', { config });
  const audit = new AuditStack(app, 'audit', { config });
  const management = new ManagementStack(app, 'management', { config });
  // Ordering for `cdktf deploy '*'`: outputs are read (terraform_remote_state / tfe_outputs), not
  // referenced, so cdktf cannot infer it.
  audit.addDependency(logArchive);
  management.addDependency(audit);
  const regional = config.organization.governedRegions.map((region) => {
    const stack = new RegionalSecurityStack(app, regionalStackName(region), { config, region });
    stack.addDependency(management);
    return stack;
  });
  const hcpBootstrap: TerraformStack[] = [];
  if (config.backend.type === 'cloud' && config.backend.bootstrap) {
    // Loaded only here: the bootstrap's provider classes stay out of every other synth, and
    // @cdktf/provider-tfe is an optional peer dependency that only the cloud backend needs.
    const { HcpBootstrapStack, stackDeployments } = require('./hcp-bootstrap-stack') as typeof import('./hcp-bootstrap-stack');
    const { HcpWorkspacesStack } = requireTfeProvider(
      () => require('./hcp-workspaces-stack') as typeof import('./hcp-workspaces-stack'),
      'backend.bootstrap (the hcp-workspaces stack)',
    );
    // From the built stacks: the accounts each deploys to and the stacks each reads.
    const deployments = stackDeployments(config, [logArchive, audit, management, ...regional]);
    hcpBootstrap.push(...(['management', 'logArchive', 'audit'] as const).map((role) => new HcpBootstrapStack(app, role, { config, deployments })));
    hcpBootstrap.push(new HcpWorkspacesStack(app, { config, deployments }));
  }
  return { app, logArchive, audit, management, regional, hcpBootstrap };
}
