/**
 * Writes `terraform test` files (`.tftest.hcl`) for synthesized stacks. Everything that names a
 * resource is read from the stack's Terraform JSON (logical IDs, provider aliases, data sources),
 * so the generated tests follow the code instead of drifting from it.
 *
 * Rendering is deliberately small: values are rendered from plain data, and conditions are raw
 * HCL expressions the caller writes with the addresses this module finds.
 */

/** A synthesized stack as parsed Terraform JSON. */
export type StackJson = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// Reading the synthesized JSON
// ---------------------------------------------------------------------------------------------

/** One `provider "aws"` block of a stack: its alias (absent for the default provider), region and pinned account. */
export interface AwsProviderBlock {
  readonly alias?: string;
  readonly region: string;
  /** `allowed_account_ids[0]`; the baseline pins every provider to exactly one account. */
  readonly accountId: string;
}

/** Every `provider "aws"` block the stack declares (cdktf writes them as a list). */
export function awsProviders(json: StackJson): AwsProviderBlock[] {
  const raw = json.provider?.aws;
  const list: Record<string, any>[] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((p) => {
    const accounts: unknown = p.allowed_account_ids;
    if (!Array.isArray(accounts) || accounts.length !== 1 || typeof accounts[0] !== 'string') {
      throw new Error(`provider aws${p.alias ? `.${p.alias}` : ''}: expected allowed_account_ids with exactly one account, got ${JSON.stringify(accounts)}`);
    }
    if (typeof p.region !== 'string') throw new Error(`provider aws${p.alias ? `.${p.alias}` : ''}: no literal region`);
    return { alias: p.alias, region: p.region, accountId: accounts[0] };
  });
}

/** How a resource or data source names its provider: `aws.<alias>`, or `aws` for the default one. */
export function providerRef(alias: string | undefined): string {
  return alias === undefined ? 'aws' : `aws.${alias}`;
}

type Kind = 'resource' | 'data';

function blocksOf(json: StackJson, kind: Kind): Record<string, Record<string, Record<string, any>>> {
  return json[kind] ?? {};
}

/** Types (`aws_*`) of the resources or data sources that use the given provider. */
export function typesUsing(json: StackJson, kind: Kind, alias: string | undefined): string[] {
  const ref = providerRef(alias);
  return Object.entries(blocksOf(json, kind))
    .filter(([type, byId]) => type.startsWith('aws_') && Object.values(byId).some((c) => (c.provider ?? 'aws') === ref))
    .map(([type]) => type)
    .sort();
}

/** `type.id` of every resource of a type (or `data.type.id`), optionally only those whose configuration matches. */
export function addresses(json: StackJson, type: string, where: (config: Record<string, any>) => boolean = () => true, kind: Kind = 'resource'): string[] {
  const prefix = kind === 'data' ? 'data.' : '';
  return Object.entries(blocksOf(json, kind)[type] ?? {})
    .filter(([, config]) => where(config))
    .map(([id]) => `${prefix}${type}.${id}`)
    .sort();
}

/** The one address of a type (and filter); throws when there are none or several. */
export function address(json: StackJson, type: string, where?: (config: Record<string, any>) => boolean, kind: Kind = 'resource'): string {
  const found = addresses(json, type, where, kind);
  if (found.length !== 1) throw new Error(`expected exactly one ${kind} ${type}${where ? ' matching the filter' : ''}, found ${found.length}: ${found.join(', ')}`);
  return found[0];
}

/** The configuration of a resource by its address (`type.id`). */
export function configAt(json: StackJson, addr: string): Record<string, any> {
  const [type, id] = addr.split('.');
  const config = blocksOf(json, 'resource')[type]?.[id];
  if (!config) throw new Error(`no resource ${addr}`);
  return config;
}

/** The reference `${<addr>.<attr>}` as cdktf writes it in the JSON, to find the resources that point at `addr`. */
export function ref(addr: string, attr: string): string {
  return `\${${addr}.${attr}}`;
}

/** Addresses of the resources that declare `lifecycle { prevent_destroy = true }`. */
export function preventDestroyAddresses(json: StackJson): string[] {
  return Object.entries(blocksOf(json, 'resource'))
    .flatMap(([type, byId]) => Object.entries(byId).filter(([, c]) => c.lifecycle?.prevent_destroy === true).map(([id]) => `${type}.${id}`))
    .sort();
}

