import { Rule, SEVERITY_SCORES } from './rule';
import { RULES } from './rules';

/**
 * The rule table of docs/rule-pack.md, generated from the rules themselves so it cannot drift: ID, title,
 * severity (with its SARIF security-severity) and the equivalent Security Hub, Checkov and Trivy
 * checks.
 */
export function ruleTable(rules: readonly Rule[] = RULES): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const refs = (xs: readonly string[] | undefined) => (xs?.length ? xs.map((x) => `\`${x}\``).join(', ') : '-');
  const rows = rules.map(
    (r) =>
      `| \`${r.id}\` | ${cell(r.title)} | ${r.severity} (${SEVERITY_SCORES[r.severity].securitySeverity}) | ${r.securityHubControl ?? '-'} | ${refs(r.checkov)} | ${refs(r.trivy)} |`,
  );
  return ['| rule | checks | severity | Security Hub | Checkov | Trivy |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
