import { AuditRoles, auditRolesPolicies, memberExecutionRolesTemplate } from '../../modules/audit-roles';
import { OrganizationConfigAggregator, ConfigDelegatedAdmin } from '../../modules/config-aggregator';
import { templateProblems } from '../../modules/stack-sets';
import { onlyResource, parsePolicy, resourcesOf, statement, synth, testStack } from '../helpers';

const NAMES = {
  administratorRoleName: 'AuditAdministratorRole',
  readOnlyRoleName: 'AuditReadOnlyRole',
  memberAdministratorRoleName: 'AdministratorExecutionRole',
  memberReadOnlyRoleName: 'ReadOnlyExecutionRole',
  maxSessionDurationSeconds: 7200,
};

describe('AuditRoles (audit account)', () => {
  function make(over: Partial<ConstructorParameters<typeof AuditRoles>[2]> = {}) {
    const { stack, provider } = testStack();
    new AuditRoles(stack, 'ar', {
      provider,
      accountId: '333333333333',
      administrators: { permissionSets: ['AuditAdministrator'], roleArns: [] },
      readers: { permissionSets: ['AuditReadOnly'], roleArns: ['arn:aws:iam::444444444444:role/Auditor'] },
      ...NAMES,
      ...over,
    });
    return synth(stack);
  }
  const json = make();
  const role = (name: string) => resourcesOf(json, 'aws_iam_role').find((r) => r.name === name)!;

  test('assumable only by the named permission-set roles and role ARNs, through their account roots, never "*"', () => {
    const admin = statement(parsePolicy(role('AuditAdministratorRole').assume_role_policy), 'AllowNamedPrincipals');
    expect(admin.Principal).toEqual({ AWS: 'arn:aws:iam::333333333333:root' });
    expect(admin.Condition).toEqual({
      ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AuditAdministrator_*' },
    });
    const reader = statement(parsePolicy(role('AuditReadOnlyRole').assume_role_policy), 'AllowNamedPrincipals');
    expect(reader.Principal).toEqual({ AWS: ['arn:aws:iam::333333333333:root', 'arn:aws:iam::444444444444:root'] });
    expect(reader.Condition.ArnLike['aws:PrincipalArn']).toEqual([
      'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AuditReadOnly_*',
      'arn:aws:iam::444444444444:role/Auditor',
    ]);
  });

  test('sessions last at most the configured duration; each role may assume only its member role; the reader reads no data', () => {
    expect(role('AuditAdministratorRole').max_session_duration).toBe(7200);
    const policies = resourcesOf(json, 'aws_iam_role_policy').map((p) => parsePolicy(p.policy));
    expect(policies.map((p) => statement(p, 'AssumeMemberExecutionRole').Resource).sort()).toEqual([
      'arn:aws:iam::*:role/AdministratorExecutionRole',
      'arn:aws:iam::*:role/ReadOnlyExecutionRole',
    ]);
    const reader = policies.find((p) => p.Statement.some((s) => s.Sid === 'DenyDataReads'))!;
    expect(statement(reader, 'DenyDataReads').Action).toEqual(expect.arrayContaining(['s3:GetObject', 'secretsmanager:GetSecretValue', 'kms:Decrypt', 'ssm:GetParameter']));
  });

  test('nobody named, a wildcard ARN, or a session outside IAM limits is refused, all at once', () => {
    expect(() =>
      make({ administrators: { permissionSets: [], roleArns: [] }, readers: { permissionSets: [], roleArns: ['arn:aws:iam::*:role/x'] }, maxSessionDurationSeconds: 60 }),
    ).toThrow(/AuditRoles "test\/ar" has invalid props:\n {2}- administrators: name at least one permission set or role ARN\n {2}- readers: "arn:aws:iam::\*:role\/x" is not an exact role ARN \(no wildcards\)\n {2}- maxSessionDurationSeconds: use 3600-43200 seconds, the range IAM accepts \(got 60\)/);
  });
});

describe('member execution roles template', () => {
  const t = memberExecutionRolesTemplate({ ...NAMES, auditAccountId: '333333333333' });
  const p = (id: string) => t.Resources[id].Properties as Record<string, any>;

  test('is structurally valid CloudFormation', () => {
    expect(templateProblems(t)).toEqual([]);
  });

  test('each role trusts exactly its audit role, by ARN', () => {
    expect(p('AdministratorExecutionRole').AssumeRolePolicyDocument.Statement).toEqual([
      { Sid: 'AllowAuditRole', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:role/AuditAdministratorRole' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] },
    ]);
    expect(p('ReadOnlyExecutionRole').AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::333333333333:role/AuditReadOnlyRole' });
  });

  test('read-only is ReadOnlyAccess plus denies on data reads; names and session length from config', () => {
    expect(p('ReadOnlyExecutionRole')).toMatchObject({ RoleName: 'ReadOnlyExecutionRole', ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], MaxSessionDuration: 7200 });
    expect(p('ReadOnlyExecutionRole').Policies[0].PolicyDocument.Statement[0]).toMatchObject({ Effect: 'Deny', Resource: '*' });
    expect(p('AdministratorExecutionRole')).toMatchObject({ RoleName: 'AdministratorExecutionRole', ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
  });

  test('the permission-set pattern is the IAM Identity Center role path', () => {
    expect(auditRolesPolicies.permissionSetRolePattern('333333333333', 'X')).toBe('arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_X_*');
  });
});

describe('config aggregator', () => {
  test('organization source over the given regions only, a role trusted by Config for the audit account, the managed policy', () => {
    const { stack, provider } = testStack();
    new OrganizationConfigAggregator(stack, 'agg', { provider, accountId: '333333333333', name: 'baseline-organization', regions: ['ap-northeast-1', 'us-east-1'] });
    const json = synth(stack);
    const agg = onlyResource(json, 'aws_config_configuration_aggregator');
    expect(agg.organization_aggregation_source).toMatchObject({ all_regions: false, regions: ['ap-northeast-1', 'us-east-1'] });
    expect(agg.organization_aggregation_source.role_arn).toMatch(/^\$\{aws_iam_role\..+\.arn\}$/);
    expect(onlyResource(json, 'aws_iam_role_policy_attachment').policy_arn).toBe('arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations');
    expect(statement(parsePolicy(onlyResource(json, 'aws_iam_role').assume_role_policy), 'AllowConfigForAuditAccount').Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '333333333333' },
    });
    expect(() => new OrganizationConfigAggregator(stack, 'none', { provider, accountId: '333333333333', name: 'n', regions: [] })).toThrow('regions: name at least one region');
  });

  test('delegated administrator for both Config service principals', () => {
    const { stack, provider } = testStack();
    new ConfigDelegatedAdmin(stack, 'da', { provider, accountId: '333333333333' });
    expect(resourcesOf(synth(stack), 'aws_organizations_delegated_administrator').map((r) => [r.account_id, r.service_principal])).toEqual([
      ['333333333333', 'config.amazonaws.com'],
      ['333333333333', 'config-multiaccountsetup.amazonaws.com'],
    ]);
  });
});
