#!/usr/bin/env node
/**
 * Synth and test benchmark (issue 6). Plain Node ESM: no ts-node, no build step of its own; it
 * measures the compiled app in dist/, so run `npm run build` first.
 *
 *   node scripts/bench.mjs [--runs 5] [--cli-runs 3] [--suite-runs 1] [--warmup 1]
 *                          [--only a,b,c,d,e|<case id>,...] [--skip ...] [--rss-method time|wrapper|proc]
 *                          [--guardrails-extra '<json>'] [--profile] [--strict] [--out bench-results]
 *
 * Cases, each measured in a child process (wall time from spawn to exit, and peak RSS):
 *   (a) floor          a hello-world cdktf app (scripts/bench-fixtures/floor-app.cjs)
 *   (b) synth-example  node dist/main.js, example config
 *   (c) regions-N      node dist/main.js, generated config with N governed regions (1, 4, 17): stacks
 *                      and AWS provider configurations per stack reported; at 17, no stack may hold more than 2
 *       targets-N      node dist/main.js, generated config with N guardrail target OUs (10, 100, 1000),
 *                      only when the schema in dist/ accepts `guardrails.targets`
 *   (d) cdktf-cli      npx cdktf synth --output <tmp>
 *   (e) jest-all       npx jest;  jest-terraform  test/terraform/validate.test.ts;
 *       jest-terraform-test  test/terraform/terraform-test.test.ts (measured, no target)
 *   (f) plan-memory    terraform plan of the largest stack at 17 regions with the real provider, fake
 *                      credentials and nothing read from AWS; peak RSS summed over terraform and its
 *                      provider plugins, also with every resource on one provider configuration
 * Writes <out>/latest.json (machine, options, every raw sample) and <out>/latest.md (table for
 * docs/performance.md). Exit code 0 even when a target is missed, unless --strict.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { guardrailTargetsConfig, regionsConfig } from './bench-fixtures/configs.mjs';
import { formatSummary, summarize } from './bench-fixtures/cpuprofile-top.mjs';
import { measureTerraform, offlinePlanStack, writeStack } from './bench-fixtures/plan-memory.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'scripts', 'bench-fixtures');
const FLOOR_APP = path.join(FIXTURES, 'floor-app.cjs');
const RSS_WRAPPER = path.join(FIXTURES, 'rss-report.cjs');
const GNU_TIME = '/usr/bin/time';
const OUR_STACKS = ['audit', 'log-archive', 'management'];
/** Every stack of a config: the account stacks and one `security-<region>` per governed region. */
const stacksOf = (config) => [...OUR_STACKS, ...config.organization.governedRegions.map((r) => `security-${r}`)];

const TARGETS = {
  synthTimeRatio: 1.5,
  synthRssMb: 400,
  membersTimeRatio: 1.1,
  suiteMs: 60_000,
  terraformSuiteMs: 30_000,
  /** AWS provider configurations any one stack may hold, at any number of governed regions. */
  providersPerStack: 2,
};

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `usage: node scripts/bench.mjs [options]
  --runs N              samples per synth case (a)-(c), median reported (default 5)
  --cli-runs N          samples for (d) npx cdktf synth, slower (default 3)
  --suite-runs N        samples for (e) the jest suites (default 1)
  --warmup N            discarded warm-up runs before each (a)-(d) case (default 1)
  --only LIST           comma-separated groups (a,b,c,d,e,f) or case ids to run
  --skip LIST           groups or case ids to leave out
  --rss-method M        time (GNU ${GNU_TIME} -v) | wrapper (process.resourceUsage().maxRSS) | proc (/proc VmHWM poller);
                        default: the first of these that works
  --guardrails-extra J  JSON merged into the generated \`guardrails\` object (besides targets)
  --profile             on a missed target: CPU-profile the synth cases involved (node --cpu-prof, top self time),
                        list a missed suite's slowest tests (jest --verbose), time one terraform init/validate
  --strict              exit 1 when a target is missed or a case fails
  --out DIR             results directory (default bench-results)`;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      'cli-runs': { type: 'string', default: '3' },
      'suite-runs': { type: 'string', default: '1' },
      warmup: { type: 'string', default: '1' },
      only: { type: 'string' },
      skip: { type: 'string' },
      'rss-method': { type: 'string' },
      'guardrails-extra': { type: 'string' },
      profile: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench-results' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const count = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number >= ${min}, got "${values[name]}"`);
    return n;
  };
  const list = (v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
  const method = values['rss-method'];
  if (method !== undefined && !['time', 'wrapper', 'proc'].includes(method)) throw new Error(`--rss-method must be time, wrapper or proc, got "${method}"`);
  let guardrailsExtra = {};
  if (values['guardrails-extra']) {
    guardrailsExtra = JSON.parse(values['guardrails-extra']);
    if (guardrailsExtra === null || typeof guardrailsExtra !== 'object' || Array.isArray(guardrailsExtra)) throw new Error('--guardrails-extra must be a JSON object');
  }
  return {
    runs: count('runs', 1),
    cliRuns: count('cli-runs', 1),
    suiteRuns: count('suite-runs', 1),
    warmup: count('warmup', 0),
    only: list(values.only),
    skip: list(values.skip) ?? [],
    rssMethod: method,
    guardrailsExtra,
    profile: values.profile,
    strict: values.strict,
    out: path.resolve(ROOT, values.out),
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const log = (s) => process.stderr.write(`${s}\n`);
const mb = (kb) => kb / 1024;
const fmtMs = (ms) => (ms === undefined || ms === null ? '-' : Math.round(ms).toLocaleString('en-US'));
const fmtMb = (kb) => (kb === undefined || kb === null ? '-' : mb(kb).toFixed(1));
const fmtRatio = (r) => (r === undefined || r === null || !Number.isFinite(r) ? '-' : `${r.toFixed(2)}x`);

function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
const minOf = (xs) => (xs.length ? Math.min(...xs) : undefined);
const maxOf = (xs) => (xs.length ? Math.max(...xs) : undefined);

/** Keeps the last `limit` characters of a growing stream. */
function tailBuffer(limit = 256 * 1024) {
  let text = '';
  return {
    push(chunk) {
      text += chunk.toString();
      if (text.length > 2 * limit) text = text.slice(-limit);
    },
    get value() {
      return text.length > limit ? text.slice(-limit) : text;
    },
  };
}

/** A path relative to the project when inside it, else absolute. */
const shownPath = (f) => (f.startsWith(ROOT + path.sep) ? path.relative(ROOT, f) : f);
const lastLines = (text, n = 15) => text.trimEnd().split('\n').slice(-n).join('\n');

// ---------------------------------------------------------------------------------------------
// Peak RSS: three ways, one chosen per bench run

/** VmHWM (peak RSS, KiB) of one process, or undefined when it is gone. */
function vmHwm(pid) {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The process and all its live descendants. */
function processTree(root) {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    const pid = out[i];
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean)) out.push(Number(c));
      } catch {
        // process ended meanwhile, or no CONFIG_PROC_CHILDREN: the root's own peak still counts
      }
    }
  }
  return out;
}

