import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, loadConfig } from './config/load';
import type { buildApp as BuildApp } from './stacks/app';

/**
 * The file-system calls synth makes in the output directory. Production passes `node:fs`; the
 * tests pass a wrapper that fails or "kills" the run at the n-th call, for every n.
 */
export type PublishFs = Pick<
  typeof nodeFs,
  | 'closeSync'
  | 'fsyncSync'
  | 'linkSync'
  | 'lstatSync'
  | 'mkdirSync'
  | 'openSync'
  | 'readFileSync'
  | 'readdirSync'
  | 'readlinkSync'
  | 'renameSync'
  | 'rmSync'
  | 'rmdirSync'
  | 'symlinkSync'
  | 'unlinkSync'
  | 'writeFileSync'
>;

/** A problem the user can fix (environment, file system, another run): printed as one message, exit 1, no stack trace. */
export class SynthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SynthError';
  }
}

/** Raised at a checkpoint after SIGINT or SIGTERM; the run cleans up and exits 128 + signal number. */
class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

/**
 * Directory inside the output that holds the generations, the `current` link and the lock.
 * Everything else in the output directory that synth did not write (`.terraform`, plan files) is the user's.
 */
export const STATE_DIR = '.synth';
const CURRENT = 'current';
const LOCK = 'lock';
/** Suffix of the temporary links made before an atomic rename; swept by the next run when a kill leaves one. */
const TMP_MARK = '.synth-tmp-';

/** Options for {@link main}, for tests. */
export interface MainOptions {
  /** File-system layer for everything written in the output directory. @default node:fs */
  readonly fs?: PublishFs;
  /** Writes the synthesized files into `dir`. @default - builds the App from the configuration and synthesizes it there */
  readonly synth?: (dir: string, fs: PublishFs) => void;
  /** How long to wait for another run's lock. @default 120000 */
  readonly lockTimeoutMs?: number;
}

/**
 * Synthesizes the three stacks into the output directory (`CDKTF_OUTDIR`, default `./cdktf.out`).
 *
 * Guarantee: whatever happens (invalid input, a file-system error, SIGKILL at any instruction,
 * another run at the same time), a reader of the output sees exactly the previous output or
 * exactly the new one, never a mix, and files synth did not write there (`.terraform`) are never
 * touched. See the README, "How the output is written".
 * @returns the process exit code: 0, 1 for anything the user can fix, 128 + n after signal n
 */
export async function main(env: NodeJS.ProcessEnv = process.env, options: MainOptions = {}): Promise<number> {
  const say = (text: string) => process.stderr.write(`${text}\n`);
  let config;
  let outdir: string;
  try {
    config = loadConfig(env);
    outdir = outputDir(env);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof SynthError) {
      say(e.message);
      return 1;
    }
    throw e;
  }
  // The stacks (cdktf and the provider classes, most of a run's start-up) load only for a valid
  // configuration: an invalid one is reported without them.
  const synth =
    options.synth ??
    ((dir: string) => {
      const { buildApp } = require('./stacks/app') as { buildApp: typeof BuildApp };
      buildApp(config, { outdir: dir }).app.synth();
    });
  const signals = watchSignals();
  try {
    await synthesize(outdir, synth, {
      fs: options.fs ?? nodeFs,
      lockTimeoutMs: options.lockTimeoutMs ?? 120_000,
      checkpoint: async () => {
        await new Promise((resolve) => setImmediate(resolve)); // lets a pending SIGINT/SIGTERM handler run
        if (signals.received) throw new Interrupted(signals.received);
      },
      say,
    });
    return 0;
  } catch (e) {
    if (e instanceof Interrupted) {
      say(`Synth interrupted by ${e.signal}: ${outdir} still holds the previous output.`);
      return 128 + (e.signal === 'SIGINT' ? 2 : 15);
    }
    if (e instanceof SynthError) {
      say(e.message);
      return 1;
    }
    throw e;
  } finally {
    signals.dispose();
  }
}

/** The output directory from `CDKTF_OUTDIR`, refusing values that would write among the sources. */
export function outputDir(env: NodeJS.ProcessEnv): string {
  const raw = env.CDKTF_OUTDIR;
  if (raw !== undefined && raw.trim() === '') {
    throw new SynthError('CDKTF_OUTDIR is set but empty: unset it to write to ./cdktf.out, or name a directory');
  }
  const outdir = path.resolve(raw ?? 'cdktf.out');
  const cwd = process.cwd();
  if (outdir === cwd || cwd.startsWith(`${outdir}${path.sep}`) || outdir === path.parse(outdir).root) {
    throw new SynthError(
      `CDKTF_OUTDIR="${raw}" is the working directory or one of its parents: synth would write manifest.json and stacks/ among your files. Name a directory of its own, e.g. cdktf.out`,
    );
  }
  return outdir;
}

