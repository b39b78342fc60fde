import { bucketArn, ConditionKeys, objectArn, PolicyStatement } from '../iam';
import {
  ATHENA_CATALOG_ACTIONS,
  ATHENA_QUERY_ACTIONS,
  GLUE_READ_ACTIONS,
  KEY_DECRYPT_ACTIONS,
  RESULTS_BUCKET_ACTIONS,
  RESULTS_KEY_ACTIONS,
  RESULTS_OBJECT_ACTIONS,
  RESULTS_READ_ACTIONS,
  TRAIL_LOG_LIST_ACTIONS,
  TRAIL_LOG_READ_ACTIONS,
} from './perms';

/** Pure statement builders for the log reader role, the query-results bucket and its key. */

/** The encryption context CloudTrail sets on every log file it encrypts. */
const CLOUDTRAIL_CONTEXT = 'kms:EncryptionContext:aws:cloudtrail:arn';
/**
 * The encryption context S3 sets on objects it encrypts with SSE-KMS: the bucket ARN with an S3
 * Bucket Key, the object ARN without one.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
 */
const S3_CONTEXT = 'kms:EncryptionContext:aws:s3:arn';

/** Joins an optional S3 key prefix and a key pattern. */
function underPrefix(prefix: string | undefined, key: string): string {
  return prefix ? `${prefix}/${key}` : key;
}

export interface ReaderPolicyOptions {
  /** Account and region of the workgroup, database and table (the audit account, home region). */
  readonly accountId: string;
  readonly region: string;
  readonly workgroupName: string;
  readonly databaseName: string;
  readonly tableName: string;
  /** The central log bucket (in the log-archive account). */
  readonly logBucketName: string;
  readonly organizationId: string;
  /** The trail's `s3_key_prefix`. @default - none */
  readonly trailKeyPrefix?: string;
  /** The organization trail's ARN: the only encryption context the reader may decrypt with. */
  readonly trailArn: string;
  /** Region of the log bucket and key (S3 calls KMS from there). */
  readonly logRegion: string;
  /** The log-archive account, owner of the log key. */
  readonly logArchiveAccountId: string;
  readonly resultsBucketName: string;
}

/**
 * What the reader role may do, and nothing else: run queries in one workgroup, read one database
 * and its tables, list and read the organization trail's log files, decrypt them only through
 * S3 and only with the trail's encryption context, and use the results bucket.
 *
 * Athena reads the data and writes the results with the caller's own permissions, so these are
 * the S3 and KMS permissions a query needs.
 * @see https://docs.aws.amazon.com/athena/latest/ug/s3-permissions.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/workgroups-iam-policy.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html
 */
