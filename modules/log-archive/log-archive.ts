import { Construct } from 'constructs';
import { ProviderRef, roleArn, throwIfInvalid } from '../iam';
import { LogArchiveBucket, ObjectLockProps } from './log-archive-bucket';
import { LogKey } from './log-key';
import { accessLogBucketName, DEFAULT_LOG_KEY_ALIAS } from './names';
import {
  accessAnalyzerBucketStatements,
  accessAnalyzerKeyStatements,
  cloudTrailBucketStatements,
  cloudTrailKeyStatements,
  configBucketStatements,
  configKeyStatements,
  denyBucketTamperingStatement,
  denyKeyTamperingStatement,
  denyLogDeletionStatement,
  denyNonServiceWritesStatement,
  guardDutyExportBucketStatements,
  guardDutyExportKeyStatements,
  logReadBucketStatements,
  logReadKeyStatements,
  serverAccessLogsStatement,
  trailAccountId,
} from './policies';

export interface LogArchiveProps {
  /** Provider of the account and region the buckets and the key live in (the log-archive account, in the baseline). */
  readonly provider: ProviderRef;
  /** The account that owns the buckets and the key; every role below must belong to it. */
  readonly accountId: string;
  /** Region of the buckets and the key. */
  readonly region: string;
  /** Name of the central log bucket, known at plan time (see {@link logBucketName}). */
  readonly bucketName: string;
  /**
   * Name of the bucket receiving the log bucket's S3 server access logs (same account and region).
   * @default "<bucketName>-access" ({@link accessLogBucketName})
   * @see https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-9
   */
  readonly accessLogBucketName?: string;
  /** Alias of the log key. @default "alias/org-logs" */
  readonly keyAlias?: string;
  /** Days log objects are kept. @default 365 */
  readonly retentionDays?: number;
  /** Days before log objects move to Glacier. @default 90 */
  readonly glacierTransitionDays?: number;
  /** Days noncurrent versions are kept. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days access logs are kept. @default 365 */
  readonly accessLogRetentionDays?: number;
  /**
   * Object Lock on the log bucket (WORM retention of every log version).
   * @default - none
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
   */
  readonly objectLock?: ObjectLockProps;
  /**
   * Roles (ARNs) that alone may delete log objects. Everyone else, the account root included, is
   * denied by the bucket policy.
   */
  readonly breakGlassRoleArns: readonly string[];
  /**
   * Roles (ARNs) that may change the protection of the buckets and the key (policy, lifecycle,
   * versioning, encryption, deletion): the deployment role and the break-glass role.
   */
  readonly adminRoleArns: readonly string[];
  /** `prevent_destroy` on both buckets and the key. @default true */
  readonly preventDestroy?: boolean;
}

/** Options of {@link LogArchive.grantCloudTrailDelivery}. */
export interface CloudTrailGrantOptions {
  /** ARN of the trail (known at plan time: see `trailArn()` of the iam module); the only trail allowed to deliver. */
  readonly trailArn: string;
  /**
   * For an organization trail: its organization, whose member accounts deliver under `AWSLogs/<orgId>/`.
   * @default - a single-account trail: only `AWSLogs/<trail account>/`
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
   */
  readonly organizationId?: string;
  /**
   * The trail's account (the management account, for an organization trail).
   * @default - the account in `trailArn`
   */
  readonly managementAccountId?: string;
  /** The trail's S3 key prefix. @default - none */
  readonly keyPrefix?: string;
}

/**
 * A log archive (the organization's, or one account's): a KMS key, a log bucket encrypted with it, and a separate
 * access-log bucket, with deletion and tampering denied to all but named roles. Consumers wire
 * themselves in with the `grant*` methods, each of which updates bucket and key policy together.
 */
export class LogArchive extends Construct {
  /** The log key. */
  readonly key: LogKey;
  /** The central log bucket. */
  readonly bucket: LogArchiveBucket;
  /** The bucket that receives the log bucket's server access logs. */
  readonly accessLogBucket: LogArchiveBucket;

