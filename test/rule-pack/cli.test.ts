import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckIo, runCheck } from '../../tools/rule-pack/cli';
import { exampleInput, merge } from '../helpers';
import { dropTrailSourceArn, exampleStacks, writeOutdir } from './fixtures';

/** `npm run check` through its function entry point: exit codes, outputs, config and suppression errors. */

jest.setTimeout(120_000);

let tmp: string;
let good: string;
let broken: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'osb-cli-test-'));
  good = writeOutdir(exampleStacks(), path.join(tmp, 'good'));
  const stacks = exampleStacks();
  dropTrailSourceArn(stacks);
  broken = writeOutdir(stacks, path.join(tmp, 'broken'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the CLI with captured output, in `tmp`, with LZ_CONFIG unset unless given. */
async function cli(argv: string[], io: Partial<CheckIo> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = { ...process.env };
  delete env.LZ_CONFIG;
  const code = await runCheck(argv, { cwd: tmp, env, now: new Date('2026-01-01T00:00:00Z'), stdout: (t) => (out += t), stderr: (t) => (err += t), ...io });
  return { code, out, err };
}

describe('exit codes', () => {
  test('0 when the example passes at the default threshold (synthesized in-process)', async () => {
    const r = await cli([]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('PASS: no unsuppressed finding at or above high.');
    expect(r.out).toContain('OSB rule pack: 30 rules over');
  });

  test('0 reading an existing cdktf.out with --from', async () => {
    expect((await cli(['--from', good])).code).toBe(0);
  });

  test('1 when --fail-on lowers the threshold below an open finding', async () => {
    const r = await cli(['--from', good, '--fail-on', 'low']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL: 2 unsuppressed findings at or above low\./);
  });

  test('1 for the deliberate mistake, naming OSB-IAM2 and the bucket policy', async () => {
    const r = await cli(['--from', broken]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/high\s+OSB-IAM2\s+log-archive\/aws_s3_bucket_policy\.log_archive_bucket_policy_/);
  });

  test('1 when a suppression has expired and its finding is at or above the threshold', async () => {
    const expired = [{ ruleId: 'OSB-S3', constructPath: 'log-archive/log_archive/access_logs/bucket', reason: 'temporary exception for the test', expires: '2025-12-31' }];
    const r = await cli(['--from', good, '--fail-on', 'medium'], { suppressions: expired });
    expect(r.code).toBe(1);
    expect(r.out).toContain('Expired suppressions (1), no longer applied:');
    expect(r.out).toContain('suppressions[0] (OSB-S3 on constructPath log-archive/log_archive/access_logs/bucket) expired on 2025-12-31: 1 finding count again');
  });

  test.each([
    [['--fail-on', 'severe'], /unknown severity "severe"/],
    [['--format', 'html'], /unknown format "html"/],
    [['--bogus'], /unknown argument "--bogus"/],
    [['--from'], /--from needs a value/],
    [['--format', 'json,sarif'], /cannot both go to stdout/],
    [['--format', 'json,sarif', '--output', 'report.txt'], /cannot tell which format/],
    [['--output', 'x.sarif'], /1 --output for 0 json\/sarif formats/],
    [['--from', 'no-such-dir'], /no such directory/],
  ])('2 for bad usage %j', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  test('2 for an invalid configuration, naming the field', async () => {
    writeFileSync(path.join(tmp, 'bad.json'), JSON.stringify(merge(exampleInput(), { organization: { id: 'not-an-org' } })));
    const env = { ...process.env, LZ_CONFIG: 'bad.json' };
    const r = await cli([], { env });
    expect(r.code).toBe(2);
    expect(r.err).toContain('organization.id');
  });

  test('2 for an invalid suppression list, listing every problem', async () => {
    const r = await cli(['--from', good], { suppressions: [{ ruleId: 'OSB-S3', constructPath: 'x', reason: 'short' }, { ruleId: 'OSB-X9', address: 'a', reason: 'long enough reason' }] });
    expect(r.code).toBe(2);
    expect(r.err).toContain('Invalid suppressions: 2 problems');
    expect(r.err).toContain('reason must explain');
    expect(r.err).toContain('unknown rule "OSB-X9"');
  });

  test('0 for --help', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--fail-on');
  });
});

describe('outputs', () => {
  test('json and sarif go to the files named by extension; the table still goes to stdout', async () => {
    const r = await cli(['--from', good, '--format', 'table', '--format', 'json,sarif', '--output', 'out/report.json', '--output', 'out/report.sarif']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('PASS');
    const json = JSON.parse(readFileSync(path.join(tmp, 'out', 'report.json'), 'utf8'));
    expect(json).toMatchObject({ tool: { name: 'osb-rule-pack' }, failOn: 'high', passed: true, summary: { suppressed: 7, failing: 0 } });
    expect(json.rules.find((x: any) => x.id === 'OSB-CT1')).toEqual({
      id: 'OSB-CT1',
      title: expect.any(String),
      severity: 'high',
      securitySeverity: '8.0',
      securityHubControl: 'CloudTrail.1',
      checkov: ['CKV_AWS_67'],
      trivy: ['AVD-AWS-0014'],
    });
    const sarif = JSON.parse(readFileSync(path.join(tmp, 'out', 'report.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
  });

  test('a single machine format without --output goes to stdout, the table to stderr', async () => {
    const r = await cli(['--from', good, '--format', 'sarif']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).version).toBe('2.1.0');
    expect(r.err).toContain('PASS');
  });

  test('every format takes an --output: the table too, with --format table, so nothing mixes with npm output', async () => {
    const r = await cli(['--from', broken, '--format', 'table,sarif', '--output', 'out/table.txt', '--output', 'out/osb.sarif']);
    expect(r.code).toBe(1);
    const table = readFileSync(path.join(tmp, 'out', 'table.txt'), 'utf8');
    expect(table).toContain('OSB-IAM2');
    expect(table).toBe(r.out);
    expect(JSON.parse(readFileSync(path.join(tmp, 'out', 'osb.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  test('one --output with one machine format is used whatever its extension', async () => {
    const r = await cli(['--from', broken, '--format=json', '--output=report.txt']);
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(path.join(tmp, 'report.txt'), 'utf8'));
    expect(json.passed).toBe(false);
    expect(json.findings.some((f: any) => f.ruleId === 'OSB-IAM2' && !f.suppression)).toBe(true);
  });
});
