import { Rule } from '../rule';
import { isTrue, show } from '../terraform';

/** OSB-KMS2: automatic rotation is on for every symmetric encryption key. */
export const OSB_KMS2: Rule = {
  id: 'OSB-KMS2',
  title: 'KMS key rotation is enabled',
  description:
    'Automatic rotation creates new key material yearly (or on the configured period) while old material still decrypts, ' +
    'limiting how much data one compromised key version protects. Asymmetric and HMAC keys cannot rotate and are skipped.',
  help: 'Set enable_key_rotation = true on the aws_kms_key.',
  severity: 'medium',
  securityHubControl: 'KMS.4',
  checkov: ['CKV_AWS_7'],
  trivy: ['AVD-AWS-0065'],
  resourceTypes: ['aws_kms_key'],
  evaluate(key) {
    const spec = key.config.customer_master_key_spec ?? key.config.key_spec;
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return [];
    const v = key.config.enable_key_rotation;
    return isTrue(v) ? [] : [{ message: `enable_key_rotation is ${show(v)}, not true` }];
  },
};
