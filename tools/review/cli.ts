import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../config/load';
import type { BaselineConfig } from '../../config/schema';
import { STACK_NAMES, stackNames } from '../../stacks/backend';
import { evaluateMatrix, matrixTable, PROOF_ACTIONS, PROOF_PRINCIPALS, proofEnvironment, ProofCell, SynthesizedStacks } from '../policy-proofs';
import { check } from '../rule-pack/engine';
import { SEVERITIES, Severity, SynthesizedStack } from '../rule-pack/rule';
import { synthStacks } from '../rule-pack/synth';
import { readStacks as readStackList } from '../rule-pack/terraform';
import { diffPolicies, diffProviders, diffStack, planActions, StackJson } from './diff';
import { FORCE_NEW_SOURCE_NAME } from './force-new';
import { MatrixChange, renderReport, ReviewFinding } from './report';

/** The stacks of one synthesis, by stack name. */
export type StackSet = Record<string, StackJson>;

function toSet(list: readonly SynthesizedStack[]): StackSet {
  return Object.fromEntries(list.map((s) => [s.name, s.json as StackJson]));
}

/** Synthesizes the working tree in-process (with construct-path metadata). */
export function synthHead(config: BaselineConfig): StackSet {
  return toSet(synthStacks(config));
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Where the configuration file is, as each side of the review must find it. */
export interface ConfigLocation {
  /** Path relative to the repository root (forward slashes), when the file is inside it. */
  readonly rel?: string;
  /** Absolute path, when the file is outside the repository (both sides read the same file). */
  readonly outside?: string;
}

/** Resolves `LZ_CONFIG` (relative to `cwd`) against the repository, or undefined for the default. */
export function locateConfig(repo: string, cwd: string, lzConfig: string | undefined): ConfigLocation | undefined {
  if (!lzConfig) return undefined;
  const abs = path.resolve(cwd, lzConfig);
  const rel = path.relative(repo, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { outside: abs };
  return { rel: rel.split(path.sep).join('/') };
}

/**
 * JavaScript by TypeScript version, options, path in the tree and source text: a second revision
 * in the same process (a review's other side, a test's next pull request) transpiles only the
 * files it changed. `transpileModule` output depends on nothing else (no resolution, no types).
 */
const transpiled = new Map<string, string>();

/**
 * Emits a tree's JavaScript with its own TypeScript and tsconfig, file by file
 * (`ts.transpileModule`), when the tsconfig promises `isolatedModules` (every file then
 * compiles alone, exactly as tsc would emit it): a fraction of a type-checking build, and type
 * errors are the base's own CI's business. Returns false when it cannot, so the caller runs tsc.
 */
export function transpileTree(tree: string, tsconfig: string): boolean {
  try {
    const dir = realpathSync(tree);
    const ts = require(path.join(dir, 'node_modules', 'typescript')) as typeof import('typescript');
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(dir, tsconfig), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (!parsed || !parsed.options.isolatedModules || !parsed.options.outDir || parsed.errors.length > 0) return false;
    const rootDir = parsed.options.rootDir ?? dir;
    // `types: []`: transpileModule would otherwise parse every listed @types package once per file,
    // and a file's JavaScript never depends on declarations (isolatedModules: no resolution).
    const options = { ...parsed.options, declaration: false, sourceMap: false, inlineSourceMap: false, types: [] };
    // Paths inside the tree vary with the temporary directory; the key holds them relative to it.
    const relativeOptions = JSON.stringify(options, (_k, v) => (typeof v === 'string' && v.startsWith(dir) ? path.relative(dir, v) : v));
    for (const file of parsed.fileNames.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
      const rel = path.relative(rootDir, file);
      const text = readFileSync(file, 'utf8');
      const key = createHash('sha256').update(JSON.stringify([ts.version, relativeOptions, rel, text])).digest('hex');
      let js = transpiled.get(key);
      if (js === undefined) {
        js = ts.transpileModule(text, { compilerOptions: options, fileName: file }).outputText;
        transpiled.set(key, js);
      }
      const target = path.join(parsed.options.outDir, rel.replace(/\.ts$/, '.js'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, js);
    }
    return true;
  } catch {
    return false;
  }
}

/** A synthesized revision, and the line that says which configuration it used. */
export interface RevisionSynth {
  readonly stacks: StackSet;
  readonly configLine: string;
  /** The base's own configuration, validated by this checkout's schema (undefined if it does not validate). */
  readonly config?: BaselineConfig;
}

/**
 * Synthesizes a git revision in a temporary worktree with its own files, the configuration
 * included: the same `LZ_CONFIG` path resolved inside that tree (or its default config when
 * `LZ_CONFIG` is unset). When the file does not exist at that revision, nothing is synthesized:
 * every resource of the head is new. It shares this checkout's node_modules when both lock files
 * agree, else installs its own (`npm ci`), then builds with its own tsconfig and runs its own
 * `dist/main.js`. A revision asked for again in the same process, with the same tree, config and
 * environment, is not synthesized twice: the caller gets a copy of the first synthesis.
 */
export function synthRevision(repo: string, ref: string, config: ConfigLocation | undefined): RevisionSynth {
  if (config?.rel && spawnSync('git', ['cat-file', '-e', `${ref}:${config.rel}`], { cwd: repo }).status !== 0) {
    return { stacks: {}, configLine: `Configuration \`${config.rel}\` does not exist at \`${ref}\`: the base is empty and every resource is new.` };
  }
  const key = revisionKey(repo, ref, config);
  const known = revisions.get(key);
  if (known) return structuredClone(known);
  const synthesized = buildRevision(repo, ref, config);
  revisions.set(key, synthesized);
  return structuredClone(synthesized);
}

/**
 * Revisions synthesized in this process, by everything their output depends on: the files of the
 * revision (its git tree, the configuration included when it is in the repository), the label,
 * the configuration's location (and the file's bytes when it is outside the repository), this
 * checkout's lock file (whether node_modules is shared) and the environment the synth runs with.
 */
const revisions = new Map<string, RevisionSynth>();

function revisionKey(repo: string, ref: string, config: ConfigLocation | undefined): string {
  const tree = run('git', ['rev-parse', '--verify', `${ref}^{tree}`], repo).trim();
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : null);
  const env = Object.entries(process.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([realpathSync(repo), ref, tree, config ?? null, config?.outside ? read(config.outside) : null, read(path.join(repo, 'package-lock.json')), env]))
    .digest('hex');
}

function buildRevision(repo: string, ref: string, config: ConfigLocation | undefined): RevisionSynth {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'review-base-'));
  run('git', ['worktree', 'add', '--detach', '--force', dir, ref], repo);
  try {
    const lock = (root: string) => (existsSync(path.join(root, 'package-lock.json')) ? readFileSync(path.join(root, 'package-lock.json'), 'utf8') : '');
    if (existsSync(path.join(dir, 'node_modules'))) {
      // committed or linked already (a scratch repository may track a node_modules link)
    } else if (lock(dir) === lock(repo) && existsSync(path.join(repo, 'node_modules'))) symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    else run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
    const tsconfig = existsSync(path.join(dir, 'tsconfig.build.json')) ? 'tsconfig.build.json' : 'tsconfig.json';
    if (!transpileTree(dir, tsconfig)) run(process.execPath, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], dir);
    const outdir = path.join(dir, 'review-out');
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
    let configLine: string;
    if (config?.rel) {
      env.LZ_CONFIG = path.join(dir, config.rel);
      configLine = `Configuration \`${config.rel}\`: the base reads it from \`${ref}\`, the head from the working tree.`;
    } else if (config?.outside) {
      env.LZ_CONFIG = config.outside;
      configLine = `Configuration \`${config.outside}\` is outside the repository: base and head both read the same file, so only code changes show.`;
    } else {
      delete env.LZ_CONFIG;
      configLine = 'LZ_CONFIG is unset: each side uses its own default configuration.';
    }
    run(process.execPath, ['dist/main.js'], dir, env);
    let baseConfig: BaselineConfig | undefined;
    try {
      baseConfig = loadConfig({ LZ_CONFIG: env.LZ_CONFIG ?? path.join(dir, 'config', 'example.json') });
    } catch {
      baseConfig = undefined;
    }
    return { stacks: toSet(readStackList(outdir)), configLine, config: baseConfig };
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: repo });
    rmSync(dir, { recursive: true, force: true });
  }
}

