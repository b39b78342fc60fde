import { APP_RESOURCE_TYPE, atOrAbove, Finding, Rule, SEVERITIES, Severity, SynthesizedStack } from './rule';
import { RULES } from './rules';
import { isExpired, matches, selectorOf, Suppression, SUPPRESSIONS, validateSuppressions } from './suppressions';
import { APP_RESOURCE, createContexts, resourcesOf } from './terraform';

/** Runs rules over synthesized stacks and applies the suppressions. */

/** What to check with; every field defaults to the pack's own. */
export interface CheckOptions {
  readonly rules?: readonly Rule[];
  readonly suppressions?: readonly Suppression[];
  /** Today as `YYYY-MM-DD` (UTC), for suppression expiry. @default - the current date */
  readonly today?: string;
}

/** A suppression that no longer applies, with the findings it would have covered. */
export interface ExpiredSuppression {
  readonly index: number;
  readonly suppression: Suppression;
  readonly findings: number;
}

/** The outcome of one check. */
export interface CheckReport {
  readonly stacks: readonly string[];
  readonly resourceCount: number;
  readonly rules: readonly Rule[];
  /** Every finding, suppressed ones included (they carry `suppression`), worst first. */
  readonly findings: readonly Finding[];
  /** Suppressions past their expiry: they suppressed nothing. */
  readonly expiredSuppressions: readonly ExpiredSuppression[];
  /** Active suppressions that matched no finding: stale, or selecting the wrong resource. */
  readonly unusedSuppressions: ReadonlyArray<{ readonly index: number; readonly suppression: Suppression }>;
}

/** Thrown when the suppression list is invalid; its message lists every problem. */
export class SuppressionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid suppressions: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SuppressionError';
  }
}

/** Today's date, `YYYY-MM-DD` in UTC. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The findings of one rule over the stacks, unsuppressed. */
export function evaluateRule(rule: Rule, stacks: readonly SynthesizedStack[]): Finding[] {
  const findings: Finding[] = [];
  const contexts = createContexts(stacks);
  const targets = rule.resourceTypes.includes(APP_RESOURCE_TYPE)
    ? [{ resource: APP_RESOURCE, context: contexts.of() }]
    : contexts.resources
        .filter((r) => rule.resourceTypes.includes('*') || rule.resourceTypes.includes(r.type))
        .map((resource) => ({ resource, context: contexts.of(resource.stack) }));
  for (const { resource, context } of targets) {
    let violations;
    try {
      violations = rule.evaluate(resource, context);
    } catch (e) {
      throw new Error(`rule ${rule.id} failed on ${resource.stack}/${resource.address}: ${(e as Error).message}`);
    }
    for (const v of violations) {
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        stack: resource.stack,
        address: resource.address,
        ...(resource.constructPath !== undefined ? { constructPath: resource.constructPath } : {}),
        message: v.message,
      });
    }
  }
  return findings;
}

/**
 * Evaluates every rule on every stack and applies the suppressions: an active one marks the
 * findings it selects as suppressed; an expired one marks nothing and is reported.
 * @throws SuppressionError when the suppression list is invalid
 */
export function check(stacks: readonly SynthesizedStack[], options: CheckOptions = {}): CheckReport {
  const rules = options.rules ?? RULES;
  const suppressions = options.suppressions ?? SUPPRESSIONS;
  const today = options.today ?? todayUtc();
  const problems = validateSuppressions(
    suppressions,
    rules.map((r) => r.id),
  );
  if (problems.length > 0) throw new SuppressionError(problems);

  const raw = rules.flatMap((r) => evaluateRule(r, stacks));
  const used = new Set<number>();
  const expiredHits = new Map<number, number>();
  const findings = raw.map((f) => {
    const index = suppressions.findIndex((s) => matches(s, f) && !isExpired(s, today));
    suppressions.forEach((s, i) => {
      if (isExpired(s, today) && matches(s, f)) expiredHits.set(i, (expiredHits.get(i) ?? 0) + 1);
    });
    if (index < 0) return f;
    used.add(index);
    const s = suppressions[index];
    return { ...f, suppression: { reason: s.reason.trim(), selector: selectorOf(s), ...(s.expires ? { expires: s.expires } : {}) } };
  });

  return {
    stacks: stacks.map((s) => s.name),
    resourceCount: stacks.reduce((n, s) => n + resourcesOf(s).length, 0),
    rules,
    findings: findings.sort(byWorstFirst),
    expiredSuppressions: suppressions
      .map((suppression, index) => ({ index, suppression, findings: expiredHits.get(index) ?? 0 }))
      .filter((e) => isExpired(e.suppression, today)),
    unusedSuppressions: suppressions
      .map((suppression, index) => ({ index, suppression }))
      .filter((u) => !isExpired(u.suppression, today) && !used.has(u.index)),
  };
}

function byWorstFirst(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.ruleId.localeCompare(b.ruleId, 'en', { numeric: true }) ||
    a.stack.localeCompare(b.stack) ||
    a.address.localeCompare(b.address) ||
    a.message.localeCompare(b.message)
  );
}

/** Unsuppressed findings at or above the threshold: the ones that fail the check. */
export function failing(report: CheckReport, threshold: Severity): Finding[] {
  return report.findings.filter((f) => !f.suppression && atOrAbove(f.severity, threshold));
}
