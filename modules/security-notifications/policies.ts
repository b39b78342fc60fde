import { accountRootArn, ConditionKeys, denyInsecureTransport, PolicyStatement } from '../iam';
import { PUBLISH_ACTIONS, TOPIC_KEY_PUBLISH_ACTIONS } from './perms';

/** Pure statement builders for the security topics and their key. */

/**
 * Who publishes: the principals and services of an organization, or of the topic's own account
 * alone (a single-account deployment).
 */
export type PublisherScope = { readonly organizationId: string } | { readonly accountId: string };

export interface TopicPolicyOptions {
  readonly topicArn: string;
  /** Service principals allowed to publish (for resources in the scope). */
  readonly publishingServices: readonly string[];
}

/**
 * The principals of the scope, and the condition a service acting for the scope's resources
 * carries: `aws:SourceOrgID` for an organization, `aws:SourceAccount` for one account. AWS sets
 * both keys in the same case (a service calling on behalf of a resource owner), the organization
 * key being derived from the source account.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html#source-account-versus-source-owner
 */
function scopeOf(s: PublisherScope): {
  principals: { aws: string[] };
  principalConditions: Record<string, string[]>;
  serviceConditions: Record<string, string[]>;
} {
  return 'organizationId' in s
    ? {
        principals: { aws: ['*'] },
        principalConditions: { [ConditionKeys.PrincipalOrgId]: [s.organizationId] },
        serviceConditions: { [ConditionKeys.SourceOrgId]: [s.organizationId] },
      }
    : { principals: { aws: [accountRootArn(s.accountId)] }, principalConditions: {}, serviceConditions: { [ConditionKeys.SourceAccount]: [s.accountId] } };
}

/**
 * Principals of the organization (or of the one account) and the named services acting for it
 * may publish; nobody may publish without TLS. Subscriptions and topic changes stay with the
 * topic's account.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
 */
export function topicPolicyStatements(o: TopicPolicyOptions & PublisherScope): PolicyStatement[] {
  const scope = scopeOf(o);
  const single = 'accountId' in o;
  const principalConditions = Object.keys(scope.principalConditions).length > 0 ? { StringEquals: scope.principalConditions } : undefined;
  return [
    {
      sid: single ? 'AllowAccountPublish' : 'AllowOrganizationPublish',
      effect: 'Allow',
      principals: scope.principals,
      actions: PUBLISH_ACTIONS,
      resources: [o.topicArn],
      ...(principalConditions ? { conditions: principalConditions } : {}),
    },
    {
      sid: single ? 'AllowServicePublishForAccount' : 'AllowServicePublishForOrganization',
      effect: 'Allow',
      principals: { service: o.publishingServices },
      actions: PUBLISH_ACTIONS,
      resources: [o.topicArn],
      conditions: { StringEquals: scope.serviceConditions },
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
  /** The key's account. */
  readonly accountId: string;
  readonly region: string;
  /** Publishers of the organization; without it, of the key's account only. @default - the key's account only */
  readonly organizationId?: string;
  readonly publishingServices: readonly string[];
}): PolicyStatement[] {
  const scope = scopeOf(o.organizationId !== undefined ? { organizationId: o.organizationId } : { accountId: o.accountId });
  const viaSns = { 'kms:ViaService': [`sns.${o.region}.amazonaws.com`] };
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
      conditions: { StringEquals: scope.serviceConditions },
    },
    {
      sid: o.organizationId !== undefined ? 'AllowOrganizationPublishEncrypted' : 'AllowAccountPublishEncrypted',
      effect: 'Allow',
      principals: scope.principals,
      actions: TOPIC_KEY_PUBLISH_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: { ...scope.principalConditions, ...viaSns } },
    },
  ];
}
