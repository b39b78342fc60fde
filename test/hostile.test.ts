import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../main';
import { exampleInput } from './helpers';
import { snapshotTree } from './support/tree';

/**
 * The hostile-input corpus: one JSON file per case in test/hostile/, each naming an input (a
 * patch of the example configuration, raw text, a special file, environment variables) and the
 * message it must produce. Every case must exit with the expected code within seconds, print
 * each expected fragment, print no stack trace and no line twice, and leave an existing output
 * directory byte-for-byte unchanged. Add a case for every bug found.
 */
interface HostileCase {
  /** What a user did. */
  readonly description: string;
  /** Merged into config/example.json (keys like "__proto__" kept as data). */
  readonly patch?: Record<string, unknown>;
  /** Text replacements on the serialized patched config, e.g. to write 1e400, which JSON.stringify cannot. */
  readonly replace?: ReadonlyArray<readonly [string, string]>;
  /** The whole file text instead of a patched example. */
  readonly text?: string;
  /** The config file name. @default "config.json" */
  readonly file?: string;
  /** LZ_CONFIG names something that is not a regular file. */
  readonly special?: 'dev-zero' | 'fifo' | 'directory' | 'too-large' | 'deep-json' | 'deep-yaml';
  /** Extra environment; "{dir}" is the case's scratch directory. CDKTF_OUTDIR defaults to {dir}/cdktf.out. */
  readonly env?: Record<string, string>;
  /** The output path is a regular file instead of a directory. */
  readonly outdirIsFile?: boolean;
  readonly exit: number;
  /** Fragments stderr must contain ("{dir}" expanded). */
  readonly stderr: readonly string[];
  /** Fragments stderr must not contain. */
  readonly stderrNot?: readonly string[];
  /** Fragments that must appear in this order. */
  readonly order?: readonly string[];
}

const CASES_DIR = path.join(__dirname, 'hostile');
const cases = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(CASES_DIR, f), 'utf8')) as HostileCase] as const);

/** Deep merge that keeps "__proto__" and "constructor" as plain data keys. */
function mergeData(base: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch) || base === null || typeof base !== 'object' || Array.isArray(base)) return patch;
  const out: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const [k, v] of Object.entries(base)) set(k, v);
  for (const [k, v] of Object.entries(patch)) set(k, mergeData(Object.prototype.hasOwnProperty.call(base, k) ? (base as Record<string, unknown>)[k] : undefined, v));
  return out;
}

let root: string;
let stderr: jest.SpyInstance;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lz-hostile-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

test('GIVEN the corpus THEN it holds the cases the issue reported', () => {
  expect(cases.length).toBeGreaterThanOrEqual(25);
});

describe.each(cases)('GIVEN hostile case %s', (name, c) => {
  test(`WHEN synth runs (${c.description}) THEN it exits ${c.exit} with one clear message and leaves the output unchanged`, async () => {
    const dir = mkdtempSync(path.join(root, `${name}-`));
    const expand = (s: string) => s.split('{dir}').join(dir);
    const outdir = path.join(dir, 'cdktf.out');
    if (c.outdirIsFile) writeFileSync(outdir, 'not a directory\n');
    else {
      // An earlier output with the user's own files: a failed run must change none of it.
      mkdirSync(path.join(outdir, 'stacks', 'audit', '.terraform'), { recursive: true });
      writeFileSync(path.join(outdir, 'manifest.json'), '{"stacks":{}}');
      writeFileSync(path.join(outdir, 'stacks', 'audit', '.terraform', 'keep'), 'provider cache');
    }
    let config = path.join(dir, c.file ?? 'config.json');
    if (c.special === 'dev-zero') config = '/dev/zero';
    else if (c.special === 'directory') mkdirSync(config);
    else if (c.special === 'fifo') execFileSync('mkfifo', [config]);
    else if (c.special === 'too-large') writeFileSync(config, `${JSON.stringify(exampleInput())}${' '.repeat(1024 * 1024)}`);
    else if (c.special === 'deep-json') writeFileSync(config, `{"organization":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    else if (c.special === 'deep-yaml') writeFileSync(config, `organization: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    else {
      let text = c.text ?? JSON.stringify(mergeData(exampleInput(), c.patch ?? {}), null, 2);
      for (const [from, to] of c.replace ?? []) {
        if (!text.includes(from)) throw new Error(`case ${name}: "${from}" not in the config text`);
        text = text.split(from).join(to);
      }
      writeFileSync(config, text);
    }
    const before = snapshotTree(outdir, 'record');
    const env: NodeJS.ProcessEnv = { LZ_CONFIG: config, CDKTF_OUTDIR: outdir };
    for (const [k, v] of Object.entries(c.env ?? {})) env[k] = expand(v);

    // Variables the process itself reads (TMPDIR for os.tmpdir()) are set for the run too.
    const saved = { ...process.env };
    Object.assign(process.env, Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, expand(v)])));
    const started = Date.now();
    let code: number;
    try {
      code = await main(env);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
    const out = stderr.mock.calls.map((call) => String(call[0])).join('');

    expect({ code, out }).toEqual({ code: c.exit, out: expect.any(String) });
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const fragment of c.stderr) expect(out).toContain(expand(fragment));
    for (const fragment of c.stderrNot ?? []) expect(out).not.toContain(expand(fragment));
    if (c.order) {
      const positions = c.order.map((f) => out.indexOf(f));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    expect(out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack trace
    const lines = out.split('\n').filter((l) => l.trim() !== '');
    if (c.exit !== 0) expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines).size).toBe(lines.length); // no message twice
    if (c.exit !== 0) expect(snapshotTree(outdir, 'record')).toEqual(before);
  });
});
