/** Pure comparisons of two syntheses of the same stacks, keyed by stable construct path. */
import { FORCE_NEW, forcingAttributes } from './force-new';

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

/** One changed leaf value, by path inside the resource (`rule[0].expiration[0].days`). */
export interface ValueChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** Why Terraform would destroy and re-create a resource that keeps its construct path. */
export interface Replacement {
  /**
   * `address`: the logical ID changed; `force-new`: an attribute the provider marks ForceNew
   * changed; `cascade`: a ForceNew attribute refers to a replaced resource (its value becomes
   * unknown); `plan`: a `terraform show -json` plan says so.
   */
  readonly reason: 'address' | 'force-new' | 'cascade' | 'plan';
  /** The attributes (or the replaced resource, for a cascade) that force it. */
  readonly because: readonly string[];
}

export interface ResourceChange {
  readonly ref: ResourceRef;
  readonly before: ResourceRef;
  /** Top-level attributes whose value differs. */
  readonly attributes: readonly string[];
  /** The logical ID changed while the construct path stayed: Terraform would replace it. */
  readonly addressChanged: boolean;
  /** Leaf values that differ (policy documents are compared per statement instead). */
  readonly values: readonly ValueChange[];
  /** Set when the change is a destroy-and-create rather than an in-place update. */
  readonly replacement?: Replacement;
}

export interface StackDiff {
  readonly stack: string;
  readonly added: readonly ResourceRef[];
  readonly removed: readonly ResourceRef[];
  readonly changed: readonly ResourceChange[];
  /** Changed resource types the force-new table does not know (the report says so). */
  readonly unknownTypes: readonly string[];
  /** Where replacements came from: a plan file, or the offline table. */
  readonly replacementSource: 'plan' | 'table';
}

/** Actions of one resource in a `terraform show -json` plan, by Terraform address. */
export type PlanActions = ReadonlyMap<string, readonly string[]>;

/** Reads `resource_changes[].change.actions` of a `terraform show -json` plan. */
export function planActions(plan: unknown): PlanActions {
  const changes = (plan as { resource_changes?: Array<{ address?: string; change?: { actions?: string[] } }> })?.resource_changes;
  if (!Array.isArray(changes)) throw new Error('not a `terraform show -json` plan: no resource_changes array');
  return new Map(changes.filter((c) => c.address && Array.isArray(c.change?.actions)).map((c) => [c.address!, c.change!.actions!]));
}

/** ["delete","create"] (destroy first) or ["create","delete"] (create_before_destroy). */
export const isReplace = (actions: readonly string[] | undefined): boolean =>
  !!actions && actions.length === 2 && actions.includes('create') && actions.includes('delete');

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

/** Attributes whose values are policy documents: compared statement by statement, not as values. */
const POLICY_ATTRIBUTES = ['policy', 'assume_role_policy', 'content'];
/** Meta-arguments that never reach the provider. */
const META = new Set(['depends_on', 'provider', 'count', 'for_each']);

function leaves(v: unknown, at: string, out: Map<string, unknown>): void {
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) out.set(at, v);
  else if (Array.isArray(v)) v.forEach((x, i) => leaves(x, `${at}[${i}]`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, at ? `${at}.${k}` : k, out);
  else out.set(at, v);
}