function asSynthesized(s: StackSet): SynthesizedStacks {
  return { logArchive: s['log-archive'], audit: s.audit, management: s.management };
}

/** Cells whose decision differs between base and head. */
export function matrixChanges(before: readonly ProofCell[], after: readonly ProofCell[]): MatrixChange[] {
  const key = (c: ProofCell) => `${c.principal}|${c.action}`;
  const old = new Map(before.map((c) => [key(c), c.decision]));
  return after
    .filter((c) => old.has(key(c)) && old.get(key(c)) !== c.decision)
    .map((c) => ({
      principal: c.principal,
      principalDescription: PROOF_PRINCIPALS.find((p) => p.id === c.principal)?.description ?? c.principal,
      action: c.action,
      actionDescription: PROOF_ACTIONS.find((a) => a.id === c.action)?.description ?? c.action,
      before: old.get(key(c))!,
      after: c.decision,
    }));
}


/** Rule-pack findings of one side of the review. */
export type FindingsProvider = (stacks: StackSet) => Promise<Array<Omit<ReviewFinding, 'isNew'>>>;

/** The rule pack with its shipped suppressions, as the review lists it. */
export const rulePackFindings: FindingsProvider = async (stacks) =>
  check(Object.entries(stacks).map(([name, json]) => ({ name, json }))).findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    address: `${f.stack}/${f.address}`,
    message: f.message,
    suppressed: f.suppression?.reason,
  }));