/** Wraps a command so its peak RSS can be read after it exits. */
function rssProbe(method, tmp, seq) {
  if (method === 'time') {
    const file = path.join(tmp, `time-${seq}.txt`);
    return {
      wrap: (cmd, args, env) => ({ cmd: GNU_TIME, args: ['-v', '-o', file, cmd, ...args], env }),
      start() {},
      stop() {},
      read() {
        try {
          const m = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(readFileSync(file, 'utf8'));
          return m ? Number(m[1]) : undefined;
        } catch {
          return undefined;
        }
      },
    };
  }
  if (method === 'wrapper') {
    const file = path.join(tmp, `rss-${seq}.txt`);
    const req = /\s/.test(RSS_WRAPPER) ? `--require "${RSS_WRAPPER}"` : `--require ${RSS_WRAPPER}`;
    return {
      wrap: (cmd, args, env) => ({ cmd, args, env: { ...env, BENCH_RSS_FILE: file, NODE_OPTIONS: [env.NODE_OPTIONS, req].filter(Boolean).join(' ') } }),
      start() {},
      stop() {},
      read() {
        try {
          const values = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => Number(l.split(' ')[1]));
          return values.length ? Math.max(...values) : undefined;
        } catch {
          return undefined;
        }
      },
    };
  }
  // proc: poll VmHWM of the child and its descendants every 20 ms; the largest wins.
  let timer;
  const peaks = new Map();
  return {
    wrap: (cmd, args, env) => ({ cmd, args, env }),
    start(pid) {
      const poll = () => {
        for (const p of processTree(pid)) {
          const v = vmHwm(p);
          if (v !== undefined) peaks.set(p, Math.max(peaks.get(p) ?? 0, v));
        }
      };
      poll();
      timer = setInterval(poll, 20);
    },
    stop() {
      clearInterval(timer);
    },
    read: () => (peaks.size ? Math.max(...peaks.values()) : undefined),
  };
}

const METHOD_TEXT = {
  time: `GNU ${GNU_TIME} -v (ru_maxrss: the largest single process of the measured tree, not the sum)`,
  wrapper: 'process.resourceUsage().maxRSS reported by every Node process of the tree via a --require preload (largest wins; non-Node processes not counted; the preload adds a little wall time)',
  proc: '/proc/<pid>/status VmHWM polled every 20 ms over the process tree (largest single process; very short-lived processes can be missed)',
};

async function detectRssMethod(forced, tmp) {
  const candidates = forced ? [forced] : ['time', 'wrapper', 'proc'];
  for (const method of candidates) {
    if (method === 'time' && !existsSync(GNU_TIME)) continue;
    if (method === 'proc' && !existsSync('/proc/self/status')) continue;
    const r = await runOnce({ cmd: process.execPath, args: ['-e', 'globalThis.x = Buffer.alloc(32 << 20, 1)'], env: process.env, cwd: ROOT }, method, tmp, 'probe');
    if (r.exitCode === 0 && r.peakRssKb > 32 * 1024) return method;
    if (forced) throw new Error(`--rss-method ${forced} does not work here (probe read ${r.peakRssKb} KiB)`);
  }
  throw new Error('no way to measure peak RSS on this machine');
}

// ---------------------------------------------------------------------------------------------
// Running one sample

let seqNo = 0;

