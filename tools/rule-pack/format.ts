import { CheckReport, failing } from './engine';
import { APP_RESOURCE_TYPE, Finding, SEVERITIES, Severity, SEVERITY_SCORES } from './rule';
import { ToolInfo } from './sarif';
import { describeSuppression } from './suppressions';

/** The human table and the JSON report. */

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function resourceOf(f: Finding): string {
  return f.address.startsWith(`${APP_RESOURCE_TYPE}.`) ? '(app)' : `${f.stack}/${f.address}`;
}

function counts(findings: readonly Finding[]): string {
  return SEVERITIES.map((s) => `${findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
}

/**
 * The report for a terminal: unsuppressed findings worst first (one line each, message
 * indented below), then the suppressed ones with their reasons, expired and unused
 * suppressions, and a closing verdict against the threshold.
 */
export function toTable(report: CheckReport, failOn: Severity): string {
  const open = report.findings.filter((f) => !f.suppression);
  const suppressed = report.findings.filter((f) => f.suppression);
  const failed = failing(report, failOn);
  const out: string[] = [
    `OSB rule pack: ${report.rules.length} rules over ${report.resourceCount} resources in ${report.stacks.length} stacks (${report.stacks.join(', ')})`,
    '',
  ];
  if (open.length === 0) {
    out.push('No unsuppressed findings.');
  } else {
    const w = { sev: 9, rule: Math.max(...open.map((f) => f.ruleId.length)) + 2 };
    out.push(`${pad('SEVERITY', w.sev)}${pad('RULE', w.rule)}RESOURCE`);
    for (const f of open) {
      out.push(`${pad(f.severity, w.sev)}${pad(f.ruleId, w.rule)}${resourceOf(f)}`);
      out.push(`${' '.repeat(w.sev + w.rule)}${f.message}`);
    }
  }
  if (suppressed.length > 0) {
    out.push('', `Suppressed (${suppressed.length}):`);
    for (const f of suppressed) {
      const until = f.suppression?.expires ? ` (until ${f.suppression.expires})` : '';
      out.push(`  ${f.ruleId} ${resourceOf(f)}${until}: ${f.suppression?.reason ?? ''}`);
    }
  }
  if (report.expiredSuppressions.length > 0) {
    out.push('', `Expired suppressions (${report.expiredSuppressions.length}), no longer applied:`);
    for (const e of report.expiredSuppressions) {
      out.push(`  ${describeSuppression(e.suppression, e.index)} expired on ${e.suppression.expires}: ${e.findings} finding${e.findings === 1 ? '' : 's'} count again`);
    }
  }
  if (report.unusedSuppressions.length > 0) {
    out.push('', `Unused suppressions (${report.unusedSuppressions.length}), matching no finding:`);
    for (const u of report.unusedSuppressions) out.push(`  ${describeSuppression(u.suppression, u.index)}`);
  }
  out.push(
    '',
    `${open.length} finding${open.length === 1 ? '' : 's'} (${counts(open)}), ${suppressed.length} suppressed.`,
    failed.length > 0
      ? `FAIL: ${failed.length} unsuppressed finding${failed.length === 1 ? '' : 's'} at or above ${failOn}.`
      : `PASS: no unsuppressed finding at or above ${failOn}.`,
  );
  return `${out.join('\n')}\n`;
}

/** The report as one JSON document: tool, verdict, rules with cross-references, findings, suppressions. */
export function toJson(report: CheckReport, failOn: Severity, tool: ToolInfo): Record<string, unknown> {
  const failed = failing(report, failOn);
  return {
    tool: { name: tool.name, version: tool.version },
    failOn,
    passed: failed.length === 0,
    summary: {
      stacks: report.stacks,
      resources: report.resourceCount,
      rules: report.rules.length,
      findings: Object.fromEntries(SEVERITIES.map((s) => [s, report.findings.filter((f) => !f.suppression && f.severity === s).length])),
      suppressed: report.findings.filter((f) => f.suppression).length,
      failing: failed.length,
    },
    rules: report.rules.map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.severity,
      securitySeverity: SEVERITY_SCORES[r.severity].securitySeverity,
      ...(r.securityHubControl ? { securityHubControl: r.securityHubControl } : {}),
      checkov: r.checkov ?? [],
      trivy: r.trivy ?? [],
    })),
    findings: report.findings,
    expiredSuppressions: report.expiredSuppressions.map((e) => ({ index: e.index, ...e.suppression, findings: e.findings })),
    unusedSuppressions: report.unusedSuppressions.map((u) => ({ index: u.index, ...u.suppression })),
  };
}
