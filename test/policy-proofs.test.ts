import { runSimulation } from '@cloud-copilot/iam-simulate';
import { evaluateMatrix, PROOF_ACTIONS, PROOF_PRINCIPALS, ProofDecision, proofEnvironment, ProofEnvironment, simulationStats } from '../tools/policy-proofs';
import { synthAll, testConfig } from './helpers';

/**
 * Who can write, read and destroy the organization's logs, proven before anything is deployed:
 * the synthesized bucket, key, topic, trust and SCP policies of the example config are evaluated
 * with the IAM policy simulator for every principal against every action, and each cell must be
 * what this table says.
 *
 * Legend: A = Allowed, X = explicitly denied (a Deny statement or SCP), - = implicitly denied.
 */
const COLUMNS = [
  'put-trail-log',
  'put-outside-prefix',
  'put-config-snapshot',
  'put-guardduty-finding',
  'get-bucket-location',
  'get-trail-log',
  'get-trail-log-no-tls',
  'list-bucket',
  'get-bucket-acl',
  'delete-trail-log',
  'put-bucket-policy',
  'decrypt-trail-log',
  'decrypt-other-context',
  'generate-data-key',
  'schedule-key-deletion',
  'publish-security-topic',
  'stop-logging',
  'assume-delivery-role',
];

// prettier-ignore
const EXPECTED: Record<string, string> = {
  //                          put put put put loc get get lst acl del pol dec dec gen sch pub stp asm
  //                          log out cfg gd  gd  log tls                 trl oth key del sns log rol
  'cloudtrail-org-trail':     'A   -   -   -   -   -   X   -   A   X   X   -   -   A   X   -   -   A',
  'cloudtrail-sibling-trail': '-   -   -   -   -   -   X   -   -   X   X   -   -   -   X   -   -   A',
  'cloudtrail-outside-trail': '-   -   -   -   -   -   X   -   -   X   X   -   -   -   X   -   -   A',
  'config-audit-account':     '-   -   A   -   -   -   X   A   A   X   X   A   A   A   X   -   -   -',
  'config-member-slr':        '-   -   -   -   -   -   X   -   -   X   X   -   -   -   X   -   -   -',
  'config-recorder-role':     'X   -   A   X   -   -   X   A   A   X   X   A   A   -   X   A   X   -',
  'config-outside':           '-   -   -   -   -   -   X   -   -   X   X   -   -   -   X   -   -   -',
  'cloudwatch-in-org':        '-   -   -   -   -   -   X   -   -   X   X   -   -   -   X   A   -   -',
  'events-outside':           '-   -   -   -   -   -   X   -   -   X   X   -   -   -   X   -   -   -',
  'events-findings-rule':     '-   -   -   -   -   -   X   -   -   X   X   -   -   -   X   A   -   -',
  'guardduty-admin-detector': '-   -   -   A   A   -   X   -   -   X   X   -   -   A   X   -   -   -',
  'guardduty-member-detector':'-   -   -   -   -   -   X   -   -   X   X   -   -   -   X   -   -   -',
  's3-access-logging':        '-   -   -   -   -   -   X   -   -   X   X   -   -   -   X   -   -   -',
  'access-analyzer-in-org':   'X   -   X   X   -   A   X   A   -   X   X   A   -   -   X   -   X   -',
  'access-analyzer-outside':  'X   -   X   X   -   -   X   -   -   X   X   -   -   -   X   -   -   -',
  'member-admin':             'X   -   X   X   -   -   X   -   -   X   X   -   -   -   X   A   X   -',
  'outside-admin':            'X   -   X   X   -   -   X   -   -   X   X   -   -   -   X   -   -   -',
  'anonymous':                'X   -   X   X   -   -   X   -   -   X   X   -   -   -   X   -   -   -',
  'log-archive-deployer':     'X   A   X   X   A   A   X   A   A   X   A   A   A   A   A   A   A   -',
  'log-archive-admin':        'X   A   X   X   A   A   X   A   A   X   X   A   A   A   X   A   X   -',
  'log-archive-break-glass':  'X   A   X   X   A   A   X   A   A   A   A   A   A   A   A   A   A   -',
  'log-archive-root':         'X   A   X   X   A   A   X   A   A   X   X   A   A   A   X   A   X   -',
  'audit-auditor':            'X   -   X   X   -   A   X   A   -   X   X   A   -   -   X   A   X   -',
  'audit-admin':              'X   -   X   X   A   A   X   A   -   X   X   A   -   -   X   A   X   -',
  'management-admin':         'X   -   X   X   -   -   X   -   -   X   X   A   A   -   X   A   A   -',
};

