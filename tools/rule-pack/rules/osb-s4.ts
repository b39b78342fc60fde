import { Rule } from '../rule';
import { blocks, bucketAttachments, isTrue, show } from '../terraform';

/** OSB-S4: bucket versioning is enabled, so overwritten or deleted log objects can be recovered. */
export const OSB_S4: Rule = {
  id: 'OSB-S4',
  title: 'Bucket versioning is enabled',
  description: 'With versioning, an overwrite or delete leaves the previous version in place until the lifecycle removes it.',
  help: 'Attach an aws_s3_bucket_versioning with versioning_configuration.status = "Enabled".',
  severity: 'low',
  securityHubControl: 'S3.14',
  checkov: ['CKV_AWS_21'],
  trivy: ['AVD-AWS-0090'],
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket, context) {
    const attached = bucketAttachments(bucket, 'aws_s3_bucket_versioning', context);
    const statuses = attached.flatMap((v) => blocks(v.config.versioning_configuration).map((c) => c.status));
    const inline = blocks(bucket.config.versioning).some((v) => isTrue(v.enabled));
    if (inline || statuses.includes('Enabled')) return [];
    return [{ message: attached.length === 0 ? 'has no aws_s3_bucket_versioning' : `versioning status is ${show(statuses[0])}, not "Enabled"` }];
  },
};
