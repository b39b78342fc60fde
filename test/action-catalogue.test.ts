import { CIS_CONTROLS } from '../modules/cis-monitoring';
import * as guardrailPerms from '../modules/guardrails/perms';
import { synthAll, testConfig } from './helpers';
import { policiesIn } from './invariants';
import { actionsOf, unknownActions } from './support/action-catalogue';

/** Every action string the baseline names exists in the IAM action catalogue. */

describe('the catalogue check itself', () => {
  test('flags a misspelled action, an unknown service and a wildcard that matches nothing', async () => {
    expect(await unknownActions(['s3:GetObject', 's3:GetObjcet', 'nosuchservice:Get', 'kms:Frobnicate*', 'kms:GenerateDataKey*', 'iam:*'])).toEqual([
      'kms:Frobnicate*',
      'nosuchservice:Get',
      's3:GetObjcet',
    ]);
  });
});

describe('synthesized policies', () => {
  // Every option that adds statements: region deny, exempt roles, data events, object lock.
  const all = synthAll(testConfig({ guardrails: { denyUngovernedRegions: true, exemptRoleNames: ['SecurityDeployer'] } }));
  const docs = [all.logArchive, all.audit, all.management, ...Object.values(all.regional)].flatMap((json) => policiesIn(json));
  // The IAM policies inside the StackSet templates (recorder roles, member execution roles).
  const templates = [all.management, ...Object.values(all.regional)].flatMap((json) =>
    Object.values((json.resource?.aws_cloudformation_stack_set ?? {}) as Record<string, any>).flatMap((ss) => {
      const t = JSON.parse(String(ss.template_body).split('$${').join('${'));
      return Object.entries(t.Resources as Record<string, any>).flatMap(([id, r]) =>
        ((r.Properties?.Policies ?? []) as Array<{ PolicyName: string; PolicyDocument: any }>).map((p) => ({ where: `${ss.name} ${id} ${p.PolicyName}`, policy: p.PolicyDocument })),
      );
    }),
  );
  const scps = Object.values(all.management.resource.aws_organizations_policy as Record<string, any>).map((p) => ({
    where: p.name,
    policy: JSON.parse(p.content),
  }));

  test('the StackSet templates carry policies to check', () => {
    expect(templates.map((t) => t.where).sort()).toEqual([
      'baseline-audit-execution-roles ReadOnlyExecutionRole deny-data-reads',
      'baseline-config-recording-ap-northeast-1 RecorderRole delivery',
      'baseline-config-recording-us-east-1 RecorderRole delivery',
    ]);
  });

  test.each([...docs, ...scps, ...templates].map((d) => [d.where, d] as const))('%s names only real IAM actions', async (_w, d) => {
    expect(await unknownActions(actionsOf(d.policy))).toEqual([]);
  });

  test('the global-service exceptions of the region guardrail are real services or actions', async () => {
    expect(await unknownActions(guardrailPerms.GLOBAL_SERVICE_ACTIONS)).toEqual([]);
  });
});

/**
 * CloudTrail event names are API operations; most share their IAM action's name. The rest are
 * listed here with the IAM action that authorizes them, so a typo still fails.
 */
const EVENT_TO_ACTION: Readonly<Record<string, string | null>> = {
  's3:PutBucketLifecycle': 's3:PutLifecycleConfiguration',
  's3:DeleteBucketLifecycle': 's3:PutLifecycleConfiguration',
  's3:PutBucketReplication': 's3:PutReplicationConfiguration',
  's3:DeleteBucketReplication': 's3:PutReplicationConfiguration',
  's3:DeleteBucketCors': 's3:PutBucketCORS',
  // Console sign-in is an event of the sign-in service, not an IAM-authorized API call.
  'signin:ConsoleLogin': null,
};

const SERVICE_OF_CONTROL: Readonly<Record<string, string>> = {
  '4.2': 'signin',
  '4.4': 'iam',
  '4.5': 'cloudtrail',
  '4.6': 'signin',
  '4.10': 'ec2',
  '4.11': 'ec2',
  '4.12': 'ec2',
  '4.13': 'ec2',
  '4.14': 'ec2',
};

describe('CIS alarm patterns', () => {
  const cases = CIS_CONTROLS.flatMap((c) => {
    const source = /\$\.eventSource = "?([a-z0-9-]+)\.amazonaws\.com/.exec(c.pattern)?.[1];
    const service = source ?? SERVICE_OF_CONTROL[c.id];
    const names = [...c.pattern.matchAll(/\$\.eventName = "?([A-Za-z]+)"?/g)].map((m) => m[1]);
    return names.map((n) => [c.id, `${service}:${n}`] as const);
  });

  test('event names are extracted from every control that filters on them', () => {
    const controls = new Set(cases.map(([id]) => id));
    expect([...controls].sort()).toEqual(['4.10', '4.11', '4.12', '4.13', '4.14', '4.15', '4.2', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9']);
    expect(cases.length).toBeGreaterThan(90);
  });

  test.each(cases)('CIS %s watches %s, a real API operation', async (_id, event) => {
    const action = event in EVENT_TO_ACTION ? EVENT_TO_ACTION[event] : event;
    if (action === null) return expect(event).toBe('signin:ConsoleLogin');
    expect(await unknownActions([action])).toEqual([]);
  });
});
