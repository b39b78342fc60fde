import { createHash } from 'node:crypto';
import { CheckReport } from './engine';
import { APP_RESOURCE_TYPE, Finding, Rule, SEVERITY_SCORES } from './rule';
import { sourceOf } from './source-map';
import { describeSuppression } from './suppressions';

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one run, a driver with versioned rules
 * (descriptions, help, `security-severity`), results located at committed TypeScript with the
 * Terraform address as logical location and a fingerprint that survives moved lines.
 * @see https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */

/** Name and version of the tool as the SARIF driver reports them. */
export interface ToolInfo {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
}

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The Security Hub user-guide anchor of a control, e.g. `CloudTrail.1` -> `.../cloudtrail-controls.html#cloudtrail-1`. */
export function securityHubUri(control: string): string {
  const [service, n] = control.toLowerCase().split('.');
  return `https://docs.aws.amazon.com/securityhub/latest/userguide/${service}-controls.html#${service}-${n}`;
}

/** A stable fingerprint of a finding: rule, stack and Terraform address (not line numbers, not messages). */
export function fingerprint(f: Pick<Finding, 'ruleId' | 'stack' | 'address'>): string {
  return createHash('sha256').update(`${f.ruleId}|${f.stack}|${f.address}`).digest('hex').slice(0, 32);
}

function crossReferences(rule: Rule): string[] {
  return [
    rule.securityHubControl ? `AWS Security Hub ${rule.securityHubControl}` : undefined,
    rule.checkov?.length ? `Checkov ${rule.checkov.join(', ')}` : undefined,
    rule.trivy?.length ? `Trivy ${rule.trivy.join(', ')}` : undefined,
  ].filter((x): x is string => x !== undefined);
}

function sarifRule(rule: Rule): Record<string, unknown> {
  const refs = crossReferences(rule);
  const refText = refs.length ? `\n\nEquivalent checks: ${refs.join('; ')}.` : '';
  return {
    id: rule.id,
    name: rule.title.replace(/'/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.help}${refText}`,
      markdown: `**${rule.id}: ${rule.title}**\n\n${rule.description}\n\n**Fix:** ${rule.help}${refText}`,
    },
    ...(rule.securityHubControl ? { helpUri: securityHubUri(rule.securityHubControl) } : {}),
    defaultConfiguration: { level: SEVERITY_SCORES[rule.severity].level },
    properties: {
      tags: ['security', 'terraform', 'cdktf', ...(rule.securityHubControl ? [`security-hub/${rule.securityHubControl}`] : [])],
      'security-severity': SEVERITY_SCORES[rule.severity].securitySeverity,
      precision: 'very-high',
      'problem.severity': rule.severity === 'critical' || rule.severity === 'high' ? 'error' : rule.severity === 'medium' ? 'warning' : 'recommendation',
    },
  };
}

function result(f: Finding, ruleIndex: number, root: string | undefined): Record<string, unknown> {
  const type = f.address.split('.')[0];
  const loc = sourceOf(f.constructPath, type === APP_RESOURCE_TYPE ? undefined : type, root);
  const where = type === APP_RESOURCE_TYPE ? 'the app' : `${f.stack}/${f.address}`;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: SEVERITY_SCORES[f.severity].level,
    message: { text: `${where}: ${f.message}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: loc.uri, uriBaseId: '%SRCROOT%' }, region: { startLine: loc.startLine } },
        logicalLocations: [
          {
            name: f.address,
            fullyQualifiedName: `${f.stack}/${f.address}`,
            kind: 'resource',
            ...(f.constructPath ? { decoratedName: f.constructPath } : {}),
          },
        ],
      },
    ],
    partialFingerprints: { primaryLocationLineHash: fingerprint(f), 'osbFinding/v1': fingerprint(f) },
    properties: { stack: f.stack, address: f.address, ...(f.constructPath ? { constructPath: f.constructPath } : {}) },
    ...(f.suppression ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: f.suppression.reason }] } : {}),
  };
}

/** The report as a SARIF 2.1.0 log. `root` is where committed sources are read to find line numbers. */
export function toSarif(report: CheckReport, tool: ToolInfo, root?: string): Record<string, unknown> {
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  const notifications = [
    ...report.expiredSuppressions.map((e) => ({
      level: 'warning',
      message: {
        text: `${describeSuppression(e.suppression, e.index)} expired on ${e.suppression.expires} and no longer suppresses (${e.findings} finding${e.findings === 1 ? '' : 's'})`,
      },
    })),
    ...report.unusedSuppressions.map((u) => ({
      level: 'note',
      message: { text: `${describeSuppression(u.suppression, u.index)} matched no finding: remove it or fix its selector` },
    })),
  ];
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules: report.rules.map(sarifRule),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results: report.findings.map((f) => result(f, index.get(f.ruleId) ?? -1, root)),
        properties: { stacks: report.stacks, resourceCount: report.resourceCount },
      },
    ],
  };
}
