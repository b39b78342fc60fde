import { spawn, spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main, PublishFs, STATE_DIR } from '../main';
import { exampleInput, merge } from './helpers';
import { stackNames } from '../stacks/backend';

/**
 * Fault injection for the output directory: every run below is killed (or fails with an errno)
 * at the n-th mutating file-system call, for every n, and the output must then read as exactly
 * the previous output, exactly the new one, or (only when there was none) absent.
 */

jest.setTimeout(120_000);

/** Outputs as a fake synth writes them: the old one has stacks a and b, the new one b and c. */
type Tree = Record<string, string>;
const manifest = (stacks: string[]) =>
  JSON.stringify({ version: 'test', stacks: Object.fromEntries(stacks.map((s) => [s, { synthesizedStackPath: `stacks/${s}/cdk.tf.json`, workingDirectory: `stacks/${s}` }])) });
const OLD: Tree = { 'manifest.json': manifest(['a', 'b']), 'stacks/a/cdk.tf.json': '{"old":"a"}', 'stacks/b/cdk.tf.json': '{"old":"b"}' };
const NEW: Tree = { 'manifest.json': manifest(['b', 'c']), 'stacks/b/cdk.tf.json': '{"new":"b"}', 'stacks/c/cdk.tf.json': '{"new":"c"}' };
/** What users keep in the output directory: synth must never touch these. */
const USER: Tree = { 'stacks/a/.terraform/keep': 'a provider cache', 'stacks/b/.terraform/keep': 'b provider cache', 'stacks/b/tfplan': 'a saved plan' };

const fakeSynth = (tree: Tree) => (dir: string, fs: PublishFs) => {
  for (const [rel, text] of Object.entries(tree)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
};

/** The output as cdktf and terraform read it: the manifest and every file it lists, or "absent". */
function view(outdir: string): Tree | 'absent' {
  let text: string;
  try {
    text = readFileSync(path.join(outdir, 'manifest.json'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw e;
  }
  const out: Tree = { 'manifest.json': text };
  for (const stack of Object.values(JSON.parse(text).stacks) as Array<{ synthesizedStackPath: string }>) {
    out[stack.synthesizedStackPath] = readFileSync(path.join(outdir, stack.synthesizedStackPath), 'utf8'); // throws if listed but missing
  }
  return out;
}

class Killed extends Error {}

const MUTATING = new Set(['mkdirSync', 'symlinkSync', 'renameSync', 'unlinkSync', 'rmSync', 'rmdirSync', 'linkSync', 'openSync', 'writeFileSync']);

/**
 * node:fs where the `at`-th mutating call (mkdir, open, write, link, symlink, rename, unlink, rm)
 * fails: `kill` freezes the world like SIGKILL (that call and every later one throws, so no
 * cleanup runs), an errno code throws that error once, like a full disk.
 */
function faultyFs(at: number, fault: 'kill' | string, only?: (p: string) => boolean): { fs: PublishFs; calls: () => number; failed: () => string | undefined } {
  let calls = 0;
  let failed: string | undefined;
  let dead = false;
  const fs = new Proxy(nodeFs, {
    get(target, prop: string) {
      const real = (target as any)[prop];
      if (typeof real !== 'function') return real;
      return (...args: unknown[]) => {
        if (dead) throw new Killed('dead');
        const p = typeof args[0] === 'string' ? args[0] : '';
        if (MUTATING.has(prop) && (!only || only(p) || (typeof args[1] === 'string' && only(args[1])))) {
          calls += 1;
          if (calls === at || (only && at === Infinity && fault !== 'kill')) {
            failed = prop;
            if (fault === 'kill') {
              dead = true;
              throw new Killed(`killed at call ${calls}: ${prop} ${p}`);
            }
            throw Object.assign(new Error(`${fault}: injected, ${prop} '${p}'`), { code: fault, syscall: prop, path: p });
          }
        }
        return real.apply(target, args);
      };
    },
  }) as PublishFs;
  return { fs, calls: () => calls, failed: () => failed };
}

let tmpRoot: string;
let stderr: jest.SpyInstance;
beforeAll(() => {
  tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'lz-publish-test-'));
});
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());
const written = () => stderr.mock.calls.map((c) => String(c[0])).join('');

type Before = 'none' | 'generation' | 'legacy';

