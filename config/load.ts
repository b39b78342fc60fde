import { closeSync, constants, existsSync, fstatSync, openSync, readSync, Stats } from 'node:fs';
import * as path from 'node:path';
import { BaselineConfig, ConfigIssue, validateConfig } from './schema';

/** Largest configuration file read: far above any real organization, far below what hurts (`/dev/zero`, a huge log). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Problems printed before "... and N more": enough to fix a file, never megabytes of stderr. */
export const MAX_ISSUES_SHOWN = 50;

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
  const lines = issues.slice(0, MAX_ISSUES_SHOWN).map((i) => {
    const got = i.received === undefined ? '' : ` (got ${show(i.received)})`;
    return `  - ${i.path}: ${i.message}${got}`;
  });
  const n = issues.length;
  if (n > MAX_ISSUES_SHOWN) lines.push(`  ... and ${n - MAX_ISSUES_SHOWN} more`);
  return `Invalid configuration in ${file}: ${n} problem${n === 1 ? '' : 's'}\n${lines.join('\n')}`;
}

/** A value as the user wrote it, shortened; numbers JSON cannot hold (1e400 parses to Infinity) say so instead of "null". */
function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value}, a number too large to use`;
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? String(value);
  } catch {
    text = Array.isArray(value) ? 'a list' : 'an object'; // too deep to print
  }
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/**
 * Parses configuration text as JSON, or as YAML for `.yaml` / `.yml` files, and validates it.
 * @throws ConfigError listing every problem
 */
export function parseConfig(text: string, file: string): BaselineConfig {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text; // a byte-order mark some editors write
  const doc = /\.ya?ml$/i.test(file) ? parseYaml(body, file) : parseJson(body, file);
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
  return parseConfig(readConfigText(file, named ? ` (set by ${CONFIG_ENV_VAR})` : ''), file);
}

/**
 * Reads a configuration file, refusing anything but a regular file of at most
 * {@link MAX_CONFIG_BYTES} in UTF-8. Opened non-blocking and checked with `fstat` before any
 * read, so a FIFO never blocks and `/dev/zero` is never read.
 */
function readConfigText(file: string, setBy: string): string {
  const fail = (why: string) => new ConfigError(file, [{ path: '(root)', message: `${why}${setBy}` }]);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why: Record<string, string> = {
      ENOENT: 'file not found',
      EACCES: 'permission denied: make the file readable',
      ENOTDIR: 'a component of the path is not a directory',
      ELOOP: 'too many symbolic links',
      ENAMETOOLONG: 'the path is too long',
    };
    throw fail(`cannot be read: ${(code && why[code]) ?? (e as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw fail(`is ${kindOf(stat)}, not a regular file: name a JSON or YAML file`);
    if (stat.size > MAX_CONFIG_BYTES) throw fail(`is ${stat.size} bytes; a configuration may have at most ${MAX_CONFIG_BYTES} bytes (1 MiB)`);
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_CONFIG_BYTES) + 1);
    let length = 0;
    for (let n; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0; ) length += n;
    if (length > MAX_CONFIG_BYTES) throw fail(`has more than ${MAX_CONFIG_BYTES} bytes (1 MiB), the most a configuration may have`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      throw fail('is not valid UTF-8 text: save it as UTF-8');
    }
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw fail(`cannot be read: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** "line L, column C" of a character offset (both from 1). */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/**
 * Strict JSON with line and column in errors, and duplicate keys rejected: `JSON.parse` keeps
 * the last of two equal keys silently, so "homeRegion" twice would move every stack.
 */
function parseJson(text: string, file: string): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    const where = lineColumn(text, at ? Number(at[1]) : text.length);
    const what = message.replace(/\s*(in JSON )?at position \d+.*$/s, '').replace(/^JSON Parse error: /, '');
    throw new ConfigError(file, [{ path: '(root)', message: `is not valid JSON at ${where}: ${what}` }]);
  }
  // Every key the text spells (each string followed by ":"), against the keys parsed: equal
  // unless some object repeats a key. Only then is the text parsed again to say where.
  const { keys, depth } = measure(doc);
  if (depth > MAX_DEPTH) throw tooDeep(file);
  const spelled = (text.match(/"(?:[^"\\]|\\.)*"(\s*:)?/g) ?? []).filter((t) => t.endsWith(':')).length;
  if (spelled !== keys) throw new ConfigError(file, duplicateKeys(text));
  return doc;
}

function tooDeep(file: string): ConfigError {
  return new ConfigError(file, [{ path: '(root)', message: `nests more than ${MAX_DEPTH} levels deep; a configuration needs 4` }]);
}

/** Deepest nesting accepted: the schema needs 4; anything near the stack limit is an attack or an accident. */
const MAX_DEPTH = 64;

/** Object keys and nesting depth of a parsed document, without recursion (a 100,000-deep list must not overflow the stack). */
function measure(doc: unknown): { keys: number; depth: number } {
  let keys = 0;
  let depth = 0;
  const stack: Array<[unknown, number]> = [[doc, 0]];
  while (stack.length > 0) {
    const [value, d] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    depth = Math.max(depth, d + 1);
    if (depth > MAX_DEPTH) break;
    const children = Array.isArray(value) ? value : Object.values(value);
    if (!Array.isArray(value)) keys += Object.keys(value).length;
    for (const child of children) stack.push([child, d + 1]);
  }
  return { keys, depth };
}

/** Each repeated key, with its field path and position, found with the `yaml` parser (JSON is YAML). */
function duplicateKeys(text: string): ConfigIssue[] {
  const yaml = loadYaml();
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { uniqueKeys: false, lineCounter });
  const issues: ConfigIssue[] = [];
  yaml.visit(doc, {
    Map(_key, map, ancestry) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = yaml.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) {
          const offset = yaml.isNode(pair.key) && pair.key.range ? pair.key.range[0] : 0;
          const { line, col } = lineCounter.linePos(offset);
          const where = pathOf(yaml, ancestry, map);
          issues.push({
            path: where ? `${where}.${key}` : key,
            message: `is given twice in the same object (the second at line ${line}, column ${col}): JSON keeps only the last one silently, so remove one`,
          });
        }
        seen.add(key);
      }
    },
  });
  return issues.length > 0 ? issues : [{ path: '(root)', message: 'repeats a key in some object: remove the repetition' }];
}

/** The dotted path of `node` from the yaml visitor's ancestry (documents, pairs, maps, sequences). */
function pathOf(yaml: typeof import('yaml'), ancestry: readonly unknown[], node: unknown): string {
  const chain = [...ancestry, node];
  let out = '';
  for (let i = 0; i < chain.length - 1; i++) {
    const parent = chain[i];
    const child = chain[i + 1];
    if (yaml.isPair(parent) && child === parent.value) {
      const key = yaml.isScalar(parent.key) ? String(parent.key.value) : String(parent.key);
      out += out === '' ? key : `.${key}`;
    } else if (yaml.isSeq(parent)) {
      out += `[${parent.items.indexOf(child as never)}]`;
    }
  }
  return out;
}

function loadYaml(): typeof import('yaml') {
  // Loaded only for YAML files and for JSON with a repeated key, so a JSON synth pays nothing for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml') as typeof import('yaml');
}

/**
 * Deepest `[`/`{` nesting of YAML flow collections, skipping quoted scalars and comments: the
 * `yaml` parser takes seconds on a 200,000-deep flow list, so such text is refused before parsing.
 */
function yamlFlowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === "'") {
      for (i++; i < text.length && !(text[i] === "'" && text[i + 1] !== "'"); i++) if (text[i] === "'") i++;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      max = Math.max(max, ++depth);
      if (max > MAX_DEPTH) return max;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    }
  }
  return max;
}

function parseYaml(text: string, file: string): unknown {
  if (yamlFlowDepth(text) > MAX_DEPTH) throw tooDeep(file);
  const yaml = loadYaml();
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { uniqueKeys: true, lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        const duplicate = e.code === 'DUPLICATE_KEY' ? ': a key is given twice in the same mapping, remove one' : '';
        const what = /call stack/i.test(e.message) ? `nests too deeply; a configuration has at most ${MAX_DEPTH} levels` : e.message.split('\n')[0];
        return { path: '(root)', message: `is not valid YAML at line ${line}, column ${col}: ${what}${duplicate}` };
      }),
    );
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (measure(value).depth > MAX_DEPTH) throw tooDeep(file);
  return value;
}
