import { SecurityNotifications } from '../../modules/security-notifications';
import { asList, onlyResource, parsePolicy, resourcesOf, statement, synth, testStack } from '../helpers';

const ORG = 'o-a1b2c3d4e5';
const AUDIT = '333333333333';

function notifications(overrides: Partial<ConstructorParameters<typeof SecurityNotifications>[2]> = {}) {
  const { stack, provider } = testStack();
  const n = new SecurityNotifications(stack, 'n', {
    provider,
    accountId: AUDIT,
    region: 'ap-northeast-1',
    organizationId: ORG,
    securityEmails: ['sec@example.com', 'soc@example.com'],
    allConfigEmails: ['config@example.com'],
    ...overrides,
  });
  return { stack, n, json: synth(stack) };
}

describe('SecurityNotifications', () => {
  const { n, json } = notifications();
  const topics = resourcesOf(json, 'aws_sns_topic');
  const keyId = Object.keys(json.resource.aws_kms_key)[0];

  test('creates the two topics of seed 002, both encrypted with the topic key (SNS.1)', () => {
    expect(topics.map((t) => t.name).sort()).toEqual(['org-AggregateSecurityNotifications', 'org-AllConfigNotifications']);
    for (const t of topics) expect(t.kms_master_key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
    expect(onlyResource(json, 'aws_kms_key').enable_key_rotation).toBe(true);
  });

  test('topic ARNs are derived (known at plan time)', () => {
    expect(n.securityTopic.arn).toBe(`arn:aws:sns:ap-northeast-1:${AUDIT}:org-AggregateSecurityNotifications`);
    expect(n.allConfigTopic?.arn).toBe(`arn:aws:sns:ap-northeast-1:${AUDIT}:org-AllConfigNotifications`);
  });

  test.each(['org-AggregateSecurityNotifications', 'org-AllConfigNotifications'])('%s allows publish only from the organization and its services, over TLS', (name) => {
    const policies = resourcesOf(json, 'aws_sns_topic_policy').map((p) => parsePolicy(p.policy));
    const policy = policies.find((p) => p.Statement.some((s) => asList(s.Resource).some((r: string) => r.endsWith(`:${name}`))))!;
    const arn = `arn:aws:sns:ap-northeast-1:${AUDIT}:${name}`;
    expect(statement(policy, 'AllowOrganizationPublish')).toMatchObject({
      Principal: { AWS: '*' },
      Action: 'sns:Publish',
      Resource: arn,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    });
    const services = statement(policy, 'AllowServicePublishForOrganization');
    expect(asList(services.Principal.Service).sort()).toEqual(['cloudwatch.amazonaws.com', 'config.amazonaws.com', 'events.amazonaws.com']);
    expect(services.Condition).toEqual({ StringEquals: { 'aws:SourceOrgID': ORG } });
    expect(statement(policy, 'DenyInsecurePublish')).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const allowed = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => asList(s.Action));
    expect(new Set(allowed)).toEqual(new Set(['sns:Publish']));
  });

  test('subscribes each configured e-mail to its topic with IDs that do not depend on list order', () => {
    const subs = resourcesOf(json, 'aws_sns_topic_subscription');
    expect(subs.map((s) => s.endpoint).sort()).toEqual(['config@example.com', 'sec@example.com', 'soc@example.com']);
    for (const s of subs) expect(s.protocol).toBe('email');
    const reordered = notifications({ securityEmails: ['soc@example.com', 'sec@example.com'] }).json;
    expect(Object.keys(reordered.resource.aws_sns_topic_subscription).sort()).toEqual(Object.keys(json.resource.aws_sns_topic_subscription).sort());
  });

  test('the topic key lets the publishing services encrypt only for the organization', () => {
    const policy = parsePolicy(onlyResource(json, 'aws_kms_key').policy);
    expect(statement(policy, 'AllowPublishingServicesEncrypt').Condition).toEqual({ StringEquals: { 'aws:SourceOrgID': ORG } });
    expect(statement(policy, 'AllowOrganizationPublishEncrypted').Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': ORG, 'kms:ViaService': 'sns.ap-northeast-1.amazonaws.com' },
    });
    const kmsStar = policy.Statement.filter((s) => asList(s.Action).includes('kms:*'));
    expect(kmsStar.map((s) => s.Principal)).toEqual([{ AWS: `arn:aws:iam::${AUDIT}:root` }]);
  });

  test('rejects an empty subscriber list and malformed addresses, all at once', () => {
    expect(() => notifications({ securityEmails: [], allConfigEmails: ['not-an-email'] })).toThrow(
      /securityEmails must list at least one address[\s\S]*"not-an-email" is not an e-mail address/,
    );
  });

  test('rejects two addresses that would share a subscription ID, instead of a construct-name clash', () => {
    expect(() => notifications({ securityEmails: ['a.b@example.com', 'a_b@example.com'] })).toThrow(
      'securityEmails: "a_b@example.com" and "a.b@example.com" would share the subscription ID "a_b_example_com"',
    );
    // The same address in both lists is fine: each topic names its own subscriptions.
    expect(() => notifications({ securityEmails: ['a@example.com'], allConfigEmails: ['a@example.com'] })).not.toThrow();
  });
});

describe('SecurityNotifications for a single account (no organization)', () => {
  const { n, json } = notifications({ organizationId: undefined, allConfigTopic: false, allConfigEmails: [] });

  test('GIVEN allConfigTopic false THEN only the security topic exists', () => {
    expect(resourcesOf(json, 'aws_sns_topic').map((t) => t.name)).toEqual(['org-AggregateSecurityNotifications']);
    expect(n.allConfigTopic).toBeUndefined();
  });

  test('GIVEN no organizationId THEN the account and services acting for it (aws:SourceAccount) may publish, and no organization is named', () => {
    const policy = parsePolicy(onlyResource(json, 'aws_sns_topic_policy').policy);
    expect(statement(policy, 'AllowAccountPublish').Principal).toEqual({ AWS: `arn:aws:iam::${AUDIT}:root` });
    expect(statement(policy, 'AllowAccountPublish').Condition).toBeUndefined();
    expect(statement(policy, 'AllowServicePublishForAccount').Condition).toEqual({ StringEquals: { 'aws:SourceAccount': AUDIT } });
    const key = parsePolicy(onlyResource(json, 'aws_kms_key').policy);
    expect(statement(key, 'AllowPublishingServicesEncrypt').Condition).toEqual({ StringEquals: { 'aws:SourceAccount': AUDIT } });
    expect(statement(key, 'AllowAccountPublishEncrypted').Condition).toEqual({ StringEquals: { 'kms:ViaService': 'sns.ap-northeast-1.amazonaws.com' } });
    expect(JSON.stringify([policy, key])).not.toMatch(/OrgID|o-/);
  });

  test('rejects the old "none" sentinel and subscribers of a topic that is not created, naming the props', () => {
    expect(() => notifications({ organizationId: 'none', allConfigTopic: false, allConfigEmails: ['a@example.com'] })).toThrow(
      /^SecurityNotifications "test\/n" has invalid props:[\s\S]*allConfigEmails needs allConfigTopic: true[\s\S]*organizationId "none" is not an organization ID/,
    );
  });
});