/** A working directory whose output holds the old output in the given layout, plus the user's files. */
async function prepare(before: Before): Promise<string> {
  const outdir = path.join(mkdtempSync(path.join(tmpRoot, `${before}-`)), 'cdktf.out');
  if (before === 'none') return outdir;
  if (before === 'generation') expect(await main({ CDKTF_OUTDIR: outdir }, { synth: fakeSynth(OLD) })).toBe(0);
  else writeTree(outdir, OLD); // written in place, as versions before the atomic publish did
  writeTree(outdir, USER);
  return outdir;
}

function writeTree(dir: string, tree: Tree): void {
  for (const [rel, text] of Object.entries(tree)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
}

function expectUserFilesIntact(outdir: string, before: Before): void {
  if (before === 'none') return;
  for (const [rel, text] of Object.entries(USER)) expect(readFileSync(path.join(outdir, rel), 'utf8')).toBe(text);
}

/** Everything under the output that is not the user's: only `current` and its generation may remain. */
function expectNoLeftovers(outdir: string): void {
  const state = path.join(outdir, STATE_DIR);
  const entries = readdirSync(state).sort();
  expect(entries).toEqual(['current', nodeFs.readlinkSync(path.join(state, 'current'))].sort());
  const all = readdirSync(outdir, { recursive: true }) as string[];
  expect(all.filter((f) => f.includes('.synth-tmp-'))).toEqual([]);
  // No link points at a file the current generation lacks (e.g. the removed stack a).
  if (existsSync(path.join(outdir, 'stacks', 'a'))) expect(readdirSync(path.join(outdir, 'stacks', 'a'))).not.toContain('cdk.tf.json');
}

/** A PID that belonged to a process which has exited: what a SIGKILLed run leaves in its lock. */
let exitedPid: number | undefined;
function deadPid(): number {
  exitedPid ??= spawnSync(process.execPath, ['-e', '0']).pid!;
  return exitedPid;
}

function makeLockStale(outdir: string): void {
  const lock = path.join(outdir, STATE_DIR, 'lock');
  if (existsSync(lock)) writeFileSync(lock, `${deadPid()} 0 killed\n`);
}

/** Number of mutating calls in an undisturbed run from `before`. */
async function callsInCleanRun(before: Before): Promise<number> {
  const outdir = await prepare(before);
  const probe = faultyFs(Infinity, 'kill');
  expect(await main({ CDKTF_OUTDIR: outdir }, { synth: fakeSynth(NEW), fs: probe.fs })).toBe(0);
  expect(view(outdir)).toEqual(NEW);
  return probe.calls();
}

describe.each<Before>(['generation', 'legacy', 'none'])('GIVEN an output directory holding %s output', (before) => {
  test('WHEN synth is killed at the n-th mkdir/open/write/link/symlink/rename/unlink/rm, for every n, THEN the output reads as the old or the new one, user files survive, and the next run completes and leaves no staging', async () => {
    const total = await callsInCleanRun(before);
    expect(total).toBeGreaterThan(10);
    const seen = new Set<string>();
    for (let n = 1; n <= total; n++) {
      const outdir = await prepare(before);
      const { fs } = faultyFs(n, 'kill');
      // A kill inside a best-effort clean-up after the commit lets main return 0: also fine.
      await main({ CDKTF_OUTDIR: outdir }, { synth: fakeSynth(NEW), fs }).then(
        (code) => expect(code).toBe(0),
        (e) => expect(e).toBeInstanceOf(Killed),
      );
      const seenNow = view(outdir);
      const expected = before === 'none' ? ['absent', NEW] : [OLD, NEW];
      if (!expected.some((e) => JSON.stringify(e) === JSON.stringify(seenNow))) {
        throw new Error(`killed at call ${n}: output is a mix: ${JSON.stringify(seenNow)}`);
      }
      seen.add(seenNow === 'absent' ? 'absent' : seenNow === NEW || JSON.stringify(seenNow) === JSON.stringify(NEW) ? 'new' : 'old');
      expectUserFilesIntact(outdir, before);

      makeLockStale(outdir);
      expect(await main({ CDKTF_OUTDIR: outdir }, { synth: fakeSynth(NEW) })).toBe(0);
      expect(view(outdir)).toEqual(NEW);
      expectUserFilesIntact(outdir, before);
      expectNoLeftovers(outdir);
    }
    // The loop crossed the commit point: early kills show the previous state, late ones the new.
    expect([...seen].sort()).toEqual(before === 'none' ? ['absent', 'new'] : ['new', 'old']);
  });

  test('WHEN the n-th mutating call fails with ENOSPC, for every n, THEN synth exits 1 with one message or completes, and the output is never a mix nor left with staging', async () => {
    const total = await callsInCleanRun(before);
    for (let n = 1; n <= total; n++) {
      const outdir = await prepare(before);
      stderr.mockClear();
      const { fs, failed } = faultyFs(n, 'ENOSPC');
      const code = await main({ CDKTF_OUTDIR: outdir }, { synth: fakeSynth(NEW), fs });
      if (code === 0) {
        expect(view(outdir)).toEqual(NEW); // the failure hit the clean-up after the commit
      } else {
        expect(code).toBe(1);
        expect(written()).toMatch(/^Cannot .* \(ENOSPC\): the disk holding .* is full: free some space\. The previous output in .* is unchanged\.\n$/);
        expect(view(outdir)).toEqual(before === 'none' ? 'absent' : OLD);
        expect(existsSync(path.join(outdir, STATE_DIR, 'lock'))).toBe(false);
        // Unless the failing call was itself a clean-up (rm, unlink), nothing is left behind:
        // no staging generation, and no output directory where there was none.
        if (!['rmSync', 'rmdirSync', 'unlinkSync'].includes(failed()!)) {
          if (before === 'none' && existsSync(outdir)) throw new Error(`ENOSPC at call ${n} (${failed()}) left ${JSON.stringify(readdirSync(outdir, { recursive: true }))}`);
          const state = path.join(outdir, STATE_DIR);
          if (existsSync(state)) {
            const current = existsSync(path.join(state, 'current')) ? nodeFs.readlinkSync(path.join(state, 'current')) : undefined;
            expect(readdirSync(state).filter((e) => e !== 'current' && e !== current)).toEqual([]);
          }
        }
      }
      expectUserFilesIntact(outdir, before);
      makeLockStale(outdir);
      expect(await main({ CDKTF_OUTDIR: outdir }, { synth: fakeSynth(NEW) })).toBe(0);
      expectNoLeftovers(outdir);
    }
  });
});

describe('GIVEN a read-only stack folder (EROFS on everything under stacks/c, a new stack)', () => {
  test('WHEN synth runs THEN it exits 1 naming the folder, and the output is exactly the old one', async () => {
    const outdir = await prepare('generation');
    const { fs } = faultyFs(Infinity, 'EROFS', (p) => p.startsWith(path.join(outdir, 'stacks', 'c')));
    expect(await main({ CDKTF_OUTDIR: outdir }, { synth: fakeSynth(NEW), fs })).toBe(1);
    expect(written()).toContain(`(EROFS): ${path.join(outdir, 'stacks', 'c')}`);
    expect(written()).toContain('is on a read-only file system: set CDKTF_OUTDIR to a writable directory');
    expect(view(outdir)).toEqual(OLD);
    expectUserFilesIntact(outdir, 'generation');
  });
});

describe('GIVEN file-system errors a user can cause', () => {
  test.each([
    ['EACCES', 'no permission to write'],
    ['EPERM', 'the operation is not permitted on'],
    ['EDQUOT', 'the disk quota for'],
    ['EIO', 'an I/O error occurred on'],
    ['EMFILE', 'too many open files'],
  ])('WHEN every write in the output fails with %s THEN synth exits 1 with one sentence, no stack trace, and the output unchanged', async (code, words) => {
    const outdir = await prepare('generation');
    const { fs } = faultyFs(Infinity, code, (p) => p.startsWith(path.join(outdir, STATE_DIR)));
    expect(await main({ CDKTF_OUTDIR: outdir }, { synth: fakeSynth(NEW), fs })).toBe(1);
    const out = written();
    expect(out).toContain(`(${code}): `);
    expect(out).toContain(words);
    expect(out).toContain(`The previous output in ${outdir} is unchanged.`);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(view(outdir)).toEqual(OLD);
    expectUserFilesIntact(outdir, 'generation');
  });
});

describe('GIVEN two runs that both found no output directory, the other one publishing first', () => {
  test('WHEN this run then fails THEN it does not remove the output the other run published', async () => {
    const outdir = await prepare('generation'); // what the other run published
    let lstatOfOutdir = 0;
    const fs = new Proxy(nodeFs, {
      get(target, prop: string) {
        const real = (target as any)[prop];
        if (prop === 'lstatSync') {
          return (p: string, ...rest: unknown[]) => {
            // This run looked before the other one created the directory.
            if (p === outdir && lstatOfOutdir++ === 0) throw Object.assign(new Error(`ENOENT: lstat '${p}'`), { code: 'ENOENT' });
            return real.call(target, p, ...rest);
          };
        }
        if (prop === 'mkdirSync') {
          return (p: string, ...rest: unknown[]) => {
            if (path.basename(p).startsWith('gen-')) throw Object.assign(new Error(`ENOSPC: mkdir '${p}'`), { code: 'ENOSPC', path: p });
            return real.call(target, p, ...rest);
          };
        }
        return real;
      },
    }) as PublishFs;
    expect(await main({ CDKTF_OUTDIR: outdir }, { synth: fakeSynth(NEW), fs })).toBe(1);
    expect(view(outdir)).toEqual(OLD);
    expectUserFilesIntact(outdir, 'generation');
  });
});

describe('GIVEN the lock of another synth', () => {
  test('WHEN its process is alive THEN synth waits, then exits 1 naming the process and the lock file, output unchanged', async () => {
    const outdir = await prepare('generation');
    writeFileSync(path.join(outdir, STATE_DIR, 'lock'), `${process.pid} 0 other\n`);
    expect(await main({ CDKTF_OUTDIR: outdir }, { synth: fakeSynth(NEW), lockTimeoutMs: 300 })).toBe(1);
    expect(written()).toContain(`Waiting for another synth (process ${process.pid}) to finish writing ${outdir}`);
    expect(written()).toContain(`if no synth is running, delete ${path.join(outdir, STATE_DIR, 'lock')}`);
    expect(view(outdir)).toEqual(OLD);
  });

  test('WHEN its process is gone (killed) THEN synth takes the lock over and publishes', async () => {
    const outdir = await prepare('generation');
    writeFileSync(path.join(outdir, STATE_DIR, 'lock'), `${deadPid()} 0 killed\n`);
    expect(await main({ CDKTF_OUTDIR: outdir }, { synth: fakeSynth(NEW), lockTimeoutMs: 300 })).toBe(0);
    expect(view(outdir)).toEqual(NEW);
    expectNoLeftovers(outdir);
  });
});

describe('GIVEN SIGTERM or SIGINT during synth', () => {
  test.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('WHEN %s arrives THEN synth stops before publishing, removes its staging and exits %i', async (signal, code) => {
    const outdir = await prepare('generation');
    const synth = (dir: string, fs: PublishFs) => {
      fakeSynth(NEW)(dir, fs);
      process.emit(signal, signal);
    };
    expect(await main({ CDKTF_OUTDIR: outdir }, { synth })).toBe(code);
    expect(written()).toContain(`Synth interrupted by ${signal}: ${outdir} still holds the previous output.`);
    expect(view(outdir)).toEqual(OLD);
    expect(existsSync(path.join(outdir, STATE_DIR, 'lock'))).toBe(false);
    expect(readdirSync(path.join(outdir, STATE_DIR)).length).toBe(2); // current and its generation
  });
});

describe('GIVEN two synth processes started at once on the same output', () => {
  const DIST_MAIN = path.resolve(__dirname, '..', 'dist', 'main.js');
  test('WHEN both finish THEN both exit 0 and the output is entirely one of the two', async () => {
    const cwd = mkdtempSync(path.join(tmpRoot, 'concurrent-'));
    const ids = ['909090909090', '808080808080'];
    ids.forEach((id, i) => writeFileSync(path.join(cwd, `c${i}.json`), JSON.stringify(merge(exampleInput(), { accounts: { audit: { id } } }))));
    const run = (i: number) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(process.execPath, [DIST_MAIN], { cwd, env: { ...process.env, LZ_CONFIG: `c${i}.json`, CDKTF_OUTDIR: undefined } });
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.on('close', (c) => resolve({ code: c, err }));
      });
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all([run(0), run(1)]);
      for (const r of results) expect(r).toEqual({ code: 0, err: expect.not.stringMatching(/Error|at /) });
      const out = view(path.join(cwd, 'cdktf.out'));
      if (out === 'absent') throw new Error('no output');
      const stacks = Object.entries(out).filter(([f]) => f !== 'manifest.json');
      // Every stack of the example: the three account stacks and one per governed region.
      expect(stacks).toHaveLength(stackNames(exampleInput().organization.governedRegions).length);
      const winner = ids.filter((id) => stacks.some(([, text]) => text.includes(id)));
      expect(winner).toHaveLength(1); // never one stack from each run
      expectNoLeftovers(path.join(cwd, 'cdktf.out'));
    }
  });
});

