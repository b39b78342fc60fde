import { kmsStarBeyondRoot, policiesIn, unboundServiceAllows, unconditionedWildcardAllows } from './invariants';
import { synthAll } from './helpers';

/** Each invariant is shown to catch a violation (non-compliant fixture) and then applied to every synthesized policy. */

const ROOT = 'arn:aws:iam::222222222222:root';

describe('invariant checks catch violations', () => {
  test('an Allow to * without a condition is flagged; with one it is not', () => {
    expect(unconditionedWildcardAllows({ Statement: [{ Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject' }] })).toEqual(['Open']);
    expect(unconditionedWildcardAllows({ Statement: [{ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }] })).toEqual(['Open']);
    expect(
      unconditionedWildcardAllows({
        Statement: [{ Sid: 'Org', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-x' } } }],
      }),
    ).toEqual([]);
  });

  test('a service Allow without SourceArn/SourceAccount/SourceOrgID is flagged', () => {
    const unbound = { Sid: 'Ct', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } };
    expect(unboundServiceAllows({ Statement: [unbound] })).toEqual(['Ct']);
    expect(unboundServiceAllows({ Statement: [{ ...unbound, Condition: { StringEquals: { 'aws:SourceArn': 'arn:x' } } }] })).toEqual([]);
  });

  test('a service Allow AWS documents without a source key (CloudTrail assuming its CloudWatch Logs role) is not flagged; the same service elsewhere is', () => {
    const assume = { Sid: 'Assume', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' };
    expect(unboundServiceAllows({ Statement: [assume] })).toEqual([]);
    expect(unboundServiceAllows({ Statement: [{ ...assume, Action: ['sts:AssumeRole', 's3:PutObject'] }] })).toEqual(['Assume']);
  });

  test('kms:* for anyone but the key account root is flagged', () => {
    expect(kmsStarBeyondRoot({ Statement: [{ Sid: 'Admin', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*' }] }, ROOT)).toEqual(['Admin']);
    expect(kmsStarBeyondRoot({ Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*' }] }, ROOT)).toEqual([]);
  });
});

describe('every synthesized policy of every stack satisfies the invariants', () => {
  const all = synthAll();
  const stacks = { 'log-archive': all.logArchive, audit: all.audit, management: all.management, ...all.regional };
  const docs = Object.entries(stacks).flatMap(([stack, json]) => policiesIn(json).map((d) => ({ stack, ...d })));

  test('the stacks hold the expected number of policy documents', () => {
    // 2 bucket policies + log key (log-archive); topic key + 2 topic policies, 2 audit-role trusts and policies, and the
    // log-query results key, results bucket policy, reader trust and reader policy (audit); trust + role policy
    // (management); recorder role trust + policy in each region, the aggregator trust in the home region, the region's
    // topic policy elsewhere (regional)
    expect(docs.map((d) => d.stack).sort()).toEqual([
      ...Array(11).fill('audit'),
      ...Array(3).fill('log-archive'),
      'management',
      'management',
      ...Array(3).fill('security-ap-northeast-1'),
      ...Array(3).fill('security-us-east-1'),
    ]);
  });

  test.each(docs.map((d) => [d.where, d] as const))('%s: no unconditioned wildcard Allow, no unbound service Allow', (_w, d) => {
    expect(unconditionedWildcardAllows(d.policy)).toEqual([]);
    expect(unboundServiceAllows(d.policy)).toEqual([]);
  });

  test('no trust policy carries a Resource element (IAM rejects it at CreateRole)', () => {
    const trusts = docs.filter((d) => d.where.endsWith('.assume_role_policy'));
    expect(trusts.length).toBeGreaterThan(0);
    for (const t of trusts) for (const s of t.policy.Statement) expect({ where: t.where, resource: s.Resource }).toEqual({ where: t.where, resource: undefined });
  });

  test('kms:* goes only to each key account root', () => {
    const logKey = policiesIn(all.logArchive).find((d) => d.where.startsWith('aws_kms_key'))!;
    const topicKey = policiesIn(all.audit).find((d) => d.where.startsWith('aws_kms_key'))!;
    expect(kmsStarBeyondRoot(logKey.policy, 'arn:aws:iam::222222222222:root')).toEqual([]);
    expect(kmsStarBeyondRoot(topicKey.policy, 'arn:aws:iam::333333333333:root')).toEqual([]);
  });
});
