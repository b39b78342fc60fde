import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ProviderRef, throwIfInvalid } from '../iam';
import { FINDING_INPUT_PATHS, findingsEventPattern, findingsInputTemplate, SeverityLabel } from './pattern';


export interface FindingsRoutingProps {
  /** Provider of the Security Hub aggregation account (audit) in the home region. */
  readonly provider: ProviderRef;
  /** The home (aggregation) region, for the console link. */
  readonly homeRegion: string;
  /** Rule name (default event bus). */
  readonly ruleName: string;
  /** The topic the findings go to (AggregateSecurityNotifications). */
  readonly topicArn: string;
  /** Severities sent. @default ["HIGH", "CRITICAL"] */
  readonly severities?: readonly SeverityLabel[];
  /** Must exist first (the aggregator, so findings of every region arrive). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * One EventBridge rule in the aggregation region that sends active, unsuppressed Security Hub
 * findings (GuardDuty, Access Analyzer and Security Hub's own controls, from every linked region)
 * at the configured severities to the security topic, as a readable e-mail. No `role_arn` on the
 * target: EventBridge publishes to SNS under the topic's resource policy, and a role breaks
 * delivery to KMS-encrypted topics.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
 */
export class FindingsRouting extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;
  readonly eventPattern: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: FindingsRoutingProps) {
    super(scope, id);
    const severities = props.severities ?? ['HIGH', 'CRITICAL'];
    const problems: string[] = [];
    if (severities.length === 0) problems.push('severities must name at least one severity label');
    if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(props.ruleName)) problems.push(`ruleName "${props.ruleName}" must be 1-64 letters, digits, ".", "-" or "_"`);
    throwIfInvalid('FindingsRouting', this, problems);

    this.eventPattern = findingsEventPattern(severities);
    this.rule = new CloudwatchEventRule(this, 'rule', {
      provider: props.provider,
      name: props.ruleName,
      description: `Security Hub findings (${severities.join(', ')}; active, not suppressed) to the security topic`,
      eventPattern: JSON.stringify(this.eventPattern),
      state: 'ENABLED',
      dependsOn: props.dependsOn?.length ? [...props.dependsOn] : undefined,
    });
    this.target = new CloudwatchEventTarget(this, 'security_topic', {
      provider: props.provider,
      rule: this.rule.name,
      targetId: 'security-topic',
      arn: props.topicArn,
      inputTransformer: { inputPaths: { ...FINDING_INPUT_PATHS }, inputTemplate: findingsInputTemplate(props.homeRegion) },
    });
  }
}
