import { atOrAbove, SEVERITIES, Severity } from '../rule-pack/rule';
import { accountsIn, PolicyDiff, ProviderChange, protectedDestroys, StackDiff } from './diff';

/** Marks the comment so a workflow can find and update it in place. */
export const REPORT_MARKER = '<!-- cdktf-org-security-baseline:review -->';
/** GitHub rejects comments over 65,536 characters; stay below with room for the marker. */
export const MAX_COMMENT_CHARACTERS = 65_000;

export interface MatrixChange {
  readonly principal: string;
  readonly principalDescription: string;
  readonly action: string;
  readonly actionDescription: string;
  readonly before: string;
  readonly after: string;
}

export interface ReviewFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly address: string;
  readonly message: string;
  /** Present in the head but not in the base. */
  readonly isNew: boolean;
  readonly suppressed?: string;
}

export interface StackReview {
  readonly diff: StackDiff;
  readonly policies: readonly PolicyDiff[];
  /** Provider-level changes (`default_tags`). */
  readonly providers?: readonly ProviderChange[];
}

export interface ReviewInput {
  readonly baseLabel: string;
  readonly headLabel: string;
  readonly stacks: readonly StackReview[];
  /** Cells of the who-can-do-what matrix that changed; undefined when it could not be computed. */
  readonly matrixChanges?: readonly MatrixChange[];
  /** The head matrix as a Markdown table. */
  readonly matrixTable?: string;
  readonly findings?: readonly ReviewFinding[];
  readonly notes?: readonly string[];
  /** Lines a reviewer must read first (which configuration each side used). */
  readonly context?: readonly string[];
  /** New unsuppressed findings at or above this severity fail the check. @default 'high' */
  readonly failOn?: Severity | 'none';
  /** Do not fail on protected destroys or replacements. @default false */
  readonly allowProtectedDestroy?: boolean;
}

export interface RenderedReport {
  readonly markdown: string;
  readonly truncated: boolean;
  readonly protectedDestroyCount: number;
  readonly widenedCount: number;
  /** Why the check fails, one line each; empty when it passes. */
  readonly failures: readonly string[];
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;');
const SYMBOL: Record<string, string> = { Allowed: 'allowed', ExplicitlyDenied: 'denied (explicit)', ImplicitlyDenied: 'denied' };
const show = (v: unknown) => (v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v));

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/**
 * Leaf paths that matter to security or retention: their before -> after goes on the first
 * screen (everything else stays in the collapsed details).
 */
export const SECURITY_VALUE = new RegExp(
  [
    '(^|\\.)tags(_all)?(\\.|$)', 'default_tags', 'days', 'retention', 'transition', 'expiration', 'storage_class', 'status$',
    'sse_algorithm', 'kms', 'encrypt', 'object_lock', 'versioning', 'mfa', '(^|\\.)mode$', 'prevent_destroy', 'force_destroy',
    'enable_log_file_validation', 'is_multi_region_trail', 'is_organization_trail', 'include_global_service_events', 'enable_logging',
    'event_selector', 'cloud_watch_logs', 's3_bucket_name', 's3_key_prefix', 'alarm_actions', 'ok_actions', 'insufficient_data_actions',
    'actions_enabled', 'target_id', 'policy_id', 'block_public', 'ignore_public', 'restrict_public', 'enable_key_rotation',
    'deletion_window', 'object_ownership', 'target_bucket', 'target_prefix', '^bucket$', '^name$', 'endpoint', 'protocol', 'topic_arn',
    'enabled_policy_types', 'aws_service_access_principals', 'feature_set', 'allowed_account_ids', 'role_arn',
  ].join('|'),
);

/** Resources whose policies guard the logs and the key: widening them fails the check. */
const LOG_AND_KEY_POLICY_TYPES = new Set(['aws_s3_bucket_policy', 'aws_kms_key']);

/**
 * Why the check fails: protected destroys and replacements, widened access to the logs or the
 * key (policy or who-can-do-what matrix), removed or weakened guardrail (Deny) statements and
 * policy attachments, and new findings at or above `failOn`.
 */