export function readerPolicyStatements(o: ReaderPolicyOptions): PolicyStatement[] {
  const athena = (what: string) => `arn:aws:athena:${o.region}:${o.accountId}:${what}`;
  const glue = (what: string) => `arn:aws:glue:${o.region}:${o.accountId}:${what}`;
  const logs = underPrefix(o.trailKeyPrefix, `AWSLogs/${o.organizationId}/`);
  return [
    {
      sid: 'RunQueriesInTheWorkgroup',
      effect: 'Allow',
      actions: ATHENA_QUERY_ACTIONS,
      resources: [athena(`workgroup/${o.workgroupName}`)],
    },
    {
      sid: 'BrowseTheCatalog',
      effect: 'Allow',
      actions: ATHENA_CATALOG_ACTIONS,
      resources: [athena('datacatalog/AwsDataCatalog')],
    },
    {
      // Glue authorizes a table read on the catalog, the database and the table together.
      sid: 'ReadTheLogTables',
      effect: 'Allow',
      actions: GLUE_READ_ACTIONS,
      resources: [glue('catalog'), glue(`database/${o.databaseName}`), glue(`table/${o.databaseName}/${o.tableName}`)],
    },
    {
      sid: 'ListTrailLogs',
      effect: 'Allow',
      actions: TRAIL_LOG_LIST_ACTIONS,
      resources: [bucketArn(o.logBucketName)],
      conditions: { StringLike: { 's3:prefix': [`${logs}*`] } },
    },
    {
      // Athena looks up the region of the data bucket; s3:prefix is not in that request.
      // @see https://docs.aws.amazon.com/athena/latest/ug/cross-account-permissions.html
      sid: 'LocateTheLogBucket',
      effect: 'Allow',
      actions: ['s3:GetBucketLocation'],
      resources: [bucketArn(o.logBucketName)],
    },
    {
      sid: 'ReadTrailLogs',
      effect: 'Allow',
      actions: TRAIL_LOG_READ_ACTIONS,
      resources: [objectArn(o.logBucketName, `${logs}*`)],
    },
    {
      // The log key's ID is generated in another stack; the ARN pattern of the log-archive
      // account's keys plus the trail's encryption context and S3 as the caller pin it down.
      // @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail-decrypt.html
      // @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
      sid: 'DecryptTrailLogsThroughS3',
      effect: 'Allow',
      actions: KEY_DECRYPT_ACTIONS,
      resources: [`arn:aws:kms:${o.logRegion}:${o.logArchiveAccountId}:key/*`],
      conditions: {
        StringEquals: { [CLOUDTRAIL_CONTEXT]: [o.trailArn], 'kms:ViaService': [`s3.${o.logRegion}.amazonaws.com`] },
      },
    },
    {
      sid: 'UseTheResultsBucket',
      effect: 'Allow',
      actions: RESULTS_BUCKET_ACTIONS,
      resources: [bucketArn(o.resultsBucketName)],
    },
    {
      sid: 'ReadAndWriteResults',
      effect: 'Allow',
      actions: RESULTS_OBJECT_ACTIONS,
      resources: [objectArn(o.resultsBucketName, '*')],
    },
  ];
}

/**
 * Who may assume the reader role: the named principals, and only from inside the organization.
 * An account root delegates to that account's IAM policies (only principals allowed
 * `sts:AssumeRole` on the role get in).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
 */
export function readerTrustStatements(o: { readonly principals: readonly string[]; readonly organizationId: string }): PolicyStatement[] {
  return [
    {
      sid: 'AssumedByNamedReaders',
      effect: 'Allow',
      principals: { aws: o.principals },
      actions: ['sts:AssumeRole'],
      conditions: { StringEquals: { [ConditionKeys.PrincipalOrgId]: [o.organizationId] } },
    },
  ];
}

/**
 * Query results are copies of log records: nobody but the reader role reads or writes them, the
 * account's administrators included (the bucket policy's explicit Deny beats their `*`).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export function resultsBucketStatements(o: { readonly bucketName: string; readonly readerRoleArn: string }): PolicyStatement[] {
  return [
    {
      sid: 'DenyResultsToAllButTheReader',
      effect: 'Deny',
      principals: '*',
      actions: [...RESULTS_READ_ACTIONS, 's3:PutObject'],
      resources: [objectArn(o.bucketName, '*')],
      conditions: { ArnNotEquals: { [ConditionKeys.PrincipalArn]: [o.readerRoleArn] } },
    },
  ];
}

/**
 * The reader may encrypt and decrypt query results with the results key, only through S3 and
 * only for objects of the results bucket.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context
 * @see https://docs.aws.amazon.com/athena/latest/ug/encryption.html
 */
export function resultsKeyStatements(o: { readonly readerRoleArn: string; readonly bucketName: string; readonly region: string }): PolicyStatement[] {
  return [
    {
      sid: 'ReaderEncryptsResultsThroughS3',
      effect: 'Allow',
      principals: { aws: [o.readerRoleArn] },
      actions: RESULTS_KEY_ACTIONS,
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:ViaService': [`s3.${o.region}.amazonaws.com`] },
        StringLike: { [S3_CONTEXT]: [bucketArn(o.bucketName), objectArn(o.bucketName, '*')] },
      },
    },
  ];
}
