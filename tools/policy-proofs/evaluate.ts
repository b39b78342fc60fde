import { anonymousPrincipal, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { createHash } from 'node:crypto';
import { PROOF_ACTIONS, PROOF_PRINCIPALS, ProofAction, ProofPrincipal } from './catalogue';
import type { PolicyJson, ProofEnvironment } from './environment';

/** The outcome of one cell: allowed, or denied (explicitly by a Deny, or implicitly for lack of an Allow). */
export type ProofDecision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface ProofCell {
  readonly principal: string;
  readonly action: string;
  readonly decision: ProofDecision;
}

/**
 * Context keys we always send but that some actions do not define; the simulator ignoring them
 * for those actions is correct (e.g. `kms:CallerAccount` only exists for KMS).
 */
const IGNORABLE_KEYS = new Set<string>(['s3:x-amz-acl']);

const FULL_AWS_ACCESS: PolicyJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function resourcePolicyFor(env: ProofEnvironment, action: ProofAction): PolicyJson | undefined {
  switch (action.target) {
    case 'logBucket':
      return env.logBucketPolicy;
    case 'logKey':
      return env.logKeyPolicy;
    case 'securityTopic':
      return env.securityTopicPolicy;
    case 'deliveryRole':
      return env.deliveryRoleTrustPolicy;
    case 'trail':
      return undefined;
  }
}

function resourceAccount(env: ProofEnvironment, principal: ProofPrincipal, action: ProofAction): string {
  switch (action.target) {
    case 'logBucket':
    case 'logKey':
      return env.accounts.logArchive;
    case 'securityTopic':
      return env.accounts.audit;
    case 'deliveryRole':
      return env.accounts.management;
    case 'trail':
      // The CloudTrail delegated administrator manages the organization trail with its own
      // account's permissions (and SCPs); everyone else reaches into the management account.
      return principal.delegatedTrailAdmin && principal.accountId ? principal.accountId(env) : env.accounts.management;
  }
}

/** The request context IAM would see for this principal and action. */
function contextFor(env: ProofEnvironment, principal: ProofPrincipal, action: ProofAction): Record<string, string> {
  const ctx: Record<string, string> = { 'aws:SecureTransport': action.insecure ? 'false' : 'true' };
  if (principal.kind === 'service') {
    ctx['aws:PrincipalIsAWSService'] = 'true';
    ctx['aws:PrincipalServiceName'] = principal.principal(env);
    Object.assign(ctx, principal.sourceContext?.(env) ?? {});
  } else if (principal.kind === 'iam') {
    const account = principal.accountId!(env);
    ctx['aws:PrincipalIsAWSService'] = 'false';
    ctx['aws:PrincipalArn'] = principal.principal(env);
    ctx['aws:PrincipalAccount'] = account;
    if (principal.organization) ctx['aws:PrincipalOrgID'] = principal.organization === 'ours' ? env.organizationId : 'o-zzzzzzzzzz';
    if (action.action.startsWith('kms:')) ctx['kms:CallerAccount'] = account;
  } else {
    ctx['aws:PrincipalIsAWSService'] = 'false';
  }
  const all = { ...ctx, ...(action.context?.(env) ?? {}) };
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [surrogateKey(k), v]));
}

/**
 * iam-simulate 0.1.x drops request context keys whose variable part follows a colon
 * (`kms:EncryptionContext:<key>`): it only matches variable keys written with a slash, such as
 * `aws:RequestTag/<key>`, and reports the key as ignored. So that the encryption-context
 * conditions of the key policy are really evaluated, the same rename is applied to the policy
 * conditions and to the request context: `kms:EncryptionContext:<k>` becomes the global,
 * slash-variable key `aws:RequestTag/kms-encryption-context-<k>`. Operators and values are
 * untouched, and the matrix holds cells that pass only with the right context and fail with a
 * wrong one, so the rename cannot hide a mismatch.
 */
const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:(.+)$/i;
const SURROGATE_PREFIX = 'aws:RequestTag/kms-encryption-context-';

export function surrogateKey(key: string): string {
  const m = ENCRYPTION_CONTEXT.exec(key);
  return m ? `${SURROGATE_PREFIX}${m[1]}` : key;
}

export function withSurrogateKeys(policy: PolicyJson | undefined): PolicyJson | undefined {
  if (!policy) return undefined;
  return {
    ...policy,
    Statement: policy.Statement.map((s) => {
      const cond = s.Condition as Record<string, Record<string, unknown>> | undefined;
      if (!cond) return s;
      const renamed = Object.fromEntries(
        Object.entries(cond).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [surrogateKey(k), v]))]),
      );
      return { ...s, Condition: renamed };
    }),
  };
}

