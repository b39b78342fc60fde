import { runSimulation } from '@cloud-copilot/iam-simulate';
import { allResources, onlyResource, parsePolicy, resourcesOf, synthAll, testConfig } from './helpers';

/**
 * Who can assume which audit role, and who can deliver AWS Config data, proven with the IAM
 * policy simulator on the synthesized policies of the example config (with two exact reader
 * ARNs added): the audit reader reaches a member's read-only role and nobody else does; only
 * recorder roles of the organization write Config data, and only under the Config prefix.
 */

const AUDIT = '333333333333';
const MEMBER = '444444444444';
const OUTSIDE = '999999999999';
const ORG = 'o-a1b2c3d4e5';
const cfg = testConfig({ auditRoles: { readers: { roleArns: [`arn:aws:iam::${MEMBER}:role/SecurityTooling`] } } });
const s = synthAll(cfg);

type Doc = { Version: string; Statement: Array<Record<string, any>> };
const ALL: Doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

const auditRole = (name: string) => resourcesOf(s.audit, 'aws_iam_role').find((r) => r.name === name)!;
const auditRolePolicy = (name: string): Doc => {
  const id = allResources(s.audit).find((r) => r.type === 'aws_iam_role' && r.config.name === name)!.name;
  return parsePolicy(resourcesOf(s.audit, 'aws_iam_role_policy').find((p) => p.role === `\${aws_iam_role.${id}.id}`)!.policy);
};
const memberTemplate = JSON.parse(onlyResource(s.management, 'aws_cloudformation_stack_set').template_body.split('$${').join('${'));
const memberTrust = (logicalId: string): Doc => memberTemplate.Resources[logicalId].Properties.AssumeRolePolicyDocument;

const sso = (set: string) => `arn:aws:iam::${AUDIT}:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_${set}_0a1b2c3d4e5f6a7b`;

interface Who {
  readonly arn: string;
  readonly identity: Doc;
  readonly org?: string;
}

