import { hasAccessLogging, trailBucket } from '../buckets';
import { Rule } from '../rule';
import { bucketName, show } from '../terraform';

/** OSB-CT6: the trail's bucket records S3 server access logs, so reads of the logs are themselves logged. */
export const OSB_CT6: Rule = {
  id: 'OSB-CT6',
  title: "Trail's bucket has S3 server access logging",
  description:
    "Server access logs of the trail's bucket record who read or tried to read the logs, which CloudTrail data events on the " +
    'log bucket cannot do without feeding back into themselves.',
  help: "Attach an aws_s3_bucket_logging to the trail's bucket targeting a separate bucket (LogArchive sets accessLogBucketName).",
  severity: 'low',
  securityHubControl: 'CloudTrail.7',
  checkov: ['CKV_AWS_18'],
  trivy: ['AVD-AWS-0163'],
  resourceTypes: ['aws_cloudtrail'],
  evaluate(trail, context) {
    const bucket = trailBucket(trail, context);
    if (!bucket) {
      return [{ message: `the trail's bucket ${show(trail.config.s3_bucket_name)} is not in any synthesized stack: its access logging cannot be checked` }];
    }
    return hasAccessLogging(bucket, context)
      ? []
      : [{ message: `the trail's bucket ${bucketName(bucket) ?? bucket.address} (${bucket.stack}/${bucket.address}) has no server access logging` }];
  },
};
