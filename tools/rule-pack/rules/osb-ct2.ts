import { Rule } from '../rule';

/** OSB-CT2: trail log files are encrypted with a KMS key (SSE-KMS). */
export const OSB_CT2: Rule = {
  id: 'OSB-CT2',
  title: 'Trail log files are encrypted with a KMS key',
  description:
    'With SSE-KMS, reading the logs needs kms:Decrypt on the log key as well as s3:GetObject, so the key policy becomes a second gate ' +
    'on who can read the organization\'s API history.',
  help: 'Set kms_key_id on the aws_cloudtrail to the log key (the log-archive stack exports log_key_arn).',
  severity: 'medium',
  securityHubControl: 'CloudTrail.2',
  checkov: ['CKV_AWS_35'],
  trivy: ['AVD-AWS-0015'],
  resourceTypes: ['aws_cloudtrail'],
  evaluate(trail) {
    const key = trail.config.kms_key_id;
    return typeof key === 'string' && key.trim() !== '' ? [] : [{ message: 'kms_key_id is not set: log files are encrypted with SSE-S3 only' }];
  },
};
