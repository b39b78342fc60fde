import { Rule } from '../rule';
import { blocks, isTrue } from '../terraform';

/** OSB-S5: Object Lock is enabled on the bucket (informational: it is optional in this baseline). */
export const OSB_S5: Rule = {
  id: 'OSB-S5',
  title: 'Bucket has Object Lock enabled',
  description:
    'Object Lock (WORM) keeps object versions from being deleted or overwritten for a retention period, even by the account ' +
    'root in COMPLIANCE mode. It is optional here (it can only be set when a bucket is created, and buckets that receive S3 ' +
    'server access logs cannot use it), so its absence is reported as low.',
  help: 'Set logArchive.objectLock { mode, days } in the configuration before the log bucket is first created.',
  severity: 'low',
  securityHubControl: 'S3.15',
  checkov: ['CKV_AWS_143'],
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket) {
    const legacy = blocks(bucket.config.object_lock_configuration).some((c) => c.object_lock_enabled === 'Enabled');
    return isTrue(bucket.config.object_lock_enabled) || legacy ? [] : [{ message: 'does not have Object Lock enabled (object_lock_enabled)' }];
  },
};
