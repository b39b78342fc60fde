/**
 * The names the log-query capability derives: the one place each is spelled, for the construct,
 * the stacks and the configuration's rules alike. Free of cdktf imports.
 */

/**
 * `<prefix>-<accountId>-<region>-athena`: the Athena query-results bucket. As long as the
 * access-log bucket's name (`-athena` and `-access` are both 7 characters), so the bucket-name
 * length rule of the configuration covers it.
 */
export function queryResultsBucketName(o: { readonly prefix: string; readonly accountId: string; readonly region: string }): string {
  return `${o.prefix}-${o.accountId}-${o.region}-athena`;
}

/** Name of the reader role when none is given. */
export const DEFAULT_READER_ROLE_NAME = 'LogQueryReader';
/** Glue database when none is given. */
export const DEFAULT_DATABASE_NAME = 'security_logs';
/** Athena workgroup when none is given. */
export const DEFAULT_WORKGROUP_NAME = 'security-log-query';
/** The CloudTrail table of the database. */
export const CLOUDTRAIL_TABLE_NAME = 'cloudtrail';
