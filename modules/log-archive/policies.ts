import {
  accountRootArn,
  bucketArn,
  ConditionKeys,
  denyInsecureTransport,
  isAccountId,
  objectArn,
  PolicyStatement,
} from '../iam';
import {
  BUCKET_PROTECTION_ACTIONS,
  CLOUDTRAIL_KEY_DESCRIBE_ACTIONS,
  CLOUDTRAIL_KEY_ENCRYPT_ACTIONS,
  CONFIG_KEY_ACTIONS,
  GUARDDUTY_BUCKET_ACTIONS,
  GUARDDUTY_KEY_ACTIONS,
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
const GUARDDUTY = 'guardduty.amazonaws.com';
/** The encryption context CloudTrail sets on every log file it encrypts. */
export const CLOUDTRAIL_ENCRYPTION_CONTEXT_KEY = 'kms:EncryptionContext:aws:cloudtrail:arn';
/** Role-name pattern IAM Access Analyzer creates for policy generation. */
export const ACCESS_ANALYZER_ROLE_PATTERN = 'role/service-role/AccessAnalyzerMonitorServiceRole*';

/** Joins an optional S3 key prefix and a key pattern: `AWSLogs/...` or `<prefix>/AWSLogs/...`. */
export function underPrefix(prefix: string | undefined, key: string): string {
  return prefix ? `${prefix}/${key}` : key;
}

export interface CloudTrailDeliveryOptions {
  /** The bucket the trail delivers to. */
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
  return account !== undefined && isAccountId(account) ? account : undefined;
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
    // The decrypt grant exactly as AWS documents it for trails (a CloudTrail encryption context
    // must be present), to the trail's account only: with an S3 Bucket Key on the bucket,
    // CloudTrail requires kms:Decrypt to create or update an SSE-KMS trail.
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html#create-kms-key-policy-for-cloudtrail-decrypt
    {
      sid: 'AllowTrailAccountDecryptTrailLogs',
      effect: 'Allow',
      principals: { aws: [accountRootArn(account)] },
      actions: KEY_DECRYPT_ACTIONS,
      resources: ['*'],
      conditions: { Null: { [CLOUDTRAIL_ENCRYPTION_CONTEXT_KEY]: ['false'] } },
    },
  ];
}

export interface ConfigDeliveryOptions {
  readonly bucketName: string;
  readonly organizationId: string;
  /** Prefix Config delivers under. */
  readonly keyPrefix: string;
  /**
   * Accounts whose AWS Config delivers as the service principal (a recorder with the
   * service-linked role), each only under its own `AWSLogs/<account>/Config/`.
   */
  readonly serviceAccountIds: readonly string[];
  /**
   * Role names (optionally with a path, `*` allowed) of the Config recorders of member accounts;
   * AWS Config delivers as that role when the recorder has one. Matched in every account of the
   * organization, so the grant stays one statement however many accounts there are.
   */
  readonly recorderRoleNames: readonly string[];
}

/** `arn:aws:iam::*:role/<name>` for each recorder role name (the role may be in any account). */
export function recorderRoleArnPatterns(names: readonly string[]): string[] {
  return names.map((n) => `arn:aws:iam::*:role/${n}`);
}

/**
 * AWS Config may check the bucket and deliver under its prefix, handing ownership to the bucket,
 * in the two ways AWS documents:
 * - as the service principal (recorders with the service-linked role): scoped with
 *   `aws:SourceAccount`, each account only under `<prefix>/AWSLogs/<account>/Config/`. AWS Config's
 *   page documents `aws:SourceAccount` for it; organization-ID conditions do not work with it.
 * - as the recorder's IAM role (recorders with a role, e.g. deployed to every member account by a
 *   StackSet): principals of the organization (`aws:PrincipalOrgID`) whose ARN matches a recorder
 *   role name, under `<prefix>/AWSLogs/<any account>/Config/`. One statement for the whole organization.
 * No other principal may write under the prefix.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
 */
export function configBucketStatements(o: ConfigDeliveryOptions): PolicyStatement[] {
  const recorders = {
    StringEquals: { [ConditionKeys.PrincipalOrgId]: [o.organizationId] },
    ArnLike: { [ConditionKeys.PrincipalArn]: recorderRoleArnPatterns(o.recorderRoleNames) },
  };
  const acl = { 's3:x-amz-acl': ['bucket-owner-full-control'] };
  const statements: PolicyStatement[] = [];
  if (o.serviceAccountIds.length > 0) {
    statements.push({
      sid: 'AWSConfigBucketPermissionsCheck',
      effect: 'Allow',
      principals: { service: [CONFIG] },
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [bucketArn(o.bucketName)],
      conditions: { StringEquals: { [ConditionKeys.SourceAccount]: o.serviceAccountIds } },
    });
    for (const account of o.serviceAccountIds) {
      statements.push({
        sid: `AWSConfigBucketDelivery${account}`,
        effect: 'Allow',
        principals: { service: [CONFIG] },
        actions: ['s3:PutObject'],
        resources: [objectArn(o.bucketName, `${o.keyPrefix}/AWSLogs/${account}/Config/*`)],
        conditions: { StringEquals: { ...acl, [ConditionKeys.SourceAccount]: [account] } },
      });
    }
  }
  if (o.recorderRoleNames.length > 0) {
    statements.push(
      {
        sid: 'ConfigRecorderRolesBucketCheck',
        effect: 'Allow',
        principals: { aws: ['*'] },
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [bucketArn(o.bucketName)],
        conditions: recorders,
      },
      {
        sid: 'ConfigRecorderRolesDelivery',
        effect: 'Allow',
        principals: { aws: ['*'] },
        actions: ['s3:PutObject'],
        resources: [objectArn(o.bucketName, `${o.keyPrefix}/AWSLogs/*/Config/*`)],
        conditions: { ...recorders, StringEquals: { ...recorders.StringEquals, ...acl } },
      },
    );
  }
  statements.push(
    denyNonServiceWritesStatement('DenyNonServiceConfigWrites', o.bucketName, [`${o.keyPrefix}/AWSLogs/*`], recorderRoleArnPatterns(o.recorderRoleNames)),
  );
  return statements;
}

