import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { PolicyStatement, ProviderRef, renderPolicy, throwIfInvalid, topicArn } from '../iam';
import { DEFAULT_PUBLISHING_SERVICES } from './perms';
import { allConfigTopicName, DEFAULT_TOPIC_NAME_PREFIX, notificationsKeyAlias, securityTopicName, subscriptionIdSuffix } from './names';
import { topicKeyStatements, topicPolicyStatements } from './policies';

export interface SecurityNotificationsProps {
  /** Provider of the account and region the topics live in (the audit account, in the baseline). */
  readonly provider: ProviderRef;
  /** The account that owns the topics and their key. */
  readonly accountId: string;
  /** Region of the topics (for their derived ARNs and the key's `kms:ViaService`). */
  readonly region: string;
  /**
   * The organization whose principals and services may publish (`aws:PrincipalOrgID`,
   * `aws:SourceOrgID`).
   * @default - single account: only the topics' own account and services acting for it (`aws:SourceAccount`)
   * @see https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
   */
  readonly organizationId?: string;
  /** Subscribers of the aggregate security topic; at least one. */
  readonly securityEmails: readonly string[];
  /**
   * Create `<prefix>-AllConfigNotifications`, the topic AWS Config delivery channels publish to.
   * @default true
   */
  readonly allConfigTopic?: boolean;
  /** Subscribers of the all-configuration topic (requires `allConfigTopic`). @default [] */
  readonly allConfigEmails?: readonly string[];
  /**
   * Topic names are `<prefix>-AllConfigNotifications` and `<prefix>-AggregateSecurityNotifications`
   * ({@link allConfigTopicName}, {@link securityTopicName}).
   * @default "org"
   */
  readonly topicNamePrefix?: string;
  /**
   * Services that may publish for the organization (or the account).
   * @default ["cloudwatch.amazonaws.com", "config.amazonaws.com", "events.amazonaws.com"]
   */
  readonly publishingServices?: readonly string[];
  /** Alias of the topics' KMS key. @default "alias/<prefix>-security-notifications" ({@link notificationsKeyAlias}) */
  readonly keyAlias?: string;
}

/** One topic of {@link SecurityNotifications}. */
export interface SecurityTopic {
  /** The topic resource. */
  readonly topic: SnsTopic;
  /** The topic name. */
  readonly name: string;
  /** Derived ARN (known at plan time). */
  readonly arn: string;
  /** Statements of the topic policy. */
  readonly policyStatements: readonly PolicyStatement[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Security topics (seed 002: the audit account's), KMS-encrypted, publishable only by the
 * organization (or, without `organizationId`, the one account) and the services that report for
 * it, with e-mail subscriptions.
 */
export class SecurityNotifications extends Construct {
  /** `AggregateSecurityNotifications`: findings and alarms that people must see. */
  readonly securityTopic: SecurityTopic;
  /** `AllConfigNotifications`: every configuration change (noisy, for tooling); absent when `allConfigTopic` is false. */
  readonly allConfigTopic?: SecurityTopic;
  readonly key: KmsKey;
  readonly keyPolicyStatements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: SecurityNotificationsProps) {
    super(scope, id);
    const problems: string[] = [];
    const withAllConfig = props.allConfigTopic ?? true;
    if (props.securityEmails.length === 0) problems.push('securityEmails must list at least one address');
    for (const field of ['securityEmails', 'allConfigEmails'] as const) {
      (props[field] ?? []).forEach((e, i) => {
        if (!EMAIL.test(e)) problems.push(`${field}[${i}] "${e}" is not an e-mail address`);
      });
    }
    if (!withAllConfig && (props.allConfigEmails ?? []).length > 0) problems.push('allConfigEmails needs allConfigTopic: true (there is no topic to subscribe them to)');
    if (props.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
      problems.push(`organizationId "${props.organizationId}" is not an organization ID like "o-a1b2c3d4e5" (omit it for a single account)`);
    }
    for (const field of ['securityEmails', 'allConfigEmails'] as const) {
      const first = new Map<string, string>();
      for (const e of props[field] ?? []) {
        const other = first.get(subscriptionIdSuffix(e));
        if (other !== undefined) problems.push(`${field}: "${e}" and "${other}" would share the subscription ID "${subscriptionIdSuffix(e)}" (IDs keep only letters and digits): keep one`);
        else first.set(subscriptionIdSuffix(e), e);
      }
    }
    throwIfInvalid('SecurityNotifications', this, problems);

    const prefix = props.topicNamePrefix ?? DEFAULT_TOPIC_NAME_PREFIX;
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
      name: props.keyAlias ?? notificationsKeyAlias(prefix),
      targetKeyId: this.key.keyId,
    });

    const publishers = props.organizationId !== undefined ? { organizationId: props.organizationId } : { accountId: props.accountId };
    const makeTopic = (cid: string, name: string, emails: readonly string[]): SecurityTopic => {
      const arn = topicArn(props.region, props.accountId, name);
      const topic = new SnsTopic(this, cid, {
        provider: props.provider,
        name,
        displayName: name,
        kmsMasterKeyId: this.key.arn,
      });
      const policyStatements = topicPolicyStatements({ topicArn: arn, publishingServices: services, ...publishers });
      new SnsTopicPolicy(this, `${cid}_policy`, { provider: props.provider, arn: topic.arn, policy: renderPolicy(policyStatements) });
      for (const email of emails) {
        // IDs from the address, not the list position, so reordering the list changes nothing.
        new SnsTopicSubscription(this, `${cid}_${subscriptionIdSuffix(email)}`, {
          provider: props.provider,
          topicArn: topic.arn,
          protocol: 'email',
          endpoint: email,
        });
      }
      return { topic, name, arn, policyStatements };
    };
    if (withAllConfig) this.allConfigTopic = makeTopic('all_config', allConfigTopicName(prefix), props.allConfigEmails ?? []);
    this.securityTopic = makeTopic('security', securityTopicName(prefix), props.securityEmails);
  }
}
