export { LogArchive } from './log-archive';
export type { LogArchiveProps, CloudTrailGrantOptions } from './log-archive';
export { LogArchiveBucket } from './log-archive-bucket';
export type { LogArchiveBucketProps, BucketEncryption, ObjectLockProps } from './log-archive-bucket';
export { LogKey } from './log-key';
export type { LogKeyProps } from './log-key';
export * as logArchivePolicies from './policies';
export { accessLogBucketName, logBucketName, logKeyAlias } from './names';
export type { CloudTrailDeliveryOptions } from './policies';
