import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ruleTable } from '../tools/rule-pack/docs';
import { cisControlTable, guardrailTable, logQueryMatrixTable, proofMatrixTable } from './support/readme-tables';

/** The README's tables are generated from the synthesized data; a drift fails with the table to paste. */
const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

describe('README tables match the code', () => {
  test.each([
    ['CIS control table', cisControlTable()],
    ['guardrail SCP table', guardrailTable()],
    ['rule pack table', ruleTable()],
  ])('%s', (name, table) => {
    if (!readme.includes(table)) throw new Error(`README.md is missing the current ${name}; paste this:\n\n${table}\n`);
    expect(readme).toContain(table);
  });

  test('policy proof matrix', async () => {
    const table = await proofMatrixTable();
    if (!readme.includes(table)) throw new Error(`README.md is missing the current policy proof matrix; paste this:\n\n${table}\n`);
    expect(readme).toContain(table);
  }, 60_000);

  test('log-query matrix', async () => {
    const table = await logQueryMatrixTable();
    if (!readme.includes(table)) throw new Error(`README.md is missing the current log-query matrix; paste this:\n\n${table}\n`);
    expect(readme).toContain(table);
  }, 60_000);
});
