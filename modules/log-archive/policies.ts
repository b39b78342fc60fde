import {
  accountRootArn,
  bucketArn,
  ConditionKeys,
  denyInsecureTransport,
  objectArn,
  PolicyStatement,
} from '../iam';
import {
  BUCKET_PROTECTION_ACTIONS,
  CLOUDTRAIL_KEY_DESCRIBE_ACTIONS,
  CLOUDTRAIL_KEY_ENCRYPT_ACTIONS,
  CONFIG_KEY_ACTIONS,
  KEY_DECRYPT_ACTIONS,
  KEY_PROTECTION_ACTIONS,
  LOG_DELETE_ACTIONS,
  LOG_LIST_ACTIONS,
  LOG_READ_ACTIONS,
} from './perms';

/** Pure statement builders for the log bucket, the access-log bucket and the log key. */

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';
const CONFIG = 'config.amazonaws.com';
const S3_LOGGING = 'logging.s3.amazonaws.com';
/** The encryption context CloudTrail sets on every log file it encrypts. */
export const CLOUDTRAIL_ENCRYPTION_CONTEXT_KEY = 'kms:EncryptionContext:aws:cloudtrail:arn';
/** Role-name pattern IAM Access Analyzer creates for policy generation. */
export const ACCESS_ANALYZER_ROLE_PATTERN = 'role/service-role/AccessAnalyzerMonitorServiceRole*';

/** Joins an optional S3 key prefix and a key pattern: `AWSLogs/...` or `<prefix>/AWSLogs/...`. */
export function underPrefix(prefix: string | undefined, key: string): string {
  return prefix ? `${prefix}/${key}` : key;
}

export interface CloudTrailDeliveryOptions {
  readonly bucketName: string;
  /** ARN of the trail allowed to deliver (an organization trail lives in the management account). */
  readonly trailArn: string;
  /**
   * The organization of an organization trail: member accounts' logs land under `AWSLogs/<orgId>/`.
   * @default - a single-account trail: only `AWSLogs/<trail account>/`
   */
  readonly organizationId?: string;
  /**
   * The trail's account (the management account, for an organization trail).
   * @default - the account in `trailArn`
   */
  readonly managementAccountId?: string;
  /** The trail's `s3_key_prefix`. @default - none */
  readonly keyPrefix?: string;
}

/**
 * The account a trail lives in: `managementAccountId` when given, else the account field of the
 * trail's ARN (`arn:aws:cloudtrail:<region>:<account>:trail/<name>`); undefined when neither is a
 * 12-digit account ID (e.g. an ARN known only after apply).
 */