/** Runs a command once: wall time from spawn to exit (ms), peak RSS (KiB), exit status, output tails. */
function runOnce(spec, method, tmp) {
  const probe = rssProbe(method, tmp, seqNo++);
  const { cmd, args, env } = probe.wrap(spec.cmd, spec.args, spec.env);
  const out = tailBuffer();
  const err = tailBuffer();
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    let child;
    try {
      child = spawn(cmd, args, { cwd: spec.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ wallMs: undefined, peakRssKb: undefined, exitCode: null, signal: null, stdout: '', stderr: String(e) });
      return;
    }
    let wallMs;
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    if (child.pid) probe.start(child.pid);
    child.on('error', (e) => err.push(`\nspawn error: ${e.message}`));
    child.on('exit', () => {
      wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      probe.stop();
    });
    child.on('close', (code, signal) => {
      probe.stop();
      resolve({ wallMs, peakRssKb: probe.read(), exitCode: code, signal, stdout: out.value, stderr: err.value });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// What a synth wrote

function synthOutput(outdir) {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!existsSync(manifestFile)) return { error: `no manifest.json in the output directory` };
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const stacks = Object.keys(manifest.stacks ?? {}).sort();
  let resources = 0;
  let dataSources = 0;
  let bytes = 0;
  const providersPerStack = {};
  for (const name of stacks) {
    const file = path.join(outdir, manifest.stacks[name].synthesizedStackPath ?? path.join('stacks', name, 'cdk.tf.json'));
    const text = readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    const doc = JSON.parse(text);
    for (const byType of Object.values(doc.resource ?? {})) resources += Object.keys(byType).length;
    for (const byType of Object.values(doc.data ?? {})) dataSources += Object.keys(byType).length;
    providersPerStack[name] = [doc.provider?.aws ?? []].flat().length;
  }
  return { stacks, resources, dataSources, bytes, providersPerStack };
}

// ---------------------------------------------------------------------------------------------
// Machine

function machine() {
  const cpus = os.cpus();
  let distro;
  try {
    distro = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
  } catch {
    distro = undefined;
  }
  let terraform = null;
  const tf = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' }, timeout: 30_000 });
  if (tf.status === 0) {
    try {
      terraform = JSON.parse(tf.stdout).terraform_version;
    } catch {
      terraform = /\d+\.\d+\.\d+\S*/.exec(tf.stdout)?.[0] ?? null;
    }
  }
  const pkgVersion = (name) => {
    try {
      return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const head = git('rev-parse', 'HEAD');
  const status = git('status', '--porcelain');
  return {
    os: `${os.type()} ${os.release()}${distro ? ` (${distro})` : ''}`,
    platform: `${process.platform}-${process.arch}`,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cpuCount: cpus.length,
    availableParallelism: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    terraform,
    cdktf: pkgVersion('cdktf'),
    cdktfCli: pkgVersion('cdktf-cli'),
    providerAws: pkgVersion('@cdktf/provider-aws'),
    jest: pkgVersion('jest'),
    gitCommit: head.status === 0 ? head.stdout.trim() : null,
    gitDirtyFiles: status.status === 0 ? status.stdout.split('\n').filter(Boolean).length : null,
  };
}

function machineLine(m) {
  const gib = (m.totalMemoryBytes / 1024 ** 3).toFixed(1);
  return `${m.os}; ${m.cpuCount} × ${m.cpuModel}; ${gib} GiB RAM; Node ${m.node}; Terraform ${m.terraform ?? 'not found'}`;
}

/** Newest modification time (ms) of the TypeScript sources the build compiles (tsconfig.build.json `include`). */
function newestSourceMtime() {
  let roots = ['main.ts', 'config', 'modules', 'stacks'];
  try {
    const include = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')).include;
    if (Array.isArray(include) && include.length > 0) roots = include.map((g) => g.split('/')[0]).filter((r) => !r.includes('*'));
  } catch {
    // keep the defaults
  }
  let newest = 0;
  const visit = (p) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of new Set(roots)) visit(path.join(ROOT, p));
  return newest;
}

// ---------------------------------------------------------------------------------------------
// The cases

function defineCases(opts, tmp, schema, example) {
  const baseEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  delete baseEnv.LZ_CONFIG;
  delete baseEnv.CDKTF_OUTDIR;
  const node = process.execPath;
  const synthRuns = { runs: opts.runs, warmup: opts.warmup };
  const mainJs = path.join(ROOT, 'dist', 'main.js');

  const writeConfig = (name, config) => {
    const file = path.join(tmp, `${name}.json`);
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
    return file;
  };
  const ourSynth = (configFile) => (outdir) => ({
    cmd: node,
    args: [mainJs],
    env: { ...baseEnv, CDKTF_OUTDIR: outdir, ...(configFile ? { LZ_CONFIG: configFile } : {}) },
  });

  const cases = [
    {
      id: 'floor',
      group: 'a',
      label: '(a) floor: hello-world cdktf app',
      kind: 'synth',
      ...synthRuns,
      expectStacks: ['hello'],
      command: (outdir) => ({ cmd: node, args: [FLOOR_APP], env: { ...baseEnv, CDKTF_OUTDIR: outdir } }),
    },
    {
      id: 'synth-example',
      group: 'b',
      label: '(b) full synth, example config: node dist/main.js (npm run synth, after its build)',
      kind: 'synth',
      ...synthRuns,
      expectStacks: stacksOf(example),
      command: ourSynth(undefined),
    },
  ];

  for (const n of [1, 4, 17]) {
    const config = regionsConfig(example, n, schema.AWS_REGIONS);
    const v = schema.validateConfig(config);
    cases.push({
      id: `regions-${n}`,
      group: 'c',
      label: `(c) ${n} governed region${n === 1 ? '' : 's'}`,
      kind: 'synth',
      ...synthRuns,
      expectStacks: stacksOf(config),
      ...(v.ok ? { command: ourSynth(writeConfig(`regions-${n}`, config)) } : { error: `generated config is invalid: ${issueText(v.issues)}` }),
    });
  }

  // Members / OUs: only where the config can express them (guardrails.targets), decided by the
  // schema the synth actually runs.
  const probe = schema.validateConfig(guardrailTargetsConfig(example, 1, opts.guardrailsExtra));
  const expressible = probe.ok;
  const notExpressibleWhy = probe.ok ? undefined : issueText(probe.issues);
  for (const n of [10, 100, 1000]) {
    const row = { id: `targets-${n}`, group: 'c', label: `(c) ${n.toLocaleString('en-US')} guardrail target OUs`, kind: 'synth', ...synthRuns, expectStacks: stacksOf(example) };
    if (!expressible) {
      cases.push({ ...row, notExpressible: `not expressible yet: dist/config/schema.js rejects a config with guardrails.targets (${notExpressibleWhy})` });
      continue;
    }
    const config = guardrailTargetsConfig(example, n, opts.guardrailsExtra);
    const v = schema.validateConfig(config);
    cases.push(v.ok ? { ...row, command: ourSynth(writeConfig(`targets-${n}`, config)) } : { ...row, notExpressible: `not expressible: ${issueText(v.issues)}` });
  }

  {
    // The per-run memory claim (about 0.45 GB per provider configuration), measured on a stack
    // shaped like the largest one at 17 regions: the home region's stack.
    const config = regionsConfig(example, 17, schema.AWS_REGIONS);
    const v = schema.validateConfig(config);
    cases.push({
      id: 'plan-memory',
      group: 'f',
      label: '(f) terraform plan, largest stack (real provider, fake credentials)',
      kind: 'plan',
      runs: 1,
      warmup: 0,
      ...(v.ok ? { configFile: writeConfig('plan-memory', config), synth: ourSynth(writeConfig('plan-memory', config)) } : { error: `generated config is invalid: ${issueText(v.issues)}` }),
    });
  }

  cases.push(
    {
      id: 'cdktf-cli',
      group: 'd',
      label: '(d) npx cdktf synth (CLI; deploy and diff go through it)',
      kind: 'synth',
      runs: opts.cliRuns,
      warmup: opts.warmup,
      expectStacks: stacksOf(example),
      command: (outdir) => ({ cmd: 'npx', args: ['cdktf', 'synth', '--output', outdir], env: baseEnv }),
    },
    {
      id: 'jest-all',
      group: 'e',
      label: '(e) test suite: npx jest',
      kind: 'suite',
      runs: opts.suiteRuns,
      warmup: 0,
      command: () => ({ cmd: 'npx', args: ['jest'], env: baseEnv }),
    },
    {
      id: 'jest-terraform',
      group: 'e',
      label: '(e) terraform validate: validate.test.ts',
      kind: 'suite',
      runs: opts.suiteRuns,
      warmup: 0,
      command: () => ({ cmd: 'npx', args: ['jest', 'test/terraform/validate.test.ts', '--selectProjects', 'terraform'], env: baseEnv }),
    },
    {
      // No target of its own: terraform test (plan + apply with mocked providers) is the slowest
      // file and decides the whole suite's time; measured so that is visible.
      id: 'jest-terraform-test',
      group: 'e',
      label: '(e) terraform test: terraform-test.test.ts',
      kind: 'suite',
      runs: opts.suiteRuns,
      warmup: 0,
      command: () => ({ cmd: 'npx', args: ['jest', 'test/terraform/terraform-test.test.ts', '--selectProjects', 'terraform'], env: baseEnv }),
    },
  );

  const selected = (c) => (!opts.only || opts.only.includes(c.group) || opts.only.includes(c.id)) && !opts.skip.includes(c.group) && !opts.skip.includes(c.id);
  for (const c of cases) if (!selected(c)) c.skipped = true;
  return { cases, guardrails: { expressible, probeIssues: probe.ok ? [] : probe.issues } };
}

function issueText(issues) {
  const shown = issues.slice(0, 2).map((i) => `${i.path}: ${i.message}`);
  return shown.join('; ') + (issues.length > 2 ? `; +${issues.length - 2} more` : '');
}

/** "tests: N passed, N failed" from the project's summary reporter, else jest's own summary line. */
function jestSummary(stdout, stderr) {
  const ours = /tests: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(stdout);
  if (ours) return { passed: Number(ours[1]), failed: Number(ours[2]), skipped: Number(ours[3] ?? 0) };
  const m = /^Tests:\s+(.*)$/m.exec(stderr);
  if (!m) return undefined;
  const n = (w) => Number(new RegExp(`(\\d+) ${w}`).exec(m[1])?.[1] ?? 0);
  return { passed: n('passed'), failed: n('failed'), skipped: n('skipped') + n('todo') };
}

// ---------------------------------------------------------------------------------------------
// Running a case

async function runCase(c, method, tmp) {
  const result = { id: c.id, group: c.group, label: c.label, kind: c.kind, runsRequested: c.runs, warmups: [], samples: [] };
  if (c.skipped) return { ...result, status: 'skipped' };
  if (c.notExpressible) return { ...result, status: 'not-expressible', note: c.notExpressible };
  if (c.error) return { ...result, status: 'error', note: c.error };
  if (c.kind === 'plan') return runPlanCase(c, result, tmp);

  const total = c.warmup + c.runs;
  for (let i = 0; i < total; i++) {
    const warm = i < c.warmup;
    const outdir = c.kind === 'synth' ? mkdtempSync(path.join(tmp, `${c.id}-`)) : undefined;
    const spec = { ...c.command(outdir), cwd: ROOT };
    const load1 = os.loadavg()[0];
    const r = await runOnce(spec, method, tmp);
    const sample = { wallMs: r.wallMs, peakRssKb: r.peakRssKb, exitCode: r.exitCode, signal: r.signal, loadAverage1mAtStart: load1 };
    let failure;
    if (r.wallMs === undefined) failure = `could not run ${spec.cmd}: ${lastLines(r.stderr, 3)}`;
    else if (c.kind === 'synth') {
      if (r.exitCode !== 0) failure = `exit ${r.exitCode ?? r.signal}`;
      else {
        const o = synthOutput(outdir);
        if (o.error) failure = o.error;
        else if (c.expectStacks && o.stacks.join(',') !== [...c.expectStacks].sort().join(',')) failure = `stacks ${o.stacks.join(',')} instead of ${c.expectStacks.join(',')}`;
        else if (result.output === undefined) result.output = o;
      }
    } else {
      const summary = jestSummary(r.stdout, r.stderr);
      sample.tests = summary;
      if (r.exitCode !== 0) {
        result.failedRuns = (result.failedRuns ?? 0) + 1;
        result.lastFailureOutput = lastLines(`${r.stderr}\n${r.stdout}`, 60);
      }
    }
    if (outdir) rmSync(outdir, { recursive: true, force: true });
    if (failure) sample.error = failure;
    (warm ? result.warmups : result.samples).push(sample);
    const tag = warm ? 'warm-up' : `${i - c.warmup + 1}/${c.runs}`;
    log(`  ${c.id.padEnd(15)} ${tag.padEnd(8)} ${fmtMs(r.wallMs).padStart(7)} ms  ${fmtMb(r.peakRssKb).padStart(7)} MB${sample.tests ? `  tests ${sample.tests.passed} passed, ${sample.tests.failed} failed` : ''}${r.exitCode !== 0 ? `  exit ${r.exitCode ?? r.signal}` : ''}`);
    if (failure) {
      log(`  ${c.id}: FAILED (${failure}); output:\n${lastLines(`${r.stdout}\n${r.stderr}`, 20).replace(/^/gm, '    | ')}`);
      return { ...result, status: 'error', note: failure, failureOutput: lastLines(`${r.stdout}\n${r.stderr}`, 60) };
    }
  }
  const wall = result.samples.map((s) => s.wallMs);
  const rss = result.samples.map((s) => s.peakRssKb).filter((v) => v !== undefined);
  return {
    ...result,
    status: 'ok',
    stats: {
      n: wall.length,
      medianWallMs: median(wall),
      minWallMs: minOf(wall),
      maxWallMs: maxOf(wall),
      medianPeakRssKb: median(rss),
      minPeakRssKb: minOf(rss),
      maxPeakRssKb: maxOf(rss),
    },
  };
}

/** The offline provider mirror the terraform suites use, or undefined. */
function providerMirror() {
  const source = 'registry.terraform.io/hashicorp/aws';
  return [process.env.TF_PROVIDER_MIRROR, '/opt/tf-plugins', path.join(os.homedir(), '.terraform.d', 'plugins'), '/usr/share/terraform/plugins']
    .filter(Boolean)
    .find((d) => existsSync(path.join(d, source)));
}

function terraformEnvFor(tmp, mirror) {
  const source = 'registry.terraform.io/hashicorp/aws';
  const cli = path.join(tmp, 'plan.tfrc');
  const q = JSON.stringify;
  writeFileSync(cli, `provider_installation {\n  filesystem_mirror {\n    path    = ${q(mirror)}\n    include = [${q(source)}]\n  }\n  direct {\n    exclude = [${q(source)}]\n  }\n}\n`);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TF_') && !k.startsWith('AWS_')));
  return { ...env, TF_CLI_CONFIG_FILE: cli, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', AWS_EC2_METADATA_DISABLED: 'true' };
}

/**
 * (f) Synthesizes the 17-region config, takes its largest stack, and plans it twice offline:
 * as synthesized (two provider configurations) and with every resource on one configuration.
 * Peak memory is the sum over terraform and its provider plugin processes, sampled every 50 ms.
 */
async function runPlanCase(c, result, tmp) {
  const mirror = providerMirror();
  if (!mirror) return { ...result, status: 'error', note: 'no hashicorp/aws provider mirror (set TF_PROVIDER_MIRROR)' };
  const outdir = mkdtempSync(path.join(tmp, 'plan-synth-'));
  const synth = spawnSync(c.synth(outdir).cmd, c.synth(outdir).args, { cwd: ROOT, env: c.synth(outdir).env, encoding: 'utf8' });
  if (synth.status !== 0) return { ...result, status: 'error', note: `synth failed: ${lastLines(synth.stderr, 3)}` };
  const o = synthOutput(outdir);
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const sizes = o.stacks.map((name) => {
    const json = JSON.parse(readFileSync(path.join(outdir, manifest.stacks[name].synthesizedStackPath), 'utf8'));
    return { name, json, providers: [json.provider?.aws ?? []].flat().length, resources: Object.values(json.resource ?? {}).reduce((n, byId) => n + Object.keys(byId).length, 0) };
  });
  // Largest by what a plan's memory follows: provider configurations first, then resources.
  const largest = sizes.sort((a, b) => b.providers - a.providers || b.resources - a.resources)[0];
  const env = terraformEnvFor(tmp, mirror);
  const measured = {};
  for (const [variant, oneProvider] of [['two', false], ['one', true]]) {
    const dir = path.join(tmp, `plan-${variant}`);
    writeStack(dir, offlinePlanStack(largest.json, { oneProvider }));
    const init = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: dir, env, encoding: 'utf8' });
    if (init.status !== 0) return { ...result, status: 'error', note: `terraform init failed: ${lastLines(init.stdout + init.stderr, 5)}` };
    const r = await measureTerraform(['plan', '-refresh=false', '-lock=false', '-input=false', '-no-color'], dir, env);
    log(`  plan-memory     ${variant === 'two' ? '2 configs' : '1 config '} ${fmtMs(r.wallMs).padStart(7)} ms  ${fmtMb(r.peakKb).padStart(7)} MB  ${r.peakPlugins} plugin process(es)  exit ${r.exitCode}`);
    if (r.exitCode !== 0) return { ...result, status: 'error', note: `terraform plan failed`, failureOutput: lastLines(r.output, 30) };
    measured[variant] = r;
  }
  const two = measured.two;
  const one = measured.one;
  const perConfigMb = mb(two.peakKb - one.peakKb);
  const sample = { wallMs: two.wallMs, peakRssKb: two.peakKb, exitCode: 0, onePeakRssKb: one.peakKb, plugins: two.peakPlugins };
  return {
    ...result,
    status: 'ok',
    samples: [sample],
    stack: largest.name,
    resources: largest.resources,
    onePeakRssKb: one.peakKb,
    note:
      `${largest.name}, ${largest.resources} resources; peak RSS summed over terraform + ${two.peakPlugins} provider plugin processes; ` +
      `the same resources on 1 provider configuration: ${fmtMb(one.peakKb)} MB, so each further configuration adds about ${perConfigMb.toFixed(0)} MB`,
    stats: { n: 1, medianWallMs: two.wallMs, minWallMs: two.wallMs, maxWallMs: two.wallMs, medianPeakRssKb: two.peakKb, minPeakRssKb: two.peakKb, maxPeakRssKb: two.peakKb },
  };
}

// ---------------------------------------------------------------------------------------------
// Targets

function evaluateTargets(byId) {
  const ok = (id) => byId[id]?.status === 'ok';
  const floor = byId.floor;
  const checks = [];
  const add = (id, target, status, measured) => checks.push({ id, target, status, measured });
  const naWhy = (id) => {
    const c = byId[id];
    if (!c || c.status === 'skipped') return `${id} not run`;
    if (c.status === 'not-expressible') return c.note;
    return `${id} failed: ${c.note}`;
  };

  // Full synth vs the floor.
  const synth = byId['synth-example'];
  if (ok('synth-example') && ok('floor')) {
    const ratio = synth.stats.medianWallMs / floor.stats.medianWallMs;
    add('synth-time', `full synth <= ${TARGETS.synthTimeRatio}x floor time`, ratio <= TARGETS.synthTimeRatio ? 'PASS' : 'MISS', `${fmtMs(synth.stats.medianWallMs)} ms vs floor ${fmtMs(floor.stats.medianWallMs)} ms = ${fmtRatio(ratio)}`);
  } else add('synth-time', `full synth <= ${TARGETS.synthTimeRatio}x floor time`, ok('floor') ? (byId['synth-example']?.status === 'error' ? 'ERROR' : 'N/A') : 'N/A', ok('floor') ? naWhy('synth-example') : naWhy('floor'));
  if (ok('synth-example')) {
    const m = mb(synth.stats.medianPeakRssKb);
    add('synth-rss', `full synth peak RSS < ${TARGETS.synthRssMb} MB`, m < TARGETS.synthRssMb ? 'PASS' : 'MISS', `${m.toFixed(1)} MB`);
  } else add('synth-rss', `full synth peak RSS < ${TARGETS.synthRssMb} MB`, byId['synth-example']?.status === 'error' ? 'ERROR' : 'N/A', naWhy('synth-example'));

  // Regions fan out as stacks, never as provider configurations.
  const r17 = byId['regions-17'];
  const providersTarget = `17 governed regions: no stack holds more than ${TARGETS.providersPerStack} AWS provider configurations`;
  if (ok('regions-17') && r17.output?.providersPerStack) {
    const worst = Object.entries(r17.output.providersPerStack).sort((a, b) => b[1] - a[1])[0];
    add('providers-per-stack', providersTarget, worst[1] <= TARGETS.providersPerStack ? 'PASS' : 'MISS', `${r17.output.stacks.length} stacks; most: ${worst[1]} in ${worst[0]}; synth ${fmtMs(r17.stats.medianWallMs)} ms${ok('floor') ? ` = ${fmtRatio(r17.stats.medianWallMs / floor.stats.medianWallMs)} floor` : ''}`);
  } else add('providers-per-stack', providersTarget, r17?.status === 'error' ? 'ERROR' : 'N/A', naWhy('regions-17'));

  // Members scaling.
  const t10 = byId['targets-10'];
  const t1000 = byId['targets-1000'];
  const membersTarget = `1,000 members <= ${TARGETS.membersTimeRatio}x 10 members (time)`;
  if (ok('targets-10') && ok('targets-1000')) {
    const ratio = t1000.stats.medianWallMs / t10.stats.medianWallMs;
    add('members-scaling', membersTarget, ratio <= TARGETS.membersTimeRatio ? 'PASS' : 'MISS', `${fmtMs(t1000.stats.medianWallMs)} ms vs ${fmtMs(t10.stats.medianWallMs)} ms = ${fmtRatio(ratio)} (RSS ${fmtRatio(t1000.stats.medianPeakRssKb / t10.stats.medianPeakRssKb)})`);
  } else if (t10?.status === 'not-expressible' || t1000?.status === 'not-expressible') add('members-scaling', membersTarget, 'N/A', 'not expressible yet');
  else add('members-scaling', membersTarget, t10?.status === 'error' || t1000?.status === 'error' ? 'ERROR' : 'N/A', t10?.status !== 'ok' ? naWhy('targets-10') : naWhy('targets-1000'));

  // Suites.
  for (const [id, limit, target] of [
    ['jest-all', TARGETS.suiteMs, `test suite (npx jest) < ${TARGETS.suiteMs / 1000} s`],
    ['jest-terraform', TARGETS.terraformSuiteMs, `terraform validate suite < ${TARGETS.terraformSuiteMs / 1000} s`],
  ]) {
    const checkId = `${id}-time`;
    const c = byId[id];
    if (!ok(id)) {
      add(checkId, target, c?.status === 'error' ? 'ERROR' : 'N/A', naWhy(id));
      continue;
    }
    const t = c.samples.at(-1)?.tests;
    const testsNote = t ? `; tests ${t.passed} passed, ${t.failed} failed` : '';
    const failNote = c.failedRuns ? `; jest exited non-zero in ${c.failedRuns}/${c.samples.length} run(s)` : '';
    add(checkId, target, c.stats.medianWallMs < limit ? 'PASS' : 'MISS', `${(c.stats.medianWallMs / 1000).toFixed(1)} s${testsNote}${failNote}`);
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------
// Reports

function rowsFor(results) {
  const floor = results.find((r) => r.id === 'floor' && r.status === 'ok');
  return results
    .filter((r) => r.status !== 'skipped')
    .map((r) => {
      if (r.status !== 'ok') {
        return { case: r.label, runs: '-', median: r.status === 'not-expressible' ? 'not expressible yet' : 'FAILED', range: '-', rss: '-', tRatio: '-', mRatio: '-', notes: r.note ?? '' };
      }
      const s = r.stats;
      const notes = [];
      if (r.output) notes.push(`${r.output.resources} resource${r.output.resources === 1 ? '' : 's'}${r.output.dataSources ? ` + ${r.output.dataSources} data` : ''}, ${Math.round(r.output.bytes / 1024)} KB JSON`);
      if (r.output?.providersPerStack && r.id !== 'floor') {
        const counts = Object.values(r.output.providersPerStack);
        notes.push(`${r.output.stacks.length} stacks, ≤ ${Math.max(...counts)} AWS provider configurations each`);
      }
      if (r.kind === 'plan') notes.push(r.note);
      if (r.kind === 'suite') {
        const t = r.samples.at(-1)?.tests;
        if (t) notes.push(`tests ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}`);
        if (r.failedRuns) notes.push(`jest exit ≠ 0 in ${r.failedRuns}/${r.samples.length}`);
      }
      return {
        case: r.label,
        runs: String(s.n),
        median: fmtMs(s.medianWallMs),
        range: `${fmtMs(s.minWallMs)} – ${fmtMs(s.maxWallMs)}`,
        rss: fmtMb(s.medianPeakRssKb),
        tRatio: floor ? fmtRatio(s.medianWallMs / floor.stats.medianWallMs) : '-',
        mRatio: floor ? fmtRatio(s.medianPeakRssKb / floor.stats.medianPeakRssKb) : '-',
        notes: notes.join('; '),
      };
    });
}

const HEAD = ['case', 'runs', 'median wall ms', 'min – max ms', 'median peak RSS MB', 'time × floor', 'RSS × floor', 'notes'];
const KEYS = ['case', 'runs', 'median', 'range', 'rss', 'tRatio', 'mRatio', 'notes'];
const RIGHT = new Set(['runs', 'median', 'range', 'rss', 'tRatio', 'mRatio']);

function textTable(rows) {
  const cells = [HEAD, ...rows.map((r) => KEYS.map((k) => r[k]))];
  const widths = HEAD.map((_, i) => Math.max(...cells.map((row) => String(row[i]).length)));
  const line = (row) => row.map((v, i) => (RIGHT.has(KEYS[i]) ? String(v).padStart(widths[i]) : String(v).padEnd(widths[i]))).join('  ').trimEnd();
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(KEYS.map((k) => r[k])))].join('\n');
}

const mdCell = (v) => String(v).replace(/\|/g, '\\|');

function markdown(report, rows) {
  const o = report.options;
  const lines = [
    `**Machine:** ${machineLine(report.machine)}. ${report.date.slice(0, 10)}.`,
    '',
    `| ${HEAD.join(' | ')} |`,
    `|${KEYS.map((k) => (RIGHT.has(k) ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${KEYS.map((k) => mdCell(r[k])).join(' | ')} |`),
    '',
    '| target | result | measured |',
    '|---|---|---|',
    ...report.checks.map((c) => `| ${mdCell(c.target)} | **${c.status}** | ${mdCell(c.measured)} |`),
    '',
    `Medians of ${o.runs} runs for (a)-(c) and ${o.cliRuns} for (d) (the CLI is slow), after ${o.warmup} discarded warm-up run${o.warmup === 1 ? '' : 's'}; ` +
      `${o.suiteRuns} run${o.suiteRuns === 1 ? '' : 's'} of each jest suite (jest's transform cache as found). Wall time is spawn to exit of the child process; ` +
      `peak RSS via ${METHOD_TEXT[report.rssMethod]}. All cases run with CHECKPOINT_DISABLE=1. Reproduce with \`npm run build && npm run bench\`; raw samples in \`bench-results/latest.json\`.` +
      (report.loadAverageStart[0] > 0.5 ? ` Caution: load average ${report.loadAverageStart[0].toFixed(2)} when the bench started (other work on the machine).` : ''),
    '',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Profiling a miss

async function profileCases(ids, casesById, outDir, tmp) {
  const dir = path.join(outDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  const summaries = {};
  for (const id of ids) {
    const c = casesById[id];
    if (!c?.command) continue;
    const outdir = mkdtempSync(path.join(tmp, `profile-${id}-`));
    const spec = c.command(outdir);
    const profDir = mkdtempSync(path.join(tmp, `prof-${id}-`));
    const r = spawnSync(spec.cmd, ['--cpu-prof', '--cpu-prof-interval', '250', '--cpu-prof-dir', profDir, ...spec.args], { cwd: ROOT, env: spec.env, encoding: 'utf8' });
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (r.status !== 0 || !file) {
      log(`  profile ${id}: failed (exit ${r.status})`);
      continue;
    }
    const target = path.join(dir, `${id}.cpuprofile`);
    writeFileSync(target, readFileSync(path.join(profDir, file)));
    const summary = summarize(JSON.parse(readFileSync(target, 'utf8')), { top: 15, inclusive: ['main', 'loadConfig', 'buildApp', 'synth', 'publish'] });
    summaries[id] = { file: shownPath(target), ...summary };
    process.stdout.write(`\n--- CPU profile: ${c.label} (${shownPath(target)}) ---\n${formatSummary(summary)}\n`);
  }
  return summaries;
}

/** Re-runs a jest suite with --verbose and lists its slowest tests. */
function profileSuite(c) {
  const spec = c.command();
  const r = spawnSync(spec.cmd, [...spec.args, '--verbose'], { cwd: ROOT, env: spec.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const tests = [...`${r.stderr}\n${r.stdout}`.matchAll(/^\s*(?:✓|✕|√|×)\s+(.*?)\s+\((\d+) ms\)\s*$/gm)]
    .map((m) => ({ test: m[1], ms: Number(m[2]) }))
    .sort((a, b) => b.ms - a.ms);
  const total = tests.reduce((a, t) => a + t.ms, 0);
  process.stdout.write(`\n--- slowest tests: ${c.label} (jest --verbose, exit ${r.status}) ---\n`);
  for (const t of tests.slice(0, 20)) process.stdout.write(`  ${String(t.ms).padStart(7)} ms  ${t.test}\n`);
  process.stdout.write(`  ${tests.length} tests reported a duration, ${total.toLocaleString('en-US')} ms in all\n`);
  return { exitCode: r.status, testsWithDuration: tests.length, totalMs: total, slowest: tests.slice(0, 20) };
}

/**
 * What one `terraform init` and one `terraform validate` cost on their own: both run on the floor
 * app's 1-resource stack against the same offline provider mirror the terraform suite uses, so
 * the time is the per-process fixed cost (provider plugin start-up and schema), not our stacks.
 */
async function terraformValidateCost(method, tmp) {
  const source = 'registry.terraform.io/hashicorp/aws';
  const fromEnv = process.env.TF_PROVIDER_MIRROR;
  const mirror = [fromEnv, '/opt/tf-plugins', path.join(os.homedir(), '.terraform.d', 'plugins'), '/usr/share/terraform/plugins']
    .filter(Boolean)
    .find((d) => existsSync(path.join(d, source)));
  if (!mirror) {
    log('  terraform validate cost: no provider mirror found, skipped');
    return undefined;
  }
  const outdir = mkdtempSync(path.join(tmp, 'tf-floor-'));
  const synth = spawnSync(process.execPath, [FLOOR_APP], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
  if (synth.status !== 0) return undefined;
  const cli = path.join(tmp, 'bench.tfrc');
  const q = JSON.stringify;
  writeFileSync(cli, `provider_installation {\n  filesystem_mirror {\n    path    = ${q(mirror)}\n    include = [${q(source)}]\n  }\n  direct {\n    exclude = [${q(source)}]\n  }\n}\n`);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TF_')));
  Object.assign(env, { TF_CLI_CONFIG_FILE: cli, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' });
  const cwd = path.join(outdir, 'stacks', 'hello');
  const init = await runOnce({ cmd: 'terraform', args: ['init', '-backend=false', '-input=false', '-no-color'], env, cwd }, method, tmp);
  const validates = [];
  for (let i = 0; i < 3; i++) validates.push(await runOnce({ cmd: 'terraform', args: ['validate', '-json', '-no-color'], env, cwd }, method, tmp));
  const result = {
    mirror,
    initMs: init.wallMs,
    initExit: init.exitCode,
    validateMedianMs: median(validates.map((v) => v.wallMs)),
    validateMedianPeakRssKb: median(validates.map((v) => v.peakRssKb)),
    validateExit: validates.map((v) => v.exitCode),
  };
  process.stdout.write(
    `\n--- terraform fixed cost per process (1-resource floor stack, mirror ${mirror}) ---\n` +
      `  terraform init -backend=false   ${fmtMs(result.initMs)} ms\n` +
      `  terraform validate (median of 3) ${fmtMs(result.validateMedianMs)} ms, peak RSS ${fmtMb(result.validateMedianPeakRssKb)} MB (provider plugin start + schema)\n`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const require = createRequire(import.meta.url);
  const schemaFile = path.join(ROOT, 'dist', 'config', 'schema.js');
  if (!existsSync(path.join(ROOT, 'dist', 'main.js')) || !existsSync(schemaFile)) {
    throw new Error('dist/ is missing: run `npm run build` first (the bench measures the compiled app)');
  }
  const distAge = statSync(path.join(ROOT, 'dist', 'main.js')).mtimeMs;
  const newest = newestSourceMtime();
  const stale = newest > distAge;
  if (stale) log('WARNING: a TypeScript source is newer than dist/main.js: run `npm run build`, or the bench measures old code.');

  const schema = require(schemaFile);
  const example = JSON.parse(readFileSync(path.join(ROOT, 'config', 'example.json'), 'utf8'));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cdktf-bench-'));
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });

  try {
    const method = await detectRssMethod(opts.rssMethod, tmp);
    const m = machine();
    const loadStart = os.loadavg();
    log(`machine: ${machineLine(m)}`);
    if (loadStart[0] > 0.5) log(`WARNING: load average ${loadStart.map((l) => l.toFixed(2)).join(' ')} before the bench: other work on this machine skews the numbers`);
    log(`peak RSS: ${METHOD_TEXT[method]}`);
    if (opts.runs < 5) log(`note: --runs ${opts.runs} is below the 5 runs the medians are meant to have`);

    const { cases, guardrails } = defineCases(opts, tmp, schema, example);
    log(guardrails.expressible ? 'guardrails.targets: accepted by the schema in dist/, member rows run' : `guardrails.targets: not accepted by dist/config/schema.js yet (${issueText(guardrails.probeIssues)}): member rows reported as not expressible`);

    const results = [];
    for (const c of cases) {
      if (!c.skipped && !c.notExpressible && !c.error) log(`${c.label}: ${c.warmup ? `${c.warmup} warm-up + ` : ''}${c.runs} run${c.runs === 1 ? '' : 's'}`);
      results.push(await runCase(c, method, tmp));
    }
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    const checks = evaluateTargets(byId);

    const report = {
      date: new Date().toISOString(),
      machine: m,
      rssMethod: method,
      rssMethodDescription: METHOD_TEXT[method],
      loadAverageStart: loadStart,
      loadAverageEnd: os.loadavg(),
      distStale: stale,
      options: { runs: opts.runs, cliRuns: opts.cliRuns, suiteRuns: opts.suiteRuns, warmup: opts.warmup, only: opts.only ?? null, skip: opts.skip, guardrailsExtra: opts.guardrailsExtra },
      guardrailsTargetsExpressible: guardrails.expressible,
      guardrailsProbeIssues: guardrails.probeIssues,
      targets: TARGETS,
      cases: results,
      checks,
    };

    if (opts.profile) {
      const casesById = Object.fromEntries(cases.map((c) => [c.id, c]));
      const ids = new Set();
      const missed = new Set(checks.filter((x) => x.status === 'MISS').map((x) => x.id));
      if (missed.has('synth-time') || missed.has('synth-rss')) ['floor', 'synth-example'].forEach((i) => ids.add(i));
      if (missed.has('members-scaling')) ['targets-10', 'targets-1000'].forEach((i) => ids.add(i));
      if (missed.size === 0) log('--profile: no target missed, nothing to profile');
      if (ids.size > 0) report.profiles = await profileCases([...ids], casesById, opts.out, tmp);
      for (const id of ['jest-all', 'jest-terraform'].filter((i) => missed.has(`${i}-time`))) {
        report.suiteProfiles = { ...report.suiteProfiles, [id]: profileSuite(casesById[id]) };
      }
      if (missed.has('jest-terraform-time')) report.terraformValidateCost = await terraformValidateCost(method, tmp);
    }

    const rows = rowsFor(results);
    mkdirSync(opts.out, { recursive: true });
    writeFileSync(path.join(opts.out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    const md = markdown(report, rows);
    writeFileSync(path.join(opts.out, 'latest.md'), md);

    process.stdout.write(`\nMachine: ${machineLine(m)}\nPeak RSS: ${METHOD_TEXT[method]}\n`);
    process.stdout.write(`Runs: ${opts.runs} per synth case (a)-(c), ${opts.cliRuns} for the CLI (d) because it is slow, ${opts.suiteRuns} per jest suite (e); ${opts.warmup} warm-up run(s) discarded before (a)-(d).\n\n`);
    process.stdout.write(`${textTable(rows)}\n\n`);
    for (const c of checks) process.stdout.write(`${c.status.padEnd(5)} ${c.target}: ${c.measured}\n`);
    for (const r of results.filter((x) => x.status === 'error')) process.stdout.write(`\n${r.id} failed: ${r.note}\n${(r.failureOutput ?? '').replace(/^/gm, '  | ')}\n`);
    for (const r of results.filter((x) => x.failedRuns)) process.stdout.write(`\n${r.id}: jest exited non-zero; last output:\n${lastLines(r.lastFailureOutput ?? '', 25).replace(/^/gm, '  | ')}\n`);
    process.stdout.write(`\nwrote ${shownPath(path.join(opts.out, 'latest.json'))} and ${shownPath(path.join(opts.out, 'latest.md'))}\n`);

    const bad = checks.filter((c) => c.status === 'MISS' || c.status === 'ERROR');
    if (opts.strict && bad.length > 0) {
      process.stdout.write(`--strict: ${bad.length} target(s) missed or failed\n`);
      process.exitCode = 1;
    }
  } finally {
    cleanup();
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
