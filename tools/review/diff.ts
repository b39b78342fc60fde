/** Pure comparisons of two synthesizes of the same stacks, keyed by stable construct path. */

export type StackJson = Record<string, any>;

/** One Terraform resource, located by the construct path cdktf records in its metadata. */
export interface ResourceRef {
  readonly stack: string;
  /** `management/organization_trail/trail`: stable across hash changes of the logical ID. */
  readonly path: string;
  readonly type: string;
  readonly address: string;
  readonly config: Record<string, unknown>;
}

/** Resource types whose destruction loses evidence or breaks the organization. */
export const PROTECTED_TYPES = new Set([
  'aws_s3_bucket',
  'aws_kms_key',
  'aws_cloudtrail',
  'aws_cloudwatch_log_group',
  'aws_organizations_organization',
  'aws_organizations_policy',
  'aws_config_configuration_recorder',
]);

export function resourcesByPath(stack: string, json: StackJson): Map<string, ResourceRef> {
  const out = new Map<string, ResourceRef>();
  for (const [type, byName] of Object.entries((json.resource ?? {}) as Record<string, Record<string, any>>)) {
    for (const [name, config] of Object.entries(byName)) {
      const path = (config['//']?.metadata?.path as string | undefined) ?? `${stack}/${type}.${name}`;
      const { ['//']: _meta, ...rest } = config;
      out.set(path, { stack, path, type, address: `${type}.${name}`, config: rest });
    }
  }
  return out;
}

export interface ResourceChange {
  readonly ref: ResourceRef;
  /** Top-level attributes whose value differs. */
  readonly attributes: readonly string[];
  /** The logical ID changed while the construct path stayed: Terraform would replace it. */
  readonly addressChanged: boolean;
}

export interface StackDiff {
  readonly stack: string;
  readonly added: readonly ResourceRef[];
  readonly removed: readonly ResourceRef[];
  readonly changed: readonly ResourceChange[];
}

const stable = (v: unknown) => JSON.stringify(v, Object.keys(flatKeys(v)).sort());
function flatKeys(v: unknown, acc: Record<string, true> = {}): Record<string, true> {
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      acc[k] = true;
      flatKeys(x, acc);
    }
  }
  return acc;
}

export function diffStack(stack: string, base: StackJson | undefined, head: StackJson | undefined): StackDiff {
  const b = base ? resourcesByPath(stack, base) : new Map<string, ResourceRef>();
  const h = head ? resourcesByPath(stack, head) : new Map<string, ResourceRef>();
  const added = [...h.values()].filter((r) => !b.has(r.path));
  const removed = [...b.values()].filter((r) => !h.has(r.path));
  const changed: ResourceChange[] = [];
  for (const [path, after] of h) {
    const before = b.get(path);
    if (!before) continue;
    const keys = new Set([...Object.keys(before.config), ...Object.keys(after.config)]);
    const attributes = [...keys].filter((k) => stable(before.config[k]) !== stable(after.config[k])).sort();
    const addressChanged = before.address !== after.address;
    if (attributes.length > 0 || addressChanged) changed.push({ ref: after, attributes, addressChanged });
  }
  return { stack, added, removed, changed };
}

/** Removed or re-addressed resources of a protected type: Terraform would destroy them. */
export function protectedDestroys(diff: StackDiff): ResourceRef[] {
  return [
    ...diff.removed.filter((r) => PROTECTED_TYPES.has(r.type)),
    ...diff.changed.filter((c) => c.addressChanged && PROTECTED_TYPES.has(c.ref.type)).map((c) => c.ref),
  ];
}

type Statement = Record<string, any>;
const POLICY_ATTRIBUTES = ['policy', 'assume_role_policy', 'content'];
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [typeof v === 'object' ? JSON.stringify(v) : String(v)]);

function principalsOf(s: Statement): string[] {
  const p = s.Principal;
  if (p === undefined) return [];
  if (p === '*') return ['*'];
  return Object.entries(p as Record<string, unknown>).flatMap(([k, v]) => list(v).map((x) => `${k}:${x}`));
}

function conditionPairs(s: Statement): string[] {
  return Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([op, keys]) =>
    Object.entries(keys).flatMap(([k, v]) => list(v).map((x) => `${op} ${k} ${x}`)),
  );
}

/** How a statement moved, in the words a reviewer uses. */
export type Movement = 'widened' | 'narrowed' | 'changed' | 'unchanged';

export interface StatementChange {
  readonly sid: string;
  readonly effect: string;
  readonly kind: 'added' | 'removed' | 'modified';
  /** For access: widened means someone can do more than before. */
  readonly movement: Exclude<Movement, 'unchanged'>;
  readonly details: readonly string[];
}

export interface PolicyDiff {
  readonly stack: string;
  readonly path: string;
  readonly attribute: string;
  readonly changes: readonly StatementChange[];
}

