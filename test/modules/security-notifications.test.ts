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

  const SECURITY = `arn:aws:sns:ap-northeast-1:${AUDIT}:org-AggregateSecurityNotifications`;
  const CONFIG = `arn:aws:sns:ap-northeast-1:${AUDIT}:org-AllConfigNotifications`;
  const topicNamed = (name: string) => topics.find((t) => t.name === name)!;
  const policyOf = (arn: string) =>
    resourcesOf(json, 'aws_sns_topic_policy')
      .map((p) => parsePolicy(p.policy))
      .find((p) => p.Statement.some((s) => asList(s.Resource).includes(arn)))!;
  const keyPolicy = parsePolicy(onlyResource(json, 'aws_kms_key').policy);

  test('creates the two topics of seed 002; only AggregateSecurityNotifications is encrypted with the topic key (SNS.1)', () => {
    expect(topics.map((t) => t.name).sort()).toEqual(['org-AggregateSecurityNotifications', 'org-AllConfigNotifications']);
    expect(topicNamed('org-AggregateSecurityNotifications').kms_master_key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
    expect(onlyResource(json, 'aws_kms_key').enable_key_rotation).toBe(true);
  });

  test('AllConfigNotifications has no server-side encryption: AWS Config cannot publish to an encrypted topic', () => {
    expect(topicNamed('org-AllConfigNotifications')).not.toHaveProperty('kms_master_key_id');
  });

  test('the key and both topics are protected from destroy', () => {
    expect(onlyResource(json, 'aws_kms_key').lifecycle).toEqual({ prevent_destroy: true });
    for (const t of topics) expect(t.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('topic ARNs are derived (known at plan time)', () => {
    expect(n.securityTopic.arn).toBe(SECURITY);
    expect(n.allConfigTopic?.arn).toBe(CONFIG);
  });

  test.each([SECURITY, CONFIG])('%s admits the organization and never publish without TLS', (arn) => {
    const policy = policyOf(arn);
    expect(statement(policy, 'AllowOrganizationPublish')).toMatchObject({
      Principal: { AWS: '*' },
      Action: 'sns:Publish',
      Resource: arn,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    });
    expect(statement(policy, 'DenyInsecurePublish')).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const allowed = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => asList(s.Action));
    expect(new Set(allowed)).toEqual(new Set(['sns:Publish']));
  });

  test('AggregateSecurityNotifications admits CloudWatch alarms and EventBridge rules of the publisher accounts by aws:SourceArn, and no other service', () => {
    const policy = policyOf(SECURITY);
    expect(statement(policy, 'AllowCloudWatchAlarmsPublish')).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:ap-northeast-1:${AUDIT}:alarm:*` } },
    });
    expect(statement(policy, 'AllowEventBridgeRulesPublish')).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:events:ap-northeast-1:${AUDIT}:rule/*` } },
    });
    const services = policy.Statement.flatMap((s) => asList(s.Principal?.Service));
    expect(services.sort()).toEqual(['cloudwatch.amazonaws.com', 'events.amazonaws.com']);
  });

  test('AllConfigNotifications admits AWS Config only for the named accounts (aws:SourceAccount, as AWS documents) and no other service', () => {
    const policy = policyOf(CONFIG);
    expect(statement(policy, 'AllowConfigPublish')).toMatchObject({
      Principal: { Service: 'config.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': AUDIT } },
    });
    expect(policy.Statement.flatMap((s) => asList(s.Principal?.Service))).toEqual(['config.amazonaws.com']);
  });

  test('the topic key lets CloudWatch and EventBridge encrypt only for the security topic, with no source condition (unsupported there)', () => {
    for (const [sid, service] of [['AllowCloudWatchAlarmsEncrypt', 'cloudwatch.amazonaws.com'], ['AllowEventBridgeEncrypt', 'events.amazonaws.com']]) {
      expect(statement(keyPolicy, sid)).toMatchObject({
        Principal: { Service: service },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': SECURITY } },
      });
      expect(JSON.stringify(statement(keyPolicy, sid).Condition)).not.toMatch(/aws:Source/);
    }
    expect(statement(keyPolicy, 'AllowOrganizationPublishEncrypted').Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': ORG, 'kms:ViaService': 'sns.ap-northeast-1.amazonaws.com', 'kms:EncryptionContext:aws:sns:topicArn': SECURITY },
    });
    expect(keyPolicy.Statement.flatMap((s) => asList(s.Principal?.Service)).sort()).toEqual(['cloudwatch.amazonaws.com', 'events.amazonaws.com']);
    const kmsStar = keyPolicy.Statement.filter((s) => asList(s.Action).includes('kms:*'));
    expect(kmsStar.map((s) => s.Principal)).toEqual([{ AWS: `arn:aws:iam::${AUDIT}:root` }]);
  });

  test('publisher and Config source accounts are configurable', () => {
    const other = notifications({ publisherAccountIds: ['111111111111', AUDIT], configSourceAccountIds: ['111111111111'] });
    const sec = other.n.securityTopic.policyStatements.find((s) => s.sid === 'AllowCloudWatchAlarmsPublish')!;
    expect(sec.conditions).toEqual({ ArnLike: { 'aws:SourceArn': ['arn:aws:cloudwatch:ap-northeast-1:111111111111:alarm:*', `arn:aws:cloudwatch:ap-northeast-1:${AUDIT}:alarm:*`] } });
    const cfg = other.n.allConfigTopic!.policyStatements.find((s) => s.sid === 'AllowConfigPublish')!;
    expect(cfg.conditions).toEqual({ StringEquals: { 'aws:SourceAccount': ['111111111111'] } });
  });

  test('subscribes each configured e-mail to its topic with IDs that do not depend on list order', () => {
    const subs = resourcesOf(json, 'aws_sns_topic_subscription');
    expect(subs.map((s) => s.endpoint).sort()).toEqual(['config@example.com', 'sec@example.com', 'soc@example.com']);
    for (const s of subs) expect(s.protocol).toBe('email');
    const reordered = notifications({ securityEmails: ['soc@example.com', 'sec@example.com'] }).json;
    expect(Object.keys(reordered.resource.aws_sns_topic_subscription).sort()).toEqual(Object.keys(json.resource.aws_sns_topic_subscription).sort());
  });

  test('rejects an empty subscriber list, malformed addresses and account IDs, all at once', () => {
    expect(() => notifications({ securityEmails: [], allConfigEmails: ['not-an-email'], publisherAccountIds: [], configSourceAccountIds: ['12'] })).toThrow(
      /securityEmails must list at least one address[\s\S]*"not-an-email" is not an e-mail address[\s\S]*publisherAccountIds must list at least one account[\s\S]*configSourceAccountIds: "12" is not a 12-digit account ID/,
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

  test('GIVEN no organizationId THEN the account publishes, its alarms and rules by aws:SourceArn, and no organization is named', () => {
    const policy = parsePolicy(onlyResource(json, 'aws_sns_topic_policy').policy);
    expect(statement(policy, 'AllowAccountPublish').Principal).toEqual({ AWS: `arn:aws:iam::${AUDIT}:root` });
    expect(statement(policy, 'AllowAccountPublish').Condition).toBeUndefined();
    expect(statement(policy, 'AllowCloudWatchAlarmsPublish').Condition).toEqual({ ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:ap-northeast-1:${AUDIT}:alarm:*` } });
    const key = parsePolicy(onlyResource(json, 'aws_kms_key').policy);
    const SECURITY = `arn:aws:sns:ap-northeast-1:${AUDIT}:org-AggregateSecurityNotifications`;
    expect(statement(key, 'AllowEventBridgeEncrypt').Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': SECURITY } });
    expect(statement(key, 'AllowAccountPublishEncrypted').Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'sns.ap-northeast-1.amazonaws.com', 'kms:EncryptionContext:aws:sns:topicArn': SECURITY },
    });
    expect(JSON.stringify([policy, key])).not.toMatch(/OrgID|o-/);
  });

  test('rejects the old "none" sentinel and subscribers of a topic that is not created, naming the props', () => {
    expect(() => notifications({ organizationId: 'none', allConfigTopic: false, allConfigEmails: ['a@example.com'] })).toThrow(
      /^SecurityNotifications "test\/n" has invalid props:[\s\S]*allConfigEmails needs allConfigTopic: true[\s\S]*organizationId "none" is not an organization ID/,
    );
  });
});
