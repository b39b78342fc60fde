import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../main';
import { exampleInput, merge } from './helpers';
import { snapshotTree } from './support/tree';

const REPO_ROOT = path.resolve(__dirname, '..');
const DIST_MAIN = path.join(REPO_ROOT, 'dist', 'main.js');
const STACKS = ['log-archive', 'audit', 'management', 'security-ap-northeast-1', 'security-us-east-1'];

/** A config with problems in several sections; each path must show up in the CLI's output. */
const BAD_CONFIG = merge(exampleInput(), {
  organization: { id: 'not-an-org', homeRegion: 'moon-1' },
  accounts: { audit: { id: '222222222222' } },
  notifications: { emails: ['nobody'] },
  trail: { cloudWatchLogsRetentionDays: 42 },
});
const BAD_PATHS = ['organization.id', 'organization.homeRegion', 'accounts.audit.id', 'notifications.emails[0]', 'trail.cloudWatchLogsRetentionDays'];

jest.setTimeout(120_000);

let tmpRoot: string;
beforeAll(() => {
  tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'lz-main-test-'));
});
afterAll(() => {
  rmSync(tmpRoot, { recursive: true, force: true });
});

/** A fresh working directory holding `config.json`. */
function workdir(config: unknown): string {
  const dir = mkdtempSync(path.join(tmpRoot, 'cwd-'));
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  return dir;
}

/** Runs the compiled CLI in `cwd` with LZ_CONFIG set and CDKTF_OUTDIR unset. */
function runCli(cwd: string, lzConfig: string): SpawnSyncReturns<string> {
  if (!existsSync(DIST_MAIN)) {
    throw new Error(`${DIST_MAIN} does not exist: run \`npm run build\` before these tests`);
  }
  const r = spawnSync(process.execPath, [DIST_MAIN], {
    cwd,
    env: { ...process.env, LZ_CONFIG: lzConfig, CDKTF_OUTDIR: undefined },
    encoding: 'utf8',
    timeout: 110_000,
  });
  if (r.error) throw r.error;
  return r;
}

function describeRun(r: SpawnSyncReturns<string>): string {
  return `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

function expectStatus(r: SpawnSyncReturns<string>, status: number): void {
  if (r.status !== status) throw new Error(`expected exit status ${status}, got ${describeRun(r)}`);
}

test('GIVEN the build output WHEN the CLI tests run THEN dist/main.js exists (run `npm run build` first)', () => {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} does not exist: run \`npm run build\` before these tests`);
  expect(statSync(DIST_MAIN).isFile()).toBe(true);
});

describe('GIVEN an invalid configuration file', () => {
  test('WHEN the CLI runs THEN it exits 1, lists every problem on stderr and writes no cdktf.out', () => {
    const cwd = workdir(BAD_CONFIG);
    const r = runCli(cwd, path.join(cwd, 'config.json'));
    expectStatus(r, 1);
    expect(r.stderr).toContain(`Invalid configuration in ${path.join(cwd, 'config.json')}: ${BAD_PATHS.length} problems`);
    for (const p of BAD_PATHS) expect(r.stderr).toContain(`  - ${p}: `);
    expect(r.stderr).toContain('must differ from accounts.logArchive.id');
    expect(r.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
    expect(existsSync(path.join(cwd, 'cdktf.out'))).toBe(false);
  });

  test('WHEN the CLI reports problems THEN each line is printed once, and `npm run synth` runs the CLI itself (the cdktf CLI would repeat its stderr)', () => {
    const cwd = workdir(BAD_CONFIG);
    const r = runCli(cwd, 'config.json');
    expectStatus(r, 1);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines.length).toBe(1 + BAD_PATHS.length);
    expect(new Set(lines).size).toBe(lines.length);
    const scripts = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts.synth).toBe('npm run build && node dist/main.js');
  });

  test('WHEN LZ_CONFIG names a missing file THEN the CLI exits 1 saying so and writes no cdktf.out', () => {
    const cwd = workdir({});
    const r = runCli(cwd, 'missing.json');
    expectStatus(r, 1);
    expect(r.stderr).toContain('Invalid configuration');
    expect(r.stderr).toContain(path.join(cwd, 'missing.json'));
    expect(r.stderr).toContain('file not found');
    expect(existsSync(path.join(cwd, 'cdktf.out'))).toBe(false);
  });

  test('WHEN the CLI runs over an existing cdktf.out THEN that directory is left byte-for-byte unchanged', () => {
    const cwd = workdir(exampleInput());
    expectStatus(runCli(cwd, 'config.json'), 0);
    const outdir = path.join(cwd, 'cdktf.out');
    mkdirSync(path.join(outdir, 'stacks', 'log-archive', '.terraform'), { recursive: true });
    writeFileSync(path.join(outdir, 'stacks', 'log-archive', '.terraform', 'keep'), 'provider cache\n');
    const before = snapshotTree(outdir, 'follow');
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['manifest.json', 'stacks/audit/cdk.tf.json', 'stacks/log-archive/.terraform/keep']));

    // A valid file of different accounts would change every stack; the bad one must change none.
    writeFileSync(path.join(cwd, 'config.json'), JSON.stringify(BAD_CONFIG));
    const r = runCli(cwd, 'config.json');
    expectStatus(r, 1);
    expect(r.stderr).toContain('Invalid configuration');
    expect(snapshotTree(outdir, 'follow')).toEqual(before);
  });
});

