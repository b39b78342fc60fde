import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { globToRegExp } from './suppressions';

/**
 * Maps a finding's construct path to the committed TypeScript that builds the construct, so
 * SARIF results annotate the source a reviewer would change rather than generated JSON.
 */

/** A committed file and the line a finding points at. */
export interface SourceLocation {
  /** Path relative to the repository root, with `/` separators. */
  readonly uri: string;
  /** 1-based line. */
  readonly startLine: number;
}

/**
 * Construct-path globs and the file whose construct owns matching resources; the first match wins,
 * so deeper paths come first. Every file must exist (a test checks it).
 */
export const CONSTRUCT_SOURCES: ReadonlyArray<{ readonly path: string; readonly file: string }> = [
  { path: 'log-archive/log_archive/key/**', file: 'modules/log-archive/log-key.ts' },
  { path: 'log-archive/log_archive/bucket/**', file: 'modules/log-archive/log-archive-bucket.ts' },
  { path: 'log-archive/log_archive/access_logs/**', file: 'modules/log-archive/log-archive-bucket.ts' },
  { path: 'log-archive/log_archive/**', file: 'modules/log-archive/log-archive.ts' },
  { path: 'audit/notifications/**', file: 'modules/security-notifications/security-notifications.ts' },
  { path: 'audit/log_query/results_key/**', file: 'modules/log-archive/log-key.ts' },
  { path: 'audit/log_query/results/**', file: 'modules/log-archive/log-archive-bucket.ts' },
  { path: 'audit/log_query/**', file: 'modules/log-query/log-query.ts' },
  { path: 'management/organization_trail/**', file: 'modules/organization-trail/organization-trail.ts' },
  { path: 'management/cloudtrail_delegated_admin/**', file: 'modules/organization-trail/delegated-admin.ts' },
  { path: 'management/trusted_access/**', file: 'modules/organization/trusted-access.ts' },
  { path: 'management/cis/**', file: 'modules/cis-monitoring/cis-monitoring.ts' },
  { path: 'management/guardrails/**', file: 'modules/guardrails/guardrail-policies.ts' },
  { path: 'audit/audit_roles/**', file: 'modules/audit-roles/audit-roles.ts' },
  { path: 'management/config_delegated_admin/**', file: 'modules/config-aggregator/config-aggregator.ts' },
  { path: 'management/audit_execution_roles/**', file: 'modules/stack-sets/organization-stack-set.ts' },
  { path: 'security-*/config_recording/**', file: 'modules/stack-sets/organization-stack-set.ts' },
  { path: 'security-*/management_recorder/**', file: 'modules/config-recording/account-recorder.ts' },
  { path: 'security-*/all_config_topic/**', file: 'modules/config-recording/config-topic.ts' },
  { path: 'security-*/config_aggregator/**', file: 'modules/config-aggregator/config-aggregator.ts' },
  { path: 'management/access_analyzer_delegated_admin/**', file: 'modules/access-analyzer/access-analyzer.ts' },
  { path: 'security-*/guardduty/**', file: 'modules/guardduty/guardduty.ts' },
  { path: 'security-*/guardduty_admin/**', file: 'modules/guardduty/guardduty.ts' },
  { path: 'security-*/security_hub/**', file: 'modules/security-hub/security-hub.ts' },
  { path: 'security-*/access_analyzer/**', file: 'modules/access-analyzer/access-analyzer.ts' },
  { path: 'security-*/findings/**', file: 'modules/findings-routing/findings-routing.ts' },
  { path: 'log-archive/**', file: 'stacks/log-archive-stack.ts' },
  { path: 'audit/**', file: 'stacks/audit-stack.ts' },
  { path: 'management/**', file: 'stacks/management-stack.ts' },
  { path: 'security-*/**', file: 'stacks/regional-stack.ts' },
];

/** Where findings without a construct (app-level rules, unknown stacks) point: the App's assembly. */
export const APP_SOURCE = 'stacks/app.ts';

/** The repository root: the nearest directory above this file holding package.json (works from `tools/` and `dist/tools/`). */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'stacks'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** `aws_s3_bucket_versioning` -> `S3BucketVersioning`: the cdktf provider class (some carry an `A` suffix). */
function className(type: string): string {
  return type
    .replace(/^aws_/, '')
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The line that creates the resource: `new <Class>(this, '<id>'`, else the first `new <Class>(`,
 * else the first exported class or function, else 1.
 */
function lineIn(text: string, type: string | undefined, constructId: string | undefined): number {
  const lines = text.split('\n');
  const find = (re: RegExp) => lines.findIndex((l) => re.test(l)) + 1;
  const cls = type ? `${escape(className(type))}A?` : undefined;
  return (
    (cls && constructId ? find(new RegExp(`new ${cls}\\(this, ['\`]${escape(constructId)}['\`]`)) : 0) ||
    (cls ? find(new RegExp(`new ${cls}\\(`)) : 0) ||
    find(/^export (class|function) /) ||
    1
  );
}

const cache = new Map<string, string>();

function read(root: string, file: string): string {
  const key = path.join(root, file);
  if (!cache.has(key)) cache.set(key, existsSync(key) ? readFileSync(key, 'utf8') : '');
  return cache.get(key) ?? '';
}

/** The committed source of a resource, by construct path and Terraform type; app-level findings point at {@link APP_SOURCE}. */
export function sourceOf(constructPath: string | undefined, type: string | undefined, root: string = repoRoot()): SourceLocation {
  const entry = constructPath ? CONSTRUCT_SOURCES.find((e) => globToRegExp(e.path).test(constructPath)) : undefined;
  const uri = entry?.file ?? APP_SOURCE;
  const text = read(root, uri);
  if (!entry) return { uri, startLine: Math.max(1, text.split('\n').findIndex((l) => /export function buildApp/.test(l)) + 1) };
  const id = constructPath?.split('/').pop();
  return { uri, startLine: lineIn(text, type, id) };
}