export function trailAccountId(o: { readonly trailArn: string; readonly managementAccountId?: string }): string | undefined {
  const account = o.managementAccountId ?? o.trailArn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * CloudTrail may check the bucket ACL and write log files only under `AWSLogs/<trail account>/`
 * (and `AWSLogs/<orgId>/` for an organization trail), only for that trail, and only handing
 * ownership to the bucket; no IAM principal may write there.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html#org-trail-bucket-policy
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html (single-account trail)
 */
export function cloudTrailBucketStatements(o: CloudTrailDeliveryOptions): PolicyStatement[] {
  const sourceArn = { [ConditionKeys.SourceArn]: [o.trailArn] };
  const account = trailAccountId(o);
  if (account === undefined) throw new Error(`cloudTrailBucketStatements: no 12-digit account in managementAccountId or trailArn "${o.trailArn}"`);
  const prefixes = [
    underPrefix(o.keyPrefix, `AWSLogs/${account}/*`),
    ...(o.organizationId !== undefined ? [underPrefix(o.keyPrefix, `AWSLogs/${o.organizationId}/*`)] : []),
  ];
  return [
    {
      sid: 'AWSCloudTrailAclCheck',
      effect: 'Allow',
      principals: { service: [CLOUDTRAIL] },
      actions: ['s3:GetBucketAcl'],
      resources: [bucketArn(o.bucketName)],
      conditions: { StringEquals: sourceArn },
    },
    {
      sid: 'AWSCloudTrailWrite',
      effect: 'Allow',
      principals: { service: [CLOUDTRAIL] },
      actions: ['s3:PutObject'],
      resources: prefixes.map((k) => objectArn(o.bucketName, k)),
      conditions: { StringEquals: { 's3:x-amz-acl': ['bucket-owner-full-control'], ...sourceArn } },
    },
    denyNonServiceWritesStatement('DenyNonServiceTrailLogWrites', o.bucketName, prefixes),
  ];
}

/**
 * CloudTrail may use the key only for the given trail: `GenerateDataKey*` with both the
 * trail's `aws:SourceArn` and its encryption context, and `DescribeKey` for the same trail. The
 * trail's own account may decrypt the trail's log files: with an S3 Bucket Key on the log
 * bucket, CloudTrail requires `kms:Decrypt` to create or update an SSE-KMS trail.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
export function cloudTrailKeyStatements(o: { readonly trailArn: string; readonly managementAccountId?: string }): PolicyStatement[] {
  const account = trailAccountId(o);
  if (account === undefined) throw new Error(`cloudTrailKeyStatements: no 12-digit account in managementAccountId or trailArn "${o.trailArn}"`);
  return [
    {
      sid: 'AllowCloudTrailEncryptLogs',
      effect: 'Allow',
      principals: { service: [CLOUDTRAIL] },
      actions: CLOUDTRAIL_KEY_ENCRYPT_ACTIONS,
      resources: ['*'],
      conditions: {
        StringEquals: { [ConditionKeys.SourceArn]: [o.trailArn], [CLOUDTRAIL_ENCRYPTION_CONTEXT_KEY]: [o.trailArn] },
      },
    },
    {
      sid: 'AllowCloudTrailDescribeKey',
      effect: 'Allow',
      principals: { service: [CLOUDTRAIL] },
      actions: CLOUDTRAIL_KEY_DESCRIBE_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: { [ConditionKeys.SourceArn]: [o.trailArn] } },
    },
    {
      sid: 'AllowTrailAccountDecryptTrailLogs',
      effect: 'Allow',
      principals: { aws: [accountRootArn(account)] },
      actions: KEY_DECRYPT_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: { [CLOUDTRAIL_ENCRYPTION_CONTEXT_KEY]: [o.trailArn] } },
    },
  ];
}

export interface ConfigDeliveryOptions {
  readonly bucketName: string;
  readonly organizationId: string;
  /** Prefix Config delivers under. */
  readonly keyPrefix: string;
}

/**
 * AWS Config of any account in the organization may check the bucket and deliver under its
 * prefix, handing ownership to the bucket; no IAM principal may write there.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
 */
export function configBucketStatements(o: ConfigDeliveryOptions): PolicyStatement[] {
  const inOrg = { [ConditionKeys.SourceOrgId]: [o.organizationId] };
  return [
    {
      sid: 'AWSConfigBucketPermissionsCheck',
      effect: 'Allow',
      principals: { service: [CONFIG] },
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [bucketArn(o.bucketName)],
      conditions: { StringEquals: inOrg },
    },
    {
      sid: 'AWSConfigBucketDelivery',
      effect: 'Allow',
      principals: { service: [CONFIG] },
      actions: ['s3:PutObject'],
      resources: [objectArn(o.bucketName, `${o.keyPrefix}/AWSLogs/*`)],
      conditions: { StringEquals: { 's3:x-amz-acl': ['bucket-owner-full-control'], ...inOrg } },
    },
    denyNonServiceWritesStatement('DenyNonServiceConfigWrites', o.bucketName, [`${o.keyPrefix}/AWSLogs/*`]),
  ];
}

/**
 * AWS Config of the organization may encrypt with the key (SSE-KMS default encryption).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html
 */
export function configKeyStatements(o: { readonly organizationId: string }): PolicyStatement[] {
  return [
    {
      sid: 'AllowConfigEncrypt',
      effect: 'Allow',
      principals: { service: [CONFIG] },
      actions: CONFIG_KEY_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: { [ConditionKeys.SourceOrgId]: [o.organizationId] } },
    },
  ];
}