export interface ReviewOptions {
  readonly base: StackSet;
  readonly head: StackSet;
  readonly config: BaselineConfig;
  /** The base's own configuration (names differ when the config changed). @default config */
  readonly baseConfig?: BaselineConfig;
  readonly baseLabel: string;
  readonly headLabel: string;
  readonly findings?: FindingsProvider;
  /** `terraform show -json` plans by stack name; their actions decide replacements. */
  readonly plans?: Readonly<Record<string, unknown>>;
  /** Lines shown first (which configuration each side used). */
  readonly context?: readonly string[];
  /** @default 'high' */
  readonly failOn?: Severity | 'none';
  readonly allowProtectedDestroy?: boolean;
}

/** Builds the review from two syntheses. */
export async function buildReview(o: ReviewOptions) {
  const notes: string[] = [];
  // Every stack in deploy order (the regional ones included), then any other stack only one side
  // has (e.g. a region dropped from governedRegions, whose whole stack the head no longer synthesizes).
  const names = [...new Set([...stackNames(o.config.organization.governedRegions), ...Object.keys(o.head), ...Object.keys(o.base)])];
  const stacks = names.map((name) => {
    const plan = o.plans?.[name];
    return {
      diff: diffStack(name, o.base[name], o.head[name], plan === undefined ? undefined : planActions(plan)),
      policies: diffPolicies(name, o.base[name], o.head[name]),
      providers: diffProviders(name, o.base[name], o.head[name]),
    };
  });
  const fromPlan = stacks.filter((s) => s.diff.replacementSource === 'plan').map((s) => s.diff.stack);
  const context = [
    ...(o.context ?? []),
    fromPlan.length === stacks.length
      ? `Replacements: from the \`terraform show -json\` plans given for ${fromPlan.join(', ')}.`
      : `Replacements: ${fromPlan.length ? `from the plans given for ${fromPlan.join(', ')}; ` : ''}offline from the ${FORCE_NEW_SOURCE_NAME}.`,
  ];
  let changes: MatrixChange[] | undefined;
  let table: string | undefined;
  const complete = (s: StackSet) => STACK_NAMES.every((n) => s[n] !== undefined);
  try {
    const headCells = await evaluateMatrix(proofEnvironment(o.config, asSynthesized(o.head)));
    table = `${matrixTable(headCells)}\n\nA allowed, X explicitly denied, - implicitly denied`;
    if (complete(o.base)) {
      try {
        const baseCells = await evaluateMatrix(proofEnvironment(o.baseConfig ?? o.config, asSynthesized(o.base)));
        changes = matrixChanges(baseCells, headCells);
      } catch (e) {
        notes.push(`The base could not be evaluated for the matrix: ${(e as Error).message}`);
      }
    } else {
      notes.push('The base has no stacks to compare the matrix with.');
    }
  } catch (e) {
    notes.push(`The head could not be evaluated for the matrix: ${(e as Error).message}`);
  }
  let findings: ReviewFinding[] | undefined;
  if (o.findings) {
    const [b, h] = [await o.findings(o.base), await o.findings(o.head)];
    const seen = new Set(b.map((f) => `${f.ruleId}|${f.address}`));
    findings = h.map((f) => ({ ...f, isNew: !seen.has(`${f.ruleId}|${f.address}`) }));
  }
  return renderReport({
    baseLabel: o.baseLabel,
    headLabel: o.headLabel,
    stacks,
    matrixChanges: changes,
    matrixTable: table,
    findings,
    notes,
    context,
    failOn: o.failOn,
    allowProtectedDestroy: o.allowProtectedDestroy,
  });
}

