import { Rule } from '../rule';
import { show } from '../terraform';

/** Shortest retention, in days, CloudWatch.16 and CIS accept. */
const MIN_RETENTION_DAYS = 365;

/** OSB-CW1: log groups keep events for at least a year. */
export const OSB_CW1: Rule = {
  id: 'OSB-CW1',
  title: 'Log group retention is at least 365 days',
  description:
    'Investigations reach back months; a log group that expires events sooner loses them before they are needed. ' +
    'Unset or 0 means never expire, which complies.',
  help: 'Set trail.cloudWatchLogsRetentionDays (retention_in_days) to 365 or more, or leave it unset to keep events forever.',
  severity: 'medium',
  securityHubControl: 'CloudWatch.16',
  checkov: ['CKV_AWS_338'],
  resourceTypes: ['aws_cloudwatch_log_group'],
  evaluate(group) {
    const days = group.config.retention_in_days;
    if (days === undefined || days === 0) return [];
    return typeof days === 'number' && days >= MIN_RETENTION_DAYS
      ? []
      : [{ message: `retention_in_days is ${show(days)}, less than ${MIN_RETENTION_DAYS}` }];
  },
};
