import { hasAccessLogging } from '../buckets';
import { Rule } from '../rule';

/** OSB-S3: the bucket records S3 server access logs. */
export const OSB_S3: Rule = {
  id: 'OSB-S3',
  title: 'Bucket has S3 server access logging',
  description: 'Server access logs record every request to the bucket, including denied ones, which CloudTrail management events do not.',
  help: 'Attach an aws_s3_bucket_logging targeting a separate bucket in the same account and region.',
  severity: 'medium',
  securityHubControl: 'S3.9',
  checkov: ['CKV_AWS_18'],
  trivy: ['AVD-AWS-0089'],
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket, context) {
    return hasAccessLogging(bucket, context) ? [] : [{ message: 'has no server access logging (aws_s3_bucket_logging)' }];
  },
};