async function decide(who: Who, action: string, resourceArn: string, resourceAccount: string, resourcePolicy: Doc, extra: Record<string, string> = {}) {
  const account = who.arn.split(':')[4];
  const r = await runSimulation(
    {
      identityPolicies: [{ name: 'identity', policy: who.identity }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
      request: {
        principal: who.arn,
        action,
        resource: { accountId: resourceAccount, resource: resourceArn },
        contextVariables: {
          'aws:PrincipalArn': who.arn,
          'aws:PrincipalAccount': account,
          'aws:PrincipalIsAWSService': 'false',
          'aws:SecureTransport': 'true',
          ...(who.org ? { 'aws:PrincipalOrgID': who.org } : {}),
          ...extra,
        },
      },
    } as any,
    {},
  );
  if (r.resultType !== 'single') throw new Error(`simulation failed: ${JSON.stringify(r)}`);
  const ignored = ((r.result as any).ignoredContextKeys ?? []).filter((k: string) => k !== 's3:x-amz-acl');
  if (ignored.length > 0) throw new Error(`ignored context keys ${ignored}`);
  return (r as any).overallResult as string;
}

const people: Record<string, Who> = {
  'sso AuditReadOnly': { arn: sso('AuditReadOnly'), identity: ALL, org: ORG },
  'sso AuditAdministrator': { arn: sso('AuditAdministrator'), identity: ALL, org: ORG },
  'sso other permission set': { arn: sso('Developer'), identity: ALL, org: ORG },
  'audit deployer': { arn: `arn:aws:iam::${AUDIT}:role/OrganizationAccountAccessRole`, identity: ALL, org: ORG },
  'named reader role': { arn: `arn:aws:iam::${MEMBER}:role/SecurityTooling`, identity: ALL, org: ORG },
  'member admin': { arn: `arn:aws:iam::${MEMBER}:role/Admin`, identity: ALL, org: ORG },
  'outside admin': { arn: `arn:aws:iam::${OUTSIDE}:role/Admin`, identity: ALL, org: 'o-zzzzzzzzzz' },
  'audit reader role': { arn: `arn:aws:iam::${AUDIT}:role/AuditReadOnlyRole`, identity: auditRolePolicy('AuditReadOnlyRole'), org: ORG },
  'audit administrator role': { arn: `arn:aws:iam::${AUDIT}:role/AuditAdministratorRole`, identity: auditRolePolicy('AuditAdministratorRole'), org: ORG },
};

const targets = {
  AuditReadOnlyRole: { arn: `arn:aws:iam::${AUDIT}:role/AuditReadOnlyRole`, account: AUDIT, trust: parsePolicy(auditRole('AuditReadOnlyRole').assume_role_policy) },
  AuditAdministratorRole: { arn: `arn:aws:iam::${AUDIT}:role/AuditAdministratorRole`, account: AUDIT, trust: parsePolicy(auditRole('AuditAdministratorRole').assume_role_policy) },
  ReadOnlyExecutionRole: { arn: `arn:aws:iam::${MEMBER}:role/ReadOnlyExecutionRole`, account: MEMBER, trust: memberTrust('ReadOnlyExecutionRole') },
  AdministratorExecutionRole: { arn: `arn:aws:iam::${MEMBER}:role/AdministratorExecutionRole`, account: MEMBER, trust: memberTrust('AdministratorExecutionRole') },
};

// prettier-ignore
const EXPECTED: Record<string, Record<keyof typeof targets, 'A' | '-'>> = {
  //                           audit reader  audit admin  member reader  member admin
  'sso AuditReadOnly':        { AuditReadOnlyRole: 'A', AuditAdministratorRole: '-', ReadOnlyExecutionRole: '-', AdministratorExecutionRole: '-' },
  'sso AuditAdministrator':    { AuditReadOnlyRole: '-', AuditAdministratorRole: 'A', ReadOnlyExecutionRole: '-', AdministratorExecutionRole: '-' },
  'sso other permission set': { AuditReadOnlyRole: '-', AuditAdministratorRole: '-', ReadOnlyExecutionRole: '-', AdministratorExecutionRole: '-' },
  'audit deployer':           { AuditReadOnlyRole: '-', AuditAdministratorRole: '-', ReadOnlyExecutionRole: '-', AdministratorExecutionRole: '-' },
  'named reader role':        { AuditReadOnlyRole: 'A', AuditAdministratorRole: '-', ReadOnlyExecutionRole: '-', AdministratorExecutionRole: '-' },
  'member admin':             { AuditReadOnlyRole: '-', AuditAdministratorRole: '-', ReadOnlyExecutionRole: '-', AdministratorExecutionRole: '-' },
  'outside admin':            { AuditReadOnlyRole: '-', AuditAdministratorRole: '-', ReadOnlyExecutionRole: '-', AdministratorExecutionRole: '-' },
  'audit reader role':        { AuditReadOnlyRole: '-', AuditAdministratorRole: '-', ReadOnlyExecutionRole: 'A', AdministratorExecutionRole: '-' },
  'audit administrator role': { AuditReadOnlyRole: '-', AuditAdministratorRole: '-', ReadOnlyExecutionRole: '-', AdministratorExecutionRole: 'A' },
};

describe('the audit trust chain (sts:AssumeRole, simulated)', () => {
  test.each(Object.keys(people))('%s', async (who) => {
    const got: Record<string, string> = {};
    for (const [name, t] of Object.entries(targets)) {
      got[name] = (await decide(people[who], 'sts:AssumeRole', t.arn, t.account, t.trust)) === 'Allowed' ? 'A' : '-';
    }
    expect(got).toEqual(EXPECTED[who]);
  });

  test('the proof can fail: a member read-only role trusting the account root of the audit account admits the audit deployer', async () => {
    const loose: Doc = { Version: '2012-10-17', Statement: [{ ...memberTrust('ReadOnlyExecutionRole').Statement[0], Principal: { AWS: `arn:aws:iam::${AUDIT}:root` } }] };
    const deployer = { ...people['audit deployer'] };
    expect(await decide(deployer, 'sts:AssumeRole', targets.ReadOnlyExecutionRole.arn, MEMBER, loose)).toBe('Allowed');
  });
});

describe('AWS Config delivery into the log bucket (s3:PutObject, simulated)', () => {
  const bucket = 'org-logs-222222222222-ap-northeast-1';
  const id = allResources(s.logArchive).find((r) => r.type === 'aws_s3_bucket' && r.config.bucket === bucket)!.name;
  const policy = parsePolicy(resourcesOf(s.logArchive, 'aws_s3_bucket_policy').find((p) => p.bucket === `\${aws_s3_bucket.${id}.id}`)!.policy);
  const recorder = (account: string, org: string) => ({ arn: `arn:aws:iam::${account}:role/baseline-config-recorder-us-east-1`, identity: ALL, org });
  const put = (who: Who, key: string) =>
    decide(who, 's3:PutObject', `arn:aws:s3:::${bucket}/${key}`, '222222222222', policy, { 's3:x-amz-acl': 'bucket-owner-full-control' });

  test('a recorder role of the organization delivers under the Config prefix', async () => {
    expect(await put(recorder(MEMBER, ORG), `config/AWSLogs/${MEMBER}/Config/us-east-1/x.json.gz`)).toBe('Allowed');
  });

  test('a recorder-named role outside the organization is refused', async () => {
    expect(await put(recorder(OUTSIDE, 'o-zzzzzzzzzz'), `config/AWSLogs/${OUTSIDE}/Config/us-east-1/x.json.gz`)).not.toBe('Allowed');
  });

  test('a recorder role writing outside the Config prefix (over the trail logs) is refused', async () => {
    expect(await put(recorder(MEMBER, ORG), `AWSLogs/${ORG}/${MEMBER}/CloudTrail/forged.json.gz`)).toBe('ExplicitlyDenied');
  });

  test('any other role of the organization is denied the Config prefix outright', async () => {
    expect(await put(people['member admin'], `config/AWSLogs/${MEMBER}/Config/us-east-1/x.json.gz`)).toBe('ExplicitlyDenied');
  });
});
