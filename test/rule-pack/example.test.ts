import { check, failing } from '../../tools/rule-pack/engine';
import { SUPPRESSIONS, validateSuppressions } from '../../tools/rule-pack/suppressions';
import { RULES } from '../../tools/rule-pack/rules';
import { dropTrailSourceArn, exampleStacks, stacksFor } from './fixtures';

/** The rule pack against what the baseline actually synthesizes. */

jest.setTimeout(60_000);

const TODAY = '2026-01-01';

describe('the example configuration', () => {
  const report = check(exampleStacks(), { today: TODAY });
  const open = report.findings.filter((f) => !f.suppression);

  test('has no unsuppressed finding at or above high (the default --fail-on)', () => {
    expect(failing(report, 'high')).toEqual([]);
  });

  test('leaves exactly the known gaps open: S3 read data events, Object Lock', () => {
    // A change here is a change of posture: read the new finding, fix it, or suppress it with a reason.
    expect(open.map((f) => `${f.severity} ${f.ruleId} ${f.stack}/${f.address.replace(/_[0-9A-F]{8}$/, '')}`)).toEqual([
      'medium OSB-CT8 management/aws_cloudtrail.organization_trail',
      'low OSB-S5 log-archive/aws_s3_bucket.log_archive_bucket',
    ]);
  });

  test('the shipped suppressions are valid, unexpired and each one is used', () => {
    expect(validateSuppressions(SUPPRESSIONS, RULES.map((r) => r.id))).toEqual([]);
    expect(report.expiredSuppressions).toEqual([]);
    expect(report.unusedSuppressions).toEqual([]);
    expect(report.findings.filter((f) => f.suppression).map((f) => `${f.ruleId} ${f.constructPath}`).sort()).toEqual([
      'OSB-S3 audit/log_query/results/bucket',
      'OSB-S3 log-archive/log_archive/access_logs/bucket',
      'OSB-S5 audit/log_query/results/bucket',
      'OSB-S5 log-archive/log_archive/access_logs/bucket',
      'OSB-S6 log-archive/log_archive/access_logs/bucket',
      'OSB-SNS1 audit/notifications/all_config',
      'OSB-SNS1 security-us-east-1/all_config_topic/topic',
    ]);
  });

  test('every suppressed finding carries its reason', () => {
    for (const f of report.findings.filter((x) => x.suppression)) expect(f.suppression?.reason.length).toBeGreaterThanOrEqual(10);
  });
});

describe('a deliberate mistake is caught', () => {
  test('removing aws:SourceArn from the CloudTrail write statement of the log bucket policy makes OSB-IAM2 fire and fails the check', () => {
    const stacks = exampleStacks();
    dropTrailSourceArn(stacks);
    const report = check(stacks, { today: TODAY });
    const iam2 = failing(report, 'high').filter((f) => f.ruleId === 'OSB-IAM2');
    expect(iam2).toEqual([
      expect.objectContaining({
        stack: 'log-archive',
        address: expect.stringMatching(/^aws_s3_bucket_policy\.log_archive_bucket_policy_/),
        severity: 'high',
        message: expect.stringContaining('"AWSCloudTrailWrite"'),
      }),
    ]);
  });
});

describe('the help texts name the configuration that closes a gap', () => {
  test('trail.dataEvents.s3 = "all" satisfies OSB-CT8', () => {
    const report = check(stacksFor({ trail: { dataEvents: { s3: 'all' } } }), { today: TODAY });
    expect(report.findings.filter((f) => f.ruleId === 'OSB-CT8' || f.ruleId === 'OSB-CT7')).toEqual([]);
  });

  test('logArchive.objectLock satisfies OSB-S5 for the log bucket', () => {
    const report = check(stacksFor({ logArchive: { objectLock: { mode: 'GOVERNANCE', days: 30 } } }), { today: TODAY });
    expect(report.findings.filter((f) => f.ruleId === 'OSB-S5' && !f.suppression)).toEqual([]);
  });
});