/**
 * AWS Config may encrypt with the key (SSE-KMS default encryption of the bucket): the service
 * principal for the listed accounts (`aws:SourceAccount`, as AWS documents), and the recorder roles
 * of the organization only through S3.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html
 */
export function configKeyStatements(o: {
  readonly organizationId: string;
  readonly serviceAccountIds: readonly string[];
  readonly recorderRoleNames: readonly string[];
}): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (o.serviceAccountIds.length > 0) {
    statements.push({
      sid: 'AllowConfigEncrypt',
      effect: 'Allow',
      principals: { service: [CONFIG] },
      actions: CONFIG_KEY_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: { [ConditionKeys.SourceAccount]: o.serviceAccountIds } },
    });
  }
  if (o.recorderRoleNames.length > 0) {
    statements.push({
      sid: 'AllowConfigRecorderRolesEncrypt',
      effect: 'Allow',
      principals: { aws: ['*'] },
      actions: CONFIG_KEY_ACTIONS,
      resources: ['*'],
      conditions: {
        StringEquals: { [ConditionKeys.PrincipalOrgId]: [o.organizationId] },
        StringLike: { 'kms:ViaService': ['s3.*.amazonaws.com'] },
        ArnLike: { [ConditionKeys.PrincipalArn]: recorderRoleArnPatterns(o.recorderRoleNames) },
      },
    });
  }
  return statements;
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
export function denyNonServiceWritesStatement(
  sid: string,
  bucketName: string,
  keyPatterns: readonly string[],
  /** IAM principals that deliver for a service (AWS Config recorder roles); exempt from the deny. */
  deliveringPrincipalArns: readonly string[] = [],
): PolicyStatement {
  return {
    sid,
    effect: 'Deny',
    principals: '*',
    actions: ['s3:PutObject'],
    resources: keyPatterns.map((k) => objectArn(bucketName, k)),
    conditions: {
      Bool: { 'aws:PrincipalIsAWSService': ['false'] },
      ...(deliveringPrincipalArns.length > 0 ? { ArnNotLike: { [ConditionKeys.PrincipalArn]: deliveringPrincipalArns } } : {}),
    },
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

export interface GuardDutyExportOptions {
  readonly bucketName: string;
  /** Prefix GuardDuty exports under (its publishing destination). */
  readonly keyPrefix: string;
  /** The GuardDuty delegated administrator account, whose detectors export for the organization. */
  readonly adminAccountId: string;
  /** `arn:aws:guardduty:<region>:<admin>:detector/*` per governed region (detector IDs are generated). */
  readonly detectorArnPatterns: readonly string[];
}

/**
 * GuardDuty of the administrator account only (`aws:SourceAccount`), and only its detectors in the
 * governed regions (`aws:SourceArn`), may locate the bucket and write exported findings under the
 * prefix; no IAM principal may write there. These are the two keys the export page documents. The
 * detector IDs are generated, so the ARNs are patterns (ArnLike), known at plan time.
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html#guardduty_exportfindings-s3-policies
 */
export function guardDutyExportBucketStatements(o: GuardDutyExportOptions): PolicyStatement[] {
  const conditions = {
    StringEquals: { [ConditionKeys.SourceAccount]: [o.adminAccountId] },
    ArnLike: { [ConditionKeys.SourceArn]: o.detectorArnPatterns },
  };
  return [
    {
      sid: 'GuardDutyExportBucketLocation',
      effect: 'Allow',
      principals: { service: [GUARDDUTY] },
      actions: GUARDDUTY_BUCKET_ACTIONS,
      resources: [bucketArn(o.bucketName)],
      conditions,
    },
    {
      sid: 'GuardDutyExportFindings',
      effect: 'Allow',
      principals: { service: [GUARDDUTY] },
      actions: ['s3:PutObject'],
      resources: [objectArn(o.bucketName, `${o.keyPrefix}/*`)],
      conditions,
    },
    denyNonServiceWritesStatement('DenyNonServiceGuardDutyWrites', o.bucketName, [`${o.keyPrefix}/*`]),
  ];
}

/**
 * GuardDuty of the administrator's detectors may generate data keys to encrypt exported findings.
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html#guardduty-exporting-findings-kms-policy
 */
export function guardDutyExportKeyStatements(o: { readonly adminAccountId: string; readonly detectorArnPatterns: readonly string[] }): PolicyStatement[] {
  return [
    {
      sid: 'GuardDutyEncryptExportedFindings',
      effect: 'Allow',
      principals: { service: [GUARDDUTY] },
      actions: GUARDDUTY_KEY_ACTIONS,
      resources: ['*'],
      conditions: {
        StringEquals: { [ConditionKeys.SourceAccount]: [o.adminAccountId] },
        ArnLike: { [ConditionKeys.SourceArn]: o.detectorArnPatterns },
      },
    },
  ];
}
