import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../config/load';
import { check, failing, SuppressionError, todayUtc } from './engine';
import { toJson, toTable } from './format';
import { SEVERITIES, Severity, SynthesizedStack } from './rule';
import { ToolInfo, toSarif } from './sarif';
import { repoRoot } from './source-map';
import { Suppression } from './suppressions';
import { synthStacks } from './synth';
import { readStacks } from './terraform';

/**
 * `npm run check`: synthesizes the app for the configuration (or reads an existing cdktf.out),
 * runs the rule pack, prints a table and writes JSON / SARIF. Exit codes: 0 no unsuppressed
 * finding at or above `--fail-on`; 1 there is one; 2 bad usage, configuration or suppressions.
 */

const USAGE = `Usage: check [--from <cdktf.out>] [--format table|json|sarif ...] [--output <file> ...] [--fail-on critical|high|medium|low]

  --from <dir>      check an existing cdktf output directory instead of synthesizing
                    (default: synthesize the config named by LZ_CONFIG, or config/example.json)
  --format <list>   table, json, sarif; repeatable or comma-separated (default: table). The table
                    is always printed: to stdout, or to stderr when json/sarif go to stdout
  --output <file>   write a format to a file instead of stdout, so npm's own output never mixes
                    with JSON or SARIF; with several formats, one --output each, told apart by
                    extension (.json / .sarif / .txt for the table, with --format table)
  --fail-on <sev>   exit 1 when an unsuppressed finding is this severe or worse (default: high)
`;

type Format = 'table' | 'json' | 'sarif';
const FORMATS: readonly Format[] = ['table', 'json', 'sarif'];

/** Where the CLI reads and writes; tests replace any of it. */
export interface CheckIo {
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** Directory relative paths (`--from`, `--output`, `LZ_CONFIG`) resolve against. */
  readonly cwd?: string;
  readonly now?: Date;
  /** @default SUPPRESSIONS */
  readonly suppressions?: readonly Suppression[];
}

interface Options {
  readonly from?: string;
  readonly formats: readonly Format[];
  readonly outputs: readonly string[];
  readonly failOn: Severity;
  /** `--format table` was given (so an `--output` may name the table's file). */
  readonly explicitTable: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Options | 'help' {
  let from: string | undefined;
  const formats: Format[] = [];
  const outputs: string[] = [];
  let failOn: Severity = 'high';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0 && arg.startsWith('--')) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--from':
        from = value();
        break;
      case '--format':
        for (const f of value().split(',').map((x) => x.trim()).filter(Boolean)) {
          if (!FORMATS.includes(f as Format)) throw new UsageError(`unknown format "${f}": expected ${FORMATS.join(', ')}`);
          if (!formats.includes(f as Format)) formats.push(f as Format);
        }
        break;
      case '--output':
        outputs.push(value());
        break;
      case '--fail-on': {
        const v = value();
        if (!SEVERITIES.includes(v as Severity)) throw new UsageError(`unknown severity "${v}" for --fail-on: expected ${SEVERITIES.join(', ')}`);
        failOn = v as Severity;
        break;
      }
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return { from, formats: formats.length > 0 ? formats : ['table'], outputs, failOn, explicitTable: formats.includes('table') };
}

/**
 * Which file each format goes to (undefined = stdout for json/sarif). The table takes an
 * `--output` too when `--format table` is given explicitly (`*.txt`, `*.md` or `*.log`); it is
 * still printed for the CI log either way.
 */