  private readonly props: LogArchiveProps;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.breakGlassRoleArns.length === 0) problems.push('breakGlassRoleArns must name at least one role');
    if (props.adminRoleArns.length === 0) problems.push('adminRoleArns must name at least one role');
    const accessLogBucket = props.accessLogBucketName ?? accessLogBucketName(props.bucketName);
    if (props.bucketName === accessLogBucket) problems.push('accessLogBucketName must differ from bucketName');
    for (const field of ['breakGlassRoleArns', 'adminRoleArns'] as const) {
      props[field].forEach((arn, i) => {
        if (!arn.startsWith(roleArn(props.accountId, ''))) problems.push(`${field}[${i}] "${arn}" must be a role of accountId ${props.accountId}`);
      });
    }
    throwIfInvalid('LogArchive', this, problems);
    this.props = props;
    const preventDestroy = props.preventDestroy ?? true;
    const admins = unique([...props.adminRoleArns, ...props.breakGlassRoleArns]);

    this.key = new LogKey(this, 'key', {
      provider: props.provider,
      accountId: props.accountId,
      region: props.region,
      alias: props.keyAlias ?? DEFAULT_LOG_KEY_ALIAS,
      preventDestroy,
    });
    this.key.addToResourcePolicy(denyKeyTamperingStatement(admins));

    this.accessLogBucket = new LogArchiveBucket(this, 'access_logs', {
      provider: props.provider,
      bucketName: accessLogBucket,
      encryption: { s3Managed: true, reason: 'S3 server access logging can only deliver to SSE-S3 buckets' },
      expirationDays: props.accessLogRetentionDays ?? 365,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
      preventDestroy,
    });
    this.accessLogBucket.addToResourcePolicy(
      serverAccessLogsStatement({
        accessLogBucketName: accessLogBucket,
        sourceBucketName: props.bucketName,
        accountId: props.accountId,
      }),
      denyNonServiceWritesStatement('DenyNonServiceAccessLogWrites', accessLogBucket, [`${props.bucketName}/*`]),
      denyLogDeletionStatement(accessLogBucket, props.breakGlassRoleArns),
      denyBucketTamperingStatement(accessLogBucket, admins),
    );

    this.bucket = new LogArchiveBucket(this, 'bucket', {
      provider: props.provider,
      bucketName: props.bucketName,
      encryption: { kmsKeyArn: this.key.keyArn },
      expirationDays: props.retentionDays ?? 365,
      glacierTransitionDays: props.glacierTransitionDays ?? 90,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
      accessLogsBucketName: accessLogBucket,
      accessLogsDependsOn: [this.accessLogBucket.bucket, this.accessLogBucket.policy],
      objectLock: props.objectLock,
      preventDestroy,
    });
    this.bucket.addToResourcePolicy(
      denyLogDeletionStatement(props.bucketName, props.breakGlassRoleArns),
      denyBucketTamperingStatement(props.bucketName, admins),
    );
  }

  /**
   * Lets one trail deliver: bucket ACL check and writes under `AWSLogs/<trail account>/` (and
   * `AWSLogs/<orgId>/` for an organization trail), and key use bound to the trail's ARN and
   * encryption context.
   */
  grantCloudTrailDelivery(o: CloudTrailGrantOptions): void {
    throwIfInvalid('LogArchive', this, [
      ...(trailAccountId(o) === undefined
        ? [`grantCloudTrailDelivery: trailArn "${o.trailArn}" names no 12-digit account and managementAccountId is not set (pass a trail ARN known at plan time)`]
        : []),
      ...(o.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(o.organizationId)
        ? [`grantCloudTrailDelivery: organizationId "${o.organizationId}" is not an organization ID like "o-a1b2c3d4e5" (omit it for a single-account trail)`]
        : []),
    ]);
    this.bucket.addToResourcePolicy(...cloudTrailBucketStatements({ bucketName: this.props.bucketName, ...o }));
    this.key.addToResourcePolicy(...cloudTrailKeyStatements(o));
  }

  /**
   * Lets AWS Config deliver under `keyPrefix`: as the service principal for `serviceAccountIds`
   * (recorders with the service-linked role), and as the recorder roles `recorderRoleNames` in
   * every account of the organization (one statement, whatever the number of accounts).
   */
  grantConfigDelivery(o: {
    readonly organizationId: string;
    readonly keyPrefix: string;
    readonly serviceAccountIds: readonly string[];
    readonly recorderRoleNames: readonly string[];
  }): void {
    this.bucket.addToResourcePolicy(...configBucketStatements({ bucketName: this.props.bucketName, ...o }));
    this.key.addToResourcePolicy(...configKeyStatements(o));
  }

  /** Lets IAM Access Analyzer policy generation of the organization read the trail's logs (seed 004). */
  grantAccessAnalyzerRead(o: { readonly organizationId: string; readonly trailArn: string; readonly keyPrefix?: string }): void {
    this.bucket.addToResourcePolicy(...accessAnalyzerBucketStatements({ bucketName: this.props.bucketName, ...o }));
    this.key.addToResourcePolicy(...accessAnalyzerKeyStatements(o));
  }

  /**
   * Lets GuardDuty of the delegated administrator account export findings under `keyPrefix` with
   * the log key, from its detectors only (`detectorArnPatterns`, one per governed region).
   */
  grantGuardDutyExport(o: { readonly adminAccountId: string; readonly detectorArnPatterns: readonly string[]; readonly keyPrefix: string }): void {
    const { detectorArnPatterns } = o;
    this.bucket.addToResourcePolicy(
      ...guardDutyExportBucketStatements({ bucketName: this.props.bucketName, keyPrefix: o.keyPrefix, adminAccountId: o.adminAccountId, detectorArnPatterns }),
    );
    this.key.addToResourcePolicy(...guardDutyExportKeyStatements({ adminAccountId: o.adminAccountId, detectorArnPatterns }));
  }

  /**
   * Lets principals of the reader accounts (each account's own IAM policies still decide which)
   * read the trail's logs and decrypt them with the trail's encryption context only.
   */
  grantTrailLogRead(o: {
    readonly readerAccountIds: readonly string[];
    readonly organizationId: string;
    readonly trailArn: string;
    readonly keyPrefix?: string;
  }): void {
    if (o.readerAccountIds.length === 0) return;
    this.bucket.addToResourcePolicy(...logReadBucketStatements({ bucketName: this.props.bucketName, ...o }));
    this.key.addToResourcePolicy(...logReadKeyStatements(o));
  }
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
