import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { PolicyStatement, ProviderRef, renderPolicy, topicArn } from '../iam';
import { DEFAULT_PUBLISHING_SERVICES } from './perms';
import { topicKeyStatements, topicPolicyStatements } from './policies';

export interface SecurityNotificationsProps {
  /** Provider of the audit account in its home region. */
  readonly provider: ProviderRef;
  /** The audit account ID (owner of the topics). */
  readonly accountId: string;
  readonly region: string;
  readonly organizationId: string;
  /** Subscribers of the aggregate security topic; at least one. */
  readonly securityEmails: readonly string[];
  /** Subscribers of the all-configuration topic. @default [] */
  readonly allConfigEmails?: readonly string[];
  /** Topic names are `<prefix>-AllConfigNotifications` and `<prefix>-AggregateSecurityNotifications`. @default "org" */
  readonly topicNamePrefix?: string;
  /** Services that may publish for the organization. @default cloudwatch, config, events */
  readonly publishingServices?: readonly string[];
  /** Alias of the topics' KMS key. @default "alias/<prefix>-security-notifications" */
  readonly keyAlias?: string;
}

/** One topic of {@link SecurityNotifications}. */
export interface SecurityTopic {
  readonly topic: SnsTopic;
  readonly name: string;
  /** Derived ARN (known at plan time). */
  readonly arn: string;
  readonly policyStatements: readonly PolicyStatement[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The audit account's security topics (seed 002), KMS-encrypted, publishable only by the
 * organization and the services that report for it, with e-mail subscriptions.
 */
export class SecurityNotifications extends Construct {
  /** `AggregateSecurityNotifications`: findings and alarms that people must see. */
  readonly securityTopic: SecurityTopic;
  /** `AllConfigNotifications`: every configuration change (noisy, for tooling). */
  readonly allConfigTopic: SecurityTopic;
  readonly key: KmsKey;
  readonly keyPolicyStatements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: SecurityNotificationsProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.securityEmails.length === 0) problems.push('securityEmails must list at least one address');
    for (const e of [...props.securityEmails, ...(props.allConfigEmails ?? [])]) {
      if (!EMAIL.test(e)) problems.push(`"${e}" is not an e-mail address`);
    }
    if (problems.length > 0) throw new Error(`SecurityNotifications "${this.node.path}":\n  - ${problems.join('\n  - ')}`);

    const prefix = props.topicNamePrefix ?? 'org';
    const services = props.publishingServices ?? DEFAULT_PUBLISHING_SERVICES;
    this.keyPolicyStatements = topicKeyStatements({
      accountId: props.accountId,
      region: props.region,
      organizationId: props.organizationId,
      publishingServices: services,
    });
    this.key = new KmsKey(this, 'key', {
      provider: props.provider,
      description: 'Encrypts the security notification topics',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: renderPolicy(this.keyPolicyStatements, 'security-notifications-key-policy'),
    });
    new KmsAlias(this, 'key_alias', {
      provider: props.provider,
      name: props.keyAlias ?? `alias/${prefix}-security-notifications`,
      targetKeyId: this.key.keyId,
    });

    const makeTopic = (cid: string, suffix: string, emails: readonly string[]): SecurityTopic => {
      const name = `${prefix}-${suffix}`;
      const arn = topicArn(props.region, props.accountId, name);
      const topic = new SnsTopic(this, cid, {
        provider: props.provider,
        name,
        displayName: name,
        kmsMasterKeyId: this.key.arn,
      });
      const policyStatements = topicPolicyStatements({ topicArn: arn, organizationId: props.organizationId, publishingServices: services });
      new SnsTopicPolicy(this, `${cid}_policy`, { provider: props.provider, arn: topic.arn, policy: renderPolicy(policyStatements) });
      for (const email of emails) {
        // IDs from the address, not the list position, so reordering the list changes nothing.
        new SnsTopicSubscription(this, `${cid}_${email.toLowerCase().replace(/[^a-z0-9]/g, '_')}`, {
          provider: props.provider,
          topicArn: topic.arn,
          protocol: 'email',
          endpoint: email,
        });
      }
      return { topic, name, arn, policyStatements };
    };
    this.allConfigTopic = makeTopic('all_config', 'AllConfigNotifications', props.allConfigEmails ?? []);
    this.securityTopic = makeTopic('security', 'AggregateSecurityNotifications', props.securityEmails);
  }
}