function setDiff(a: string[], b: string[]): { added: string[]; removed: string[] } {
  const A = new Set(a);
  const B = new Set(b);
  return { added: [...B].filter((x) => !A.has(x)), removed: [...A].filter((x) => !B.has(x)) };
}

/**
 * Compares one statement's two versions. For an Allow, more actions, resources or principals,
 * or fewer conditions, widen access; for a Deny, fewer actions or resources, or more condition
 * values (exemptions), widen access.
 */
export function compareStatement(before: Statement, after: Statement): { movement: Movement; details: string[] } {
  const facets: Array<[string, string[], string[]]> = [
    ['actions', list(before.Action ?? before.NotAction), list(after.Action ?? after.NotAction)],
    ['resources', list(before.Resource), list(after.Resource)],
    ['principals', principalsOf(before), principalsOf(after)],
    ['conditions', conditionPairs(before), conditionPairs(after)],
  ];
  const details: string[] = [];
  let widen = false;
  let narrow = false;
  const isAllow = after.Effect === 'Allow';
  if (before.Effect !== after.Effect) return { movement: 'changed', details: [`effect ${before.Effect} -> ${after.Effect}`] };
  for (const [facet, b, a] of facets) {
    const { added, removed } = setDiff(b, a);
    if (added.length === 0 && removed.length === 0) continue;
    for (const x of added) details.push(`+ ${facet}: ${x}`);
    for (const x of removed) details.push(`- ${facet}: ${x}`);
    // `*` covers every principal: gaining it only grows the set, losing it only shrinks it.
    const wildcard = facet === 'principals' && (added.includes('*') || removed.includes('*'));
    const grows = wildcard ? added.includes('*') : facet === 'conditions' ? removed.length > 0 : added.length > 0;
    const shrinks = wildcard ? removed.includes('*') : facet === 'conditions' ? added.length > 0 : removed.length > 0;
    // An Allow grows access when it covers more; a Deny grows access when it covers less.
    if (isAllow ? grows : shrinks) widen = true;
    if (isAllow ? shrinks : grows) narrow = true;
  }
  if (details.length === 0) return { movement: 'unchanged', details };
  return { movement: widen && !narrow ? 'widened' : narrow && !widen ? 'narrowed' : 'changed', details };
}

function statementsOf(text: unknown): Statement[] | undefined {
  if (typeof text !== 'string' || !text.trim().startsWith('{')) return undefined;
  try {
    const doc = JSON.parse(text);
    return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  } catch {
    return undefined;
  }
}

export function diffPolicies(stack: string, base: StackJson | undefined, head: StackJson | undefined): PolicyDiff[] {
  const b = base ? resourcesByPath(stack, base) : new Map<string, ResourceRef>();
  const h = head ? resourcesByPath(stack, head) : new Map<string, ResourceRef>();
  const out: PolicyDiff[] = [];
  for (const path of new Set([...b.keys(), ...h.keys()])) {
    for (const attribute of POLICY_ATTRIBUTES) {
      const before = statementsOf(b.get(path)?.config[attribute]) ?? [];
      const after = statementsOf(h.get(path)?.config[attribute]) ?? [];
      if (before.length === 0 && after.length === 0) continue;
      const key = (s: Statement, i: number) => (s.Sid as string | undefined) ?? `#${i}`;
      const bm = new Map(before.map((s, i) => [key(s, i), s]));
      const am = new Map(after.map((s, i) => [key(s, i), s]));
      const changes: StatementChange[] = [];
      for (const [sid, s] of am) {
        const old = bm.get(sid);
        if (!old) {
          changes.push({ sid, effect: s.Effect, kind: 'added', movement: s.Effect === 'Allow' ? 'widened' : 'narrowed', details: describe(s) });
          continue;
        }
        const { movement, details } = compareStatement(old, s);
        if (movement !== 'unchanged') changes.push({ sid, effect: s.Effect, kind: 'modified', movement, details });
      }
      for (const [sid, s] of bm) {
        if (!am.has(sid)) changes.push({ sid, effect: s.Effect, kind: 'removed', movement: s.Effect === 'Allow' ? 'narrowed' : 'widened', details: describe(s) });
      }
      if (changes.length > 0) out.push({ stack, path, attribute, changes });
    }
  }
  return out;
}

function describe(s: Statement): string[] {
  return [
    `principals: ${principalsOf(s).join(', ') || '(identity policy)'}`,
    `actions: ${list(s.Action ?? s.NotAction).join(', ')}${s.NotAction ? ' (NotAction)' : ''}`,
    `resources: ${list(s.Resource).join(', ')}`,
    ...(conditionPairs(s).length ? [`conditions: ${conditionPairs(s).join('; ')}`] : []),
  ];
}
