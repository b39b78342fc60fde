/**
 * The names the log archive derives: the one place each is spelled, for the construct, the
 * stacks and the configuration's rules alike. Free of cdktf imports, so configuration
 * validation can call it without loading the provider classes.
 */

/** `<prefix>-<accountId>-<region>`: the central log bucket, unique per account and region. */
export function logBucketName(o: { readonly prefix: string; readonly accountId: string; readonly region: string }): string {
  return `${o.prefix}-${o.accountId}-${o.region}`;
}

/** `<logBucketName>-access`: the bucket receiving the log bucket's S3 server access logs. */
export function accessLogBucketName(logBucket: string): string {
  return `${logBucket}-access`;
}

/** `alias/<prefix>`: the alias of the log key. */
export function logKeyAlias(prefix: string): string {
  return `alias/${prefix}`;
}

/** Alias of the log key when none is given. */
export const DEFAULT_LOG_KEY_ALIAS = logKeyAlias('org-logs');