export interface AccessAnalyzerReadOptions {
  readonly bucketName: string;
  readonly organizationId: string;
  readonly trailArn: string;
  /** The trail's `s3_key_prefix`. @default - none */
  readonly keyPrefix?: string;
}

/**
 * IAM Access Analyzer policy generation (roles `AccessAnalyzerMonitorServiceRole*` of any account
 * of the organization) may list the bucket and read the organization trail's log files.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html#access-analyzer-policy-generation-cross-account
 */
export function accessAnalyzerBucketStatements(o: AccessAnalyzerReadOptions): PolicyStatement[] {
  const conditions = {
    StringEquals: { [ConditionKeys.PrincipalOrgId]: [o.organizationId] },
    ArnLike: { [ConditionKeys.PrincipalArn]: [`arn:aws:iam::*:${ACCESS_ANALYZER_ROLE_PATTERN}`] },
  };
  return [
    {
      sid: 'AccessAnalyzerListTrailLogs',
      effect: 'Allow',
      principals: { aws: ['*'] },
      actions: LOG_LIST_ACTIONS,
      resources: [bucketArn(o.bucketName)],
      conditions,
    },
    {
      sid: 'AccessAnalyzerReadTrailLogs',
      effect: 'Allow',
      principals: { aws: ['*'] },
      actions: LOG_READ_ACTIONS,
      resources: [objectArn(o.bucketName, underPrefix(o.keyPrefix, `AWSLogs/${o.organizationId}/*`))],
      conditions,
    },
  ];
}

/**
 * Access Analyzer roles of the organization may decrypt only through S3 and only log files of
 * the organization trail (its encryption context).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html#access-analyzer-policy-generation-cross-account
 */
export function accessAnalyzerKeyStatements(o: { readonly organizationId: string; readonly trailArn: string }): PolicyStatement[] {
  return [
    {
      sid: 'AccessAnalyzerDecryptTrailLogs',
      effect: 'Allow',
      principals: { aws: ['*'] },
      actions: KEY_DECRYPT_ACTIONS,
      resources: ['*'],
      conditions: {
        StringEquals: { [ConditionKeys.PrincipalOrgId]: [o.organizationId], [CLOUDTRAIL_ENCRYPTION_CONTEXT_KEY]: [o.trailArn] },
        StringLike: { 'kms:ViaService': ['s3.*.amazonaws.com'] },
        ArnLike: { [ConditionKeys.PrincipalArn]: [`arn:aws:iam::*:${ACCESS_ANALYZER_ROLE_PATTERN}`] },
      },
    },
  ];
}

export interface LogReadOptions {
  readonly bucketName: string;
  /** Accounts whose IAM principals may read (each account still grants its own principals). */
  readonly readerAccountIds: readonly string[];
  readonly trailArn: string;
  readonly organizationId: string;
  readonly keyPrefix?: string;
}

/**
 * Reader accounts may list the bucket (and read its region, which Athena asks for) and read the
 * organization trail's log files.
 * @see https://docs.aws.amazon.com/athena/latest/ug/cross-account-permissions.html
 */
export function logReadBucketStatements(o: LogReadOptions): PolicyStatement[] {
  const principals = { aws: o.readerAccountIds.map(accountRootArn) };
  return [
    { sid: 'LogReadersList', effect: 'Allow', principals, actions: [...LOG_LIST_ACTIONS, 's3:GetBucketLocation'], resources: [bucketArn(o.bucketName)] },
    {
      sid: 'LogReadersRead',
      effect: 'Allow',
      principals,
      actions: LOG_READ_ACTIONS,
      resources: [objectArn(o.bucketName, underPrefix(o.keyPrefix, `AWSLogs/${o.organizationId}/*`))],
    },
  ];
}

