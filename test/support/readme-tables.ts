import { CIS_CONTROLS } from '../../modules/cis-monitoring';
import { guardrailDocuments } from '../../stacks/management-stack';
import { baselineNames } from '../../stacks/names';
import { testConfig } from '../helpers';

/** The CIS and SCP tables of docs/controls-and-guardrails.md, generated from the same data the stacks synthesize. */

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function cisControlTable(): string {
  const rows = CIS_CONTROLS.map((c) => {
    const events = [...c.pattern.matchAll(/\$\.eventName = "?([A-Za-z]+)"?/g)].map((m) => m[1]);
    const watches = events.length > 0 ? events.join(', ') : 'see pattern';
    return `| ${c.id} | ${cell(c.title)} | \`${c.metricName}\` | ${c.securityHubControl ?? '-'} | ${cell(watches)} |`;
  });
  return ['| CIS | watches | metric (`CISBenchmark`) | Security Hub | events |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function guardrailTable(): string {
  // Every optional document on, so the table lists every statement the baseline can emit.
  const cfg = testConfig({ guardrails: { denyUngovernedRegions: true, exemptRoleNames: ['SecurityDeployer'] } });
  const rows = guardrailDocuments(cfg, baselineNames(cfg)).flatMap((d) =>
    d.guardrails.map((g) => {
      const what = g.statement.actions ? g.statement.actions.map((a) => `\`${a}\``).join(', ') : `all but global services (${g.statement.notActions?.length} exceptions)`;
      return `| \`baseline-${d.key}\` | \`${g.statement.sid}\` | ${what} | ${cell(g.exempt)} | ${cell(g.reason)} |`;
    }),
  );
  return ['| SCP | statement | denies | except | why |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** The who-can-do-what matrix, evaluated on the example config (A allowed, X explicit deny, - implicit deny). */
export async function proofMatrixTable(): Promise<string> {
  const { evaluateMatrix, matrixTable, proofEnvironment } = await import('../../tools/policy-proofs');
  const { synthAll } = await import('../helpers');
  const cfg = testConfig();
  return matrixTable(await evaluateMatrix(proofEnvironment(cfg, synthAll(cfg))));
}

/** The log-query matrix (reader role, results bucket), evaluated on the example config. */
export async function logQueryMatrixTable(): Promise<string> {
  const { evaluateLogQueryMatrix, logQueryEnvironment, matrixTable, LOG_QUERY_ACTIONS, LOG_QUERY_PRINCIPALS } = await import('../../tools/policy-proofs');
  const { synthAll } = await import('../helpers');
  const cfg = testConfig();
  return matrixTable(await evaluateLogQueryMatrix(logQueryEnvironment(cfg, synthAll(cfg))), LOG_QUERY_PRINCIPALS, LOG_QUERY_ACTIONS);
}