const SYMBOL: Record<ProofDecision, string> = { Allowed: 'A', ExplicitlyDenied: 'X', ImplicitlyDenied: '-' };

function grid(cells: Awaited<ReturnType<typeof evaluateMatrix>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of PROOF_PRINCIPALS) {
    out[p.id] = COLUMNS.map((a) => SYMBOL[cells.find((c) => c.principal === p.id && c.action === a)!.decision]).join('   ');
  }
  return out;
}

/** The example's environment: synthesized once per file, a fresh copy per caller (some mutate it). */
let example: ProofEnvironment | undefined;
function exampleEnvironment(): ProofEnvironment {
  if (!example) {
    const cfg = testConfig();
    example = proofEnvironment(cfg, synthAll(cfg));
  }
  return structuredClone(example);
}

describe('the matrix', () => {
  test('covers at least 20 principals and 15 actions, every one with an expectation', () => {
    expect(PROOF_PRINCIPALS.length).toBeGreaterThanOrEqual(20);
    expect(PROOF_ACTIONS.length).toBeGreaterThanOrEqual(15);
    expect(PROOF_ACTIONS.map((a) => a.id)).toEqual(COLUMNS);
    expect(Object.keys(EXPECTED).sort()).toEqual(PROOF_PRINCIPALS.map((p) => p.id).sort());
    for (const row of Object.values(EXPECTED)) expect(row.split(/\s+/)).toHaveLength(COLUMNS.length);
  });

  test('every cell of the synthesized policies is exactly as expected', async () => {
    const actual = grid(await evaluateMatrix(exampleEnvironment()));
    const normalized = Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, v.split(/\s+/).join('   ')]));
    expect(actual).toEqual(normalized);
  }, 60_000);
});