type ReviewFormat = 'markdown' | 'json';

interface Args {
  base?: string;
  output: string;
  format: ReviewFormat;
  failOn: Severity | 'none';
  plans: Record<string, string>;
  allowProtectedDestroy: boolean;
}

export const REVIEW_USAGE = `usage: review --base <git-ref> [--output <file>] [--format markdown|json] [--fail-on critical|high|medium|low|none]
              [--plan <stack>=<terraform show -json file> ...] [--allow-protected-destroy]

  --base <ref>          the revision to compare with (e.g. origin/main); built from its own files and config
  --output <file>       where the report goes (default review.md, or review.json with --format json);
                        "-" for stdout. The one-line summary goes to stderr when the report goes to stdout
  --format <f>          markdown (the PR comment) or json (failures, counts and the markdown)
  --fail-on <sev>       new unsuppressed rule-pack findings this severe or worse fail the check (default high)
  --plan <stack>=<f>    a \`terraform show -json\` plan for that stack: its actions decide replacements
  --allow-protected-destroy  do not fail on destroys or replacements of protected resources

Exit codes: 0 pass, 1 the check fails (reasons on the report's first screen), 2 usage or synthesis error.
`;

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { output: '', format: 'markdown', failOn: 'high', plans: {}, allowProtectedDestroy: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || (eq < 0 && v.startsWith('--'))) throw new Error(`${flag} needs a value\n${REVIEW_USAGE}`);
      return v;
    };
    if (flag === '--base') args.base = value();
    else if (flag === '--output') args.output = value();
    else if (flag === '--format') {
      const f = value();
      if (f !== 'markdown' && f !== 'json') throw new Error(`unknown format "${f}": expected markdown or json\n${REVIEW_USAGE}`);
      args.format = f;
    } else if (flag === '--fail-on') {
      const v = value();
      if (v !== 'none' && !SEVERITIES.includes(v as Severity)) throw new Error(`unknown severity "${v}" for --fail-on: expected ${SEVERITIES.join(', ')} or none\n${REVIEW_USAGE}`);
      args.failOn = v as Severity | 'none';
    } else if (flag === '--plan') {
      const v = value();
      const at = v.indexOf('=');
      if (at <= 0) throw new Error(`--plan ${v}: expected <stack>=<file>\n${REVIEW_USAGE}`);
      args.plans[v.slice(0, at)] = v.slice(at + 1);
    } else if (flag === '--allow-protected-destroy') args.allowProtectedDestroy = true;
    else throw new Error(`unknown argument "${a}"\n${REVIEW_USAGE}`);
  }
  if (!args.base) throw new Error(REVIEW_USAGE);
  if (!args.output) args.output = args.format === 'json' ? 'review.json' : 'review.md';
  return args;
}

