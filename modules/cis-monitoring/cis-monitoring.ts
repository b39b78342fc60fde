import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { ProviderRef, throwIfInvalid } from '../iam';
import { CIS_CONTROLS, CisControl, CisControlId } from './controls';

export interface CisMonitoringProps {
  /** Provider of the account and region of the log group. */
  readonly provider: ProviderRef;
  /** The trail's CloudWatch Logs group (an organization trail's or one account's). */
  readonly logGroupName: string;
  /** SNS topic every alarm notifies (in the baseline, the audit account's AggregateSecurityNotifications). */
  readonly alarmTopicArn: string;
  /**
   * Controls to monitor.
   * @default - all of 4.1-4.15
   * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html (CloudWatch.1-14)
   */
  readonly controls?: readonly CisControlId[];
  /** Metric namespace. @default "CISBenchmark" */
  readonly namespace?: string;
  /** Alarm names are `<prefix>-<control id>-<metric name>`. @default "cis" */
  readonly alarmNamePrefix?: string;
}

/** The filter and alarm of one control. */
export interface MonitoredControl {
  /** The control, from {@link CIS_CONTROLS}. */
  readonly control: CisControl;
  /** The metric filter on the trail's log group. */
  readonly filter: CloudwatchLogMetricFilter;
  /** The alarm that notifies `alarmTopicArn`. */
  readonly alarm: CloudwatchMetricAlarm;
}

/**
 * CIS AWS Foundations v3.0 section 4: for each selected control a metric filter on the trail's
 * log group and an alarm (Sum over 300 s >= 1, one period, missing data not breaching) that
 * notifies the security topic.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 */
export class CisMonitoring extends Construct {
  readonly monitored: readonly MonitoredControl[];

  constructor(scope: Construct, id: string, props: CisMonitoringProps) {
    super(scope, id);
    const wanted = props.controls ?? CIS_CONTROLS.map((c) => c.id);
    const unknown = wanted.filter((w) => !CIS_CONTROLS.some((c) => c.id === w));
    const repeated = wanted.filter((w, i) => wanted.indexOf(w) !== i);
    const problems = [
      ...unknown.map((u) => `unknown control "${u}" (expected 4.1-4.15)`),
      ...repeated.map((r) => `control "${r}" is listed twice`),
    ];
    throwIfInvalid('CisMonitoring', this, problems);

    const namespace = props.namespace ?? 'CISBenchmark';
    const prefix = props.alarmNamePrefix ?? 'cis';
    this.monitored = CIS_CONTROLS.filter((c) => wanted.includes(c.id)).map((control) => {
      const key = control.id.replace('.', '_');
      const filter = new CloudwatchLogMetricFilter(this, `filter_${key}`, {
        provider: props.provider,
        name: `${prefix}-${control.id}-${control.metricName}`,
        logGroupName: props.logGroupName,
        pattern: control.pattern,
        metricTransformation: { name: control.metricName, namespace, value: '1' },
      });
      const alarm = new CloudwatchMetricAlarm(this, `alarm_${key}`, {
        provider: props.provider,
        alarmName: `${prefix}-${control.id}-${control.metricName}`,
        alarmDescription: `CIS ${control.id}: ${control.title}${control.securityHubControl ? ` (Security Hub ${control.securityHubControl})` : ''}`,
        namespace,
        metricName: control.metricName,
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [props.alarmTopicArn],
        dependsOn: [filter],
      });
      return { control, filter, alarm };
    });
  }
}