/** Leaves whose values must never be printed (a PR comment is readable by everyone with repo access). */
export const SENSITIVE_PATH = /(^|[._])(token|secret|password|access_key|secret_key|private_key|session_token)([._[]|$)/i;

/** Leaf-by-leaf differences of two resource configurations, policies and meta-arguments left out; sensitive values print as `(sensitive)`. */
export function valueChanges(before: Record<string, unknown>, after: Record<string, unknown>): ValueChange[] {
  const pick = (c: Record<string, unknown>) => {
    const m = new Map<string, unknown>();
    for (const [k, v] of Object.entries(c)) if (!POLICY_ATTRIBUTES.includes(k) && !META.has(k)) leaves(v, k, m);
    return m;
  };
  const b = pick(before);
  const a = pick(after);
  const out: ValueChange[] = [];
  for (const p of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    if (stable(b.get(p)) === stable(a.get(p))) continue;
    const mask = (v: unknown) => (v === undefined ? v : '(sensitive)');
    out.push(SENSITIVE_PATH.test(p) ? { path: p, before: mask(b.get(p)), after: mask(a.get(p)) } : { path: p, before: b.get(p), after: a.get(p) });
  }
  return out;
}

/**
 * Compares two syntheses of a stack by construct path. Replacements come from `plan` when one
 * is given (its actions win), else from the provider's ForceNew table, with cascades: a ForceNew
 * attribute that refers to a replaced resource becomes unknown, so its resource is replaced too.
 */
export function diffStack(stack: string, base: StackJson | undefined, head: StackJson | undefined, plan?: PlanActions): StackDiff {
  const b = base ? resourcesByPath(stack, base) : new Map<string, ResourceRef>();
  const h = head ? resourcesByPath(stack, head) : new Map<string, ResourceRef>();
  const added = [...h.values()].filter((r) => !b.has(r.path));
  const removed = [...b.values()].filter((r) => !h.has(r.path));
  const changed: ResourceChange[] = [];
  const unknownTypes = new Set<string>();
  const pending: Array<{ before: ResourceRef; after: ResourceRef; attributes: string[] }> = [];
  for (const [path, after] of h) {
    const before = b.get(path);
    if (!before) continue;
    const keys = new Set([...Object.keys(before.config), ...Object.keys(after.config)]);
    const attributes = [...keys].filter((k) => stable(before.config[k]) !== stable(after.config[k])).sort();
    pending.push({ before, after, attributes });
  }
  const replaced = new Map<string, Replacement>();
  if (plan) {
    for (const p of pending) {
      if (p.before.address !== p.after.address) replaced.set(p.after.path, { reason: 'address', because: [`${p.before.address} -> ${p.after.address}`] });
      else if (isReplace(plan.get(p.after.address))) replaced.set(p.after.path, { reason: 'plan', because: [JSON.stringify(plan.get(p.after.address))] });
    }
  } else {
    for (const p of pending) {
      if (p.before.address !== p.after.address) {
        replaced.set(p.after.path, { reason: 'address', because: [`${p.before.address} -> ${p.after.address}`] });
        continue;
      }
      const forcing = forcingAttributes(p.after.type, p.attributes.filter((a) => a !== 'lifecycle' && !META.has(a)), p.before.config, p.after.config);
      if (forcing === undefined) {
        if (p.attributes.length > 0) unknownTypes.add(p.after.type);
      } else if (forcing.length > 0) replaced.set(p.after.path, { reason: 'force-new', because: forcing });
    }
    // Cascade until nothing new: `${aws_s3_bucket.x.id}` in a ForceNew attribute of a replaced x.
    for (let grew = true; grew; ) {
      grew = false;
      const replacedAddresses = new Map([...replaced.keys()].map((p) => [h.get(p)!.address, p]));
      for (const p of pending) {
        if (replaced.has(p.after.path)) continue;
        const entry = FORCE_NEW[p.after.type];
        for (const attr of entry?.attributes ?? []) {
          const refs = JSON.stringify(p.after.config[attr] ?? '').match(/\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\./g) ?? [];
          const hit = refs.map((r) => r.slice(2, -1)).find((addr) => replacedAddresses.has(addr));
          if (hit) {
            replaced.set(p.after.path, { reason: 'cascade', because: [`${attr} refers to ${hit}, which is replaced`] });
            grew = true;
            break;
          }
        }
      }
    }
  }
  for (const p of pending) {
    const replacement = replaced.get(p.after.path);
    if (p.attributes.length === 0 && !replacement) continue;
    changed.push({
      ref: p.after,
      before: p.before,
      attributes: p.attributes,
      addressChanged: p.before.address !== p.after.address,
      values: valueChanges(p.before.config, p.after.config),
      replacement,
    });
  }
  return { stack, added, removed, changed, unknownTypes: [...unknownTypes].sort(), replacementSource: plan ? 'plan' : 'table' };
}

/** A destroy or a replacement of a resource that must not go away. */
export interface ProtectedLoss {
  readonly ref: ResourceRef;
  readonly kind: 'destroy' | 'replace';
  /** `lifecycle { prevent_destroy = true }` in the base: Terraform refuses the plan outright. */
  readonly refused: boolean;
  readonly why?: Replacement;
}

const preventsDestroy = (r: ResourceRef) => (r.config.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true;
const isProtected = (r: ResourceRef) => PROTECTED_TYPES.has(r.type) || preventsDestroy(r);

/** Removed or replaced resources of a protected type, or with `prevent_destroy` at base. */
export function protectedDestroys(diff: StackDiff): ProtectedLoss[] {
  return [
    ...diff.removed.filter(isProtected).map((ref) => ({ ref, kind: 'destroy' as const, refused: preventsDestroy(ref) })),
    ...diff.changed
      .filter((c) => c.replacement && isProtected(c.before))
      .map((c) => ({ ref: c.ref, kind: 'replace' as const, refused: preventsDestroy(c.before), why: c.replacement })),
  ];
}

/** A changed `default_tags` (or other provider argument) of one provider configuration. */
export interface ProviderChange {
  readonly stack: string;
  /** `aws` or `aws.<alias>`. */
  readonly provider: string;
  readonly values: readonly ValueChange[];
}

/** Differences in provider configurations (e.g. `default_tags`, which tag every resource). */
export function diffProviders(stack: string, base: StackJson | undefined, head: StackJson | undefined): ProviderChange[] {
  const byAlias = (j: StackJson | undefined) => {
    const m = new Map<string, Record<string, unknown>>();
    for (const [name, list] of Object.entries((j?.provider ?? {}) as Record<string, Array<Record<string, unknown>>>)) {
      for (const p of Array.isArray(list) ? list : [list]) m.set(p.alias ? `${name}.${p.alias}` : name, p);
    }
    return m;
  };
  const b = byAlias(base);
  const h = byAlias(head);
  const out: ProviderChange[] = [];
  for (const key of [...new Set([...b.keys(), ...h.keys()])].sort()) {
    const values = valueChanges(b.get(key) ?? {}, h.get(key) ?? {});
    if (values.length > 0) out.push({ stack, provider: key, values });
  }
  return out;
}

type Statement = Record<string, any>;
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

/** Condition operators whose values exclude: one more value matches fewer requests. */
const EXCLUDING_OPERATOR = /^(?:ForAllValues:|ForAnyValue:)?(?:StringNot|ArnNot|NotIpAddress)/;
/** Operators whose values are alternatives (any one matches): one more value matches more requests. */
const ALTERNATIVES_OPERATOR = /^(?:ForAllValues:|ForAnyValue:)?(?:String|Arn|IpAddress|BinaryEquals)/;

/** How a statement's conditions changed, as sets of "operator key value" lines. */
interface ConditionComparison {
  /** Whether the conditions now match more requests / fewer requests than before (both: changed). */
  readonly matchesMore: boolean;
  readonly matchesFewer: boolean;
  /** Conditions (operator and key) that are gone, with their old values. */
  readonly lifted: string[];
  /** Conditions that are new, with their values. */
  readonly imposed: string[];
  /** New alternative values of a kept condition (StringEquals, ArnLike, ...). */
  readonly moreValues: string[];
  /** Dropped alternative values of a kept condition. */
  readonly fewerValues: string[];
  /** New values of a kept excluding condition (StringNotEquals, ArnNotLike, ...). */
  readonly moreExclusions: string[];
  /** Dropped values of a kept excluding condition. */
  readonly fewerExclusions: string[];
}

/**
 * Compares two statements' conditions the way IAM evaluates them: different keys (and operators)
 * must all hold, so a lifted condition matches more requests and an imposed one fewer; the values
 * of one key are alternatives, so for StringEquals, ArnLike and the like a dropped value matches
 * fewer requests (removing a region from an `aws:SourceArn` list narrows the statement), and for
 * the negated operators the other way round. A changed value of a numeric, date, Bool or Null
 * condition can go either way, so it counts as both.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 */
export function compareConditions(before: Statement, after: Statement): ConditionComparison {
  const keyed = (s: Statement) =>
    new Map(
      Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([op, keys]) =>
        Object.entries(keys).map(([k, v]): [string, { op: string; values: string[] }] => [`${op} ${k}`, { op, values: list(v) }]),
      ),
    );
  const b = keyed(before);
  const a = keyed(after);
  const lifted: string[] = [];
  const imposed: string[] = [];
  const moreValues: string[] = [];
  const fewerValues: string[] = [];
  const moreExclusions: string[] = [];
  const fewerExclusions: string[] = [];
  const pairs = (id: string, values: string[]) => values.map((x) => `${id} ${x}`);
  /** Numeric, date, Bool and Null values: a change can go either way. */
  let either = false;
  for (const [id, was] of b) if (!a.has(id)) lifted.push(...pairs(id, was.values));
  for (const [id, now] of a) {
    const was = b.get(id);
    if (!was) {
      imposed.push(...pairs(id, now.values));
      continue;
    }
    const { added, removed } = setDiff(was.values, now.values);
    const op = now.op.replace(/IfExists$/, '');
    if (EXCLUDING_OPERATOR.test(op)) {
      moreExclusions.push(...pairs(id, added));
      fewerExclusions.push(...pairs(id, removed));
    } else {
      moreValues.push(...pairs(id, added));
      fewerValues.push(...pairs(id, removed));
      if (!ALTERNATIVES_OPERATOR.test(op) && added.length + removed.length > 0) either = true;
    }
  }
  return {
    matchesMore: either || lifted.length + moreValues.length + fewerExclusions.length > 0,
    matchesFewer: either || imposed.length + fewerValues.length + moreExclusions.length > 0,
    lifted,
    imposed,
    moreValues,
    fewerValues,
    moreExclusions,
    fewerExclusions,
  };
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
  /** For a widened statement: who gains access, literally (principals, accounts, lifted conditions). */
  readonly gained: readonly string[];
  /** The statement's actions after the change (before, for a removed one). */
  readonly actions: readonly string[];
}

/** Twelve-digit account IDs named in a principal or condition value. */
export const accountsIn = (values: readonly string[]): string[] => [...new Set(values.flatMap((v) => v.match(/(?<!\d)\d{12}(?!\d)/g) ?? []))];

/** Who gains access through a widened statement, in the words of the statement itself. */
export function gainedBy(kind: StatementChange['kind'], before: Statement | undefined, after: Statement | undefined): string[] {
  if (kind === 'added') {
    const who = principalsOf(after!).length ? principalsOf(after!) : ['(identity policy: its role)'];
    const when = conditionPairs(after!);
    return when.length ? who.map((p) => `${p} when ${when.join(' and ')}`) : who;
  }
  if (kind === 'removed') {
    // A removed Deny stops denying its principals, minus the exemptions its conditions made.
    const who = principalsOf(before!).length ? principalsOf(before!) : ['every principal the policy governs (for an SCP: everyone in its target accounts)'];
    return [...who, ...conditionPairs(before!).map((c) => `no longer denied unless: ${c}`)];
  }
  const b = before!;
  const a = after!;
  const out = setDiff(principalsOf(b), principalsOf(a)).added;
  const cond = compareConditions(b, a);
  if (a.Effect === 'Allow') {
    for (const c of cond.lifted) out.push(`${principalsOf(a).join(', ') || 'its principals'} without the condition ${c}`);
    for (const c of cond.moreValues) out.push(`condition now also allows ${c}`);
    for (const c of cond.fewerExclusions) out.push(`condition no longer excludes ${c}`);
  } else {
    for (const c of [...cond.imposed, ...cond.moreExclusions]) out.push(`exempted by ${c}`);
    for (const c of cond.fewerValues) out.push(`no longer denied when ${c}`);
    for (const x of setDiff(list(b.Action ?? b.NotAction), list(a.Action ?? a.NotAction)).removed) out.push(`${principalsOf(a).join(', ') || 'its principals'} no longer denied ${x}`);
  }
  return out;
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
 * Compares one statement's two versions by whether it now matches more or fewer requests: more
 * actions, resources or principals match more; for conditions see {@link compareConditions}
 * (a lifted key, an added alternative value or a dropped exclusion match more). An Allow that
 * matches more widens access; a Deny that matches fewer widens it (an added exemption, a
 * dropped action).
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
    const c = facet === 'conditions' ? compareConditions(before, after) : undefined;
    // "grows": the statement matches more requests than before.
    const grows = wildcard ? added.includes('*') : c ? c.matchesMore : added.length > 0;
    const shrinks = wildcard ? removed.includes('*') : c ? c.matchesFewer : removed.length > 0;
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
          const movement = s.Effect === 'Allow' ? 'widened' : 'narrowed';
          changes.push({ sid, effect: s.Effect, kind: 'added', movement, details: describe(s), gained: movement === 'widened' ? gainedBy('added', undefined, s) : [], actions: list(s.Action ?? s.NotAction) });
          continue;
        }
        const { movement, details } = compareStatement(old, s);
        if (movement !== 'unchanged') {
          changes.push({ sid, effect: s.Effect, kind: 'modified', movement, details, gained: movement === 'narrowed' ? [] : gainedBy('modified', old, s), actions: list(s.Action ?? s.NotAction) });
        }
      }
      for (const [sid, s] of bm) {
        if (!am.has(sid)) {
          const movement = s.Effect === 'Allow' ? 'narrowed' : 'widened';
          changes.push({ sid, effect: s.Effect, kind: 'removed', movement, details: describe(s), gained: movement === 'widened' ? gainedBy('removed', s, undefined) : [], actions: list(s.Action ?? s.NotAction) });
        }
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
