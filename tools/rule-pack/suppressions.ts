/**
 * Suppressions live here, in code, because Terraform JSON cannot carry scanner comments. Each one
 * names a rule, selects resources by Terraform address or construct path (globs allowed), and
 * says why, in at least ten characters. One with `expires` stops suppressing after that day and
 * is reported, so a temporary exception cannot quietly become permanent.
 */

/** Selects the findings of one rule on matching resources. */
export interface Suppression {
  /** The rule to silence, e.g. `OSB-S3`. */
  readonly ruleId: string;
  /**
   * Glob on the Terraform address `<type>.<logicalId>` (`*` matches any run of characters).
   * Exactly one of `address` and `constructPath` is set.
   */
  readonly address?: string;
  /**
   * Glob on the construct path, e.g. `log-archive/log_archive/access_logs/bucket` (`*` matches
   * within one path segment, `**` across segments).
   */
  readonly constructPath?: string;
  /** Why the finding is acceptable: at least 10 characters, shown in the report and in SARIF. */
  readonly reason: string;
  /** Last day (`YYYY-MM-DD`, UTC) the suppression applies; after it the finding counts again. */
  readonly expires?: string;
}

/** Shortest accepted reason, in characters (after trimming). */
export const MIN_REASON_LENGTH = 10;

const ACCESS_LOG_BUCKET = 'log-archive/log_archive/access_logs/bucket';
const QUERY_RESULTS_BUCKET = 'audit/log_query/results/bucket';

/**
 * The suppressions the baseline needs. Each one is an AWS constraint (on the bucket that receives
 * S3 server access logs, on the topics AWS Config publishes to) or the transient nature of Athena query results, not a shortcut; gaps that the baseline could close (Object Lock on the log
 * bucket, S3 read data events, Config, GuardDuty, Access Analyzer) stay visible as findings.
 */
export const SUPPRESSIONS: readonly Suppression[] = [
  {
    ruleId: 'OSB-SNS1',
    constructPath: 'security-*/all_config_topic/topic',
    reason:
      'AllConfigNotifications of a non-home region: AWS Config does not support encrypted Amazon SNS topics ' +
      '(https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html), and it publishes only in its own region.',
  },
  {
    ruleId: 'OSB-S3',
    constructPath: ACCESS_LOG_BUCKET,
    reason:
      'The access-log bucket is the server access logging destination of the log bucket; logging it as well would need a third ' +
      'bucket, which would need a fourth. Changes to it are CloudTrail management events, and its policy denies object ' +
      'deletion to all but the break-glass role.',
  },
  {
    ruleId: 'OSB-S5',
    constructPath: ACCESS_LOG_BUCKET,
    reason:
      'S3 buckets with Object Lock cannot be destinations of server access logs ' +
      '(https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html); the bucket policy denies deletion instead.',
  },
  {
    ruleId: 'OSB-S6',
    constructPath: ACCESS_LOG_BUCKET,
    reason:
      'Server access logging delivers only to buckets whose default encryption is SSE-S3; SSE-KMS on the destination is not supported ' +
      '(https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).',
  },
  {
    ruleId: 'OSB-SNS1',
    constructPath: 'audit/notifications/all_config',
    reason:
      'AWS Config does not support encrypted SNS topics and publishes only to a topic in its own region ' +
      '(https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html); AllConfigNotifications carries ' +
      'configuration-change notices, not findings, and its policy admits only the organization and AWS Config of named accounts.',
  },
  {
    ruleId: 'OSB-S3',
    constructPath: QUERY_RESULTS_BUCKET,
    reason:
      'The Athena query-results bucket holds short-lived copies (logQuery.resultsRetentionDays) written and read only by the ' +
      'reader role (its bucket policy denies everyone else); each query that produces or fetches them is a CloudTrail management ' +
      'event (StartQueryExecution, GetQueryResults). An access-log bucket in the audit account would add a bucket to log a cache.',
  },
  {
    ruleId: 'OSB-S5',
    constructPath: QUERY_RESULTS_BUCKET,
    reason:
      'Query results are derived, reproducible copies that the lifecycle removes after days; the evidence they come from is the ' +
      'log bucket, which is where Object Lock belongs (logArchive.objectLock).',
  },
];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** How a message names a suppression: `suppressions[2] (OSB-S3 on constructPath a/b)`. */
export function describeSuppression(s: Suppression, index: number): string {
  return `suppressions[${index}] (${s.ruleId} on ${selectorOf(s)})`;
}

/** The selector of a suppression as the report shows it: `address <glob>` or `constructPath <glob>`. */
export function selectorOf(s: Suppression): string {
  return s.address !== undefined ? `address ${s.address}` : `constructPath ${s.constructPath ?? '(none)'}`;
}

/**
 * Every problem of a suppression list at once: unknown rule, not exactly one selector, a reason
 * under {@link MIN_REASON_LENGTH} characters, an expiry that is not a `YYYY-MM-DD` date.
 * An empty list means the suppressions can be applied.
 */
export function validateSuppressions(list: readonly Suppression[], ruleIds: readonly string[]): string[] {
  const problems: string[] = [];
  list.forEach((s, i) => {
    const name = describeSuppression(s, i);
    if (!ruleIds.includes(s.ruleId)) problems.push(`${name}: unknown rule "${s.ruleId}"`);
    const selectors = [s.address, s.constructPath].filter((x) => x !== undefined);
    if (selectors.length !== 1) problems.push(`${name}: set exactly one of address and constructPath`);
    if (selectors.some((x) => x.trim() === '')) problems.push(`${name}: the selector is empty`);
    const reason = typeof s.reason === 'string' ? s.reason.trim() : '';
    if (reason.length < MIN_REASON_LENGTH) {
      problems.push(`${name}: reason must explain the exception in at least ${MIN_REASON_LENGTH} characters (got ${JSON.stringify(s.reason)})`);
    }
    if (s.expires !== undefined && !isDate(s.expires)) problems.push(`${name}: expires must be a date written YYYY-MM-DD (got ${JSON.stringify(s.expires)})`);
  });
  return problems;
}

/** True when the suppression has expired on `today` (`YYYY-MM-DD`): it applies through its expiry day. */
export function isExpired(s: Suppression, today: string): boolean {
  return s.expires !== undefined && s.expires < today;
}

/**
 * A glob as a regular expression: `**` matches anything, `*` anything but `/` (for construct
 * paths; Terraform addresses hold no `/`), `?` one character but `/`.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** True when the suppression selects the finding's rule and resource. */
export function matches(s: Suppression, f: { readonly ruleId: string; readonly address: string; readonly constructPath?: string }): boolean {
  if (s.ruleId !== f.ruleId) return false;
  if (s.address !== undefined) return globToRegExp(s.address).test(f.address);
  return s.constructPath !== undefined && f.constructPath !== undefined && globToRegExp(s.constructPath).test(f.constructPath);
}
