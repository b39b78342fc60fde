import { accountRootArn, ConditionKeys, denyInsecureTransport, PolicyStatement } from '../iam';
import { PUBLISH_ACTIONS, TOPIC_KEY_PUBLISH_ACTIONS } from './perms';

/**
 * Pure statement builders for the security topics and the key of the encrypted one. Each service
 * principal is conditioned only on keys AWS documents that service as sending for that action
 * (the table in tools/rule-pack/service-condition-keys.ts, checked by rule OSB-IAM4).
 */

const CLOUDWATCH = 'cloudwatch.amazonaws.com';
const EVENTS = 'events.amazonaws.com';
const CONFIG = 'config.amazonaws.com';
/** The encryption context SNS sets when it encrypts a message of a topic. */
export const SNS_TOPIC_ENCRYPTION_CONTEXT_KEY = 'kms:EncryptionContext:aws:sns:topicArn';

/**
 * Which IAM principals publish: those of an organization (`aws:PrincipalOrgID`), or of the topic's
 * own account alone (a single-account deployment).
 */
export type PublisherScope = { readonly organizationId: string } | { readonly accountId: string };

/** What every topic policy builder takes: the topic and whose IAM principals may publish. */
export type TopicPolicyOptions = { readonly topicArn: string } & PublisherScope;

/** IAM principals of the scope may publish (services are granted separately, each as AWS documents it). */
function principalsPublish(o: TopicPolicyOptions): PolicyStatement {
  return 'organizationId' in o
    ? {
        sid: 'AllowOrganizationPublish',
        effect: 'Allow',
        principals: { aws: ['*'] },
        actions: PUBLISH_ACTIONS,
        resources: [o.topicArn],
        conditions: { StringEquals: { [ConditionKeys.PrincipalOrgId]: [o.organizationId] } },
      }
    : { sid: 'AllowAccountPublish', effect: 'Allow', principals: { aws: [accountRootArn(o.accountId)] }, actions: PUBLISH_ACTIONS, resources: [o.topicArn] };
}

/**
 * `AggregateSecurityNotifications`: IAM principals of the scope, and CloudWatch alarms and
 * EventBridge rules of the publisher accounts in the topic's region (by `aws:SourceArn`, which
 * both services send when they publish to SNS), never without TLS.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
 */
export function securityTopicPolicyStatements(
  o: TopicPolicyOptions & {
    readonly region: string;
    /** Accounts whose CloudWatch alarms and EventBridge rules (in the topic's region) publish. */
    readonly publisherAccountIds: readonly string[];
  },
): PolicyStatement[] {
  return [
    principalsPublish(o),
    {
      sid: 'AllowCloudWatchAlarmsPublish',
      effect: 'Allow',
      principals: { service: [CLOUDWATCH] },
      actions: PUBLISH_ACTIONS,
      resources: [o.topicArn],
      conditions: { ArnLike: { [ConditionKeys.SourceArn]: o.publisherAccountIds.map((a) => `arn:aws:cloudwatch:${o.region}:${a}:alarm:*`) } },
    },
    {
      sid: 'AllowEventBridgeRulesPublish',
      effect: 'Allow',
      principals: { service: [EVENTS] },
      actions: PUBLISH_ACTIONS,
      resources: [o.topicArn],
      conditions: { ArnLike: { [ConditionKeys.SourceArn]: o.publisherAccountIds.map((a) => `arn:aws:events:${o.region}:${a}:rule/*`) } },
    },
    denyInsecureTransport('DenyInsecurePublish', PUBLISH_ACTIONS, [o.topicArn]),
  ];
}

/**
 * `AllConfigNotifications`: IAM principals of the scope (AWS Config publishes as the recorder's
 * IAM role when it has one) and AWS Config's service principal for the listed accounts (it
 * publishes as the service principal when the recorder uses the service-linked role; AWS documents
 * `aws:SourceAccount` for it), never without TLS.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html
 */
export function configTopicPolicyStatements(
  o: TopicPolicyOptions & {
    /** Accounts whose AWS Config publishes as the service principal (recorder with the service-linked role). */
    readonly configSourceAccountIds: readonly string[];
  },
): PolicyStatement[] {
  return [
    principalsPublish(o),
    {
      sid: 'AllowConfigPublish',
      effect: 'Allow',
      principals: { service: [CONFIG] },
      actions: PUBLISH_ACTIONS,
      resources: [o.topicArn],
      conditions: { StringEquals: { [ConditionKeys.SourceAccount]: o.configSourceAccountIds } },
    },
    denyInsecureTransport('DenyInsecurePublish', PUBLISH_ACTIONS, [o.topicArn]),
  ];
}

/**
 * The key of the encrypted topic: its account administers it; CloudWatch and EventBridge may use it
 * only to encrypt for that topic (the encryption context SNS sets); IAM principals of the scope
 * may use it only through SNS for that topic. AWS states that source conditions (`aws:SourceArn`,
 * `aws:SourceAccount`, `aws:SourceOrgID`) in the key policy are not supported for EventBridge
 * delivery to an encrypted topic, and documents none for CloudWatch there, so the services are
 * scoped by the encryption context, which SNS sends for every topic it encrypts.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 * @see https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html (the `aws:sns:topicArn` encryption context)
 */
export function topicKeyStatements(o: {
  /** The key's account. */
  readonly accountId: string;
  readonly region: string;
  /** Publishers of the organization; without it, of the key's account only. @default - the key's account only */
  readonly organizationId?: string;
  /** The topic(s) the key encrypts. */
  readonly topicArns: readonly string[];
}): PolicyStatement[] {
  const forTopic = { [SNS_TOPIC_ENCRYPTION_CONTEXT_KEY]: o.topicArns };
  const viaSns = { 'kms:ViaService': [`sns.${o.region}.amazonaws.com`] };
  const service = (sid: string, principal: string): PolicyStatement => ({
    sid,
    effect: 'Allow',
    principals: { service: [principal] },
    actions: TOPIC_KEY_PUBLISH_ACTIONS,
    resources: ['*'],
    conditions: { StringEquals: forTopic },
  });
  return [
    {
      sid: 'EnableKeyAccountIamPolicies',
      effect: 'Allow',
      principals: { aws: [accountRootArn(o.accountId)] },
      actions: ['kms:*'],
      resources: ['*'],
    },
    service('AllowCloudWatchAlarmsEncrypt', CLOUDWATCH),
    service('AllowEventBridgeEncrypt', EVENTS),
    o.organizationId !== undefined
      ? {
          sid: 'AllowOrganizationPublishEncrypted',
          effect: 'Allow',
          principals: { aws: ['*'] },
          actions: TOPIC_KEY_PUBLISH_ACTIONS,
          resources: ['*'],
          conditions: { StringEquals: { [ConditionKeys.PrincipalOrgId]: [o.organizationId], ...viaSns, ...forTopic } },
        }
      : {
          sid: 'AllowAccountPublishEncrypted',
          effect: 'Allow',
          principals: { aws: [accountRootArn(o.accountId)] },
          actions: TOPIC_KEY_PUBLISH_ACTIONS,
          resources: ['*'],
          conditions: { StringEquals: { ...viaSns, ...forTopic } },
        },
  ];
}
