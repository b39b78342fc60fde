import { App } from 'cdktf';
import type { BaselineConfig } from '../config/schema';
import { AuditStack } from './audit-stack';
import { HcpBootstrapStack } from './hcp-bootstrap-stack';
import { LogArchiveStack } from './log-archive-stack';
import { ManagementStack } from './management-stack';

/** The three stacks of one App, in deploy order. */
export interface BaselineStacks {
  readonly app: App;
  readonly logArchive: LogArchiveStack;
  readonly audit: AuditStack;
  readonly management: ManagementStack;
  /** The HCP Terraform bootstrap stacks, one per account, when `backend.bootstrap` asks for them. */
  readonly hcpBootstrap: readonly HcpBootstrapStack[];
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
  // Ordering for `cdktf deploy '*'`: remote state is read, not referenced, so cdktf cannot infer it.
  audit.addDependency(logArchive);
  management.addDependency(audit);
  const hcpBootstrap =
    config.backend.type === 'cloud' && config.backend.bootstrap
      ? (['management', 'logArchive', 'audit'] as const).map((role) => new HcpBootstrapStack(app, role, { config }))
      : [];
  return { app, logArchive, audit, management, hcpBootstrap };
}
