import { accountRootArn, ConditionKeys, denyInsecureTransport, PolicyStatement } from '../iam';
import { PUBLISH_ACTIONS, TOPIC_KEY_PUBLISH_ACTIONS } from './perms';

/** Pure statement builders for the security topics and their key. */

export interface TopicPolicyOptions {
  readonly topicArn: string;
  readonly organizationId: string;
  /** Service principals allowed to publish (for resources in the organization). */
  readonly publishingServices: readonly string[];
}

/**
 * Principals of the organization and the named services acting for the organization may publish;
 * nobody may publish without TLS. Subscriptions and topic changes stay with the topic's account.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
 */
export function topicPolicyStatements(o: TopicPolicyOptions): PolicyStatement[] {
  return [
    {
      sid: 'AllowOrganizationPublish',
      effect: 'Allow',
      principals: { aws: ['*'] },
      actions: PUBLISH_ACTIONS,
      resources: [o.topicArn],
      conditions: { StringEquals: { [ConditionKeys.PrincipalOrgId]: [o.organizationId] } },
    },
    {
      sid: 'AllowServicePublishForOrganization',
      effect: 'Allow',
      principals: { service: o.publishingServices },
      actions: PUBLISH_ACTIONS,
      resources: [o.topicArn],
      conditions: { StringEquals: { [ConditionKeys.SourceOrgId]: [o.organizationId] } },
    },
    denyInsecureTransport('DenyInsecurePublish', PUBLISH_ACTIONS, [o.topicArn]),
  ];
}

/**
 * The topic key: its account administers it; the publishing services (for the organization) and
 * organization principals publishing through SNS may use it to encrypt messages.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
export function topicKeyStatements(o: {
  readonly accountId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly publishingServices: readonly string[];
}): PolicyStatement[] {
  return [
    {
      sid: 'EnableKeyAccountIamPolicies',
      effect: 'Allow',
      principals: { aws: [accountRootArn(o.accountId)] },
      actions: ['kms:*'],
      resources: ['*'],
    },
    {
      sid: 'AllowPublishingServicesEncrypt',
      effect: 'Allow',
      principals: { service: o.publishingServices },
      actions: TOPIC_KEY_PUBLISH_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: { [ConditionKeys.SourceOrgId]: [o.organizationId] } },
    },
    {
      sid: 'AllowOrganizationPublishEncrypted',
      effect: 'Allow',
      principals: { aws: ['*'] },
      actions: TOPIC_KEY_PUBLISH_ACTIONS,
      resources: ['*'],
      conditions: {
        StringEquals: { [ConditionKeys.PrincipalOrgId]: [o.organizationId], 'kms:ViaService': [`sns.${o.region}.amazonaws.com`] },
      },
    },
  ];
}
