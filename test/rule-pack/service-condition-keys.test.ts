import { evaluateRule } from '../../tools/rule-pack/engine';
import { OSB_IAM2 } from '../../tools/rule-pack/rules/osb-iam2';
import { OSB_IAM4 } from '../../tools/rule-pack/rules/osb-iam4';
import { actionMatches, documentsNoSourceKey, rowsFor, SERVICE_CONDITION_KEYS } from '../../tools/rule-pack/service-condition-keys';
import { handWritten } from './fixtures';

/** The table of what each AWS service documents that it sends, and the rule that reads it. */

describe('the documented-keys table', () => {
  test('covers the services the baseline grants to, each row citing an AWS documentation page', () => {
    const services = new Set(SERVICE_CONDITION_KEYS.map((r) => r.service));
    for (const s of [
      'cloudtrail.amazonaws.com',
      'config.amazonaws.com',
      'cloudwatch.amazonaws.com',
      'events.amazonaws.com',
      'sns.amazonaws.com',
      'logging.s3.amazonaws.com',
      'access-analyzer.amazonaws.com',
    ]) {
      expect(services).toContain(s);
    }
    for (const r of SERVICE_CONDITION_KEYS) {
      expect(r.docs.length).toBeGreaterThan(0);
      for (const d of r.docs) expect(d).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(r.actions.length).toBeGreaterThan(0);
    }
  });

  test('says what AWS documents for the cases that broke delivery', () => {
    // CloudTrail assuming its CloudWatch Logs role: no source key.
    expect(documentsNoSourceKey(['cloudtrail.amazonaws.com'], ['sts:AssumeRole'])).toBe(true);
    // EventBridge using an SNS topic key: source conditions not supported.
    expect(rowsFor('events.amazonaws.com', 'kms:GenerateDataKey*').flatMap((r) => r.sourceKeys)).toEqual([]);
    // AWS Config: aws:SourceAccount, never an organization-ID key.
    expect(rowsFor('config.amazonaws.com', 's3:PutObject').flatMap((r) => r.sourceKeys)).toEqual(['aws:SourceAccount']);
    // CloudTrail writing to S3 is bound by aws:SourceArn.
    expect(documentsNoSourceKey(['cloudtrail.amazonaws.com'], ['s3:PutObject'])).toBe(false);
  });

  test('matches action globs case-insensitively and only whole actions', () => {
    expect(actionMatches('kms:GenerateDataKey*', 'kms:GenerateDataKeyWithoutPlaintext')).toBe(true);
    expect(actionMatches('s3:PutObject', 'S3:putobject')).toBe(true);
    expect(actionMatches('s3:PutObject', 's3:PutObjectAcl')).toBe(false);
  });
});

describe('OSB-IAM4 and OSB-IAM2 read the table', () => {
  const stackWith = (statement: Record<string, unknown>) => [
    handWritten('x', { aws_kms_key: { k: { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'S', Effect: 'Allow', Resource: '*', ...statement }] }) } } }),
  ];
  const eventsKey = { Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] };

  test('an EventBridge key grant with aws:SourceOrgID (unsupported there) is flagged; with the topic encryption context it is not', () => {
    const bad = evaluateRule(OSB_IAM4, stackWith({ ...eventsKey, Condition: { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } } }));
    expect(bad.map((f) => f.message)).toEqual([
      expect.stringContaining('conditions events.amazonaws.com kms:Decrypt on aws:SourceOrgID, which AWS does not document'),
      expect.stringContaining('conditions events.amazonaws.com kms:GenerateDataKey* on aws:SourceOrgID'),
    ]);
    const good = stackWith({ ...eventsKey, Condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws:sns:ap-northeast-1:333333333333:t' } } });
    expect(evaluateRule(OSB_IAM4, good)).toEqual([]);
    // No source key is documented there, so OSB-IAM2 accepts it too.
    expect(evaluateRule(OSB_IAM2, good)).toEqual([]);
  });

  test('a service or action without a documented row is flagged, so a new service comes with its page', () => {
    const findings = evaluateRule(OSB_IAM4, stackWith({ Principal: { Service: 'inspector2.amazonaws.com' }, Action: 'kms:GenerateDataKey', Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } }));
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('allows inspector2.amazonaws.com kms:GenerateDataKey, which has no documented row')]);
  });

  test('OSB-IAM2 still flags an unbound service where AWS documents a source key', () => {
    const findings = evaluateRule(OSB_IAM2, stackWith({ Principal: { Service: 'config.amazonaws.com' }, Action: 'kms:Decrypt' }));
    expect(findings).toHaveLength(1);
  });
});
