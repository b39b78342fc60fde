import { Lazy } from 'cdktf';

/**
 * A typed model of IAM policy documents. Builders return these objects as plain data; they are
 * rendered to JSON in exactly one place ({@link renderPolicy}) and the same objects feed the
 * policy tests, so what is tested is what is deployed.
 */

/** Who a statement applies to: everyone (`"*"`), or lists of AWS principals and service principals. */
export type PolicyPrincipals =
  | '*'
  | {
      /** Account roots, role or user ARNs, or `"*"`. */
      readonly aws?: readonly string[];
      /** Service principals such as `cloudtrail.amazonaws.com`. */
      readonly service?: readonly string[];
      /** Identity providers (an IAM OIDC provider's ARN) for `sts:AssumeRoleWithWebIdentity`. */
      readonly federated?: readonly string[];
    };

/**
 * Conditions as IAM writes them: operator -> condition key -> values. Several keys or operators
 * are ANDed; several values of one key are ORed.
 */
export type PolicyConditions = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** One policy statement. `sid` is required so every statement can be named in reviews and tests. */
export interface PolicyStatement {
  /** Statement ID: letters and digits only, unique within its document. */
  readonly sid: string;
  /** @default "Allow" when built through {@link allow}; explicit otherwise. */
  readonly effect: 'Allow' | 'Deny';
  /** @default - none (identity policies have no principal) */
  readonly principals?: PolicyPrincipals;
  /** Actions the statement covers; exactly one of `actions` and `notActions` is set. */
  readonly actions?: readonly string[];
  /** Every action except these (`NotAction`), for deny-all-but statements. */
  readonly notActions?: readonly string[];
  /** Required everywhere but in role trust policies, where IAM rejects a `Resource` element. */
  readonly resources?: readonly string[];
  /** @default - unconditional */
  readonly conditions?: PolicyConditions;
}

/** The JSON shape IAM accepts. */
export interface PolicyJson {
  readonly Version: '2012-10-17';
  readonly Id?: string;
  readonly Statement: readonly Record<string, unknown>[];
}

const SID = /^[A-Za-z0-9]+$/;

/**
 * Returns the problems of a statement list: bad or duplicate sids, empty actions or resources.
 * An empty array means the document is well-formed.
 */
export function statementProblems(statements: readonly PolicyStatement[], kind: 'resource-or-identity' | 'trust' = 'resource-or-identity'): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const s of statements) {
    if (!SID.test(s.sid)) problems.push(`statement sid "${s.sid}" must be letters and digits only`);
    if (seen.has(s.sid)) problems.push(`statement sid "${s.sid}" is used twice`);
    seen.add(s.sid);
    if (s.actions && s.notActions) problems.push(`statement "${s.sid}" sets both actions and notActions`);
    else if ((s.actions ?? s.notActions ?? []).length === 0) problems.push(`statement "${s.sid}" has no actions`);
    if (kind === 'trust') {
      if (s.resources !== undefined) problems.push(`statement "${s.sid}" has resources, which IAM rejects in a trust policy`);
      if (!s.principals) problems.push(`statement "${s.sid}" of a trust policy names no principal`);
    } else if ((s.resources ?? []).length === 0) problems.push(`statement "${s.sid}" has no resources`);
  }
  return problems;
}

/** IAM accepts a single value or a list; one value renders as a string, as the console shows it. */
function oneOrMany(values: readonly string[]): string | string[] {
  return values.length === 1 ? values[0] : [...values];
}

function renderPrincipals(p: PolicyPrincipals): unknown {
  if (p === '*') return '*';
  const out: Record<string, unknown> = {};
  if (p.aws?.length) out.AWS = oneOrMany(p.aws);
  if (p.service?.length) out.Service = oneOrMany(p.service);
  if (p.federated?.length) out.Federated = oneOrMany(p.federated);
  return out;
}

/** Renders one statement to IAM JSON with keys in the order IAM documents them. */
export function renderStatement(s: PolicyStatement): Record<string, unknown> {
  const out: Record<string, unknown> = { Sid: s.sid, Effect: s.effect };
  if (s.principals !== undefined) out.Principal = renderPrincipals(s.principals);
  if (s.notActions) out.NotAction = oneOrMany(s.notActions);
  else out.Action = oneOrMany(s.actions ?? []);
  if (s.resources !== undefined) out.Resource = oneOrMany(s.resources);
  if (s.conditions && Object.keys(s.conditions).length > 0) {
    const cond: Record<string, Record<string, string | string[]>> = {};
    for (const [op, keys] of Object.entries(s.conditions)) {
      cond[op] = {};
      for (const [key, values] of Object.entries(keys)) cond[op][key] = oneOrMany(values);
    }
    out.Condition = cond;
  }
  return out;
}

/**
 * Renders statements to a policy document object.
 * @throws Error listing every malformed statement
 */
export function toPolicyJson(statements: readonly PolicyStatement[], id?: string): PolicyJson {
  const problems = statementProblems(statements);
  if (problems.length > 0) throw new Error(`Invalid policy${id ? ` "${id}"` : ''}:\n  - ${problems.join('\n  - ')}`);
  return { Version: '2012-10-17', ...(id ? { Id: id } : {}), Statement: statements.map(renderStatement) };
}

/** The one place a policy becomes a string. */
export function renderPolicy(statements: readonly PolicyStatement[], id?: string): string {
  return JSON.stringify(toPolicyJson(statements, id));
}

/**
 * Renders a role trust policy: statements name principals and no resources (IAM rejects
 * `Resource` in a trust policy with MalformedPolicyDocument).
 * @throws Error listing every malformed statement
 */
export function renderTrustPolicy(statements: readonly PolicyStatement[]): string {
  const problems = statementProblems(statements, 'trust');
  if (problems.length > 0) throw new Error(`Invalid trust policy:\n  - ${problems.join('\n  - ')}`);
  return JSON.stringify({ Version: '2012-10-17', Statement: statements.map(renderStatement) });
}

/**
 * A growing policy that a resource owns: constructs add statements with
 * {@link PolicyDocument.addStatements} and the resource renders it once, at synth.
 */
export class PolicyDocument {
  private readonly list: PolicyStatement[] = [];

  constructor(
    /** Optional `Id` of the document. */
    readonly id?: string,
    initial: readonly PolicyStatement[] = [],
  ) {
    this.list.push(...initial);
  }

  /** Adds statements; a repeated sid is reported when the document is rendered. */
  addStatements(...statements: PolicyStatement[]): void {
    this.list.push(...statements);
  }

  /** The statements so far, in insertion order. */
  get statements(): readonly PolicyStatement[] {
    return [...this.list];
  }

  /** The document as IAM JSON. */
  toJson(): PolicyJson {
    return toPolicyJson(this.list, this.id);
  }

  /** The document as a JSON string. */
  render(): string {
    return renderPolicy(this.list, this.id);
  }
}

/**
 * A string attribute that renders the document when Terraform JSON is written, so statements
 * added after the owning resource was created (grants) are included.
 */
export function lazyPolicy(doc: PolicyDocument): string {
  return Lazy.stringValue({ produce: () => doc.render() });
}