describe('GIVEN a real synth process and strace, which sends SIGKILL at the n-th rename(2)', () => {
  const DIST_MAIN = path.resolve(__dirname, '..', 'dist', 'main.js');
  const STRACE = ['/usr/bin/strace', '/bin/strace'].find((p) => existsSync(p));

  /** Runs the CLI (under strace when `killAt` is set); resolves with the exit status or signal. */
  function cli(cwd: string, config: string, killAt?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> {
    const syscalls = 'rename,renameat,renameat2';
    const [cmd, args] =
      killAt === undefined
        ? [process.execPath, [DIST_MAIN]]
        : [STRACE!, ['-f', '-qq', '-o', '/dev/null', '-e', `trace=${syscalls}`, '-e', `inject=${syscalls}:signal=SIGKILL:when=${killAt}`, process.execPath, DIST_MAIN]];
    return new Promise((resolve) => {
      const child = spawn(cmd, args, { cwd, env: { ...process.env, LZ_CONFIG: config, CDKTF_OUTDIR: undefined } });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code, signal) => resolve({ code, signal, err }));
    });
  }

  /** The number of rename(2) calls of one CLI run, from strace's own trace. */
  async function countRenames(cwd: string, config: string): Promise<number> {
    const trace = path.join(cwd, 'renames.trace');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(STRACE!, ['-f', '-qq', '-o', trace, '-e', 'trace=rename,renameat,renameat2', process.execPath, DIST_MAIN], {
        cwd,
        env: { ...process.env, LZ_CONFIG: config, CDKTF_OUTDIR: undefined },
      });
      child.on('close', resolve);
    });
    expect(code).toBe(0);
    return readFileSync(trace, 'utf8').split('\n').filter((l) => /\brename(at2?)?\(/.test(l)).length;
  }

  test('WHEN the run is killed at every rename of a first synth, and at the commit of a later one, THEN the output is absent, old or new, never a mix, and the next run recovers', async () => {
    if (!STRACE) throw new Error('this test needs strace (apt-get install strace)');
    const cwd = mkdtempSync(path.join(tmpRoot, 'strace-'));
    const ids = ['909090909090', '808080808080'];
    ids.forEach((id, i) => writeFileSync(path.join(cwd, `c${i}.json`), JSON.stringify(merge(exampleInput(), { accounts: { audit: { id } } }))));
    const c0 = path.join(cwd, 'c0.json');
    const c1 = path.join(cwd, 'c1.json');
    // How many renames a first synth makes (the adoption link, the manifest, one per stack, the
    // commit), counted with strace rather than written down: the number grows with the stacks.
    const renames = await countRenames(mkdtempSync(path.join(tmpRoot, 'strace-count-')), c0);
    expect(renames).toBe(3 + stackNames(exampleInput().organization.governedRegions).length);
    // Kill a first synth at its n-th rename, for every n and one more (which it completes), then run it again.
    const firstRuns = Array.from({ length: renames + 1 }, async (_, k) => {
      const dir = mkdtempSync(path.join(tmpRoot, `strace-${k + 1}-`));
      const r = await cli(dir, c0, k + 1);
      const killed = r.signal === 'SIGKILL' || r.code === 137;
      if (!killed) expect(r).toEqual(expect.objectContaining({ code: 0 })); // fewer than n renames: it completed
      const seen = view(path.join(dir, 'cdktf.out'));
      expect((await cli(dir, c0)).code).toBe(0);
      return { killed, seen, recovered: view(path.join(dir, 'cdktf.out')), dir };
    });
    // A later synth over an existing output has one rename, the commit: killed there, the old output stays.
    const later = (async () => {
      const dir = mkdtempSync(path.join(tmpRoot, 'strace-later-'));
      expect((await cli(dir, c1)).code).toBe(0);
      const before = view(path.join(dir, 'cdktf.out'));
      const r = await cli(dir, c0, 1);
      expect(r.signal === 'SIGKILL' || r.code === 137).toBe(true);
      expect(view(path.join(dir, 'cdktf.out'))).toEqual(before);
      return { before, dir };
    })();
    const results = await Promise.all(firstRuns);
    const { before: output1, dir: laterDir } = await later;

    const output0 = results[0].recovered;
    expect(output0).not.toBe('absent');
    expect(output1).not.toEqual(output0);
    expect(results.map((r) => r.killed)).toEqual([...Array<boolean>(renames).fill(true), false]);
    for (const r of results) {
      expect([JSON.stringify('absent'), JSON.stringify(output0)]).toContain(JSON.stringify(r.seen));
      expect(r.recovered).toEqual(output0);
      expectNoLeftovers(path.join(r.dir, 'cdktf.out'));
    }
    expect((await cli(laterDir, c0)).code).toBe(0);
    expect(view(path.join(laterDir, 'cdktf.out'))).toEqual(output0);
    expectNoLeftovers(path.join(laterDir, 'cdktf.out'));
  });
});
