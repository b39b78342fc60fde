import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { isAccountId, PolicyStatement, ProviderRef, renderPolicy, throwIfInvalid, topicArn } from '../iam';
import { allConfigTopicName, DEFAULT_TOPIC_NAME_PREFIX, notificationsKeyAlias, securityTopicName, subscriptionIdSuffix } from './names';
import { configTopicPolicyStatements, securityTopicPolicyStatements, topicKeyStatements } from './policies';

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
   * Accounts whose CloudWatch alarms and EventBridge rules in this region publish to
   * `AggregateSecurityNotifications` (e.g. the management account's CIS alarms).
   * @default - this account only
   */
  readonly publisherAccountIds?: readonly string[];
  /**
   * Accounts whose AWS Config publishes to `AllConfigNotifications` as the service principal (a
   * recorder with the service-linked role). Config recorders with an IAM role publish as that role
   * and are admitted as IAM principals of the organization (or the account).
   * @default - this account only
   * @see https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html
   */
  readonly configSourceAccountIds?: readonly string[];
  /**
   * `prevent_destroy` on the key and the topics: losing a topic silently ends every alert routed to it.
   * @default true
   */
  readonly preventDestroy?: boolean;
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
 * Security topics (seed 002: the audit account's) with e-mail subscriptions, publishable only by
 * the organization (or, without `organizationId`, the one account) and the services that report
 * for it, each service scoped by the keys AWS documents it sends. `AggregateSecurityNotifications`
 * is encrypted with its own KMS key; `AllConfigNotifications` is not, because AWS Config cannot
 * publish to an encrypted topic. Key and topics have `prevent_destroy` by default.
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
    for (const [field, ids] of [['publisherAccountIds', props.publisherAccountIds], ['configSourceAccountIds', props.configSourceAccountIds]] as const) {
      if (ids !== undefined && ids.length === 0) problems.push(`${field} must list at least one account (omit it for this account only)`);
      for (const id of ids ?? []) if (!isAccountId(id)) problems.push(`${field}: "${id}" is not a 12-digit account ID`);
    }
    throwIfInvalid('SecurityNotifications', this, problems);

    const prefix = props.topicNamePrefix ?? DEFAULT_TOPIC_NAME_PREFIX;
    const preventDestroy = props.preventDestroy ?? true;
    const publishers = [...new Set(props.publisherAccountIds ?? [props.accountId])];
    const configSources = [...new Set(props.configSourceAccountIds ?? [props.accountId])];
    const publisherScope = props.organizationId !== undefined ? { organizationId: props.organizationId } : { accountId: props.accountId };
    const securityName = securityTopicName(prefix);
    const securityArn = topicArn(props.region, props.accountId, securityName);

    this.keyPolicyStatements = topicKeyStatements({
      accountId: props.accountId,
      region: props.region,
      organizationId: props.organizationId,
      topicArns: [securityArn],
    });
    this.key = new KmsKey(this, 'key', {
      provider: props.provider,
      description: 'Encrypts the AggregateSecurityNotifications topic',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: renderPolicy(this.keyPolicyStatements, 'security-notifications-key-policy'),
      lifecycle: { preventDestroy },
    });
    new KmsAlias(this, 'key_alias', {
      provider: props.provider,
      name: props.keyAlias ?? notificationsKeyAlias(prefix),
      targetKeyId: this.key.keyId,
    });

    const makeTopic = (
      cid: string,
      name: string,
      arn: string,
      policyStatements: readonly PolicyStatement[],
      emails: readonly string[],
      kmsMasterKeyId: string | undefined,
    ): SecurityTopic => {
      const topic = new SnsTopic(this, cid, {
        provider: props.provider,
        name,
        displayName: name,
        kmsMasterKeyId,
        lifecycle: { preventDestroy },
      });
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
    if (withAllConfig) {
      const configName = allConfigTopicName(prefix);
      const configArn = topicArn(props.region, props.accountId, configName);
      // No server-side encryption on AllConfigNotifications: AWS Config does not support encrypted
      // SNS topics (a customer key, or the AWS managed alias/aws/sns, whose policy no service
      // principal can use), and delivers only to a topic in its own region.
      // https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html
      this.allConfigTopic = makeTopic(
        'all_config',
        configName,
        configArn,
        configTopicPolicyStatements({ topicArn: configArn, configSourceAccountIds: configSources, ...publisherScope }),
        props.allConfigEmails ?? [],
        undefined,
      );
    }
    this.securityTopic = makeTopic(
      'security',
      securityName,
      securityArn,
      securityTopicPolicyStatements({ topicArn: securityArn, region: props.region, publisherAccountIds: publishers, ...publisherScope }),
      props.securityEmails,
      this.key.arn,
    );
  }
}
