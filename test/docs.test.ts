import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { blocksInReadme, moduleNames, propsTable, readModuleProps, tableInReadme, updateReadme } from '../tools/docs/props-table';

/**
 * Every module folder has a README whose props tables are the ones generated from the code
 * (tools/docs/props-table.ts). A drift fails with the table to paste; `UPDATE_DOCS=1 npx jest
 * test/docs.test.ts` rewrites the tables (read the diff).
 */
const ROOT = path.join(__dirname, '..');
const UPDATE = process.env.UPDATE_DOCS === '1';
const modules = moduleNames();
const props = readModuleProps(modules);

describe('module READMEs', () => {
  test('the scan sees every module folder, and the generator sees the props of the constructs', () => {
    expect(modules).toEqual(expect.arrayContaining(['log-archive', 'organization-trail', 'cis-monitoring']));
    const logArchive = props.get('log-archive')!.find((p) => p.name === 'LogArchiveProps')!;
    const retention = logArchive.rows.find((r) => r.name === 'retentionDays')!;
    expect(retention).toMatchObject({ type: 'number', optional: true, defaultValue: '365' });
    expect(logArchive.rows.find((r) => r.name === 'bucketName')).toMatchObject({ optional: false, defaultValue: undefined });
    const trail = props.get('log-archive')!.find((p) => p.name === 'CloudTrailGrantOptions')!;
    expect(trail.rows.find((r) => r.name === 'organizationId')!.see[0]).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  test.each(modules)('modules/%s/README.md documents every exported props interface as the code says', (m) => {
    const file = path.join(ROOT, 'modules', m, 'README.md');
    const interfaces = props.get(m) ?? [];
    if (UPDATE) {
      const before = existsSync(file) ? readFileSync(file, 'utf8') : `# modules/${m}\n`;
      writeFileSync(file, updateReadme(before, interfaces));
    }
    if (!existsSync(file)) throw new Error(`modules/${m} has no README.md: write one (what, why, usage), then run UPDATE_DOCS=1 npx jest test/docs.test.ts for its props tables`);
    const readme = readFileSync(file, 'utf8');
    expect(readme).toMatch(/^# /);
    const problems: string[] = [];
    for (const p of interfaces) {
      const expected = propsTable(p);
      const found = tableInReadme(readme, p.name);
      if (found === undefined) problems.push(`no table for ${p.name}: add\n<!-- props:start ${p.name} -->\n${expected}\n<!-- props:end -->`);
      else if (found !== expected) problems.push(`the ${p.name} table differs from the code; paste this:\n${expected}`);
    }
    const exported = new Set(interfaces.map((p) => p.name));
    for (const stale of blocksInReadme(readme).filter((n) => !exported.has(n))) problems.push(`table for ${stale}, which modules/${m} no longer exports: remove it`);
    if (problems.length) throw new Error(`modules/${m}/README.md (or run UPDATE_DOCS=1 npx jest test/docs.test.ts):\n\n${problems.join('\n\n')}\n`);
  });

  test.each(modules)('every prop of modules/%s has a doc line', (m) => {
    const undocumented = (props.get(m) ?? []).flatMap((p) => p.rows.filter((r) => !r.description).map((r) => `${p.name}.${r.name}`));
    expect(undocumented).toEqual([]);
  });
});

describe('the README drift check', () => {
  const sample = { name: 'DemoProps', description: 'Demo.', rows: [{ name: 'a', type: "'x' | 'y'", optional: true, defaultValue: '- none', description: 'A.', see: ['https://docs.aws.amazon.com/x.html'] }] };

  test('renders a row with its type, default and link, pipes escaped', () => {
    expect(propsTable(sample)).toContain("| `a` | `'x' \\| 'y'` | no | none | A. See <https://docs.aws.amazon.com/x.html>. |");
  });

  test('finds a changed table and rewrites it, appends a missing one and drops a stale one', () => {
    const stale = `# m\n\n<!-- props:start DemoProps -->\n| old |\n<!-- props:end -->\n\n<!-- props:start GoneProps -->\n| x |\n<!-- props:end -->\n`;
    expect(tableInReadme(stale, 'DemoProps')).toBe('| old |');
    expect(blocksInReadme(stale)).toEqual(['DemoProps', 'GoneProps']);
    const updated = updateReadme(stale, [sample]);
    expect(tableInReadme(updated, 'DemoProps')).toBe(propsTable(sample));
    expect(blocksInReadme(updated)).toEqual(['DemoProps']);
    const appended = updateReadme('# m\n', [sample]);
    expect(appended).toContain('### DemoProps\n\nDemo.\n\n<!-- props:start DemoProps -->');
    expect(tableInReadme(appended, 'DemoProps')).toBe(propsTable(sample));
  });
});

describe('the README code samples compile against the modules', () => {
  // Every ```ts block of a module README, compiled as its own file with the package's subpath
  // imports mapped onto the sources; the names the prose says a sample runs with are declared
  // unless the sample declares them itself. One program, with a wrong sample as negative control.
  const PACKAGE = 'cdktf-org-security-baseline';
  const GIVEN: Record<string, [string, string]> = {
    stack: ['TerraformStack', 'cdktf'],
    provider: ['AwsProvider', '@cdktf/provider-aws/lib/provider'],
    archive: ['LogArchive', `${PACKAGE}/modules/log-archive`],
    trail: ['OrganizationTrail', `${PACKAGE}/modules/organization-trail`],
    notifications: ['SecurityNotifications', `${PACKAGE}/modules/security-notifications`],
    auditProvider: ['AwsProvider', '@cdktf/provider-aws/lib/provider'],
    managementProvider: ['AwsProvider', '@cdktf/provider-aws/lib/provider'],
    securityHub: ['SecurityHubOrganization', `${PACKAGE}/modules/security-hub`],
  };
  const prelude = (code: string) =>
    Object.entries(GIVEN)
      .filter(([name]) => !new RegExp(`\\bconst ${name}\\b`).test(code))
      .map(([name, [type, from]]) => `import type { ${type} as __${name} } from '${from}';\ndeclare const ${name}: __${name};\n`)
      .join('');

  test('every sample type-checks, and a wrong one does not', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts: typeof import('typescript') = require('typescript');
    const samples = modules.flatMap((m) => {
      const file = path.join(ROOT, 'modules', m, 'README.md');
      if (!existsSync(file)) return [];
      return [...readFileSync(file, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((b, i) => ({ name: path.join(ROOT, 'modules', m, `README.sample${i}.ts`), code: b[1] }));
    });
    expect(samples.length).toBeGreaterThanOrEqual(7);
    const bad = {
      name: path.join(ROOT, 'modules', 'log-archive', 'README.wrong.ts'),
      code: `import { LogArchive } from '${PACKAGE}/modules/log-archive';\nnew LogArchive(stack, 'a', { provider, accountId: '1', region: 'r', bucketName: 'b', breakGlassRoleArns: [] });\n`,
    };
    const sources = new Map([...samples, bad].map((s) => [s.name, `${prelude(s.code)}${s.code}\nexport {};\n`]));
    const options: import('typescript').CompilerOptions = {
      strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, types: [],
      baseUrl: ROOT, paths: { [`${PACKAGE}/modules/*`]: ['modules/*/index.ts'] },
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (f) => sources.get(f) ?? readFile(f);
    host.fileExists = (f) => sources.has(f) || fileExists(f);
    host.getSourceFile = (f, lang, ...rest) => (sources.has(f) ? ts.createSourceFile(f, sources.get(f)!, lang) : getSourceFile(f, lang, ...rest));
    const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([...sources.keys()], options, host));
    const text = (d: import('typescript').Diagnostic) => ts.flattenDiagnosticMessageText(d.messageText, ' ');
    const errors = diagnostics.filter((d) => !d.file || (sources.has(d.file.fileName) && d.file.fileName !== bad.name));
    expect(errors.map((d) => `${d.file ? path.relative(ROOT, d.file.fileName) : ''}: ${text(d)}`)).toEqual([]);
    expect(diagnostics.filter((d) => d.file?.fileName === bad.name).map(text).join('\n')).toMatch(/adminRoleArns/);
  }, 60_000);
});
