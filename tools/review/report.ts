import { PolicyDiff, protectedDestroys, StackDiff } from './diff';

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

export interface ReviewInput {
  readonly baseLabel: string;
  readonly headLabel: string;
  readonly stacks: readonly { readonly diff: StackDiff; readonly policies: readonly PolicyDiff[] }[];
  /** Cells of the who-can-do-what matrix that changed; undefined when it could not be computed. */
  readonly matrixChanges?: readonly MatrixChange[];
  /** The head matrix as a Markdown table. */
  readonly matrixTable?: string;
  readonly findings?: readonly ReviewFinding[];
  readonly notes?: readonly string[];
}

export interface RenderedReport {
  readonly markdown: string;
  readonly truncated: boolean;
  readonly protectedDestroyCount: number;
  readonly widenedCount: number;
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;');
const SYMBOL: Record<string, string> = { Allowed: 'allowed', ExplicitlyDenied: 'denied (explicit)', ImplicitlyDenied: 'denied' };

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** Renders the review, degrading from full to summary so it never exceeds the comment limit and is never empty. */
export function renderReport(input: ReviewInput, limit = MAX_COMMENT_CHARACTERS): RenderedReport {
  const destroys = input.stacks.flatMap((s) => protectedDestroys(s.diff));
  const policyChanges = input.stacks.flatMap((s) => s.policies.flatMap((p) => p.changes.map((c) => ({ p, c }))));
  const widened = policyChanges.filter((x) => x.c.movement === 'widened');
  const newFindings = (input.findings ?? []).filter((f) => f.isNew && !f.suppressed);

  const head: string[] = [REPORT_MARKER, `## Security baseline review: \`${esc(input.baseLabel)}\` → \`${esc(input.headLabel)}\``, ''];
  head.push('| stack | add | change | destroy | protected destroys | statements widened | statements narrowed |', '|---|--:|--:|--:|--:|--:|--:|');
  for (const s of input.stacks) {
    const w = s.policies.flatMap((p) => p.changes).filter((c) => c.movement === 'widened').length;
    const n = s.policies.flatMap((p) => p.changes).filter((c) => c.movement === 'narrowed').length;
    head.push(
      `| ${s.diff.stack} | ${s.diff.added.length} | ${s.diff.changed.length} | ${s.diff.removed.length} | ${protectedDestroys(s.diff).length} | ${w} | ${n} |`,
    );
  }
  head.push('');
  if (destroys.length > 0) {
    head.push(`> [!CAUTION]\n> **${destroys.length} protected resource(s) would be destroyed or replaced.** This check fails until that is intended and allowed.`);
    for (const d of destroys) head.push(`> - \`${d.stack}\` \`${esc(d.path)}\` (${d.type})`);
    head.push('');
  }
  if (widened.length > 0) {
    head.push(`**${widened.length} policy statement(s) widened access:**`);
    for (const { p, c } of widened) head.push(`- \`${p.stack}\` \`${esc(p.path)}\` statement \`${esc(c.sid)}\` (${c.kind})`);
    head.push('');
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
      lines.push(`- **~** \`${esc(c.ref.path)}\` (${c.ref.type})${c.addressChanged ? ' **address changed: replace**' : ''}: ${c.attributes.map((a) => `\`${a}\``).join(', ')}`);
    }
    for (const p of s.policies) {
      lines.push(`- policy \`${esc(p.path)}\` \`${p.attribute}\`:`);
      for (const c of p.changes) {
        lines.push(`  - \`${esc(c.sid)}\` (${c.effect}, ${c.kind}): **${c.movement}**`);
        for (const d of c.details) lines.push(`    - ${esc(d)}`);
      }
    }
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
  return { markdown: body, truncated, protectedDestroyCount: destroys.length, widenedCount: widened.length };
}
