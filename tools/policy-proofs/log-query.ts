import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { BaselineConfig } from '../../config/schema';
import { baselineNames } from '../../stacks/names';
import { concrete, one, resources, type PolicyJson, type StackJson, type SynthesizedStacks } from './environment';
import { ProofCell, ProofDecision, surrogateKey, withSurrogateKeys } from './evaluate';

/**
 * The log-query matrix: who can read the trail logs through the audit account's reader role, and
 * who can read the Athena query results. Each cell evaluates the principal's identity policy
 * (the synthesized reader policy for the reader role) together with the synthesized resource
 * policy that decides: the log bucket policy and log key policy (log-archive stack), the results
 * bucket policy and results key policy (audit stack). SCPs are left out: none of them names
 * these actions.
 */

const MEMBER = '444444444444';
const OUTSIDE = '999999999999';

export interface LogQueryEnvironment {
  readonly organizationId: string;
  readonly region: string;
  readonly accounts: { readonly management: string; readonly logArchive: string; readonly audit: string };
  readonly logBucketName: string;
  readonly resultsBucketName: string;
  readonly trailArn: string;
  readonly readerRoleArn: string;
  readonly workgroupArn: string;
  /** Stand-ins for generated key IDs (the policies never name them). */
  readonly logKeyArn: string;
  readonly resultsKeyArn: string;
  readonly readerPolicy: PolicyJson;
  readonly logBucketPolicy: PolicyJson;
  readonly logKeyPolicy: PolicyJson;
  readonly resultsBucketPolicy: PolicyJson;
  readonly resultsKeyPolicy: PolicyJson;
}

export interface LogQueryPrincipal {
  readonly id: string;
  readonly description: string;
  readonly principal: (env: LogQueryEnvironment) => string;
  readonly accountId: (env: LogQueryEnvironment) => string;
  /** The identity policy: the synthesized reader policy, or an action list on `*`. */
  readonly identity: (env: LogQueryEnvironment) => PolicyJson;
  readonly organization: 'ours' | 'other';
}

export interface LogQueryAction {
  readonly id: string;
  readonly description: string;
  readonly action: string;
  readonly resource: (env: LogQueryEnvironment) => string;
  readonly resourceAccount: (env: LogQueryEnvironment) => string;
  /** The resource policy that decides, if the resource has one. */
  readonly resourcePolicy?: (env: LogQueryEnvironment) => PolicyJson;
  readonly context?: (env: LogQueryEnvironment) => Record<string, string>;
}

const allow = (actions: readonly string[]): PolicyJson => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [...actions], Resource: '*' }] });
const role = (account: (env: LogQueryEnvironment) => string, name: string) => (env: LogQueryEnvironment) => `arn:aws:iam::${account(env)}:role/${name}`;
const audit = (env: LogQueryEnvironment) => env.accounts.audit;
const la = (env: LogQueryEnvironment) => env.accounts.logArchive;
const mgmt = (env: LogQueryEnvironment) => env.accounts.management;

export const LOG_QUERY_PRINCIPALS: readonly LogQueryPrincipal[] = [
  { id: 'log-query-reader', description: 'the LogQueryReader role (its synthesized policy)', principal: (env) => env.readerRoleArn, accountId: audit, identity: (env) => env.readerPolicy, organization: 'ours' },
  { id: 'audit-admin', description: 'an administrator of the audit account', principal: role(audit, 'Admin'), accountId: audit, identity: () => allow(['*']), organization: 'ours' },
  {
    id: 'audit-auditor',
    description: 'a read-only auditor of the audit account',
    principal: role(audit, 'SecurityAuditor'),
    accountId: audit,
    identity: () => allow(['s3:GetObject', 's3:ListBucket', 'kms:Decrypt', 'athena:*']),
    organization: 'ours',
  },
  { id: 'log-archive-admin', description: 'an administrator of the log-archive account', principal: role(la, 'Admin'), accountId: la, identity: () => allow(['*']), organization: 'ours' },
  { id: 'management-admin', description: 'an administrator of the management account', principal: role(mgmt, 'Admin'), accountId: mgmt, identity: () => allow(['*']), organization: 'ours' },
  { id: 'member-admin', description: 'an administrator of a member account', principal: role(() => MEMBER, 'Admin'), accountId: () => MEMBER, identity: () => allow(['*']), organization: 'ours' },
  { id: 'outside-admin', description: 'an administrator of an outside account', principal: role(() => OUTSIDE, 'Admin'), accountId: () => OUTSIDE, identity: () => allow(['*']), organization: 'other' },
];