export function failureReasons(input: ReviewInput): string[] {
  const out: string[] = [];
  if (!input.allowProtectedDestroy) {
    for (const s of input.stacks) {
      for (const d of protectedDestroys(s.diff)) {
        out.push(`${d.kind === 'replace' ? 'replacement' : 'destroy'} of protected ${d.ref.type} \`${d.ref.path}\`${d.refused ? ' (prevent_destroy: Terraform refuses this plan)' : ''}`);
      }
    }
  }
  for (const s of input.stacks) {
    const types = new Map([...resourcesOf(s.diff)].map((r) => [r.path, r.type]));
    const isNew = new Set(s.diff.added.map((r) => r.path));
    for (const p of s.policies) {
      // A policy on a resource that is itself new guards nothing that exists yet.
      if (isNew.has(p.path)) continue;
      for (const c of p.changes) {
        if (c.movement !== 'widened') continue;
        if (c.effect === 'Deny') out.push(`guardrail weakened: Deny \`${c.sid}\` ${c.kind} in \`${p.path}\``);
        else if (LOG_AND_KEY_POLICY_TYPES.has(types.get(p.path) ?? '')) out.push(`widened access to the logs or the key: \`${c.sid}\` (${c.kind}) in \`${p.path}\` gives ${c.gained.join('; ') || 'more access'}`);
      }
    }
    for (const r of s.diff.removed.filter((x) => x.type === 'aws_organizations_policy_attachment')) {
      out.push(`guardrail detached: \`${r.path}\` (target ${show(r.config.target_id)})`);
    }
  }
  for (const m of input.matrixChanges ?? []) {
    if (m.after === 'Allowed') out.push(`new permission: ${m.principalDescription} can now ${m.actionDescription}`);
  }
  const failOn = input.failOn ?? 'high';
  if (failOn !== 'none') {
    for (const f of (input.findings ?? []).filter((x) => x.isNew && !x.suppressed && SEVERITIES.includes(x.severity as Severity))) {
      if (atOrAbove(f.severity as Severity, failOn)) out.push(`new ${f.severity} finding \`${f.ruleId}\` on \`${f.address}\` (--fail-on ${failOn})`);
    }
  }
  return out;
}

function resourcesOf(d: StackDiff) {
  return [...d.added, ...d.removed, ...d.changed.map((c) => c.ref)];
}