function watchSignals(): { received?: NodeJS.Signals; dispose(): void } {
  const state: { received?: NodeJS.Signals; dispose(): void } = {
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
  function onSignal(signal: NodeJS.Signals) {
    state.received ??= signal;
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return state;
}

interface Context {
  readonly fs: PublishFs;
  readonly lockTimeoutMs: number;
  /** Yields to the event loop and throws {@link Interrupted} after a signal. */
  readonly checkpoint: () => Promise<void>;
  readonly say: (text: string) => void;
}

/** The errno code of a Node.js system error (duck-typed: `instanceof Error` fails across VM contexts such as jest's). */
function errnoOf(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** A file-system error as one sentence naming the path and what to do; other errors unchanged. */
export function describeFsError(e: unknown, doing: string, outdir: string): unknown {
  const code = errnoOf(e);
  if (!code) return e;
  const where = (e as NodeJS.ErrnoException).path ?? outdir;
  const why: Record<string, string> = {
    ENOSPC: `the disk holding ${where} is full: free some space`,
    EDQUOT: `the disk quota for ${where} is exhausted: free some space`,
    EACCES: `no permission to write ${where}: fix its permissions or set CDKTF_OUTDIR to a writable directory`,
    EPERM: `the operation is not permitted on ${where}: fix its permissions or set CDKTF_OUTDIR to a writable directory`,
    EROFS: `${where} is on a read-only file system: set CDKTF_OUTDIR to a writable directory`,
    ENOTDIR: `a path component of ${where} is a file, not a directory: move it away or set CDKTF_OUTDIR elsewhere`,
    EEXIST: `${where} already exists and is not what synth expects (a file where a directory belongs?): move it away`,
    EISDIR: `${where} is a directory where synth writes a file: move it away`,
    ENOENT: `${where} disappeared while synth was writing (deleted by another program?): run synth again`,
    EMFILE: 'too many open files: raise the limit (ulimit -n) and run synth again',
    EIO: `an I/O error occurred on ${where}: check the disk`,
  };
  const reason = why[code] ?? `${code} on ${where}`;
  return new SynthError(`Cannot ${doing} (${code}): ${reason}. The previous output in ${outdir} is unchanged.`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exists(fs: PublishFs, p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return false;
    throw e;
  }
}

function readLink(fs: PublishFs, p: string): string | undefined {
  try {
    return fs.readlinkSync(p);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return undefined;
    if (errnoOf(e) === 'EINVAL') throw new SynthError(`${p} is not a symbolic link; it belongs to synth: delete ${path.dirname(p)} and run synth again`);
    throw e;
  }
}

function readdirQuietly(fs: PublishFs, dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** Best-effort removal for cleanup paths; a cleanup failure must not hide the error being reported. */
function quietly(action: () => void): void {
  try {
    action();
  } catch {
    // the next run's sweep removes whatever is left
  }
}

/**
 * Writes a new generation and switches the output to it with one `rename(2)` of a symbolic link.
 *
 * Layout: `<outdir>/.synth/gen-*` are complete outputs; `<outdir>/.synth/current` links to one of
 * them; `<outdir>/manifest.json` and `<outdir>/stacks/<stack>/cdk.tf.json` are relative links
 * through `.synth/current/`. Renaming a new `current` link over the old one is atomic on POSIX
 * file systems, so every reader resolves all files to one generation. The stack directories stay
 * real directories, so `terraform init` keeps `.terraform` there across runs.
 */
async function synthesize(outdir: string, synth: (dir: string, fs: PublishFs) => void, ctx: Context): Promise<void> {
  const { fs } = ctx;
  const state = path.join(outdir, STATE_DIR);
  let createdOutdir = false;
  try {
    createdOutdir = !exists(fs, outdir);
    fs.mkdirSync(state, { recursive: true });
  } catch (e) {
    throw describeFsError(e, `create the output directory ${outdir}`, outdir);
  }
  let release: (() => void) | undefined;
  let committed = false;
  let generation: string | undefined;
  try {
    release = await acquireLock(state, outdir, ctx);
    // A run that started at the same moment may have published here first: then the directory is not ours to remove.
    if (createdOutdir && readLinkLenient(fs, path.join(state, CURRENT)) !== undefined) createdOutdir = false;
    let doing = `clean up after an earlier run in ${state}`;
    try {
      collectGarbage(outdir, state, fs);
      doing = `create a staging directory in ${state}`;
      generation = makeGeneration(fs, state);
      doing = `write the synthesized files to ${generation}`;
      synth(generation, fs);
      await ctx.checkpoint();
      doing = `publish the synthesized files to ${outdir}`;
      await publish(outdir, state, generation, ctx, () => {
        committed = true;
      });
    } catch (e) {
      throw describeFsError(e, doing, outdir);
    }
  } finally {
    if (!committed && generation) quietly(() => fs.rmSync(generation!, { recursive: true, force: true }));
    if (!committed && release) {
      if (createdOutdir) {
        // Nothing was published: leave no trace of an output directory that did not exist.
        for (const entry of readdirQuietly(fs, state)) if (entry !== LOCK) quietly(() => fs.rmSync(path.join(state, entry), { recursive: true, force: true }));
        quietly(() => sweepLinks(outdir, state, fs));
      } else {
        quietly(() => collectGarbage(outdir, state, fs)); // e.g. a half-adopted older output
      }
    }
    release?.();
    if (createdOutdir && !committed) {
      quietly(() => fs.rmdirSync(state));
      const stacks = path.join(outdir, 'stacks');
      for (const entry of readdirQuietly(fs, stacks)) quietly(() => fs.rmdirSync(path.join(stacks, entry))); // only empty ones
      quietly(() => fs.rmdirSync(stacks));
      quietly(() => fs.rmdirSync(outdir));
    }
  }
}

/**
 * Takes `<state>/lock`, created with `link(2)` from a file that already holds our PID (so a lock
 * never exists without its owner). A lock whose process is gone (SIGKILL) is taken over.
 * Waits for a live holder up to `lockTimeoutMs`.
 * @returns the function that releases the lock
 */
async function acquireLock(state: string, outdir: string, ctx: Context): Promise<() => void> {
  const { fs } = ctx;
  const lock = path.join(state, LOCK);
  const token = `${process.pid} ${Date.now()} ${Math.random().toString(36).slice(2)}\n`;
  const deadline = Date.now() + ctx.lockTimeoutMs;
  let told = false;
  for (;;) {
    const tmp = `${lock}-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      fs.writeFileSync(tmp, token, { flag: 'wx' });
      try {
        fs.linkSync(tmp, lock);
        return () =>
          quietly(() => {
            if (fs.readFileSync(lock, 'utf8') === token) fs.unlinkSync(lock);
          });
      } catch (e) {
        if (errnoOf(e) !== 'EEXIST') throw e;
      } finally {
        quietly(() => fs.unlinkSync(tmp));
      }
    } catch (e) {
      throw describeFsError(e, `take the lock ${lock}`, outdir);
    }
    let holder: string | undefined;
    try {
      holder = fs.readFileSync(lock, 'utf8');
    } catch (e) {
      if (errnoOf(e) === 'ENOENT') continue; // released meanwhile
      throw describeFsError(e, `read the lock ${lock}`, outdir);
    }
    const pid = Number(holder.split(' ')[0]);
    if (!isAlive(pid)) {
      // Left by a killed run. Remove it only if it is still the one we read (another waiter may have taken it over).
      quietly(() => {
        if (fs.readFileSync(lock, 'utf8') === holder) fs.unlinkSync(lock);
      });
      continue;
    }
    if (Date.now() > deadline) {
      throw new SynthError(
        `Another synth (process ${pid}) has been writing ${outdir} for over ${Math.round(ctx.lockTimeoutMs / 1000)} s. Wait for it to finish; if no synth is running, delete ${lock}.`,
      );
    }
    if (!told) ctx.say(`Waiting for another synth (process ${pid}) to finish writing ${outdir} ...`);
    told = true;
    await ctx.checkpoint();
    await sleep(50);
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoOf(e) === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Removes what a killed run left (uncommitted generations, temporary links and lock files of
 * dead processes) and links that point at files the current generation no longer has (a
 * removed stack). Runs under the lock.
 */
function collectGarbage(outdir: string, state: string, fs: PublishFs): void {
  const current = readLink(fs, path.join(state, CURRENT));
  for (const entry of fs.readdirSync(state)) {
    if (entry === CURRENT || entry === LOCK || entry === current) continue;
    const lockTmp = /^lock-(\d+)-/.exec(entry);
    // Another live run may be creating its lock file right now; ours are leftovers (we hold the lock).
    if (lockTmp && Number(lockTmp[1]) !== process.pid && isAlive(Number(lockTmp[1]))) continue;
    fs.rmSync(path.join(state, entry), { recursive: true, force: true });
  }
  sweepLinks(outdir, state, fs);
}

/** Unlinks temporary links and links into `.synth/current/` whose target is gone; never enters `.terraform` or `.synth`. */
function sweepLinks(outdir: string, state: string, fs: PublishFs): void {
  const walk = (dir: string, depth: number) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 3 && entry.name !== '.terraform' && full !== state) walk(full, depth + 1);
        continue;
      }
      if (!entry.isSymbolicLink()) continue;
      if (entry.name.includes(TMP_MARK)) {
        fs.unlinkSync(full); // left by a killed run before its rename
        continue;
      }
      const target = path.resolve(dir, fs.readlinkSync(full));
      // A link of ours whose file is in no generation any more (a removed stack).
      if (target.startsWith(`${path.join(state, CURRENT)}${path.sep}`) && !exists(fs, target)) fs.unlinkSync(full);
    }
  };
  walk(outdir, 0);
}

/** A new, empty generation directory (not `mkdtemp`: its 0700 mode would hide the output from other users). */
function makeGeneration(fs: PublishFs, state: string): string {
  const dir = path.join(state, `gen-${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  fs.mkdirSync(dir);
  return dir;
}

/** Relative paths of the regular files under `dir`. */
function filesUnder(fs: PublishFs, dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(fs, dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/** Files the manifest at `file` lists (relative to its directory), or none when it cannot be read. */
function manifestFiles(fs: PublishFs, file: string): string[] {
  try {
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { stacks?: Record<string, { synthesizedStackPath?: unknown }> };
    return Object.values(manifest.stacks ?? {})
      .map((s) => s.synthesizedStackPath)
      .filter((p): p is string => typeof p === 'string' && !path.isAbsolute(p) && !p.split(/[\\/]/).includes('..'))
      .map((p) => path.normalize(p));
  } catch {
    return [];
  }
}

/** Replaces `link` by a symbolic link to `target` with one rename, so a reader sees the old or the new entry. */
function swapLink(fs: PublishFs, link: string, target: string): void {
  const tmp = `${link}${TMP_MARK}${process.pid}`;
  quietly(() => fs.unlinkSync(tmp));
  fs.symlinkSync(target, tmp);
  fs.renameSync(tmp, link);
}

function fsyncPath(fs: PublishFs, p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

async function publish(outdir: string, state: string, generation: string, ctx: Context, onCommit: () => void): Promise<void> {
  const { fs } = ctx;
  const files = filesUnder(fs, generation);
  if (!files.includes('manifest.json')) throw new Error(`synth wrote no manifest.json in ${generation}`);
  const currentLink = path.join(state, CURRENT);
  let previous = readLink(fs, currentLink);
  // Paths the previous generation had become links too, so a stack that is gone disappears with it.
  const managed = new Set([...files, ...(previous === undefined ? [] : filesUnder(fs, path.join(state, previous)))]);
  if (previous === undefined) {
    // First run with this layout. Files an older version wrote in place become a generation of
    // their own (hard links, no copy), so every step below keeps showing exactly that output.
    const legacy = [...new Set(['manifest.json', ...manifestFiles(fs, path.join(outdir, 'manifest.json')), ...files])];
    const adopted = makeGeneration(fs, state);
    for (const rel of legacy) {
      const src = path.join(outdir, rel);
      let stat: nodeFs.Stats;
      try {
        stat = fs.lstatSync(src);
      } catch {
        continue;
      }
      if (!stat.isFile()) continue;
      fs.mkdirSync(path.dirname(path.join(adopted, rel)), { recursive: true });
      fs.linkSync(src, path.join(adopted, rel));
      managed.add(rel);
    }
    swapLink(fs, currentLink, path.basename(adopted));
    previous = path.basename(adopted);
  }
  // Every synthesized path becomes a link through `current`. Until the commit it resolves to the
  // previous generation (or to nothing: a new stack, which the previous manifest does not list).
  for (const rel of [...managed].sort()) {
    const link = path.join(outdir, rel);
    const target = path.relative(path.dirname(link), path.join(currentLink, rel));
    if (readLinkLenient(fs, link) === target) continue;
    fs.mkdirSync(path.dirname(link), { recursive: true });
    swapLink(fs, link, target);
  }
  // Durable before visible: a power cut after the commit must not expose empty files.
  for (const rel of files) fsyncPath(fs, path.join(generation, rel));
  const dirs = new Set<string>([generation]);
  for (const rel of files) for (let d = path.dirname(rel); d !== '.'; d = path.dirname(d)) dirs.add(path.join(generation, d));
  for (const dir of dirs) fsyncPath(fs, dir); // their directory entries
  fsyncPath(fs, state);
  await ctx.checkpoint();

  swapLink(fs, currentLink, path.basename(generation)); // the commit
  onCommit();
  quietly(() => fsyncPath(fs, state));

  // After the commit, failures only leave garbage that the next run sweeps.
  quietly(() => fs.rmSync(path.join(state, previous!), { recursive: true, force: true }));
  quietly(() => sweepLinks(outdir, state, fs));
}

function readLinkLenient(fs: PublishFs, p: string): string | undefined {
  try {
    return fs.readlinkSync(p);
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // A bug, not a user error: keep the stack trace for the report.
      process.stderr.write(`Internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