/** Reader accounts may decrypt only log files carrying the organization trail's encryption context. */
export function logReadKeyStatements(o: { readonly readerAccountIds: readonly string[]; readonly trailArn: string }): PolicyStatement[] {
  return [
    {
      sid: 'LogReadersDecryptTrailLogs',
      effect: 'Allow',
      principals: { aws: o.readerAccountIds.map(accountRootArn) },
      actions: KEY_DECRYPT_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: { [CLOUDTRAIL_ENCRYPTION_CONTEXT_KEY]: [o.trailArn] } },
    },
  ];
}

/**
 * The key's own account administers the key through IAM; nobody else gets `kms:*`.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
export function keyAccountAdminStatement(accountId: string): PolicyStatement {
  return {
    sid: 'EnableKeyAccountIamPolicies',
    effect: 'Allow',
    principals: { aws: [accountRootArn(accountId)] },
    actions: ['kms:*'],
    resources: ['*'],
  };
}

/** Nobody but the named roles may disable, schedule deletion of, stop rotating or re-policy the key. */
export function denyKeyTamperingStatement(adminRoleArns: readonly string[]): PolicyStatement {
  return {
    sid: 'DenyKeyTamperingExceptAdmins',
    effect: 'Deny',
    principals: '*',
    actions: KEY_PROTECTION_ACTIONS,
    resources: ['*'],
    conditions: { ArnNotLike: { [ConditionKeys.PrincipalArn]: adminRoleArns } },
  };
}

/**
 * Reserves delivery prefixes for the AWS services that write there: no IAM principal (the
 * bucket's own account administrators included) and nobody anonymous may put objects under
 * them, so log files cannot be forged or overwritten by people.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice
 */
export function denyNonServiceWritesStatement(sid: string, bucketName: string, keyPatterns: readonly string[]): PolicyStatement {
  return {
    sid,
    effect: 'Deny',
    principals: '*',
    actions: ['s3:PutObject'],
    resources: keyPatterns.map((k) => objectArn(bucketName, k)),
    conditions: { Bool: { 'aws:PrincipalIsAWSService': ['false'] } },
  };
}

/** Every request to the bucket must use TLS. */
export function bucketTlsOnlyStatement(bucketName: string): PolicyStatement {
  return denyInsecureTransport('DenyInsecureTransport', ['s3:*'], [bucketArn(bucketName), objectArn(bucketName, '*')]);
}

/** Nobody but the break-glass roles may delete log objects or versions. */
export function denyLogDeletionStatement(bucketName: string, breakGlassRoleArns: readonly string[]): PolicyStatement {
  return {
    sid: 'DenyLogDeletionExceptBreakGlass',
    effect: 'Deny',
    principals: '*',
    actions: LOG_DELETE_ACTIONS,
    resources: [objectArn(bucketName, '*')],
    conditions: { ArnNotLike: { [ConditionKeys.PrincipalArn]: breakGlassRoleArns } },
  };
}

/** Nobody but the admin roles (deployer, break-glass) may weaken the bucket's protection. */
export function denyBucketTamperingStatement(bucketName: string, adminRoleArns: readonly string[]): PolicyStatement {
  return {
    sid: 'DenyBucketTamperingExceptAdmins',
    effect: 'Deny',
    principals: '*',
    actions: BUCKET_PROTECTION_ACTIONS,
    resources: [bucketArn(bucketName)],
    conditions: { ArnNotLike: { [ConditionKeys.PrincipalArn]: adminRoleArns } },
  };
}

/**
 * S3 server access logging may write into the access-log bucket only for the log bucket.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general
 */
export function serverAccessLogsStatement(o: {
  readonly accessLogBucketName: string;
  readonly sourceBucketName: string;
  readonly accountId: string;
}): PolicyStatement {
  return {
    sid: 'S3ServerAccessLogsPolicy',
    effect: 'Allow',
    principals: { service: [S3_LOGGING] },
    actions: ['s3:PutObject'],
    resources: [objectArn(o.accessLogBucketName, `${o.sourceBucketName}/*`)],
    conditions: {
      ArnLike: { [ConditionKeys.SourceArn]: [bucketArn(o.sourceBucketName)] },
      StringEquals: { [ConditionKeys.SourceAccount]: [o.accountId] },
    },
  };
}
