import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BaselineConfig, ConfigIssue, validateConfig } from './schema';

/** Environment variable that names the configuration file to use. */
export const CONFIG_ENV_VAR = 'LZ_CONFIG';

/**
 * The example configuration shipped in `config/`, found both from the TypeScript sources
 * (tests) and from the compiled `dist/config/` (synth).
 */
export function defaultConfigPath(): string {
  const candidates = [path.join(__dirname, 'example.json'), path.resolve(__dirname, '..', '..', 'config', 'example.json')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}

/** Thrown when a configuration cannot be used; its message lists every problem at once. */
export class ConfigError extends Error {
  constructor(
    /** The file that was read. */
    readonly file: string,
    /** Every problem found. */
    readonly issues: readonly ConfigIssue[],
  ) {
    super(formatIssues(file, issues));
    this.name = 'ConfigError';
  }
}

/** Renders issues as one message: a header, then one line per problem naming field, expectation and value. */
export function formatIssues(file: string, issues: readonly ConfigIssue[]): string {
  const lines = issues.map((i) => {
    const got = i.received === undefined ? '' : ` (got ${JSON.stringify(i.received)})`;
    return `  - ${i.path}: ${i.message}${got}`;
  });
  const n = issues.length;
  return `Invalid configuration in ${file}: ${n} problem${n === 1 ? '' : 's'}\n${lines.join('\n')}`;
}

/**
 * Parses configuration text as JSON, or as YAML for `.yaml` / `.yml` files, and validates it.
 * @throws ConfigError listing every problem
 */
export function parseConfig(text: string, file: string): BaselineConfig {
  let doc: unknown;
  try {
    doc = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [{ path: '(root)', message: `cannot be parsed: ${(e as Error).message}` }]);
  }
  const result = validateConfig(doc);
  if (!result.ok) throw new ConfigError(file, result.issues);
  return result.config;
}

/**
 * Loads the configuration named by `LZ_CONFIG` (relative to the working directory), or the
 * example in `config/` when it is unset.
 * @throws ConfigError when the file is missing, unreadable or invalid
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BaselineConfig {
  const named = env[CONFIG_ENV_VAR];
  if (named !== undefined && named.trim() === '') {
    // An empty value is a mistake (an unset CI variable), not a request for the example config.
    throw new ConfigError(`${CONFIG_ENV_VAR}=""`, [{ path: '(root)', message: `${CONFIG_ENV_VAR} is set but empty: unset it to use the example, or name a file` }]);
  }
  const file = named ? path.resolve(named) : defaultConfigPath();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    throw new ConfigError(file, [{ path: '(root)', message: `cannot be read: ${why}${named ? ` (set by ${CONFIG_ENV_VAR})` : ''}` }]);
  }
  return parseConfig(text, file);
}

function parseYaml(text: string): unknown {
  // Loaded only for YAML files so JSON synth pays nothing for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('yaml') as typeof import('yaml');
  return yaml.parse(text, { uniqueKeys: true });
}