describe('the claims the table makes, in words', () => {
  let env: ProofEnvironment;
  let cells: Awaited<ReturnType<typeof evaluateMatrix>>;
  beforeAll(async () => {
    env = exampleEnvironment();
    cells = await evaluateMatrix(env);
  }, 60_000);
  const who = (action: string, decision: ProofDecision = 'Allowed') => cells.filter((c) => c.action === action && c.decision === decision).map((c) => c.principal).sort();

  test('only CloudTrail for the organization trail writes trail logs', () => {
    expect(who('put-trail-log')).toEqual(['cloudtrail-org-trail']);
  });

  test('only the break-glass role deletes logs, and every other principal hits an explicit Deny', () => {
    expect(who('delete-trail-log')).toEqual(['log-archive-break-glass']);
    expect(who('delete-trail-log', 'ExplicitlyDenied')).toHaveLength(PROOF_PRINCIPALS.length - 1);
  });

  test('nobody reads logs without TLS', () => {
    expect(who('get-trail-log-no-tls')).toEqual([]);
  });

  test('nobody decrypts another trail\'s data through the cross-account grants but the trail account, whose grant is the one AWS documents', () => {
    // The management account's decrypt grant is AWS's documented one (any CloudTrail encryption
    // context), which CloudTrail needs with an S3 Bucket Key; only the organization trail can
    // generate data keys with a CloudTrail encryption context under this key, so no other trail's
    // data exists to decrypt. GuardDuty's export keys carry no `aws:cloudtrail:arn` context, so
    // that grant does not reach them.
    expect(who('decrypt-other-context').filter((p) => !p.startsWith('log-archive-') && !p.startsWith('config-'))).toEqual(['management-admin']);
    expect(who('generate-data-key').filter((p) => !p.startsWith('log-archive-') && !p.startsWith('config-'))).toEqual(['cloudtrail-org-trail', 'guardduty-admin-detector']);
  });

  test('only the deployer and break-glass roles change the bucket policy or schedule key deletion', () => {
    expect(who('put-bucket-policy')).toEqual(['log-archive-break-glass', 'log-archive-deployer']);
    expect(who('schedule-key-deletion')).toEqual(['log-archive-break-glass', 'log-archive-deployer']);
  });

  test("only GuardDuty of the audit account's detectors exports findings, locates the bucket and encrypts with the log key among services", () => {
    expect(who('put-guardduty-finding')).toEqual(['guardduty-admin-detector']);
    // The audit account's log readers locate the bucket too (Athena needs s3:GetBucketLocation).
    expect(who('get-bucket-location').filter((p) => !p.startsWith('log-archive-') && !p.startsWith('audit-'))).toEqual(['guardduty-admin-detector']);
    expect(who('generate-data-key').filter((p) => PROOF_PRINCIPALS.find((x) => x.id === p)?.kind === 'service')).toEqual(['cloudtrail-org-trail', 'config-audit-account', 'guardduty-admin-detector']);
  });

  test('no IAM principal, not even the log-archive administrators, can forge a GuardDuty finding export', () => {
    const iam = PROOF_PRINCIPALS.filter((p) => p.kind !== 'service').map((p) => p.id).sort();
    expect(who('put-guardduty-finding', 'ExplicitlyDenied')).toEqual(iam);
  });

  test('only CloudTrail assumes the delivery role, with the trust policy AWS documents (no source condition, which CloudTrail does not send)', () => {
    // Which trail may use the role is decided by who may iam:PassRole it in the management
    // account, not by the trust policy: the matrix shows what the trust policy alone admits.
    expect(who('assume-delivery-role')).toEqual(['cloudtrail-org-trail', 'cloudtrail-outside-trail', 'cloudtrail-sibling-trail']);
  });

  test('the findings rule reaches the security topic (the last hop of a HIGH finding to e-mail); EventBridge for anyone else does not', () => {
    const services = who('publish-security-topic').filter((p) => PROOF_PRINCIPALS.find((x) => x.id === p)?.kind === 'service');
    expect(services).toEqual(['cloudwatch-in-org', 'events-findings-rule']);
    expect(who('publish-security-topic')).not.toContain('events-outside');
  });

  test('no outside principal can do anything but what the documented delivery-role trust admits', () => {
    const outside = ['cloudtrail-outside-trail', 'config-outside', 'events-outside', 'guardduty-member-detector', 'access-analyzer-outside', 'outside-admin', 'anonymous'];
    expect(cells.filter((c) => outside.includes(c.principal) && c.decision === 'Allowed' && c.action !== 'assume-delivery-role')).toEqual([]);
  });

  test('AWS Config delivers as the service principal only for the baseline accounts, and as the recorder role for members; neither writes trail logs', () => {
    expect(who('put-config-snapshot')).toEqual(['config-audit-account', 'config-recorder-role']);
    expect(who('put-trail-log', 'ExplicitlyDenied')).toContain('config-recorder-role');
    expect(cells.filter((c) => c.principal === 'config-member-slr' && c.decision === 'Allowed')).toEqual([]);
  });
});

describe('a deliberate mistake is caught by the matrix', () => {
  const mutate = (env: ProofEnvironment, sid: string, change: (s: Record<string, any>) => Record<string, any>): ProofEnvironment => ({
    ...env,
    logBucketPolicy: { ...env.logBucketPolicy, Statement: env.logBucketPolicy.Statement.map((s) => (s.Sid === sid ? change({ ...s }) : s)) },
  });

  test('removing aws:SourceArn from the CloudTrail write grant lets an outside trail write logs', async () => {
    const env = mutate(exampleEnvironment(), 'AWSCloudTrailWrite', (s) => ({ ...s, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } }));
    const cell = (await evaluateMatrix(env)).find((c) => c.principal === 'cloudtrail-outside-trail' && c.action === 'put-trail-log')!;
    expect(cell.decision).toBe('Allowed');
    expect(EXPECTED['cloudtrail-outside-trail'].split(/\s+/)[0]).toBe('-');
  });

  test('dropping aws:SourceAccount and aws:SourceArn from the GuardDuty export grant lets any detector write findings', async () => {
    const env = mutate(exampleEnvironment(), 'GuardDutyExportFindings', ({ Condition: _dropped, ...s }) => s);
    const cell = (await evaluateMatrix(env)).find((c) => c.principal === 'guardduty-member-detector' && c.action === 'put-guardduty-finding')!;
    expect(cell.decision).toBe('Allowed');
    expect(EXPECTED['guardduty-member-detector'].split(/\s+/)[3]).toBe('-');
  });

  test('widening the log readers to "*" lets an outside administrator read logs', async () => {
    const env = mutate(exampleEnvironment(), 'LogReadersRead', (s) => ({ ...s, Principal: { AWS: '*' } }));
    const cell = (await evaluateMatrix(env)).find((c) => c.principal === 'outside-admin' && c.action === 'get-trail-log')!;
    expect(cell.decision).toBe('Allowed');
  });
});