/** The addresses that `import` blocks bring under management. */
export function importTargets(json: StackJson): string[] {
  const raw = json.import;
  const list: Array<{ to: string }> = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((i) => i.to).sort();
}

/** Names of the `terraform_remote_state` data sources. */
export function remoteStates(json: StackJson): string[] {
  return Object.keys(json.data?.terraform_remote_state ?? {}).sort();
}

// ---------------------------------------------------------------------------------------------
// Rendering HCL
// ---------------------------------------------------------------------------------------------

/** A string HCL takes literally: quotes and backslashes escaped, `${` and `%{` doubled so they never interpolate. */
export function hclString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}"`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A value as an HCL literal: strings, numbers, booleans, null, lists and objects. */
export function hclValue(v: unknown, indent = ''): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot render ${v} as HCL`);
    return String(v);
  }
  if (typeof v === 'boolean') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => `${inner}${hclValue(x, inner)},`).join('\n')}\n${indent}]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${inner}${IDENTIFIER.test(k) ? k : hclString(k)} = ${hclValue(x, inner)}`).join('\n')}\n${indent}}`;
  }
  throw new Error(`cannot render a ${typeof v} as HCL`);
}

// ---------------------------------------------------------------------------------------------
// The test file
// ---------------------------------------------------------------------------------------------

/** Values for the computed attributes of a resource or data source type, keyed by attribute. */
export type MockValues = Record<string, unknown>;

/** One `mock_provider "aws"` block. */
export interface MockProvider {
  readonly alias?: string;
  /** `mock_resource "<type>" { defaults = ... }` */
  readonly resources: Record<string, MockValues>;
  /** `mock_data "<type>" { defaults = ... }` */
  readonly data: Record<string, MockValues>;
}

/** An `override_resource` or `override_data` block. */
export interface Override {
  /** Address, e.g. `data.terraform_remote_state.remote_audit`. */
  readonly target: string;
  readonly values: MockValues;
}

export interface Assert {
  /** An HCL expression that must be true. */
  readonly condition: string;
  /** What the failure says; a literal, never interpolated. */
  readonly message: string;
}

export interface Run {
  /** A run block name: letters, digits, `_` and `-`. */
  readonly name: string;
  readonly command: 'plan' | 'apply';
  /**
   * `module { source = ... }`: the stack this run tests, relative to the directory `terraform test`
   * runs in, when it is not that directory's own configuration. One `terraform test` then covers
   * several stacks and pays the provider's schema load once.
   */
  readonly module?: string;
  readonly asserts: readonly Assert[];
}

export interface TfTestFile {
  /** Comment lines written at the top of the file. */
  readonly header?: readonly string[];
  readonly mockProviders: readonly MockProvider[];
  readonly overrideResources?: readonly Override[];
  readonly overrideData?: readonly Override[];
  readonly runs: readonly Run[];
}

function block(head: string, body: string[]): string {
  return [`${head} {`, ...body.map((l) => (l === '' ? '' : `  ${l}`)), '}'].join('\n');
}

function lines(s: string): string[] {
  return s.split('\n');
}

/** The text of a `.tftest.hcl` file. */
export function renderTfTest(file: TfTestFile): string {
  const parts: string[] = [];
  if (file.header?.length) parts.push(file.header.map((l) => (l === '' ? '#' : `# ${l}`)).join('\n'));
  for (const p of file.mockProviders) {
    const body: string[] = [];
    if (p.alias !== undefined) body.push(`alias = ${hclString(p.alias)}`);
    for (const [type, values] of Object.entries(p.resources)) {
      body.push('', ...lines(block(`mock_resource ${hclString(type)}`, lines(`defaults = ${hclValue(values)}`))));
    }
    for (const [type, values] of Object.entries(p.data)) {
      body.push('', ...lines(block(`mock_data ${hclString(type)}`, lines(`defaults = ${hclValue(values)}`))));
    }
    parts.push(block('mock_provider "aws"', body));
  }
  for (const [kind, list] of [
    ['override_resource', file.overrideResources ?? []],
    ['override_data', file.overrideData ?? []],
  ] as const) {
    for (const o of list) parts.push(block(kind, [`target = ${o.target}`, ...lines(`values = ${hclValue(o.values)}`)]));
  }
  for (const run of file.runs) {
    if (!/^[A-Za-z0-9_-]+$/.test(run.name)) throw new Error(`invalid run name "${run.name}"`);
    const body = [`command = ${run.command}`];
    if (run.module !== undefined) body.push(...lines(block('module', [`source = ${hclString(run.module)}`])));
    for (const a of run.asserts) {
      body.push('', ...lines(block('assert', [`condition     = ${a.condition}`, `error_message = ${hclString(a.message)}`])));
    }
    parts.push(block(`run ${hclString(run.name)}`, body));
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * One `mock_provider "aws"` block for every `provider "aws"` block the stack declares, each with
 * the defaults `mocksFor` gives for its account and region, limited to the resource and data
 * source types that provider actually serves in this stack.
 */
export function mockProvidersFor(json: StackJson, mocksFor: (p: AwsProviderBlock) => { resources: Record<string, MockValues>; data: Record<string, MockValues> }): MockProvider[] {
  return awsProviders(json).map((p) => {
    const all = mocksFor(p);
    const pick = (kind: Kind, table: Record<string, MockValues>) =>
      Object.fromEntries(typesUsing(json, kind, p.alias).filter((t) => t in table).map((t) => [t, table[t]]));
    return { alias: p.alias, resources: pick('resource', all.resources), data: pick('data', all.data) };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading `terraform test -json`
// ---------------------------------------------------------------------------------------------

/** A diagnostic of `terraform test -json`, with the file and run it belongs to (if any). */
export interface TestDiagnostic {
  readonly file?: string;
  readonly run?: string;
  readonly severity: string;
  readonly summary: string;
  readonly detail: string;
}

/** One test file's outcome: its status, each run's status, and its diagnostics. */
export interface TestFileResult {
  /** `pass`, `fail` (an assertion failed) or `error` (e.g. a refused teardown). */
  readonly status: string;
  readonly runs: Readonly<Record<string, string>>;
  readonly diagnostics: readonly TestDiagnostic[];
}

export interface TestReport {
  /** By the file's path as terraform prints it, e.g. `tests/audit.tftest.hcl`. */
  readonly files: Readonly<Record<string, TestFileResult>>;
  /** Diagnostics outside any file (configuration loading). */
  readonly diagnostics: readonly TestDiagnostic[];
  readonly summary?: { readonly status: string; readonly passed: number; readonly failed: number; readonly errored: number; readonly skipped: number };
}

/** Parses the JSON lines of `terraform test -json`; throws on a line that is not JSON. */
export function parseTestJson(stdout: string): TestReport {
  const files: Record<string, { status: string; runs: Record<string, string>; diagnostics: TestDiagnostic[] }> = {};
  const loose: TestDiagnostic[] = [];
  let summary: TestReport['summary'];
  const fileOf = (p: string) => (files[p] ??= { status: 'unknown', runs: {}, diagnostics: [] });
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const m = JSON.parse(line) as Record<string, any>;
    if (m.type === 'test_file' && m.test_file?.progress === 'complete') fileOf(m.test_file.path).status = m.test_file.status;
    else if (m.type === 'test_run' && m.test_run?.progress === 'complete') fileOf(m.test_run.path).runs[m.test_run.run] = m.test_run.status;
    else if (m.type === 'test_summary') summary = m.test_summary;
    else if (m.type === 'diagnostic') {
      const d: TestDiagnostic = {
        file: m['@testfile'] ?? undefined,
        run: m['@testrun'] ?? undefined,
        severity: m.diagnostic?.severity ?? '',
        summary: m.diagnostic?.summary ?? '',
        detail: m.diagnostic?.detail ?? '',
      };
      if (d.file) fileOf(d.file).diagnostics.push(d);
      else loose.push(d);
    }
  }
  return { files, diagnostics: loose, summary };
}

/** Diagnostics as text: `severity: summary: detail`, one per line, whitespace collapsed. */
export function diagnosticsText(diagnostics: readonly TestDiagnostic[]): string {
  return diagnostics.map((d) => `${d.severity}: ${d.summary}: ${d.detail}`.replace(/\s+/g, ' ')).join('\n');
}