const trailLogKey = (env: LogQueryEnvironment) => `AWSLogs/${env.organizationId}/${MEMBER}/CloudTrail/${env.region}/2026/11/25/${MEMBER}_CloudTrail_${env.region}_x.json.gz`;
const resultKey = 'results/5f1c2d3e-0000-4000-8000-000000000000.csv';
const viaS3 = (env: LogQueryEnvironment) => `s3.${env.region}.amazonaws.com`;

export const LOG_QUERY_ACTIONS: readonly LogQueryAction[] = [
  {
    id: 'list-trail-logs',
    description: "list the organization trail's log files",
    action: 's3:ListBucket',
    resource: (env) => `arn:aws:s3:::${env.logBucketName}`,
    resourceAccount: la,
    resourcePolicy: (env) => env.logBucketPolicy,
    context: (env) => ({ 's3:prefix': `AWSLogs/${env.organizationId}/${MEMBER}/CloudTrail/${env.region}/2026/11/25/` }),
  },
  {
    id: 'get-trail-log',
    description: 'read a trail log file',
    action: 's3:GetObject',
    resource: (env) => `arn:aws:s3:::${env.logBucketName}/${trailLogKey(env)}`,
    resourceAccount: la,
    resourcePolicy: (env) => env.logBucketPolicy,
  },
  {
    id: 'decrypt-trail-log',
    description: "decrypt a trail log file through S3 (the trail's encryption context)",
    action: 'kms:Decrypt',
    resource: (env) => env.logKeyArn,
    resourceAccount: la,
    resourcePolicy: (env) => env.logKeyPolicy,
    context: (env) => ({ 'kms:EncryptionContext:aws:cloudtrail:arn': env.trailArn, 'kms:ViaService': viaS3(env) }),
  },
  {
    id: 'decrypt-other-context',
    description: 'decrypt data of another trail with the log key',
    action: 'kms:Decrypt',
    resource: (env) => env.logKeyArn,
    resourceAccount: la,
    resourcePolicy: (env) => env.logKeyPolicy,
    context: (env) => ({ 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:us-east-1:${OUTSIDE}:trail/exfil`, 'kms:ViaService': viaS3(env) }),
  },
  {
    id: 'get-config-snapshot',
    description: 'read a Config snapshot (outside the trail prefix)',
    action: 's3:GetObject',
    resource: (env) => `arn:aws:s3:::${env.logBucketName}/config/AWSLogs/${MEMBER}/Config/${env.region}/2026/11/25/ConfigSnapshot/x.json.gz`,
    resourceAccount: la,
    resourcePolicy: (env) => env.logBucketPolicy,
  },
  {
    id: 'start-query',
    description: 'run a query in the security log workgroup',
    action: 'athena:StartQueryExecution',
    resource: (env) => env.workgroupArn,
    resourceAccount: audit,
  },
  {
    id: 'change-table',
    description: 'change the CloudTrail table definition',
    action: 'glue:UpdateTable',
    resource: (env) => `arn:aws:glue:${env.region}:${env.accounts.audit}:table/security_logs/cloudtrail`,
    resourceAccount: audit,
  },
  {
    id: 'get-query-result',
    description: 'read a query result object',
    action: 's3:GetObject',
    resource: (env) => `arn:aws:s3:::${env.resultsBucketName}/${resultKey}`,
    resourceAccount: audit,
    resourcePolicy: (env) => env.resultsBucketPolicy,
  },
  {
    id: 'put-query-result',
    description: 'write a query result object',
    action: 's3:PutObject',
    resource: (env) => `arn:aws:s3:::${env.resultsBucketName}/${resultKey}`,
    resourceAccount: audit,
    resourcePolicy: (env) => env.resultsBucketPolicy,
  },
  {
    id: 'decrypt-query-result',
    description: 'decrypt a query result through S3 with the results key',
    action: 'kms:Decrypt',
    resource: (env) => env.resultsKeyArn,
    resourceAccount: audit,
    resourcePolicy: (env) => env.resultsKeyPolicy,
    context: (env) => ({ 'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::${env.resultsBucketName}`, 'kms:ViaService': viaS3(env) }),
  },
];

const roleIdOf = (json: StackJson, name: string) =>
  Object.entries((json.resource?.aws_iam_role ?? {}) as Record<string, any>).find(([, r]) => r.name === name)?.[0];

const bucketIdOf = (json: StackJson, name: string) =>
  Object.entries((json.resource?.aws_s3_bucket ?? {}) as Record<string, any>).find(([, b]) => b.bucket === name)?.[0];

