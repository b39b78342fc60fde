import { evaluateLogQueryMatrix, LOG_QUERY_ACTIONS, LOG_QUERY_PRINCIPALS, logQueryEnvironment, LogQueryEnvironment, ProofDecision } from '../tools/policy-proofs';
import { synthAll, testConfig } from './helpers';

/**
 * The log-query reader, proven before anything is deployed: its synthesized policy, evaluated with
 * the synthesized log bucket and key policies (log-archive stack) and the results bucket and key
 * policies (audit stack), for each principal against each action.
 *
 * Legend: A = Allowed, X = explicitly denied (a Deny statement), - = implicitly denied.
 */
const COLUMNS = [
  'list-trail-logs',
  'get-trail-log',
  'decrypt-trail-log',
  'decrypt-other-context',
  'get-config-snapshot',
  'start-query',
  'change-table',
  'get-query-result',
  'put-query-result',
  'decrypt-query-result',
];

// prettier-ignore
const EXPECTED: Record<string, string> = {
  //                     lst get dec dec cfg qry tbl get put dec
  //                     log log trl oth     run chg res res res
  'log-query-reader':   'A   A   A   -   -   A   -   A   A   A',
  'audit-admin':        'A   A   A   -   -   A   A   X   X   A',
  'audit-auditor':      'A   A   A   -   -   A   -   X   X   A',
  'log-archive-admin':  'A   A   A   A   A   -   -   X   X   -',
  // The trail account's decrypt grant is the one CloudTrail documents (any CloudTrail context).
  'management-admin':   '-   -   A   A   -   -   -   X   X   -',
  'member-admin':       '-   -   -   -   -   -   -   X   X   -',
  'outside-admin':      '-   -   -   -   -   -   -   X   X   -',
};

const SYMBOL: Record<ProofDecision, string> = { Allowed: 'A', ExplicitlyDenied: 'X', ImplicitlyDenied: '-' };

function exampleEnvironment(): LogQueryEnvironment {
  const cfg = testConfig();
  return logQueryEnvironment(cfg, synthAll(cfg));
}

let env: LogQueryEnvironment;
let cells: Awaited<ReturnType<typeof evaluateLogQueryMatrix>>;
beforeAll(async () => {
  env = exampleEnvironment();
  cells = await evaluateLogQueryMatrix(env);
}, 60_000);
const who = (action: string, decision: ProofDecision = 'Allowed') => cells.filter((c) => c.action === action && c.decision === decision).map((c) => c.principal).sort();

describe('the log-query matrix', () => {
  test('every principal and action has an expectation', () => {
    expect(LOG_QUERY_ACTIONS.map((a) => a.id)).toEqual(COLUMNS);
    expect(Object.keys(EXPECTED).sort()).toEqual(LOG_QUERY_PRINCIPALS.map((p) => p.id).sort());
    for (const row of Object.values(EXPECTED)) expect(row.split(/\s+/)).toHaveLength(COLUMNS.length);
  });

  test('every cell is exactly as expected', () => {
    const actual: Record<string, string> = {};
    for (const p of LOG_QUERY_PRINCIPALS) actual[p.id] = COLUMNS.map((a) => SYMBOL[cells.find((c) => c.principal === p.id && c.action === a)!.decision]).join(' ');
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, v.split(/\s+/).join(' ')]));
    expect(actual).toEqual(expected);
  });
});

describe('the claims, in words', () => {
  test('the reader reads and decrypts the trail logs, through the log archive\'s existing grant to the audit account', () => {
    for (const a of ['list-trail-logs', 'get-trail-log', 'decrypt-trail-log']) expect(who(a)).toContain('log-query-reader');
    // The grant the reader rides on is the audit account's: the log bucket policy names no reader role.
    expect(JSON.stringify(env.logBucketPolicy)).not.toContain(env.readerRoleArn);
    expect(JSON.stringify(env.logKeyPolicy)).not.toContain(env.readerRoleArn);
  });

  test('the reader decrypts nothing but the trail\'s log files, reads nothing outside the trail prefix and cannot change the table', () => {
    expect(who('decrypt-other-context')).not.toContain('log-query-reader');
    expect(who('get-config-snapshot')).not.toContain('log-query-reader');
    expect(who('change-table')).not.toContain('log-query-reader');
  });

  test('only the reader reads or writes query results; everyone else hits the bucket policy\'s Deny', () => {
    expect(who('get-query-result')).toEqual(['log-query-reader']);
    expect(who('put-query-result')).toEqual(['log-query-reader']);
    expect(who('get-query-result', 'ExplicitlyDenied')).toHaveLength(LOG_QUERY_PRINCIPALS.length - 1);
  });
});

describe('a deliberate mistake is caught', () => {
  const withoutCondition = ({ Condition: _dropped, ...rest }: Record<string, unknown>) => rest;
  test('dropping the encryption-context conditions (reader policy and key grant) lets the reader decrypt another trail\'s data', async () => {
    const broken: LogQueryEnvironment = {
      ...env,
      readerPolicy: {
        ...env.readerPolicy,
        Statement: env.readerPolicy.Statement.map((s) => (s.Sid === 'DecryptTrailLogsThroughS3' ? withoutCondition(s) : s)),
      },
      // and a key policy that trusts the account without the context (as a careless grant would)
      logKeyPolicy: {
        ...env.logKeyPolicy,
        Statement: env.logKeyPolicy.Statement.map((s) => (s.Sid === 'LogReadersDecryptTrailLogs' ? withoutCondition(s) : s)),
      },
    };
    const cell = (await evaluateLogQueryMatrix(broken)).find((c) => c.principal === 'log-query-reader' && c.action === 'decrypt-other-context')!;
    expect(cell.decision).toBe('Allowed');
  }, 60_000);

  test('removing the results Deny lets the audit administrator read query results', async () => {
    const broken: LogQueryEnvironment = {
      ...env,
      resultsBucketPolicy: { ...env.resultsBucketPolicy, Statement: env.resultsBucketPolicy.Statement.filter((s) => s.Sid !== 'DenyResultsToAllButTheReader') },
    };
    const cell = (await evaluateLogQueryMatrix(broken)).find((c) => c.principal === 'audit-admin' && c.action === 'get-query-result')!;
    expect(cell.decision).toBe('Allowed');
  }, 60_000);
});
