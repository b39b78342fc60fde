import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { toolInfo } from '../../tools/rule-pack/cli';
import { check } from '../../tools/rule-pack/engine';
import { SEVERITY_SCORES } from '../../tools/rule-pack/rule';
import { RULES } from '../../tools/rule-pack/rules';
import { fingerprint, toSarif } from '../../tools/rule-pack/sarif';
import { APP_SOURCE, CONSTRUCT_SOURCES, sourceOf } from '../../tools/rule-pack/source-map';
import { resourcesOf } from '../../tools/rule-pack/terraform';
import { dropTrailSourceArn, exampleStacks } from './fixtures';

/** The SARIF GitHub code scanning accepts: the fields it requires, values it understands, files that exist. */

jest.setTimeout(60_000);

const ROOT = path.join(__dirname, '..', '..');
const LEVELS = ['none', 'note', 'warning', 'error'];

function sarifFor(stacks = exampleStacks()): any {
  // A JSON round trip: what is uploaded is text, not objects.
  return JSON.parse(JSON.stringify(toSarif(check(stacks, { today: '2026-01-01' }), toolInfo(ROOT), ROOT)));
}

describe('SARIF 2.1.0 for GitHub code scanning', () => {
  const sarif = sarifFor();
  const run = sarif.runs[0];
  const rules: any[] = run.tool.driver.rules;
  const results: any[] = run.results;

  test('is version 2.1.0 with one run', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
  });

  test('the driver has a name, the package version and an absolute information URI', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(run.tool.driver.name).toBe('osb-rule-pack');
    expect(run.tool.driver.version).toBe(pkg.version);
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
  });

  test('every rule has id, name, descriptions, help text and markdown, a level and a numeric security-severity', () => {
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const r of rules) {
      expect(r.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(r.shortDescription.text.length).toBeGreaterThan(0);
      expect(r.fullDescription.text.length).toBeGreaterThan(0);
      expect(r.help.text.length).toBeGreaterThan(0);
      expect(r.help.markdown).toContain(r.id);
      expect(LEVELS).toContain(r.defaultConfiguration.level);
      expect(Array.isArray(r.properties.tags)).toBe(true);
      expect(typeof r.properties['security-severity']).toBe('string');
      const score = Number(r.properties['security-severity']);
      expect(Number.isFinite(score) && score > 0 && score <= 10).toBe(true);
      expect(r.properties.precision).toBe('very-high');
    }
  });

  test('severities map to the agreed SARIF level and security-severity', () => {
    expect(SEVERITY_SCORES).toEqual({
      critical: { level: 'error', securitySeverity: '9.5' },
      high: { level: 'error', securitySeverity: '8.0' },
      medium: { level: 'warning', securitySeverity: '5.5' },
      low: { level: 'note', securitySeverity: '2.0' },
    });
    for (const r of RULES) {
      const s = rules.find((x) => x.id === r.id);
      expect([s.defaultConfiguration.level, s.properties['security-severity']]).toEqual([SEVERITY_SCORES[r.severity].level, SEVERITY_SCORES[r.severity].securitySeverity]);
    }
  });

  test('Security Hub rules link to the control documentation', () => {
    expect(rules.find((r) => r.id === 'OSB-CT1').helpUri).toBe('https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1');
    expect(rules.find((r) => r.id === 'OSB-CW1').helpUri).toBe('https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16');
  });

  test('every result names a known rule, a valid level, a message, a committed file and line, the Terraform address and a fingerprint', () => {
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      const i = rules.findIndex((x) => x.id === r.ruleId);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(r.ruleIndex).toBe(i);
      expect(LEVELS).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(0);
      const loc = r.locations[0].physicalLocation;
      const uri: string = loc.artifactLocation.uri;
      expect(path.isAbsolute(uri) || uri.includes('..') || uri.includes('\\')).toBe(false);
      expect(existsSync(path.join(ROOT, uri))).toBe(true);
      const lines = readFileSync(path.join(ROOT, uri), 'utf8').split('\n').length;
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startLine).toBeLessThanOrEqual(lines);
      expect(r.locations[0].logicalLocations[0].name).toBe(r.properties.address);
      expect(r.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  test('fingerprints are unique per finding and stable across runs', () => {
    const keys = results.map((r) => `${r.ruleId} ${r.properties.stack} ${r.properties.address} ${r.message.text}`);
    const prints = results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    expect(new Set(prints).size).toBe(new Set(keys.map((k) => k.split(' ').slice(0, 3).join(' '))).size);
    expect(sarifFor().runs[0].results.map((r: any) => r.partialFingerprints.primaryLocationLineHash)).toEqual(prints);
    expect(fingerprint({ ruleId: 'OSB-S3', stack: 'log-archive', address: 'aws_s3_bucket.x' })).not.toBe(fingerprint({ ruleId: 'OSB-S3', stack: 'audit', address: 'aws_s3_bucket.x' }));
  });

  test('suppressed findings are results with an inSource suppression and its justification; others have none', () => {
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => r.ruleId).sort()).toEqual(['OSB-S3', 'OSB-S3', 'OSB-S5', 'OSB-S5', 'OSB-S6', 'OSB-SNS1', 'OSB-SNS1']);
    for (const r of suppressed) {
      expect(r.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: expect.any(String) }]);
      expect(r.suppressions[0].justification.length).toBeGreaterThanOrEqual(10);
    }
  });

  test('a bucket finding points at the line that creates the bucket in its construct', () => {
    const r = results.find((x) => x.ruleId === 'OSB-S3');
    const loc = r.locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).toBe('modules/log-archive/log-archive-bucket.ts');
    const line = readFileSync(path.join(ROOT, loc.artifactLocation.uri), 'utf8').split('\n')[loc.region.startLine - 1];
    expect(line).toContain("new S3Bucket(this, 'bucket'");
  });

  test('the deliberate mistake lands on the bucket policy in the log-archive-bucket construct, at error level', () => {
    const stacks = exampleStacks();
    dropTrailSourceArn(stacks);
    const r = sarifFor(stacks).runs[0].results.find((x: any) => x.ruleId === 'OSB-IAM2');
    expect(r.level).toBe('error');
    expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('modules/log-archive/log-archive-bucket.ts');
    expect(r.suppressions).toBeUndefined();
  });
});

describe('source mapping', () => {
  test('every mapped file exists', () => {
    for (const e of [...CONSTRUCT_SOURCES, { path: '', file: APP_SOURCE }]) expect([e.file, existsSync(path.join(ROOT, e.file))]).toEqual([e.file, true]);
  });

  test('every resource of the example maps to the module or stack that builds it, never to the fallback', () => {
    const unmapped = exampleStacks()
      .flatMap(resourcesOf)
      .filter((r) => sourceOf(r.constructPath, r.type, ROOT).uri === APP_SOURCE)
      .map((r) => `${r.stack}/${r.address}`);
    expect(unmapped).toEqual([]);
  });
});