describe('the decision cache of the simulator', () => {
  test('an identical simulation is answered from the cache; a changed bucket policy is simulated again for every bucket cell, and only those', async () => {
    const env = exampleEnvironment();
    const first = await evaluateMatrix(env);
    const before = { ...simulationStats };
    expect(await evaluateMatrix(exampleEnvironment())).toEqual(first);
    expect({ simulated: simulationStats.simulated - before.simulated, cached: simulationStats.cached - before.cached }).toEqual({ simulated: 0, cached: first.length });
    // A statement no other test adds: none of the bucket cells can have been simulated before.
    const probe = { ...env, logBucketPolicy: { ...env.logBucketPolicy, Statement: [...env.logBucketPolicy.Statement, { Sid: 'CacheProbe', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::cache-probe/*' }] } };
    const principals = PROOF_PRINCIPALS.slice(0, 4);
    const mark = { ...simulationStats };
    await evaluateMatrix(probe, principals);
    const bucketCells = principals.length * PROOF_ACTIONS.filter((a) => a.target === 'logBucket').length;
    expect(bucketCells).toBeGreaterThan(0);
    expect({ simulated: simulationStats.simulated - mark.simulated, cached: simulationStats.cached - mark.cached }).toEqual({ simulated: bucketCells, cached: principals.length * PROOF_ACTIONS.length - bucketCells });
  }, 60_000);
});

describe('policy resolution', () => {
  test('refuses a policy that Terraform would only know after apply', () => {
    const cfg = testConfig();
    const stacks = synthAll(cfg);
    const key = Object.values(stacks.logArchive.resource.aws_kms_key as Record<string, any>)[0];
    key.policy = key.policy.replace('"kms:*"', '"${aws_kms_key.x.arn}"');
    expect(() => proofEnvironment(cfg, stacks)).toThrow(/log key policy: policy is not fully known at plan time: \$\{aws_kms_key.x.arn\}/);
  });

  test('reads the guardrail SCPs of the management stack', () => {
    expect(exampleEnvironment().scps.map((s) => s.name).sort()).toEqual(['baseline-protect-log-archive', 'baseline-protect-security-services']);
  });
});

describe('the CloudWatch Logs delivery role may write only the organization trail streams', () => {
  // The role's permission policy, evaluated as the identity policy of the role itself.
  const cfg = testConfig();
  const stacks = synthAll(cfg);
  const role = Object.values(stacks.management.resource.aws_iam_role_policy as Record<string, any>)[0];
  const group = `arn:aws:logs:ap-northeast-1:111111111111:log-group:aws-cloudtrail-logs-${cfg.organization.id}`;

  const decide = async (action: string, resource: string) => {
    const r = await runSimulation(
      {
        identityPolicies: [{ name: 'delivery', policy: JSON.parse(role.policy) }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        request: {
          principal: `arn:aws:iam::111111111111:role/${cfg.trail.name}-cloudwatch-logs`,
          action,
          resource: { accountId: '111111111111', resource },
          contextVariables: {},
        },
      },
      {},
    );
    if (r.resultType === 'error') throw new Error(JSON.stringify(r.errors));
    return r.overallResult;
  };

  test.each([
    ['logs:PutLogEvents', `${group}:log-stream:111111111111_CloudTrail_ap-northeast-1_2026`, 'Allowed'],
    ['logs:CreateLogStream', `${group}:log-stream:o-a1b2c3d4e5_444444444444_CloudTrail_us-east-1`, 'Allowed'],
    ['logs:PutLogEvents', `${group}:log-stream:222222222222_CloudTrail_ap-northeast-1`, 'ImplicitlyDenied'],
    ['logs:PutLogEvents', `arn:aws:logs:ap-northeast-1:111111111111:log-group:other:log-stream:o-a1b2c3d4e5_x`, 'ImplicitlyDenied'],
    ['logs:DeleteLogGroup', group, 'ImplicitlyDenied'],
  ])('%s on %s: %s', async (action, resource, expected) => {
    expect(await decide(action, resource)).toBe(expected);
  });
});