/** Builds the simulation IAM would run for one principal attempting one action. */
export function simulationFor(env: ProofEnvironment, principal: ProofPrincipal, action: ProofAction): Simulation {
  const isIam = principal.kind === 'iam';
  const account = isIam ? principal.accountId!(env) : undefined;
  const scpsApply = isIam && principal.organization === 'ours' && account !== env.accounts.management;
  return {
    identityPolicies: isIam
      ? [{ name: 'identity', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [...(principal.identityActions ?? [])], Resource: '*' }] } }]
      : [],
    serviceControlPolicies: scpsApply
      ? [{ orgIdentifier: 'r-root', policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }, ...env.scps.map((s) => ({ name: s.name, policy: s.policy }))] }]
      : [],
    resourceControlPolicies: [],
    resourcePolicy: withSurrogateKeys(resourcePolicyFor(env, action)) as Simulation['resourcePolicy'],
    request: {
      principal: principal.kind === 'anonymous' ? anonymousPrincipal : principal.principal(env),
      action: action.action,
      resource: { accountId: resourceAccount(env, principal, action), resource: action.resource(env) },
      contextVariables: contextFor(env, principal, action),
    },
  } as Simulation;
}

/**
 * Decisions by the simulation they were computed from (its whole JSON: policies, SCPs, request
 * and context). The simulator is a pure function of that input, so an identical simulation gets
 * the identical decision: a review's base and head share most cells, and so do the proofs that
 * change one policy of the example. Keyed by the SHA-256 of that JSON. Only decisions are kept:
 * a simulation that fails or ignores a context key is run (and throws) every time. Bounded:
 * cleared when it grows past the limit.
 */
const decisions = new Map<string, ProofDecision>();
const MAX_CACHED_DECISIONS = 100_000;

/** How many cells were served from the cache, and how many were simulated (for tests). */
export const simulationStats = { cached: 0, simulated: 0 };

/** Evaluates one cell with the IAM policy simulator (or returns its decision for an identical simulation). */
export async function evaluateCell(env: ProofEnvironment, principal: ProofPrincipal, action: ProofAction): Promise<ProofDecision> {
  const simulation = simulationFor(env, principal, action);
  // The SHA-256 of the JSON, so that a key costs 64 bytes however large the policies are.
  const key = createHash('sha256').update(JSON.stringify(simulation)).digest('hex');
  const known = decisions.get(key);
  if (known !== undefined) {
    simulationStats.cached += 1;
    return known;
  }
  simulationStats.simulated += 1;
  const decision = await simulate(simulation, principal, action);
  if (decisions.size >= MAX_CACHED_DECISIONS) decisions.clear();
  decisions.set(key, decision);
  return decision;
}

async function simulate(simulation: Simulation, principal: ProofPrincipal, action: ProofAction): Promise<ProofDecision> {
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') {
    throw new Error(`simulation of ${principal.id} -> ${action.id} failed: ${JSON.stringify(result.errors)}`);
  }
  // A context key the simulator ignored would make its conditions fail silently: refuse instead.
  const ignored = result.resultType === 'single' ? (result.result as { ignoredContextKeys?: string[] }).ignoredContextKeys ?? [] : [];
  const relevant = ignored.filter((k) => !IGNORABLE_KEYS.has(k));
  if (relevant.length > 0) throw new Error(`simulation of ${principal.id} -> ${action.id} ignored context keys ${relevant.join(', ')}`);
  return result.overallResult as ProofDecision;
}

/** Evaluates every principal against every action. */
export async function evaluateMatrix(
  env: ProofEnvironment,
  principals: readonly ProofPrincipal[] = PROOF_PRINCIPALS,
  actions: readonly ProofAction[] = PROOF_ACTIONS,
): Promise<ProofCell[]> {
  const cells: ProofCell[] = [];
  for (const p of principals) {
    for (const a of actions) cells.push({ principal: p.id, action: a.id, decision: await evaluateCell(env, p, a) });
  }
  return cells;
}

/** The matrix as a Markdown table: one row per principal, one column per action (A allowed, X explicitly denied, - implicitly denied). */
export function matrixTable(
  cells: readonly ProofCell[],
  principals: readonly { readonly id: string }[] = PROOF_PRINCIPALS,
  actions: readonly { readonly id: string }[] = PROOF_ACTIONS,
): string {
  const symbol: Record<ProofDecision, string> = { Allowed: 'A', ExplicitlyDenied: 'X', ImplicitlyDenied: '-' };
  const header = `| principal | ${actions.map((a) => `\`${a.id}\``).join(' | ')} |`;
  const rule = `|---|${actions.map(() => ':-:').join('|')}|`;
  const rows = principals.map((p) => `| ${p.id} | ${actions.map((a) => symbol[cells.find((c) => c.principal === p.id && c.action === a.id)!.decision]).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}