describe('GIVEN a valid configuration file', () => {
  /** One run of the example in a fresh working directory, read by the tests that only inspect its output. */
  let fresh: { cwd: string; r: SpawnSyncReturns<string> } | undefined;
  const freshRun = () => {
    if (!fresh) {
      const cwd = workdir(exampleInput());
      fresh = { cwd, r: runCli(cwd, 'config.json') }; // relative: resolved against the CLI's working directory
    }
    return fresh;
  };

  test('WHEN the CLI runs THEN it exits 0 and writes every stack (three account stacks, one per governed region) and a manifest listing them to ./cdktf.out', () => {
    const { cwd, r } = freshRun();
    expectStatus(r, 0);
    expect(r.stderr).not.toContain('Invalid configuration');
    for (const stack of STACKS) {
      const file = path.join(cwd, 'cdktf.out', 'stacks', stack, 'cdk.tf.json');
      expect(existsSync(file)).toBe(true);
      const json = JSON.parse(readFileSync(file, 'utf8'));
      expect(Object.keys(json.resource ?? {}).length).toBeGreaterThan(0);
    }
    const manifest = JSON.parse(readFileSync(path.join(cwd, 'cdktf.out', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual([...STACKS].sort());
    for (const stack of STACKS) {
      expect(manifest.stacks[stack].synthesizedStackPath).toBe(`stacks/${stack}/cdk.tf.json`);
    }
  });

  test('WHEN the CLI runs THEN the configured values reach the synthesized stacks', () => {
    const cwd = workdir(merge(exampleInput(), { accounts: { audit: { id: '909090909090' } } }));
    expectStatus(runCli(cwd, 'config.json'), 0);
    const audit = readFileSync(path.join(cwd, 'cdktf.out', 'stacks', 'audit', 'cdk.tf.json'), 'utf8');
    expect(audit).toContain('909090909090');
    expect(audit).not.toContain('333333333333');
  });

  test('WHEN cdktf.out already holds files of its own THEN they survive a successful synth', () => {
    const cwd = workdir(exampleInput());
    const keep = path.join(cwd, 'cdktf.out', 'stacks', 'log-archive', '.terraform', 'keep');
    mkdirSync(path.dirname(keep), { recursive: true });
    writeFileSync(keep, 'sentinel\n');
    const stale = path.join(cwd, 'cdktf.out', 'stacks', 'audit', 'cdk.tf.json');
    mkdirSync(path.dirname(stale), { recursive: true });
    writeFileSync(stale, '{"stale":true}');

    expectStatus(runCli(cwd, 'config.json'), 0);

    expect(readFileSync(keep, 'utf8')).toBe('sentinel\n');
    expect(JSON.parse(readFileSync(stale, 'utf8')).stale).toBeUndefined(); // synthesized files are replaced
    for (const stack of STACKS) expect(existsSync(path.join(cwd, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'))).toBe(true);
  });

  test('WHEN the CLI runs THEN no synthesized file contains an absolute path of the working directory, the temp dir or the repository', () => {
    const { cwd, r } = freshRun();
    expectStatus(r, 0);
    const forbidden = [cwd, realpathSync(cwd), path.join(os.tmpdir(), 'cdktf-synth-'), REPO_ROOT, `${path.dirname(REPO_ROOT)}${path.sep}`];
    const files = Object.keys(snapshotTree(path.join(cwd, 'cdktf.out'), 'follow')).filter((f) => !f.endsWith('/'));
    expect(files.length).toBeGreaterThanOrEqual(STACKS.length + 1);
    for (const f of files) {
      const text = readFileSync(path.join(cwd, 'cdktf.out', f), 'utf8');
      for (const abs of forbidden) {
        if (text.includes(abs)) throw new Error(`cdktf.out/${f} contains the absolute path ${abs}`);
      }
    }
  });
});

describe('GIVEN main() called in-process', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stderr.mockRestore();
  });

  test('WHEN LZ_CONFIG is invalid THEN it returns 1, reports the problems and does not create CDKTF_OUTDIR', async () => {
    const cwd = workdir(BAD_CONFIG);
    const outdir = path.join(cwd, 'out', 'synth');
    const code = await main({ LZ_CONFIG: path.join(cwd, 'config.json'), CDKTF_OUTDIR: outdir });
    expect(code).toBe(1);
    const written = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(written).toContain('Invalid configuration');
    for (const p of BAD_PATHS) expect(written).toContain(p);
    expect(existsSync(outdir)).toBe(false);
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  });

  test('WHEN LZ_CONFIG is valid THEN it returns 0 and writes the stacks to CDKTF_OUTDIR', async () => {
    const cwd = workdir(exampleInput());
    const outdir = path.join(cwd, 'out', 'synth');
    const code = await main({ LZ_CONFIG: path.join(cwd, 'config.json'), CDKTF_OUTDIR: outdir });
    expect(code).toBe(0);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).not.toContain('Invalid configuration');
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
    for (const stack of STACKS) expect(existsSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
  });
});
