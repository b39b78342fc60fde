/**
 * ARN builders for the commercial partition. Every argument is required: an optional value is
 * never interpolated into an ARN.
 */

const PARTITION = 'aws';

/** Whether `value` is an AWS account ID: exactly 12 digits. */
export function isAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}

/** `arn:aws:iam::<account>:root`: the account as a principal (delegates to its IAM policies). */
export function accountRootArn(accountId: string): string {
  return `arn:${PARTITION}:iam::${accountId}:root`;
}

/** `arn:aws:iam::<account>:role/<name>` (name may include a path). */
export function roleArn(accountId: string, roleName: string): string {
  return `arn:${PARTITION}:iam::${accountId}:role/${roleName}`;
}

/** `arn:aws:s3:::<bucket>`. */
export function bucketArn(bucketName: string): string {
  return `arn:${PARTITION}:s3:::${bucketName}`;
}

/** `arn:aws:s3:::<bucket>/<key pattern>`. */
export function objectArn(bucketName: string, keyPattern: string): string {
  return `${bucketArn(bucketName)}/${keyPattern}`;
}

/** `arn:aws:cloudtrail:<region>:<account>:trail/<name>`: a trail's ARN, known before it exists. */
export function trailArn(region: string, accountId: string, trailName: string): string {
  return `arn:${PARTITION}:cloudtrail:${region}:${accountId}:trail/${trailName}`;
}

/** `arn:aws:sns:<region>:<account>:<topic>`. */
export function topicArn(region: string, accountId: string, topicName: string): string {
  return `arn:${PARTITION}:sns:${region}:${accountId}:${topicName}`;
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>`. */
export function logGroupArn(region: string, accountId: string, logGroupName: string): string {
  return `arn:${PARTITION}:logs:${region}:${accountId}:log-group:${logGroupName}`;
}

/** `arn:aws:logs:<region>:<account>:log-group:<group>:log-stream:<stream pattern>`. */
export function logStreamArn(region: string, accountId: string, logGroupName: string, streamPattern: string): string {
  return `${logGroupArn(region, accountId, logGroupName)}:log-stream:${streamPattern}`;
}

/** `arn:aws:kms:<region>:<account>:alias/<name>` for an alias given with or without `alias/`. */
export function kmsAliasArn(region: string, accountId: string, alias: string): string {
  return `arn:${PARTITION}:kms:${region}:${accountId}:${alias.startsWith('alias/') ? alias : `alias/${alias}`}`;
}

/**
 * The `aws:PrincipalArn` pattern of a role given by name, path-aware pattern or ARN: a name
 * (`AWSControlTowerExecution`) or a pattern with its IAM path (`aws-reserved/sso.amazonaws.com/*`
 * + `/AWSReservedSSO_Admin_*`) matches in every account; an ARN (`arn:aws:iam::<id>:role/...`) is
 * used as given. A bare name matches only a role without a path.
 */
export function roleArnPattern(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn : `arn:aws:iam::*:role/${nameOrArn}`;
}
