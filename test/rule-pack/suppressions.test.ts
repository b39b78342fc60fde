import { check, failing, SuppressionError } from '../../tools/rule-pack/engine';
import { RULES } from '../../tools/rule-pack/rules';
import { globToRegExp, matches, Suppression, validateSuppressions } from '../../tools/rule-pack/suppressions';
import { exampleStacks } from './fixtures';

/** Suppressions: validated before use, applied by rule and selector, and ignored (and reported) once expired. */

jest.setTimeout(60_000);

const IDS = RULES.map((r) => r.id);
const ACCESS = 'log-archive/log_archive/access_logs/bucket';
const GOOD: Suppression = { ruleId: 'OSB-S3', constructPath: ACCESS, reason: 'the access-log bucket cannot log itself' };

describe('validation', () => {
  test('a well-formed list has no problems', () => {
    expect(validateSuppressions([GOOD, { ...GOOD, expires: '2030-12-31' }], IDS)).toEqual([]);
  });

  test('a reason under 10 characters is rejected, whitespace not counted', () => {
    expect(validateSuppressions([{ ...GOOD, reason: 'legacy' }], IDS)).toEqual([expect.stringMatching(/suppressions\[0\].*reason must explain.*at least 10 characters.*"legacy"/)]);
    expect(validateSuppressions([{ ...GOOD, reason: '   long enough   ' }], IDS)).toHaveLength(0);
    expect(validateSuppressions([{ ...GOOD, reason: '  short   ' }], IDS)).toHaveLength(1);
  });

  test('unknown rules, missing or double selectors and bad dates are each reported, all at once', () => {
    const problems = validateSuppressions(
      [
        { ...GOOD, ruleId: 'OSB-NOPE1' },
        { ruleId: 'OSB-S3', reason: GOOD.reason },
        { ...GOOD, address: 'aws_s3_bucket.*' },
        { ...GOOD, expires: '2026-02-30' },
        { ...GOOD, expires: '31/12/2026' },
      ],
      IDS,
    );
    expect(problems).toEqual([
      expect.stringContaining('unknown rule "OSB-NOPE1"'),
      expect.stringContaining('suppressions[1] (OSB-S3 on constructPath (none)): set exactly one of address and constructPath'),
      expect.stringContaining('suppressions[2]'),
      expect.stringContaining('suppressions[3] (OSB-S3 on constructPath log-archive/log_archive/access_logs/bucket): expires must be a date'),
      expect.stringContaining('"31/12/2026"'),
    ]);
  });

  test('check refuses to run with an invalid list', () => {
    expect(() => check(exampleStacks(), { suppressions: [{ ...GOOD, reason: 'because' }] })).toThrow(SuppressionError);
  });
});

describe('matching', () => {
  test('construct-path globs: * stays within a segment, ** crosses segments', () => {
    expect(globToRegExp('*/log_archive/*/bucket').test(ACCESS)).toBe(true);
    expect(globToRegExp('log-archive/*/bucket').test(ACCESS)).toBe(false);
    expect(globToRegExp('log-archive/**/bucket').test(ACCESS)).toBe(true);
    expect(globToRegExp('log-archive/log_archive/access_logs/bucket').test(`${ACCESS}x`)).toBe(false);
  });

  test('a suppression selects its rule only, by address or by construct path', () => {
    const f = { ruleId: 'OSB-S3', address: 'aws_s3_bucket.log_archive_access_logs_bucket_C07B4BC3', constructPath: ACCESS };
    expect(matches(GOOD, f)).toBe(true);
    expect(matches(GOOD, { ...f, ruleId: 'OSB-S6' })).toBe(false);
    expect(matches({ ruleId: 'OSB-S3', address: 'aws_s3_bucket.log_archive_access_*', reason: GOOD.reason }, f)).toBe(true);
    expect(matches({ ruleId: 'OSB-S3', address: 'aws_s3_bucket.log_archive_bucket_*', reason: GOOD.reason }, f)).toBe(false);
  });
});

describe('expiry', () => {
  const temporary: Suppression = { ruleId: 'OSB-S5', constructPath: 'log-archive/log_archive/bucket/bucket', reason: 'Object Lock is scheduled for the next bucket', expires: '2026-06-30' };

  test('an unexpired suppression applies through its expiry day and is listed with the finding', () => {
    const report = check(exampleStacks(), { suppressions: [temporary], today: '2026-06-30' });
    const f = report.findings.find((x) => x.ruleId === 'OSB-S5' && x.constructPath === temporary.constructPath);
    expect(f?.suppression).toEqual({ reason: temporary.reason, expires: '2026-06-30', selector: `constructPath ${temporary.constructPath}` });
    expect(report.expiredSuppressions).toEqual([]);
  });

  test('an expired suppression no longer suppresses, is reported with the findings it would have covered, and counts for --fail-on', () => {
    const report = check(exampleStacks(), { suppressions: [temporary], today: '2026-07-01' });
    const f = report.findings.find((x) => x.ruleId === 'OSB-S5' && x.constructPath === temporary.constructPath);
    expect(f).toBeDefined();
    expect(f?.suppression).toBeUndefined();
    expect(report.expiredSuppressions).toEqual([{ index: 0, suppression: temporary, findings: 1 }]);
    expect(failing(report, 'low')).toContainEqual(f);
  });

  test('a suppression matching nothing is reported as unused', () => {
    const stale: Suppression = { ruleId: 'OSB-KMS2', address: 'aws_kms_key.gone_*', reason: 'key removed in the last release' };
    const report = check(exampleStacks(), { suppressions: [stale], today: '2026-01-01' });
    expect(report.unusedSuppressions).toEqual([{ index: 0, suppression: stale }]);
  });
});
