import { PARTITION_KEYS } from './cloudtrail-table';

/**
 * The first questions of an investigation, as Athena named queries over the CloudTrail table.
 *
 * Each one opens its WHERE clause with the same partition predicate,
 * `account = ? AND day BETWEEN ? AND ?`, ANDed with the rest, so it reads one account's days and
 * never the whole archive. The `?` are execution parameters: the Athena console asks for them,
 * the CLI takes them as `--execution-parameters` (strings quoted: `"'123456789012'"`).
 * @see https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
 */
export interface LogQueryDefinition {
  /** Name in the workgroup's saved queries; stable (a rename replaces the saved query). */
  readonly name: string;
  readonly description: string;
  /** SQL with `{table}` where the fully qualified table name goes. */
  readonly sql: string;
  /** What each `?` stands for, in order. */
  readonly parameters: readonly string[];
}

const { account, day } = PARTITION_KEYS;
/** The predicate every named query starts its WHERE clause with. */
export const PARTITION_PREDICATE = `${account} = ? AND ${day} BETWEEN ? AND ?`;
const PARTITION_PARAMETERS = ['account ID, e.g. \'123456789012\'', "first day, e.g. '2026/11/24'", "last day, e.g. '2026/12/01'"];

/**
 * Error codes of authorization failures across services.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
const DENIED = ["'AccessDenied'", "'AccessDeniedException'", "'UnauthorizedOperation'", "'Client.UnauthorizedOperation'", "'UnauthorizedAccess'"];

/**
 * Calls that stop, weaken or redirect the organization's logging and detection, and SCP changes.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_cloudtrail-integration.html
 */
const SCP_EVENTS = ['CreatePolicy', 'UpdatePolicy', 'DeletePolicy', 'AttachPolicy', 'DetachPolicy', 'EnablePolicyType', 'DisablePolicyType'];

export const CLOUDTRAIL_QUERIES: readonly LogQueryDefinition[] = [
  {
    name: 'root-account-activity',
    description: 'Every call made as the root user of one account, in a range of days (CIS 1.7 / 4.3)',
    sql: [
      'SELECT eventtime, awsregion, eventsource, eventname, sourceipaddress, useragent, errorcode',
      'FROM {table}',
      `WHERE ${PARTITION_PREDICATE}`,
      "  AND useridentity.type = 'Root'",
      '  AND useridentity.invokedby IS NULL',
      "  AND eventtype <> 'AwsServiceEvent'",
      'ORDER BY eventtime',
    ].join('\n'),
    parameters: PARTITION_PARAMETERS,
  },
  {
    name: 'console-sign-in-without-mfa',
    description: 'Successful console sign-ins without MFA of one account, in a range of days (CIS 4.2)',
    sql: [
      'SELECT eventtime, useridentity.type, useridentity.arn, sourceipaddress, useragent',
      'FROM {table}',
      `WHERE ${PARTITION_PREDICATE}`,
      "  AND eventname = 'ConsoleLogin'",
      "  AND json_extract_scalar(additionaleventdata, '$.MFAUsed') <> 'Yes'",
      "  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'",
      'ORDER BY eventtime',
    ].join('\n'),
    parameters: PARTITION_PARAMETERS,
  },
  {
    name: 'access-denied-bursts',
    description: 'Principals of one account with 10 or more denied calls within an hour, in a range of days (CIS 4.1)',
    sql: [
      "SELECT useridentity.arn AS principal, date_trunc('hour', from_iso8601_timestamp(eventtime)) AS hour,",
      '       count(*) AS denied, array_agg(DISTINCT eventname) AS calls, array_agg(DISTINCT sourceipaddress) AS sources',
      'FROM {table}',
      `WHERE ${PARTITION_PREDICATE}`,
      `  AND errorcode IN (${DENIED.join(', ')})`,
      "GROUP BY useridentity.arn, date_trunc('hour', from_iso8601_timestamp(eventtime))",
      'HAVING count(*) >= 10',
      'ORDER BY denied DESC',
    ].join('\n'),
    parameters: PARTITION_PARAMETERS,
  },
  {
    name: 'security-service-changes',
    description: 'Changes to CloudTrail, AWS Config and GuardDuty, and SCP changes, in one account and a range of days',
    sql: [
      'SELECT eventtime, awsregion, eventsource, eventname, useridentity.arn, sourceipaddress, errorcode, requestparameters',
      'FROM {table}',
      `WHERE ${PARTITION_PREDICATE}`,
      "  AND ((eventsource IN ('cloudtrail.amazonaws.com', 'config.amazonaws.com', 'guardduty.amazonaws.com') AND readonly = 'false')",
      `       OR (eventsource = 'organizations.amazonaws.com' AND eventname IN (${SCP_EVENTS.map((e) => `'${e}'`).join(', ')})))`,
      'ORDER BY eventtime',
    ].join('\n'),
    parameters: PARTITION_PARAMETERS,
  },
  {
    name: 'access-key-activity',
    description: 'Everything one access key did in one account, in a range of days',
    sql: [
      'SELECT eventtime, awsregion, eventsource, eventname, useridentity.arn, sourceipaddress, useragent, errorcode',
      'FROM {table}',
      `WHERE ${PARTITION_PREDICATE}`,
      '  AND useridentity.accesskeyid = ?',
      'ORDER BY eventtime',
    ].join('\n'),
    parameters: [...PARTITION_PARAMETERS, "access key ID, e.g. 'AKIAIOSFODNN7EXAMPLE'"],
  },
  {
    name: 'principal-activity',
    description: 'What one principal (user or role ARN; role sessions included) did in one account, between two instants',
    sql: [
      'SELECT eventtime, awsregion, eventsource, eventname, useridentity.arn, sourceipaddress, errorcode, requestparameters',
      'FROM {table}',
      `WHERE ${PARTITION_PREDICATE}`,
      '  AND ? IN (useridentity.arn, useridentity.sessioncontext.sessionissuer.arn)',
      '  AND eventtime BETWEEN ? AND ?',
      'ORDER BY eventtime',
    ].join('\n'),
    parameters: [
      ...PARTITION_PARAMETERS,
      "principal ARN, e.g. 'arn:aws:iam::123456789012:role/Admin'",
      "from, e.g. '2026-11-30T09:00:00Z'",
      "to, e.g. '2026-11-30T18:00:00Z'",
    ],
  },
];

