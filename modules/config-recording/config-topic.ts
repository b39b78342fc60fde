import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { PolicyStatement, ProviderRef, renderPolicy, topicArn } from '../iam';
import { securityNotificationsPolicies } from '../security-notifications';

export interface ConfigNotificationTopicProps {
  /** Provider of the audit account in `region`. */
  readonly provider: ProviderRef;
  /** The audit account ID (owner of the topic). */
  readonly accountId: string;
  /** Region of the topic: AWS Config publishes only to a topic in its own region. */
  readonly region: string;
  /** The organization whose principals may publish. */
  readonly organizationId: string;
  /** The topic name (`<prefix>-AllConfigNotifications`). */
  readonly topicName: string;
  /**
   * Accounts whose AWS Config may publish as its service principal (a recorder with the
   * service-linked role; `aws:SourceAccount`, as AWS documents). Recorders with a role publish as
   * principals of the organization.
   */
  readonly configSourceAccountIds: readonly string[];
  /** E-mail subscribers. @default [] */
  readonly emails?: readonly string[];
}

/**
 * `AllConfigNotifications` in one region of the audit account. AWS Config publishes only to a
 * topic in its own region, and not to a topic encrypted with a customer managed key, so there is
 * one unencrypted topic per governed region (as AWS Control Tower does). Publish rights are the
 * organization's (the recorder roles publish as principals of the organization) and AWS Config's
 * service principal for the listed accounts (the same statements as the home region's topic).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html
 */
export class ConfigNotificationTopic extends Construct {
  readonly topic: SnsTopic;
  /** Derived ARN (known at plan time). */
  readonly arn: string;
  readonly policyStatements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: ConfigNotificationTopicProps) {
    super(scope, id);
    this.arn = topicArn(props.region, props.accountId, props.topicName);
    this.topic = new SnsTopic(this, 'topic', {
      provider: props.provider,
      name: props.topicName,
      displayName: props.topicName,
      // No kms_master_key_id, deliberately: "AWS Config does not support encrypted Amazon SNS
      // topics" (sns-topic-policy page above). Messages are configuration metadata, not data.
    });
    this.policyStatements = securityNotificationsPolicies.configTopicPolicyStatements({
      topicArn: this.arn,
      organizationId: props.organizationId,
      configSourceAccountIds: props.configSourceAccountIds,
    });
    new SnsTopicPolicy(this, 'policy', { provider: props.provider, arn: this.topic.arn, policy: renderPolicy(this.policyStatements) });
    for (const email of props.emails ?? []) {
      new SnsTopicSubscription(this, `email_${email.toLowerCase().replace(/[^a-z0-9]/g, '_')}`, {
        provider: props.provider,
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    }
  }
}
