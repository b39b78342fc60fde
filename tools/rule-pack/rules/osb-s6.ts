import { Rule } from '../rule';
import { blocks, bucketAttachments } from '../terraform';

const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

/** OSB-S6: default encryption of the bucket is SSE-KMS. */
export const OSB_S6: Rule = {
  id: 'OSB-S6',
  title: 'Bucket default encryption is SSE-KMS',
  description:
    'With SSE-KMS, reading an object also needs kms:Decrypt on the key, whose policy is a second, auditable gate; every use of ' +
    'the key is itself logged. SSE-S3 has no such gate.',
  help: 'Attach an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms" and kms_master_key_id.',
  severity: 'medium',
  securityHubControl: 'S3.17',
  checkov: ['CKV_AWS_145'],
  trivy: ['AVD-AWS-0132'],
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket, context) {
    const attached = bucketAttachments(bucket, 'aws_s3_bucket_server_side_encryption_configuration', context);
    const inline = blocks(bucket.config.server_side_encryption_configuration);
    const algorithms = [...attached.map((e) => e.config), ...inline]
      .flatMap((c) => blocks(c.rule))
      .flatMap((r) => blocks(r.apply_server_side_encryption_by_default))
      .map((d) => String(d.sse_algorithm));
    if (algorithms.some((a) => KMS_ALGORITHMS.includes(a))) return [];
    return [{ message: algorithms.length === 0 ? 'has no default encryption configuration' : `default encryption is ${algorithms.join(', ')}, not aws:kms` }];
  },
};
