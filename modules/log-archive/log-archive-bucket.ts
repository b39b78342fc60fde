import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { bucketArn, lazyPolicy, PolicyDocument, PolicyStatement, ProviderRef, throwIfInvalid } from '../iam';
import { bucketTlsOnlyStatement } from './policies';

/** Server-side encryption of a bucket: SSE-KMS with a customer key, or SSE-S3 where a service requires it. */
export type BucketEncryption =
  | { readonly kmsKeyArn: string }
  /** SSE-S3: only for targets of S3 server access logging, which cannot write SSE-KMS. */
  | { readonly s3Managed: true; readonly reason: string };

/** S3 Object Lock default retention. */
export interface ObjectLockProps {
  /** `GOVERNANCE` can be lifted by `s3:BypassGovernanceRetention`; `COMPLIANCE` by nobody. */
  readonly mode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Days each new object version stays locked. */
  readonly days: number;
}

export interface LogArchiveBucketProps {
  /** Provider of the account and region the bucket lives in. */
  readonly provider: ProviderRef;
  /** Globally unique bucket name, known at plan time. */
  readonly bucketName: string;
  /** Default encryption. */
  readonly encryption: BucketEncryption;
  /** Days after which current versions expire. */
  readonly expirationDays: number;
  /**
   * Days after which current versions move to Glacier Flexible Retrieval; must be less than
   * `expirationDays`.
   * @default - no transition
   */
  readonly glacierTransitionDays?: number;
  /** Days after which noncurrent versions are removed. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Where to send S3 server access logs (objects land under `<bucketName>/`).
   * @default - no access logging (only for the access-log bucket itself)
   */
  readonly accessLogsBucketName?: string;
  /**
   * What must exist before access logging is switched on: the target bucket and its policy
   * (PutBucketLogging fails on a missing target, and deliveries before its policy are lost).
   * @default []
   */
  readonly accessLogsDependsOn?: readonly ITerraformDependable[];
  /**
   * S3 Object Lock default retention (the bucket is created with Object Lock enabled).
   * @default - no object lock
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
   */
  readonly objectLock?: ObjectLockProps;
  /**
   * `prevent_destroy` on the bucket: Terraform refuses any plan that would delete it.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * A hardened S3 bucket for logs: versioned, encrypted, all public access blocked, ACLs disabled
 * (`BucketOwnerEnforced`), TLS-only, lifecycle-managed, and owning exactly one bucket policy to
 * which other constructs add statements.
 */
export class LogArchiveBucket extends Construct {
  /** The bucket name. */
  readonly bucketName: string;
  /** The bucket ARN, derived from the name (known at plan time). */
  readonly bucketArn: string;
  /** The underlying bucket resource. */
  readonly bucket: S3Bucket;
  /** The bucket policy resource (rendered from {@link policyDocument}). */
  readonly policy: S3BucketPolicy;
  /** The statements of the bucket policy. */
  readonly policyDocument: PolicyDocument;

  constructor(scope: Construct, id: string, props: LogArchiveBucketProps) {
    super(scope, id);
    throwIfInvalid('LogArchiveBucket', this, validateBucketProps(props));
    const provider = props.provider;
    this.bucketName = props.bucketName;
    this.bucketArn = bucketArn(props.bucketName);

    this.bucket = new S3Bucket(this, 'bucket', {
      provider,
      bucket: props.bucketName,
      forceDestroy: false,
      objectLockEnabled: props.objectLock ? true : undefined,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const bucket = this.bucket.id;

    const ownership = new S3BucketOwnershipControls(this, 'ownership', {
      provider,
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public_access', {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', {
      provider,
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    const enc = props.encryption;
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket,
      rule: [
        'kmsKeyArn' in enc
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: enc.kmsKeyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket,
      dependsOn: [versioning],
      rule: [
        {
          id: 'retention',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          transition:
            props.glacierTransitionDays === undefined ? undefined : [{ days: props.glacierTransitionDays, storageClass: 'GLACIER' }],
          expiration: [{ days: props.expirationDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    if (props.accessLogsBucketName) {
      new S3BucketLoggingA(this, 'access_logging', {
        provider,
        bucket,
        targetBucket: props.accessLogsBucketName,
        targetPrefix: `${props.bucketName}/`,
        dependsOn: props.accessLogsDependsOn?.length ? [...props.accessLogsDependsOn] : undefined,
      });
    }
    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, 'object_lock', {
        provider,
        bucket,
        dependsOn: [versioning],
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
      });
    }

    this.policyDocument = new PolicyDocument(undefined, [bucketTlsOnlyStatement(props.bucketName)]);
    this.policy = new S3BucketPolicy(this, 'policy', {
      provider,
      bucket,
      policy: lazyPolicy(this.policyDocument),
      // A policy with cross-account principals is rejected while the public-access block is
      // being created, and ownership must be enforced before grants rely on it.
      dependsOn: [publicAccess, ownership],
    });
  }

  /** Adds statements to the bucket's one policy. */
  addToResourcePolicy(...statements: PolicyStatement[]): void {
    this.policyDocument.addStatements(...statements);
  }
}

function validateBucketProps(p: LogArchiveBucketProps): string[] {
  const problems: string[] = [];
  const positive = (name: string, v: number | undefined) => {
    if (v !== undefined && (!Number.isInteger(v) || v <= 0)) problems.push(`${name} must be a positive whole number of days (got ${v})`);
  };
  positive('expirationDays', p.expirationDays);
  positive('glacierTransitionDays', p.glacierTransitionDays);
  positive('noncurrentVersionExpirationDays', p.noncurrentVersionExpirationDays);
  positive('objectLock.days', p.objectLock?.days);
  if (p.glacierTransitionDays !== undefined && p.glacierTransitionDays >= p.expirationDays) {
    problems.push(`glacierTransitionDays (${p.glacierTransitionDays}) must be less than expirationDays (${p.expirationDays})`);
  }
  if (p.objectLock && p.objectLock.days > p.expirationDays) {
    problems.push(`objectLock.days (${p.objectLock.days}) must not exceed expirationDays (${p.expirationDays})`);
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(p.bucketName)) {
    problems.push(`bucketName "${p.bucketName}" is not a valid S3 bucket name (3-63 lower-case letters, digits, "." or "-")`);
  }
  if ('s3Managed' in p.encryption && p.encryption.reason.trim().length < 10) {
    problems.push('encryption.s3Managed needs a reason of at least 10 characters');
  }
  return problems;
}