/** Resolves the log-query policies of the synthesized stacks (the audit stack must have log queries on). */
export function logQueryEnvironment(config: BaselineConfig, stacks: SynthesizedStacks): LogQueryEnvironment {
  const names = baselineNames(config);
  const region = config.organization.homeRegion;
  const auditId = config.accounts.audit.id;
  const la = config.accounts.logArchive.id;
  const policyOfBucket = (json: StackJson, name: string, where: string) =>
    concrete(where, one(where, resources(json, 'aws_s3_bucket_policy').filter((p) => p.bucket === `\${aws_s3_bucket.${bucketIdOf(json, name)}.id}`)).policy);
  const readerRole = one('reader role', resources(stacks.audit, 'aws_iam_role').filter((r) => r.name === config.logQuery.readerRoleName));
  // The reader's inline policy (the audit stack also holds other roles' policies, e.g. the audit roles').
  const readerPolicy = one(
    'reader policy',
    resources(stacks.audit, 'aws_iam_role_policy').filter((p) => typeof p.role === 'string' && p.role.includes(`aws_iam_role.${roleIdOf(stacks.audit, config.logQuery.readerRoleName)}.`)),
  );
  const resultsKey = one(
    'results key',
    resources(stacks.audit, 'aws_kms_key').filter((k) => typeof k.policy === 'string' && k.policy.includes(`"${names.logQueryReaderRoleArn}"`)),
  );
  const workgroup = one('workgroup', resources(stacks.audit, 'aws_athena_workgroup'));
  return {
    organizationId: config.organization.id,
    region,
    accounts: { management: config.organization.managementAccountId, logArchive: la, audit: auditId },
    logBucketName: names.logBucketName,
    resultsBucketName: names.queryResultsBucketName,
    trailArn: names.trailArn,
    readerRoleArn: `arn:aws:iam::${auditId}:role/${readerRole.name}`,
    workgroupArn: `arn:aws:athena:${region}:${auditId}:workgroup/${workgroup.name}`,
    logKeyArn: `arn:aws:kms:${region}:${la}:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`,
    resultsKeyArn: `arn:aws:kms:${region}:${auditId}:key/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e`,
    readerPolicy: concrete('reader policy', readerPolicy.policy),
    logBucketPolicy: policyOfBucket(stacks.logArchive, names.logBucketName, 'log bucket policy'),
    logKeyPolicy: concrete('log key policy', one('log key', resources(stacks.logArchive, 'aws_kms_key')).policy),
    resultsBucketPolicy: policyOfBucket(stacks.audit, names.queryResultsBucketName, 'results bucket policy'),
    resultsKeyPolicy: concrete('results key policy', resultsKey.policy),
  };
}

/** The simulation IAM would run for one principal attempting one action. */
export function logQuerySimulation(env: LogQueryEnvironment, p: LogQueryPrincipal, a: LogQueryAction): Simulation {
  const account = p.accountId(env);
  const ctx: Record<string, string> = {
    'aws:SecureTransport': 'true',
    'aws:PrincipalIsAWSService': 'false',
    'aws:PrincipalArn': p.principal(env),
    'aws:PrincipalAccount': account,
    'aws:PrincipalOrgID': p.organization === 'ours' ? env.organizationId : 'o-zzzzzzzzzz',
    ...(a.action.startsWith('kms:') ? { 'kms:CallerAccount': account } : {}),
    ...(a.context?.(env) ?? {}),
  };
  return {
    identityPolicies: [{ name: 'identity', policy: withSurrogateKeys(p.identity(env)) }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: withSurrogateKeys(a.resourcePolicy?.(env)),
    request: {
      principal: p.principal(env),
      action: a.action,
      resource: { accountId: a.resourceAccount(env), resource: a.resource(env) },
      contextVariables: Object.fromEntries(Object.entries(ctx).map(([k, v]) => [surrogateKey(k), v])),
    },
  } as Simulation;
}

/** Evaluates every principal against every action of the log-query matrix. */
export async function evaluateLogQueryMatrix(env: LogQueryEnvironment): Promise<ProofCell[]> {
  const cells: ProofCell[] = [];
  for (const p of LOG_QUERY_PRINCIPALS) {
    for (const a of LOG_QUERY_ACTIONS) {
      const r = await runSimulation(logQuerySimulation(env, p, a), {});
      if (r.resultType === 'error') throw new Error(`simulation of ${p.id} -> ${a.id} failed: ${JSON.stringify(r.errors)}`);
      const ignored = r.resultType === 'single' ? ((r.result as { ignoredContextKeys?: string[] }).ignoredContextKeys ?? []) : [];
      if (ignored.length > 0) throw new Error(`simulation of ${p.id} -> ${a.id} ignored context keys ${ignored.join(', ')}`);
      cells.push({ principal: p.id, action: a.id, decision: r.overallResult as ProofDecision });
    }
  }
  return cells;
}
