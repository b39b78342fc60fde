import { Rule } from '../rule';

/** OSB-CT4: the trail also delivers to CloudWatch Logs, where the CIS metric filters watch it. */
export const OSB_CT4: Rule = {
  id: 'OSB-CT4',
  title: 'Trail delivers to CloudWatch Logs',
  description:
    'Metric filters and alarms (CIS 4.x, CloudWatch.1-14) only see events that reach a log group; a trail that writes only to S3 ' +
    'is reviewed after the fact, never alarmed on.',
  help: 'Set cloud_watch_logs_group_arn (ending in ":*") and cloud_watch_logs_role_arn on the aws_cloudtrail.',
  severity: 'low',
  securityHubControl: 'CloudTrail.5',
  checkov: ['CKV2_AWS_10'],
  trivy: ['AVD-AWS-0162'],
  resourceTypes: ['aws_cloudtrail'],
  evaluate(trail) {
    const missing = ['cloud_watch_logs_group_arn', 'cloud_watch_logs_role_arn'].filter((a) => {
      const v = trail.config[a];
      return typeof v !== 'string' || v.trim() === '';
    });
    return missing.length === 0 ? [] : [{ message: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set` }];
  },
};
