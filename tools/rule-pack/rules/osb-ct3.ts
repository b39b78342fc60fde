import { Rule } from '../rule';
import { isTrue, show } from '../terraform';

/** OSB-CT3: trail log file validation is on, so tampering with delivered logs is detectable. */
export const OSB_CT3: Rule = {
  id: 'OSB-CT3',
  title: 'Trail log file validation is enabled',
  description:
    'Log file validation writes signed, chained digest files, so a deleted or altered log file is detectable with ' +
    '`aws cloudtrail validate-logs`. Without it nobody can prove the logs are complete.',
  help: 'Set enable_log_file_validation = true on the aws_cloudtrail.',
  severity: 'low',
  securityHubControl: 'CloudTrail.4',
  checkov: ['CKV_AWS_36'],
  trivy: ['AVD-AWS-0016'],
  resourceTypes: ['aws_cloudtrail'],
  evaluate(trail) {
    const v = trail.config.enable_log_file_validation;
    return isTrue(v) ? [] : [{ message: `enable_log_file_validation is ${show(v)}, not true` }];
  },
};
