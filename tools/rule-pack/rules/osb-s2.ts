import { publicAccessProblems } from '../buckets';
import { Rule } from '../rule';

/** OSB-S2: every bucket has a full public access block and no public ACL. */
export const OSB_S2: Rule = {
  id: 'OSB-S2',
  title: 'Bucket blocks all public access',
  description:
    'The bucket-level public access block overrides any policy or ACL that would make the bucket or its objects public, ' +
    'so one mistaken statement cannot publish logs.',
  help:
    'Attach an aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and ' +
    'restrict_public_buckets all true (LogArchiveBucket always does).',
  severity: 'high',
  securityHubControl: 'S3.8',
  checkov: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
  trivy: ['AVD-AWS-0086', 'AVD-AWS-0087', 'AVD-AWS-0091', 'AVD-AWS-0093', 'AVD-AWS-0094'],
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket, context) {
    return publicAccessProblems(bucket, context).map((message) => ({ message }));
  },
};
