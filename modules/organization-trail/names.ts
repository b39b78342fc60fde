/**
 * The names the organization trail derives: the one place each is spelled, for the construct,
 * the stacks and the configuration's rules alike. Free of cdktf imports, so configuration
 * validation can call it without loading the provider classes.
 */

/** IAM's limit on role names. */
export const MAX_ROLE_NAME_LENGTH = 64;

/** `<trailName>-cloudwatch-logs`: the role CloudTrail assumes to write to CloudWatch Logs. */
export function deliveryRoleName(trailName: string): string {
  return `${trailName}-cloudwatch-logs`;
}

/**
 * `aws-cloudtrail-logs-<orgId>` for an organization trail, `aws-cloudtrail-logs-<accountId>`
 * for a single-account trail: the trail's CloudWatch Logs group.
 */
export function trailLogGroupName(owner: string): string {
  return `aws-cloudtrail-logs-${owner}`;
}
