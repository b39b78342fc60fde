import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../config/load';
import type { BaselineConfig } from '../../config/schema';
import { STACK_NAMES } from '../../stacks/backend';
import { evaluateMatrix, matrixTable, PROOF_ACTIONS, PROOF_PRINCIPALS, proofEnvironment, ProofCell, SynthesizedStacks } from '../policy-proofs';
import { check } from '../rule-pack/engine';
import type { SynthesizedStack } from '../rule-pack/rule';
import { synthStacks } from '../rule-pack/synth';
import { readStacks as readStackList } from '../rule-pack/terraform';
import { diffPolicies, diffStack, StackJson } from './diff';
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

/**
 * Synthesizes a git revision in a temporary worktree: with this checkout's node_modules when
 * both lock files agree, else with its own (`npm ci`, so the base builds with the dependencies
 * it was written for); then build with its own tsconfig and run its own `dist/main.js`.
 */
export function synthRevision(repo: string, ref: string, configFile: string | undefined): StackSet {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'review-base-'));
  run('git', ['worktree', 'add', '--detach', '--force', dir, ref], repo);
  try {
    const lock = (root: string) => (existsSync(path.join(root, 'package-lock.json')) ? readFileSync(path.join(root, 'package-lock.json'), 'utf8') : '');
    if (lock(dir) === lock(repo)) symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    else run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
    const tsconfig = existsSync(path.join(dir, 'tsconfig.build.json')) ? 'tsconfig.build.json' : 'tsconfig.json';
    run(process.execPath, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], dir);
    const outdir = path.join(dir, 'review-out');
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
    if (configFile) env.LZ_CONFIG = configFile;
    else delete env.LZ_CONFIG;
    run(process.execPath, ['dist/main.js'], dir, env);
    return toSet(readStackList(outdir));
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
  readonly baseLabel: string;
  readonly headLabel: string;
  readonly findings?: FindingsProvider;
}

/** Builds the review from two syntheses. */
export async function buildReview(o: ReviewOptions) {
  const notes: string[] = [];
  const stacks = STACK_NAMES.map((name) => ({ diff: diffStack(name, o.base[name], o.head[name]), policies: diffPolicies(name, o.base[name], o.head[name]) }));
  let changes: MatrixChange[] | undefined;
  let table: string | undefined;
  try {
    const headCells = await evaluateMatrix(proofEnvironment(o.config, asSynthesized(o.head)));
    table = `${matrixTable(headCells)}\n\nA allowed, X explicitly denied, - implicitly denied`;
    try {
      const baseCells = await evaluateMatrix(proofEnvironment(o.config, asSynthesized(o.base)));
      changes = matrixChanges(baseCells, headCells);
    } catch (e) {
      notes.push(`The base could not be evaluated for the matrix: ${(e as Error).message}`);
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
  return renderReport({ baseLabel: o.baseLabel, headLabel: o.headLabel, stacks, matrixChanges: changes, matrixTable: table, findings, notes });
}

interface Args {
  base?: string;
  output: string;
  allowProtectedDestroy: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { output: 'review.md', allowProtectedDestroy: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--base') args.base = argv[++i];
    else if (a.startsWith('--base=')) args.base = a.slice(7);
    else if (a === '--output') args.output = argv[++i];
    else if (a.startsWith('--output=')) args.output = a.slice(9);
    else if (a === '--allow-protected-destroy') args.allowProtectedDestroy = true;
    else throw new Error(`unknown argument "${a}"\nusage: review --base <git-ref> [--output review.md] [--allow-protected-destroy]`);
  }
  if (!args.base) throw new Error('usage: review --base <git-ref> [--output review.md] [--allow-protected-destroy]');
  return args;
}

/**
 * `npm run review -- --base <ref>`: writes the Markdown report and exits 1 when a protected
 * resource would be destroyed (unless allowed), 2 on a usage or synthesis error.
 */
export async function main(argv: readonly string[], findings: FindingsProvider = rulePackFindings): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const repo = run('git', ['rev-parse', '--show-toplevel'], process.cwd()).trim();
  try {
    const config = loadConfig();
    const configFile = process.env.LZ_CONFIG ? path.resolve(process.env.LZ_CONFIG) : undefined;
    const head = synthHead(config);
    const base = synthRevision(repo, args.base!, configFile);
    const headLabel = run('git', ['rev-parse', '--short', 'HEAD'], repo).trim() + (run('git', ['status', '--porcelain'], repo).trim() ? '+working tree' : '');
    const report = await buildReview({ base, head, config, baseLabel: args.base!, headLabel, findings });
    writeFileSync(args.output, `${report.markdown}\n`);
    process.stdout.write(`review written to ${args.output}${report.truncated ? ' (truncated)' : ''}: ${report.protectedDestroyCount} protected destroy(s), ${report.widenedCount} widened statement(s)\n`);
    return report.protectedDestroyCount > 0 && !args.allowProtectedDestroy ? 1 : 0;
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : (e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
