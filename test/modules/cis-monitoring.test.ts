import { CIS_CONTROLS, CisMonitoring } from '../../modules/cis-monitoring';
import { resourcesOf, synth, testStack } from '../helpers';

const TOPIC = 'arn:aws:sns:ap-northeast-1:333333333333:org-AggregateSecurityNotifications';

function monitoring(controls?: ConstructorParameters<typeof CisMonitoring>[2]['controls']) {
  const { stack, provider } = testStack();
  new CisMonitoring(stack, 'cis', { provider, logGroupName: 'trail-logs', alarmTopicArn: TOPIC, controls });
  return synth(stack);
}

describe('CisMonitoring', () => {
  const json = monitoring();
  const filters = resourcesOf(json, 'aws_cloudwatch_log_metric_filter');
  const alarms = resourcesOf(json, 'aws_cloudwatch_metric_alarm');

  test('creates one metric filter and one alarm per control 4.1-4.15', () => {
    expect(filters).toHaveLength(15);
    expect(alarms).toHaveLength(15);
    expect(CIS_CONTROLS.map((c) => c.id)).toEqual(['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15']);
  });

  test.each(CIS_CONTROLS.map((c) => [c.id, c] as const))('%s: the filter on the trail log group uses the exact table pattern', (_id, control) => {
    const f = filters.find((x) => x.metric_transformation.name === control.metricName)!;
    expect(f).toMatchObject({
      log_group_name: 'trail-logs',
      pattern: control.pattern,
      metric_transformation: { name: control.metricName, namespace: 'CISBenchmark', value: '1' },
    });
  });

  test.each(CIS_CONTROLS.map((c) => [c.id, c] as const))('%s: the alarm is Sum/300 s >= 1, one period, missing data not breaching, to the security topic', (_id, control) => {
    const a = alarms.find((x) => x.metric_name === control.metricName)!;
    expect(a).toMatchObject({
      alarm_name: `cis-${control.id}-${control.metricName}`,
      namespace: 'CISBenchmark',
      statistic: 'Sum',
      period: 300,
      threshold: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      evaluation_periods: 1,
      treat_missing_data: 'notBreaching',
      alarm_actions: [TOPIC],
    });
    expect(a.alarm_description).toContain(`CIS ${control.id}: ${control.title}`);
  });

  test('metric names are unique, so no two controls share an alarm', () => {
    expect(new Set(CIS_CONTROLS.map((c) => c.metricName)).size).toBe(15);
  });

  test('a subset of controls creates only those', () => {
    const subset = monitoring(['4.3', '4.1']);
    expect(resourcesOf(subset, 'aws_cloudwatch_metric_alarm').map((a) => a.metric_name).sort()).toEqual(['RootAccountUsage', 'UnauthorizedAPICalls']);
  });

  test('rejects unknown and repeated controls, all at once', () => {
    expect(() => monitoring(['4.1', '4.1', '9.9' as never])).toThrow(/unknown control "9.9"[\s\S]*control "4.1" is listed twice/);
  });
});