/** What `main` reads and writes; tests replace any of it. */
export interface ReviewIo {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly stdout?: (t: string) => void;
  readonly stderr?: (t: string) => void;
  readonly findings?: FindingsProvider;
}

/**
 * `npm run review -- --base <ref>`: writes the report and exits 1 when the check fails
 * (protected destroy or replacement, widened access to the logs or the key, a removed
 * guardrail, new findings at or above --fail-on), 2 on a usage or synthesis error.
 */
export async function main(argv: readonly string[], io: ReviewIo | FindingsProvider = {}): Promise<number> {
  const o: ReviewIo = typeof io === 'function' ? { findings: io } : io;
  const cwd = o.cwd ?? process.cwd();
  const env = o.env ?? process.env;
  const stdout = o.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = o.stderr ?? ((t: string) => void process.stderr.write(t));
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    stderr(`${(e as Error).message}\n`);
    return 2;
  }
  try {
    const repo = run('git', ['rev-parse', '--show-toplevel'], cwd).trim();
    const location = locateConfig(repo, cwd, env.LZ_CONFIG);
    // An empty LZ_CONFIG stays an error (an unset CI variable), as loadConfig reports it.
    const config = loadConfig(location ? { ...env, LZ_CONFIG: location.outside ?? path.join(repo, location.rel!) } : env);
    const plans = Object.fromEntries(Object.entries(args.plans).map(([stack, file]) => [stack, JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8'))]));
    const head = synthHead(config);
    const base = synthRevision(repo, args.base!, location);
    const headLabel = run('git', ['rev-parse', '--short', 'HEAD'], repo).trim() + (run('git', ['status', '--porcelain'], repo).trim() ? '+working tree' : '');
    const report = await buildReview({
      base: base.stacks,
      head,
      config,
      baseConfig: base.config,
      baseLabel: args.base!,
      headLabel,
      findings: o.findings ?? rulePackFindings,
      plans,
      context: [base.configLine],
      failOn: args.failOn,
      allowProtectedDestroy: args.allowProtectedDestroy,
    });
    const code = report.failures.length > 0 ? 1 : 0;
    const text =
      args.format === 'json'
        ? `${JSON.stringify({ exitCode: code, failures: report.failures, protectedDestroys: report.protectedDestroyCount, widenedStatements: report.widenedCount, truncated: report.truncated, markdown: report.markdown }, null, 2)}\n`
        : `${report.markdown}\n`;
    const summary = `review ${code === 0 ? 'passes' : `fails (${report.failures.length} reason(s))`}${args.output === '-' ? '' : `, written to ${args.output}`}${report.truncated ? ' (truncated)' : ''}: ${report.protectedDestroyCount} protected destroy/replace, ${report.widenedCount} widened statement(s)\n${report.failures.map((f) => `  - ${f}\n`).join('')}`;
    if (args.output === '-') {
      stdout(text);
      stderr(summary);
    } else {
      writeFileSync(path.resolve(cwd, args.output), text);
      stdout(summary);
    }
    return code;
  } catch (e) {
    stderr(`${e instanceof ConfigError ? e.message : (e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
