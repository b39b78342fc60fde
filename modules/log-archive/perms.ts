/** Named action lists of the log-archive capability, so policies and tests speak of the same sets. */

/** Reading trail logs: what Access Analyzer policy generation and log readers need. */
export const LOG_READ_ACTIONS = ['s3:GetObject'] as const;
/** Listing the log bucket. */
export const LOG_LIST_ACTIONS = ['s3:ListBucket'] as const;

/** Destroying evidence: deleting objects or versions, or lifting a governance-mode lock to do so. */
export const LOG_DELETE_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention'] as const;

/**
 * Weakening the bucket's protection: its policy, lifecycle, versioning, encryption, object lock,
 * ownership, public-access block, access logging, or the bucket itself.
 */
export const BUCKET_PROTECTION_ACTIONS = [
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:PutBucketPolicy',
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketLogging',
  's3:PutBucketAcl',
  // Replication would copy every log to a bucket outside the organization.
  's3:PutReplicationConfiguration',
] as const;

/** Switching the log key off or handing it away. */
export const KEY_PROTECTION_ACTIONS = [
  'kms:DisableKey',
  'kms:ScheduleKeyDeletion',
  'kms:DisableKeyRotation',
  'kms:PutKeyPolicy',
  // A grant would give another principal Decrypt on every log outside the key policy.
  'kms:CreateGrant',
] as const;

/** What CloudTrail needs of the key to encrypt log files. */
export const CLOUDTRAIL_KEY_ENCRYPT_ACTIONS = ['kms:GenerateDataKey*'] as const;
/** What CloudTrail needs to validate the key on trail create and update. */
export const CLOUDTRAIL_KEY_DESCRIBE_ACTIONS = ['kms:DescribeKey'] as const;
/** What a log reader needs of the key. */
export const KEY_DECRYPT_ACTIONS = ['kms:Decrypt'] as const;
/** What AWS Config needs of the key to deliver snapshots and history. */
export const CONFIG_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;
/** What GuardDuty needs of the bucket to export findings (besides `s3:PutObject`). */
export const GUARDDUTY_BUCKET_ACTIONS = ['s3:GetBucketLocation'] as const;
/** What GuardDuty needs of the key to encrypt exported findings. */
export const GUARDDUTY_KEY_ACTIONS = ['kms:GenerateDataKey'] as const;
