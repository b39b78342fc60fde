import { compareConditions, compareStatement, gainedBy } from '../tools/review/diff';

/**
 * How the review reads condition changes: keys (and operators) are ANDed, the values of one key
 * are ORed, and a negated operator's values are NORed, as IAM evaluates them.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 */
const trail = (region: string) => `arn:aws:cloudtrail:${region}:111111111111:trail/org-trail`;
const write = (sourceArns: string[]) => ({
  Sid: 'Write',
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 's3:PutObject',
  Resource: 'arn:aws:s3:::logs/*',
  Condition: { ArnLike: { 'aws:SourceArn': sourceArns } },
});
const deny = (exempt: string[], extra: Record<string, Record<string, string[]>> = {}) => ({
  Sid: 'Deny',
  Effect: 'Deny',
  Action: 'cloudtrail:StopLogging',
  Resource: '*',
  Condition: { ArnNotLike: { 'aws:PrincipalArn': exempt }, ...extra },
});

describe('GIVEN an Allow whose condition lists alternatives', () => {
  test('WHEN a value is removed (a region leaves aws:SourceArn) THEN the statement is narrowed, not widened', () => {
    const before = write([trail('ap-northeast-1'), trail('us-east-1')]);
    const after = write([trail('ap-northeast-1')]);
    expect(compareStatement(before, after).movement).toBe('narrowed');
    expect(compareConditions(before, after)).toMatchObject({ matchesMore: false, matchesFewer: true, fewerValues: [`ArnLike aws:SourceArn ${trail('us-east-1')}`] });
  });

  test('WHEN a value is added THEN it is widened, and the review says what the condition now also allows', () => {
    const before = write([trail('ap-northeast-1')]);
    const after = write([trail('ap-northeast-1'), 'arn:aws:cloudtrail:*:999999999999:trail/*']);
    expect(compareStatement(before, after).movement).toBe('widened');
    expect(gainedBy('modified', before, after)).toEqual(['condition now also allows ArnLike aws:SourceArn arn:aws:cloudtrail:*:999999999999:trail/*']);
  });

  test('WHEN the whole condition goes THEN it is widened and the gain names the lifted condition', () => {
    const before = write([trail('ap-northeast-1')]);
    const after = { ...before, Condition: {} };
    expect(compareStatement(before, after).movement).toBe('widened');
    expect(gainedBy('modified', before, after)).toEqual([
      `Service:cloudtrail.amazonaws.com without the condition ArnLike aws:SourceArn ${trail('ap-northeast-1')}`,
    ]);
  });

  test('WHEN a new condition key is added THEN it is narrowed', () => {
    const before = write([trail('ap-northeast-1')]);
    const after = { ...before, Condition: { ...before.Condition, StringEquals: { 'aws:SourceAccount': '111111111111' } } };
    expect(compareStatement(before, after).movement).toBe('narrowed');
  });

  test('WHEN a numeric bound changes THEN the direction is unknown: changed', () => {
    const base = { ...write([trail('ap-northeast-1')]), Condition: { NumericLessThan: { 's3:max-keys': '10' } } };
    expect(compareStatement(base, { ...base, Condition: { NumericLessThan: { 's3:max-keys': '20' } } }).movement).toBe('changed');
  });
});

describe('GIVEN a Deny with an exemption list (a negated operator)', () => {
  test('WHEN an exempt role is added THEN access is widened and the review names the exemption', () => {
    const before = deny(['arn:aws:iam::*:role/Deployer']);
    const after = deny(['arn:aws:iam::*:role/Deployer', 'arn:aws:iam::*:role/Intern']);
    expect(compareStatement(before, after).movement).toBe('widened');
    expect(gainedBy('modified', before, after)).toEqual([
      'exempted by ArnNotLike aws:PrincipalArn arn:aws:iam::*:role/Intern',
    ]);
  });

  test('WHEN an exempt role is removed THEN access is narrowed', () => {
    expect(compareStatement(deny(['a', 'b']), deny(['a'])).movement).toBe('narrowed');
  });

  test('WHEN a Deny loses one of its alternatives (it applies to fewer regions) THEN access is widened', () => {
    const before = deny(['a'], { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } });
    const after = deny(['a'], { StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } });
    expect(compareStatement(before, after).movement).toBe('widened');
    expect(gainedBy('modified', before, after)).toEqual(['no longer denied when StringEquals aws:RequestedRegion eu-west-1']);
  });
});