function routeOutputs(formats: readonly Format[], outputs: readonly string[], explicitTable: boolean): Map<Format, string | undefined> {
  const machine = formats.filter((f) => f !== 'table');
  const fileable = explicitTable ? formats : machine;
  if (outputs.length > fileable.length) {
    throw new UsageError(
      explicitTable
        ? `${outputs.length} --output for ${fileable.length} format${fileable.length === 1 ? '' : 's'}`
        : `${outputs.length} --output for ${machine.length} json/sarif format${machine.length === 1 ? '' : 's'}: add --format json, sarif or table`,
    );
  }
  const route = new Map<Format, string | undefined>(machine.map((f) => [f, undefined]));
  if (fileable.length === 1 && outputs.length === 1) {
    route.set(fileable[0], outputs[0]);
  } else {
    for (const o of outputs) {
      const f: Format | undefined = /\.sarif(\.json)?$/i.test(o) ? 'sarif' : /\.json$/i.test(o) ? 'json' : /\.(txt|md|log)$/i.test(o) ? 'table' : undefined;
      if (!f || !fileable.includes(f)) throw new UsageError(`cannot tell which format --output ${o} is for: name it *.json, *.sarif${explicitTable ? ' or *.txt' : ''}`);
      if (route.get(f) !== undefined) throw new UsageError(`two --output files for ${f}`);
      route.set(f, o);
    }
  }
  if (machine.filter((f) => route.get(f) === undefined).length > 1) {
    throw new UsageError('json and sarif cannot both go to stdout: give --output for at least one');
  }
  return route;
}

/** Name, version and home of the tool, from package.json. */
export function toolInfo(root: string = repoRoot()): ToolInfo {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    homepage?: string;
    repository?: string | { url?: string };
  };
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const home = pkg.homepage ?? (repo && /^https?:\/\//.test(repo) ? repo.replace(/\.git$/, '') : undefined);
  return {
    name: 'osb-rule-pack',
    version: pkg.version,
    informationUri: home ?? `https://www.npmjs.com/package/${pkg.name}`,
  };
}

/** Loads the configuration (`LZ_CONFIG` relative to `cwd`, else the example) and synthesizes it. */
function synthesize(env: NodeJS.ProcessEnv, cwd: string): SynthesizedStack[] {
  const named = env.LZ_CONFIG;
  return synthStacks(loadConfig(named && !path.isAbsolute(named) ? { ...env, LZ_CONFIG: path.resolve(cwd, named) } : env));
}

/**
 * Runs the check as the command line would.
 * @returns the exit code: 0 pass, 1 failing findings, 2 usage, configuration or suppression error
 */
export async function runCheck(argv: readonly string[], io: CheckIo = {}): Promise<number> {
  const stdout = io.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = io.stderr ?? ((t: string) => void process.stderr.write(t));
  const cwd = io.cwd ?? process.cwd();
  let options: Options;
  let route: Map<Format, string | undefined>;
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      stdout(USAGE);
      return 0;
    }
    options = parsed;
    route = routeOutputs(options.formats, options.outputs, options.explicitTable);
  } catch (e) {
    if (e instanceof UsageError) {
      stderr(`check: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }

  let stacks: SynthesizedStack[];
  try {
    if (options.from !== undefined) {
      const dir = path.resolve(cwd, options.from);
      if (!existsSync(dir)) throw new UsageError(`--from ${options.from}: no such directory`);
      stacks = readStacks(dir);
    } else {
      stacks = synthesize(io.env ?? process.env, cwd);
    }
  } catch (e) {
    if (e instanceof ConfigError || e instanceof UsageError) {
      stderr(`${e.message}\n`);
      return 2;
    }
    stderr(`check: cannot synthesize or read the stacks: ${(e as Error).message}\n`);
    return 2;
  }

  let report;
  try {
    report = check(stacks, { suppressions: io.suppressions, today: todayUtc(io.now) });
  } catch (e) {
    if (e instanceof SuppressionError) {
      stderr(`${e.message}\n`);
      return 2;
    }
    throw e;
  }

  const root = repoRoot();
  const tool = toolInfo(root);
  const toStdout = [...route.entries()].some(([f, file]) => f !== 'table' && file === undefined);
  const write = (file: string, text: string) => {
    const target = path.resolve(cwd, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  };
  const table = toTable(report, options.failOn);
  for (const [format, file] of route) {
    if (format === 'table') {
      if (file !== undefined) write(file, table);
      continue;
    }
    const doc = format === 'sarif' ? toSarif(report, tool, root) : toJson(report, options.failOn, tool);
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (file === undefined) stdout(text);
    else write(file, text);
  }
  // The table is always printed: it is the summary a person reads in the CI log.
  (toStdout ? stderr : stdout)(table);
  return failing(report, options.failOn).length > 0 ? 1 : 0;
}

if (require.main === module) {
  runCheck(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`check: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
