import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ruleTable } from '../tools/rule-pack/docs';
import { configTableProblems, configTableRows, schemaFields } from './support/config-fields';
import { cisControlTable, guardrailTable, logQueryMatrixTable, proofMatrixTable } from './support/readme-tables';

/**
 * The generated tables live on the docs page of their reader (README.md links every page); each
 * must be the one generated from the code, and a drift fails with the table to paste.
 */
const ROOT = path.join(__dirname, '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

function expectTable(file: string, name: string, table: string): void {
  const page = read(file);
  if (!page.includes(table)) throw new Error(`${file} is missing the current ${name}; paste this:\n\n${table}\n`);
  expect(page).toContain(table);
}

describe('generated tables match the code where they live', () => {
  test.each([
    ['docs/controls-and-guardrails.md', 'CIS control table', cisControlTable],
    ['docs/controls-and-guardrails.md', 'guardrail SCP table', guardrailTable],
    ['docs/rule-pack.md', 'rule pack table', ruleTable],
  ])('%s: %s', (file, name, table) => expectTable(file, name, table()));

  test('docs/security.md: policy proof matrix', async () => {
    expectTable('docs/security.md', 'policy proof matrix', await proofMatrixTable());
  }, 60_000);

  test('docs/log-query.md: log-query matrix', async () => {
    expectTable('docs/log-query.md', 'log-query matrix', await logQueryMatrixTable());
  }, 60_000);
});

describe('the configuration table matches config/schema.ts', () => {
  const rows = configTableRows(read('docs/configuration.md'));

  test('every field of the schema is in docs/configuration.md, with its default, and nothing else is', () => {
    expect(rows.length).toBeGreaterThan(20);
    expect(configTableProblems(rows)).toEqual([]);
  });

  test('the check catches a missing field, a field the schema lacks, a wrong default and a wrong "required"', () => {
    const fields = schemaFields();
    const edited = rows
      .filter((r) => !r.paths.includes('trail.name'))
      .map((r) => (r.paths.includes('logArchive.retentionDays') ? { ...r, defaultCell: '`366`' } : r))
      .map((r) => (r.paths.includes('cis.enabled') ? { ...r, defaultCell: 'required' } : r))
      .concat([{ paths: ['trail.nmae'], defaultCell: '-' }]);
    expect(configTableProblems(edited, fields)).toEqual(
      expect.arrayContaining([
        'trail.name: in config/schema.ts but not in the table',
        'trail.nmae: in the table but not in config/schema.ts',
        'logArchive.retentionDays: the table\'s default 366 differs from the schema\'s 365',
        'cis.enabled: the table says required, the schema makes it optional',
      ]),
    );
  });
});

describe('every reader finds their page', () => {
  const readme = read('README.md');
  const pages = readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
  const modules = readdirSync(path.join(ROOT, 'modules'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

  test('README.md links every docs page and every module README', () => {
    expect(pages).toEqual(expect.arrayContaining(['configuration.md', 'controls-and-guardrails.md', 'rule-pack.md', 'review.md', 'terraform-cloud.md', 'performance.md', 'architecture.md']));
    const missing = [...pages.map((p) => `docs/${p}`), ...modules.map((m) => `modules/${m}/README.md`)].filter((target) => !readme.includes(`](${target})`));
    expect(missing).toEqual([]);
  });

  test('README.md keeps the test command CI runs', () => {
    expect(readme).toMatch(/^npm test\b/m);
  });

  test('every relative link of README.md, docs/ and the module READMEs resolves (anchors included)', () => {
    const files = ['README.md', ...pages.map((p) => `docs/${p}`), ...modules.map((m) => `modules/${m}/README.md`)].filter((f) => existsSync(path.join(ROOT, f)));
    const slug = (h: string) => h.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const anchors = (file: string) => new Set([...read(file).replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.*)$/gm)].map((m) => slug(m[1])));
    const broken: string[] = [];
    for (const file of files) {
      const text = read(file).replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:)/.test(target)) continue;
        const [rel, anchor] = target.split('#');
        const resolved = rel ? path.normalize(path.join(path.dirname(file), rel)) : file;
        if (!existsSync(path.join(ROOT, resolved))) broken.push(`${file}: ${target}`);
        else if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