/** The SQL of a query with the table filled in. */
export function renderQuery(q: LogQueryDefinition, table: string): string {
  return q.sql.split('{table}').join(table);
}

/**
 * Why a query could scan more than the account and days it names: an empty list means it reads
 * `table`, opens its WHERE clause with {@link PARTITION_PREDICATE}, and ANDs everything else to
 * it (no top-level OR outside parentheses or quotes), and its `?` match its parameters.
 */
export function partitionPredicateProblems(sql: string, table: string, parameterCount?: number): string[] {
  const problems: string[] = [];
  const flat = sql.replace(/\s+/g, ' ');
  if (!new RegExp(`\\bFROM ${escape(table)}\\b`, 'i').test(flat)) problems.push(`does not read from ${table}`);
  const where = /\bWHERE\b/i.exec(flat);
  if (!where) {
    problems.push(`has no WHERE clause: it must start with "${PARTITION_PREDICATE}"`);
    return problems;
  }
  const clause = flat.slice(where.index + 'WHERE '.length);
  if (!clause.startsWith(PARTITION_PREDICATE)) problems.push(`WHERE clause must start with "${PARTITION_PREDICATE}"`);
  const end = topLevelIndex(clause, /^(GROUP BY|ORDER BY|HAVING|LIMIT)\b/i) ?? clause.length;
  if (topLevelIndex(clause.slice(0, end), /^OR\b/i) !== undefined) {
    problems.push('WHERE clause has a top-level OR: wrap the alternatives in parentheses so the partition predicate applies to all');
  }
  if (parameterCount !== undefined) {
    const marks = countOutsideQuotes(sql, '?');
    if (marks !== parameterCount) problems.push(`has ${marks} parameter markers but ${parameterCount} parameters are described`);
  }
  return problems;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Index of the first match of `re` at a word start outside parentheses and quotes. */
function topLevelIndex(s: string, re: RegExp): number | undefined {
  let depth = 0;
  let quote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") quote = !quote;
    else if (quote) continue;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && (i === 0 || s[i - 1] === ' ') && re.test(s.slice(i))) return i;
  }
  return undefined;
}

function countOutsideQuotes(s: string, ch: string): number {
  let n = 0;
  let quote = false;
  for (const c of s) {
    if (c === "'") quote = !quote;
    else if (!quote && c === ch) n++;
  }
  return n;
}