/** Renders the review, degrading from full to summary so it never exceeds the comment limit and is never empty. */
export function renderReport(input: ReviewInput, limit = MAX_COMMENT_CHARACTERS): RenderedReport {
  const destroys = input.stacks.flatMap((s) => protectedDestroys(s.diff));
  const policyChanges = input.stacks.flatMap((s) => s.policies.flatMap((p) => p.changes.map((c) => ({ p, c }))));
  const widened = policyChanges.filter((x) => x.c.movement === 'widened');
  const newFindings = (input.findings ?? []).filter((f) => f.isNew && !f.suppressed);
  const failures = failureReasons(input);

  const head: string[] = [REPORT_MARKER, `## Security baseline review: \`${esc(input.baseLabel)}\` → \`${esc(input.headLabel)}\``, ''];
  if (failures.length > 0) {
    head.push(`> [!CAUTION]\n> **Check fails (${failures.length} reason${failures.length === 1 ? '' : 's'}):**`);
    for (const f of failures) head.push(`> - ${esc(f)}`);
  } else {
    head.push('**Check passes**: no protected destroy or replacement, no widened access to the logs or the key, no removed guardrail, no new finding at or above the threshold.');
  }
  head.push('');
  for (const c of input.context ?? []) head.push(`- ${esc(c)}`);
  if ((input.context ?? []).length > 0) head.push('');
  head.push('| stack | add | change | replace | destroy | protected destroy/replace | statements widened | statements narrowed |', '|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const s of input.stacks) {
    const w = s.policies.flatMap((p) => p.changes).filter((c) => c.movement === 'widened').length;
    const n = s.policies.flatMap((p) => p.changes).filter((c) => c.movement === 'narrowed').length;
    const rep = s.diff.changed.filter((c) => c.replacement).length;
    head.push(
      `| ${s.diff.stack} | ${s.diff.added.length} | ${s.diff.changed.length - rep} | ${rep} | ${s.diff.removed.length} | ${protectedDestroys(s.diff).length} | ${w} | ${n} |`,
    );
  }
  head.push('');
  if (destroys.length > 0) {
    head.push(`**${destroys.length} protected resource(s) would be destroyed or replaced:**`);
    for (const d of destroys) {
      const why = d.why ? `: ${d.why.reason === 'plan' ? 'the plan says replace' : d.why.reason === 'address' ? 'its address changed' : `${d.why.because.join(', ')} forces replacement`}` : '';
      head.push(`- **${d.kind === 'replace' ? 'replace' : 'destroy'}** \`${d.ref.stack}\` \`${esc(d.ref.path)}\` (${d.ref.type})${esc(why)}${d.refused ? ' — **refused**: `prevent_destroy` is set, so `terraform apply` stops here' : ''}`);
    }
    head.push('');
  }
  const otherReplacements = input.stacks.flatMap((s) => s.diff.changed.filter((c) => c.replacement && !destroys.some((d) => d.ref.path === c.ref.path)));
  if (otherReplacements.length > 0) {
    head.push(`${otherReplacements.length} other resource(s) replaced: ${otherReplacements.map((c) => `\`${esc(c.ref.path)}\``).join(', ')}.`, '');
  }
  const values = input.stacks.flatMap((s) => [
    ...s.diff.changed.flatMap((c) => c.values.filter((v) => SECURITY_VALUE.test(v.path)).map((v) => ({ where: `\`${c.ref.path}\``, v }))),
    ...(s.providers ?? []).flatMap((p) => p.values.filter((v) => SECURITY_VALUE.test(v.path)).map((v) => ({ where: `\`${p.stack}\` provider \`${p.provider}\``, v }))),
    ...s.diff.added.filter((r) => r.type === 'aws_organizations_policy_attachment').map((r) => ({ where: `\`${r.path}\` (new)`, v: { path: 'target_id', before: undefined, after: r.config.target_id } })),
    ...s.diff.removed.filter((r) => r.type === 'aws_organizations_policy_attachment').map((r) => ({ where: `\`${r.path}\` (removed)`, v: { path: 'target_id', before: r.config.target_id, after: undefined } })),
  ]);
  if (values.length > 0) {
    head.push(`**Security and retention values (before → after):**`);
    for (const { where, v } of values) head.push(`- ${esc(where)} \`${esc(v.path)}\`: ${esc(show(v.before))} → **${esc(show(v.after))}**`);
    head.push('');
  }
  if (widened.length > 0) {
    head.push(`**${widened.length} policy statement(s) widened access:**`);
    for (const { p, c } of widened) {
      // Accounts that gain: those named as principals or in added conditions, not in a lifted one.
      const accounts = accountsIn(c.gained.filter((g) => !g.includes(' without the condition ')));
      head.push(
        `- \`${p.stack}\` \`${esc(p.path)}\` statement \`${esc(c.sid)}\` (${c.effect}, ${c.kind}): gains ${esc(c.gained.join('; ') || '(see details)')}` +
          `${accounts.length ? ` — account(s) ${accounts.join(', ')}` : ''}${c.actions.length ? ` — ${esc(c.actions.join(', '))}` : ''}`,
      );
    }
    head.push('');
  }
  const removedGuards = policyChanges.filter((x) => x.c.kind === 'removed' && x.c.effect === 'Deny');
  if (removedGuards.length > 0) {
    head.push(`**${removedGuards.length} guardrail (Deny) statement(s) removed:** ${removedGuards.map(({ p, c }) => `\`${esc(c.sid)}\` from \`${esc(p.path)}\``).join(', ')}`, '');
  }
  const denialShifts: MatrixChange[] = [];
  if (input.matrixChanges === undefined) {
    head.push('_Who-can-do-what matrix: not compared (see notes)._', '');
  } else {
    const gained = input.matrixChanges.filter((m) => m.after === 'Allowed');
    const lost = input.matrixChanges.filter((m) => m.before === 'Allowed');
    denialShifts.push(...input.matrixChanges.filter((m) => m.before !== 'Allowed' && m.after !== 'Allowed'));
    if (gained.length === 0 && lost.length === 0) {
      head.push('Who can write, read and delete the logs: **unchanged**.', '');
    }
    if (gained.length > 0) {
      head.push(`> [!WARNING]\n> **${gained.length} new permission(s):**`);
      for (const m of gained) head.push(`> - ${esc(m.principalDescription)} can now **${esc(m.actionDescription)}**`);
      head.push('');
    }
    if (lost.length > 0) {
      head.push(`**${lost.length} permission(s) removed:**`);
      for (const m of lost) head.push(`- ${esc(m.principalDescription)} can no longer ${esc(m.actionDescription)}`);
      head.push('');
    }
    if (denialShifts.length > 0) {
      head.push(`${denialShifts.length} denial(s) changed kind (implicit ↔ explicit), details below.`, '');
    }
  }
  if (input.findings) {
    const open = input.findings.filter((f) => !f.suppressed);
    head.push(`Rule pack: ${open.length} open finding(s), ${newFindings.length} new in this change, ${input.findings.length - open.length} suppressed.`, '');
  }

  const sections: string[] = [];
  for (const s of input.stacks) {
    const lines: string[] = [];
    for (const r of s.diff.added) lines.push(`- **+** \`${esc(r.path)}\` (${r.type})`);
    for (const r of s.diff.removed) lines.push(`- **−** \`${esc(r.path)}\` (${r.type})`);
    for (const c of s.diff.changed) {
      const rep = c.replacement ? ` **replace** (${c.replacement.reason}: ${esc(c.replacement.because.join(', '))})` : '';
      lines.push(`- **${c.replacement ? '-/+' : '~'}** \`${esc(c.ref.path)}\` (${c.ref.type})${rep}: ${c.attributes.map((a) => `\`${a}\``).join(', ')}`);
      for (const v of c.values) lines.push(`  - \`${esc(v.path)}\`: ${esc(show(v.before))} → ${esc(show(v.after))}`);
    }
    for (const p of s.policies) {
      lines.push(`- policy \`${esc(p.path)}\` \`${p.attribute}\`:`);
      for (const c of p.changes) {
        lines.push(`  - \`${esc(c.sid)}\` (${c.effect}, ${c.kind}): **${c.movement}**`);
        for (const d of c.details) lines.push(`    - ${esc(d)}`);
      }
    }
    for (const p of s.providers ?? []) {
      lines.push(`- provider \`${p.provider}\`:`);
      for (const v of p.values) lines.push(`  - \`${esc(v.path)}\`: ${esc(show(v.before))} → ${esc(show(v.after))}`);
    }
    if (s.diff.unknownTypes.length > 0) lines.push(`- replacement not known offline for: ${s.diff.unknownTypes.join(', ')} (not in tools/review/force-new.ts)`);
    if (lines.length > 0) sections.push(details(`${s.diff.stack}: ${lines.length} line(s) of changes`, lines.join('\n')));
  }
  if (input.findings && input.findings.length > 0) {
    const rows = input.findings.map(
      (f) => `| ${f.isNew ? 'new' : ''} | \`${f.ruleId}\` | ${f.severity} | \`${esc(f.address)}\` | ${esc(f.message)} | ${f.suppressed ? esc(f.suppressed) : ''} |`,
    );
    sections.push(details('Rule pack findings', ['| | rule | severity | resource | finding | suppressed because |', '|---|---|---|---|---|---|', ...rows].join('\n')));
  }
  if (denialShifts.length > 0) {
    sections.push(
      details(
        'Denials that changed kind',
        denialShifts.map((m) => `- ${esc(m.principalDescription)} — ${esc(m.actionDescription)}: ${SYMBOL[m.before]} → ${SYMBOL[m.after]}`).join('\n'),
      ),
    );
  }
  if (input.matrixTable) sections.push(details('Who can do what (head)', input.matrixTable));
  if (input.notes && input.notes.length > 0) sections.push(details('Notes', input.notes.map((n) => `- ${esc(n)}`).join('\n')));

  const summary = head.join('\n');
  let body = [summary, ...sections].join('\n\n');
  let truncated = false;
  // Drop the largest sections first until it fits; the summary always stays.
  const kept = [...sections];
  while (body.length > limit && kept.length > 0) {
    const largest = kept.reduce((a, b) => (b.length > a.length ? b : a));
    kept.splice(kept.indexOf(largest), 1);
    truncated = true;
    body = [summary, ...kept, '_Report truncated: details omitted to stay under the comment size limit; run `npm run review` locally for all of it._'].join('\n\n');
  }
  if (body.length > limit) {
    truncated = true;
    const marker = '\n\n_Report truncated: summary cut to fit the comment size limit._';
    body = body.slice(0, limit - marker.length) + marker;
  }
  return { markdown: body, truncated, protectedDestroyCount: destroys.length, widenedCount: widened.length, failures };
}
