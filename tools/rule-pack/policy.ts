import { TerraformResource } from './rule';
import { str } from './terraform';

/** IAM policy documents as the rules read them: parsed from resource arguments and normalized. */

/** One statement, normalized: single values become lists, condition values become strings. */
export interface Statement {
  /** `Sid`, or `#<index>` when the statement has none. */
  readonly name: string;
  readonly effect: string;
  /** The `Principal` element as written (`"*"` or an object of lists). */
  readonly principal: unknown;
  /** True when the statement uses `NotPrincipal`. */
  readonly hasNotPrincipal: boolean;
  readonly actions: readonly string[];
  /** True when the statement uses `NotAction` (it then covers every action but the ones listed). */
  readonly hasNotAction: boolean;
  readonly resources: readonly string[];
  /** Operator -> condition key -> values. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** A policy argument of a resource: its statements, or why they could not be read. */
export interface PolicyArgument {
  /** The argument name: `policy`, `assume_role_policy` or `content`. */
  readonly attribute: string;
  readonly statements?: readonly Statement[];
  /** Set when the argument is not a literal JSON policy document. */
  readonly problem?: string;
}

/** Resource types whose `content` is an IAM-style policy document. */
const CONTENT_POLICY_TYPES = ['aws_organizations_policy'];

/** The policy documents of a resource, from `policy`, `assume_role_policy` and (for SCPs/RCPs) `content`. */
export function policiesOf(resource: TerraformResource): PolicyArgument[] {
  const attrs = ['policy', 'assume_role_policy', ...(CONTENT_POLICY_TYPES.includes(resource.type) ? ['content'] : [])];
  return attrs.filter((a) => resource.config[a] !== undefined).map((a) => parsePolicyArgument(a, resource.config[a]));
}

/** Parses one policy argument; a whole-value expression or invalid JSON is reported, not thrown. */
export function parsePolicyArgument(attribute: string, value: unknown): PolicyArgument {
  const text = str(value);
  if (text === undefined) return { attribute, problem: `is not a JSON string (got ${typeof value})` };
  const trimmed = text.trim();
  if (/^\$\{[\s\S]*\}$/.test(trimmed) && !trimmed.startsWith('{')) {
    return { attribute, problem: `is the Terraform expression ${trimmed.length > 80 ? `${trimmed.slice(0, 77)}...` : trimmed}, known only at apply` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch (e) {
    return { attribute, problem: `is not valid JSON (${(e as Error).message})` };
  }
  const raw = doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>).Statement : undefined;
  if (raw === undefined) return { attribute, problem: 'has no Statement' };
  const list = Array.isArray(raw) ? raw : [raw];
  return { attribute, statements: list.map((s, i) => normalize(s, i)) };
}

function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

function normalize(s: unknown, index: number): Statement {
  const o = s !== null && typeof s === 'object' ? (s as Record<string, unknown>) : {};
  const conditions: Record<string, Record<string, string[]>> = {};
  const cond = o.Condition;
  if (cond !== null && typeof cond === 'object') {
    for (const [op, byKey] of Object.entries(cond as Record<string, unknown>)) {
      if (byKey === null || typeof byKey !== 'object') continue;
      conditions[op] = Object.fromEntries(Object.entries(byKey as Record<string, unknown>).map(([k, v]) => [k, list(v)]));
    }
  }
  return {
    name: typeof o.Sid === 'string' && o.Sid !== '' ? o.Sid : `#${index}`,
    effect: String(o.Effect ?? ''),
    principal: o.Principal,
    hasNotPrincipal: o.NotPrincipal !== undefined,
    actions: list(o.Action ?? o.NotAction),
    hasNotAction: o.NotAction !== undefined,
    resources: list(o.Resource ?? o.NotResource),
    conditions,
  };
}

/** The values of one principal kind (`AWS`, `Service`, ...) of a statement. */
export function principalsOf(s: Statement, kind: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser'): string[] {
  if (s.principal === '*') return kind === 'AWS' ? ['*'] : [];
  if (s.principal === null || typeof s.principal !== 'object') return [];
  return list((s.principal as Record<string, unknown>)[kind]);
}

/**
 * True when the statement applies to anyone: `Principal: "*"`, an `AWS` principal of `*`, or
 * (in an Allow) `NotPrincipal`, which grants everyone but the principals listed.
 */
export function isPublic(s: Statement): boolean {
  return s.hasNotPrincipal || principalsOf(s, 'AWS').includes('*') || principalsOf(s, 'CanonicalUser').includes('*');
}

/**
 * Condition operators that limit a request to the values listed. Negated operators, `...IfExists`
 * (true when the key is absent), `Null` and `ForAllValues:` (true for an empty set) do not.
 */
const LIMITING_OPERATORS = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress', 'NumericEquals', 'Bool']);

/** Condition keys (lower-case) that a limiting operator binds with a value other than `*`. */
export function limitedKeys(s: Statement): Set<string> {
  const keys = new Set<string>();
  for (const [op, byKey] of Object.entries(s.conditions)) {
    const base = op.replace(/^ForAnyValue:/, '');
    if (!LIMITING_OPERATORS.has(base)) continue;
    for (const [key, values] of Object.entries(byKey)) {
      if (values.length > 0 && !values.includes('*')) keys.add(key.toLowerCase());
    }
  }
  return keys;
}

/**
 * Keys that narrow who the caller is (or on whose behalf a service acts), so that an Allow to `*`
 * limited by one of them is not public.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
export const CALLER_KEYS: readonly string[] = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalServiceName',
  'aws:SourceArn',
  'aws:SourceAccount',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceOwner',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:SourceIp',
  'aws:userid',
  'kms:CallerAccount',
];

/**
 * Keys that bind a service principal to the resource, account or organization it acts for
 * (confused-deputy prevention).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export const SOURCE_KEYS: readonly string[] = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];

/** True when the statement limits one of `keys` (case-insensitive, as IAM compares key names). */
export function limitsAny(s: Statement, keys: readonly string[]): boolean {
  const limited = limitedKeys(s);
  return keys.some((k) => limited.has(k.toLowerCase()));
}

/** How a message names a statement: `statement "Sid" of policy`. */
export function where(arg: PolicyArgument, s: Statement): string {
  return `statement ${s.name.startsWith('#') ? s.name : `"${s.name}"`} of ${arg.attribute}`;
}
