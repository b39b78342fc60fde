import { App } from 'cdktf';
import type { BaselineConfig } from '../config/schema';
import { AuditStack } from './audit-stack';
import { LogArchiveStack } from './log-archive-stack';
import { ManagementStack } from './management-stack';

/** The three stacks of one App, in deploy order. */
export interface BaselineStacks {
  readonly app: App;
  readonly logArchive: LogArchiveStack;
  readonly audit: AuditStack;
  readonly management: ManagementStack;
}

/** Builds the App with one stack per account role from a validated configuration. */
export function buildApp(config: BaselineConfig, opts: { readonly outdir?: string } = {}): BaselineStacks {
  const app = new App({ outdir: opts.outdir, skipValidation: false });
  const logArchive = new LogArchiveStack(app, 'log-archive', { config });
  const audit = new AuditStack(app, 'audit', { config });
  const management = new ManagementStack(app, 'management', { config });
  // Ordering for `cdktf deploy '*'`: remote state is read, not referenced, so cdktf cannot infer it.
  audit.addDependency(logArchive);
  management.addDependency(audit);
  return { app, logArchive, audit, management };
}
