import { publicAccessProblems, trailBucket } from '../buckets';
import { Rule, Violation } from '../rule';
import { bucketName, show } from '../terraform';

/** The stack whose buckets hold the trail's logs when the trail names its bucket by an unresolvable value. */
const LOG_ARCHIVE_STACK = 'log-archive';

/** OSB-CT5: the bucket the trail delivers to cannot be made public. */
export const OSB_CT5: Rule = {
  id: 'OSB-CT5',
  title: "Trail's bucket blocks all public access",
  description:
    "The trail's bucket holds every API call of the organization. All four public access block settings keep a mistaken bucket " +
    'policy or ACL from publishing it. The bucket is in the log-archive stack, so the rule follows the trail across stacks; when ' +
    "the bucket cannot be resolved, every bucket of the log-archive stack must comply.",
  help:
    'Attach an aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and ' +
    'restrict_public_buckets all true to the trail bucket (LogArchiveBucket always does), and grant no public canned ACL.',
  severity: 'critical',
  securityHubControl: 'CloudTrail.6',
  checkov: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
  trivy: ['AVD-AWS-0161'],
  resourceTypes: ['aws_cloudtrail'],
  evaluate(trail, context) {
    const own = trailBucket(trail, context);
    const candidates = own ? [own] : context.resources('aws_s3_bucket', LOG_ARCHIVE_STACK);
    if (candidates.length === 0) {
      return [
        {
          message: `the trail's bucket ${show(trail.config.s3_bucket_name)} is not in any synthesized stack, and the ${LOG_ARCHIVE_STACK} stack has no bucket: public access cannot be ruled out`,
        },
      ];
    }
    const v: Violation[] = [];
    for (const b of candidates) {
      for (const p of publicAccessProblems(b, context)) {
        v.push({ message: `${own ? "the trail's bucket" : `log-archive bucket`} ${bucketName(b) ?? b.address} (${b.stack}/${b.address}) ${p}` });
      }
    }
    return v;
  },
};
