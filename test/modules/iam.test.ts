import {
  accountRootArn,
  bucketArn,
  kmsAliasArn,
  logStreamArn,
  PolicyDocument,
  PolicyStatement,
  renderPolicy,
  renderStatement,
  renderTrustPolicy,
  roleArn,
  statementProblems,
  topicArn,
  trailArn,
} from '../../modules/iam';

const base: PolicyStatement = { sid: 'A', effect: 'Allow', actions: ['s3:GetObject'], resources: ['*'] };

describe('policy rendering', () => {
  test('renders single values as strings and lists as arrays, in IAM key order', () => {
    const out = renderStatement({
      sid: 'Read',
      effect: 'Allow',
      principals: { aws: ['arn:aws:iam::111111111111:root'], service: ['a.amazonaws.com', 'b.amazonaws.com'] },
      actions: ['s3:GetObject'],
      resources: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': ['o-x'] } },
    });
    expect(Object.keys(out)).toEqual(['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition']);
    expect(out).toEqual({
      Sid: 'Read',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root', Service: ['a.amazonaws.com', 'b.amazonaws.com'] },
      Action: 's3:GetObject',
      Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'],
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-x' } },
    });
  });

  test('an identity policy has no Principal and an unconditional statement no Condition', () => {
    const out = renderStatement(base);
    expect(out).not.toHaveProperty('Principal');
    expect(out).not.toHaveProperty('Condition');
  });

  test('notActions renders as NotAction; setting both is a problem', () => {
    const out = renderStatement({ sid: 'N', effect: 'Deny', notActions: ['iam:*'], resources: ['*'] });
    expect(out).toMatchObject({ NotAction: 'iam:*' });
    expect(out).not.toHaveProperty('Action');
    expect(statementProblems([{ sid: 'B', effect: 'Deny', actions: ['s3:*'], notActions: ['iam:*'], resources: ['*'] }])).toEqual([
      'statement "B" sets both actions and notActions',
    ]);
  });

  test('trust policies render without Resource and reject statements that carry one or lack a principal', () => {
    const trust = { sid: 'T', effect: 'Allow' as const, principals: { service: ['cloudtrail.amazonaws.com'] }, actions: ['sts:AssumeRole'] };
    expect(JSON.parse(renderTrustPolicy([trust])).Statement[0]).toEqual({
      Sid: 'T',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    expect(() => renderTrustPolicy([{ ...trust, resources: ['*'] }, { ...trust, sid: 'U', principals: undefined }])).toThrow(
      /statement "T" has resources, which IAM rejects in a trust policy[\s\S]*statement "U" of a trust policy names no principal/,
    );
    expect(() => renderPolicy([{ ...trust }])).toThrow(/statement "T" has no resources/);
  });

  test('a wildcard principal renders as "*"', () => {
    expect(renderStatement({ ...base, principals: '*' }).Principal).toBe('*');
  });

  test('documents carry Version 2012-10-17 and an optional Id', () => {
    expect(JSON.parse(renderPolicy([base], 'doc'))).toEqual({ Version: '2012-10-17', Id: 'doc', Statement: [renderStatement(base)] });
    expect(JSON.parse(renderPolicy([base]))).not.toHaveProperty('Id');
  });

  test('reports every malformed statement at once', () => {
    expect(
      statementProblems([base, { ...base }, { sid: 'bad sid', effect: 'Deny', actions: [], resources: [] }]),
    ).toEqual([
      'statement sid "A" is used twice',
      'statement sid "bad sid" must be letters and digits only',
      'statement "bad sid" has no actions',
      'statement "bad sid" has no resources',
    ]);
    expect(() => renderPolicy([base, base], 'x')).toThrow(/Invalid policy "x"/);
  });

  test('PolicyDocument keeps insertion order and renders what was added', () => {
    const doc = new PolicyDocument(undefined, [base]);
    doc.addStatements({ ...base, sid: 'B' });
    expect(doc.statements.map((s) => s.sid)).toEqual(['A', 'B']);
    expect(doc.toJson().Statement.map((s) => s.Sid)).toEqual(['A', 'B']);
  });
});

describe('ARN builders', () => {
  test.each([
    [accountRootArn('111111111111'), 'arn:aws:iam::111111111111:root'],
    [roleArn('111111111111', 'service-role/X'), 'arn:aws:iam::111111111111:role/service-role/X'],
    [bucketArn('b'), 'arn:aws:s3:::b'],
    [trailArn('us-east-1', '111111111111', 't'), 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t'],
    [topicArn('us-east-1', '111111111111', 't'), 'arn:aws:sns:us-east-1:111111111111:t'],
    [logStreamArn('us-east-1', '111111111111', 'g', 's*'), 'arn:aws:logs:us-east-1:111111111111:log-group:g:log-stream:s*'],
    [kmsAliasArn('us-east-1', '111111111111', 'logs'), 'arn:aws:kms:us-east-1:111111111111:alias/logs'],
    [kmsAliasArn('us-east-1', '111111111111', 'alias/logs'), 'arn:aws:kms:us-east-1:111111111111:alias/logs'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
