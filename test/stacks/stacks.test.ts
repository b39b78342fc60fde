import { Testing } from 'cdktf';
import { allResources, forEachMap, onlyResource, parsePolicy, resourcesOf, statement, synthAll, testConfig } from '../helpers';

/** Cross-cutting guarantees of the three stacks: accounts, providers, backends, remote state, outputs. */

const example = synthAll();
const byName = { 'log-archive': example.logArchive, audit: example.audit, management: example.management } as const;

describe('providers and accounts', () => {
  test.each([
    ['log-archive', 'log_archive', '222222222222', 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole'],
    ['audit', 'audit', '333333333333', 'arn:aws:iam::333333333333:role/OrganizationAccountAccessRole'],
  ] as const)('%s reaches its member account by assuming the configured role, pinned with allowed_account_ids', (stack, alias, id, role) => {
    const providers = byName[stack].provider.aws;
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({
      alias,
      region: 'ap-northeast-1',
      allowed_account_ids: [id],
      assume_role: [{ role_arn: role, session_name: 'cdktf-org-security-baseline' }],
      default_tags: [{ tags: { ManagedBy: 'cdktf-org-security-baseline' } }],
    });
  });

  test('management uses the caller credentials by default (no role to assume), pinned to the management account', () => {
    const [p] = example.management.provider.aws;
    expect(p).toMatchObject({ alias: 'management', allowed_account_ids: ['111111111111'] });
    expect(p).not.toHaveProperty('assume_role');
  });

  test('a management role name and custom member roles are assumed when configured', () => {
    const s = synthAll(testConfig({ accounts: { management: { roleName: 'Deployer' }, audit: { roleName: 'AuditDeployer' } } }));
    expect(s.management.provider.aws[0].assume_role[0].role_arn).toBe('arn:aws:iam::111111111111:role/Deployer');
    expect(s.audit.provider.aws[0].assume_role[0].role_arn).toBe('arn:aws:iam::333333333333:role/AuditDeployer');
  });

  test.each(Object.keys(byName))('every resource in %s names its aliased provider explicitly', (stack) => {
    const json = byName[stack as keyof typeof byName];
    const alias = json.provider.aws[0].alias;
    const resources = allResources(json);
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) expect({ resource: `${r.type}.${r.name}`, provider: r.config.provider }).toEqual({ resource: `${r.type}.${r.name}`, provider: `aws.${alias}` });
  });

  test('config tags become provider default tags', () => {
    const s = synthAll(testConfig({ tags: { Owner: 'platform', CostCenter: '42' } }));
    expect(s.audit.provider.aws[0].default_tags).toEqual([{ tags: { Owner: 'platform', CostCenter: '42' } }]);
  });
});

describe('backends and remote state', () => {
  test('local backend keeps state outside cdktf.out with relative paths, and management reads log-archive state from it', () => {
    expect(example.logArchive.terraform.backend).toEqual({ local: { path: '../../../state/log-archive.tfstate' } });
    expect(example.management.terraform.backend).toEqual({ local: { path: '../../../state/management.tfstate' } });
    expect(example.management.data.terraform_remote_state.remote_log_archive).toEqual({
      backend: 'local',
      config: { path: '../../../state/log-archive.tfstate' },
    });
  });

  test('s3 backend: one key per stack, encrypted, native lock file; remote state reads the same bucket', () => {
    const s = synthAll(testConfig({ backend: { type: 's3', bucket: 'tf-state', region: 'us-east-1', keyPrefix: 'baseline', dynamodbTable: 'locks' } }));
    expect(s.audit.terraform.backend.s3).toEqual({
      bucket: 'tf-state',
      key: 'baseline/audit.tfstate',
      region: 'us-east-1',
      encrypt: true,
      dynamodb_table: 'locks',
      use_lockfile: true,
    });
    expect(s.management.data.terraform_remote_state.remote_log_archive).toMatchObject({
      backend: 's3',
      config: { bucket: 'tf-state', key: 'baseline/log-archive.tfstate', region: 'us-east-1', encrypt: true },
    });
  });

  test('s3 backend role is assumed through the assume_role block', () => {
    const s = synthAll(testConfig({ backend: { type: 's3', bucket: 'tf-state', region: 'us-east-1', roleArn: 'arn:aws:iam::111111111111:role/State', useLockfile: false } }));
    expect(s.logArchive.terraform.backend.s3.assume_role).toEqual({ role_arn: 'arn:aws:iam::111111111111:role/State' });
    expect(s.logArchive.terraform.backend.s3).not.toHaveProperty('use_lockfile');
  });

  test('cloud backend: one workspace per stack named <prefix>-<stack>; tfe_outputs reads the producer workspace, through the tfe provider of the configured host', () => {
    const s = synthAll(testConfig({ backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline', hostname: 'tfe.example.com' } }));
    expect(s.logArchive.terraform.cloud).toEqual({ organization: 'acme', hostname: 'tfe.example.com', workspaces: { name: 'baseline-log-archive' } });
    expect(s.management.terraform.cloud.workspaces).toEqual({ name: 'baseline-management' });
    expect(s.management.data.terraform_remote_state).toBeUndefined();
    expect(s.management.data.tfe_outputs.remote_log_archive).toEqual({ provider: 'tfe', organization: 'acme', workspace: 'baseline-log-archive' });
    expect(s.management.provider.tfe).toEqual([{ hostname: 'tfe.example.com' }]);
  });

  test('HCP Terraform dynamic credentials replace assume-role with the per-alias shared config file', () => {
    const s = synthAll(
      testConfig({
        accounts: { logArchive: { roleName: 'tfc-run-role' } },
        backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline', dynamicCredentials: true },
      }),
    );
    const [p] = s.logArchive.provider.aws;
    expect(p).not.toHaveProperty('assume_role');
    expect(p.shared_config_files).toEqual(['${var.tfc_aws_dynamic_credentials.aliases["log_archive"].shared_config_file}']);
    expect(s.logArchive.variable.tfc_aws_dynamic_credentials.type).toMatch(/aliases\s*=\s*map\(object\(\{\s*shared_config_file\s*=\s*string\s*\}\)\)/);
  });

  test('the trail key comes from the log-archive remote state output', () => {
    expect(onlyResource(example.management, 'aws_cloudtrail').kms_key_id).toBe('${data.terraform_remote_state.remote_log_archive.outputs.log_key_arn}');
  });

  test('deploy order is log-archive -> audit -> management', () => {
    expect(example.stacks.audit.dependencies).toContain(example.stacks.logArchive);
    expect(example.stacks.management.dependencies).toContain(example.stacks.audit);
  });
});

describe('outputs are the stacks\' contract', () => {
  test.each([
    ['log-archive', ['access_log_bucket_name', 'log_bucket_arn', 'log_bucket_name', 'log_key_alias_arn', 'log_key_arn']],
    ['audit', ['all_config_topic_arn', 'audit_administrator_role_arn', 'audit_read_only_role_arn', 'log_query_reader_role_arn', 'log_query_workgroup', 'notifications_key_arn', 'query_results_bucket_name', 'security_topic_arn']],
    ['management', ['cloudwatch_logs_role_arn', 'trail_arn', 'trail_log_group_arn', 'trail_log_group_name']],
  ] as const)('%s publishes exactly its named outputs', (stack, names) => {
    const outputs = byName[stack].output;
    expect(Object.keys(outputs).sort()).toEqual([...names]);
    for (const n of names) expect(outputs[n].description).toEqual(expect.any(String));
  });

  test('names that other stacks derive match what the producers publish', () => {
    expect(example.logArchive.output.log_bucket_name.value).toBe('org-logs-222222222222-ap-northeast-1');
    expect(example.management.output.trail_arn.value).toBe('arn:aws:cloudtrail:ap-northeast-1:111111111111:trail/org-trail');
    expect(example.audit.output.security_topic_arn.value).toBe('arn:aws:sns:ap-northeast-1:333333333333:org-AggregateSecurityNotifications');
    expect(onlyResource(example.management, 'aws_cloudtrail').s3_bucket_name).toBe(example.logArchive.output.log_bucket_name.value);
  });
});

describe('log-archive stack wiring', () => {
  const bucketPolicies = resourcesOf(example.logArchive, 'aws_s3_bucket_policy').map((p) => parsePolicy(p.policy));
  const logPolicy = bucketPolicies.find((p) => p.Statement.some((s) => s.Sid === 'AWSCloudTrailWrite'))!;

  test('CloudTrail delivery is bound to the management-account trail ARN derived from config', () => {
    expect(statement(logPolicy, 'AWSCloudTrailWrite').Condition.StringEquals['aws:SourceArn']).toBe(
      'arn:aws:cloudtrail:ap-northeast-1:111111111111:trail/org-trail',
    );
  });

  test('the audit account reads trail logs; the break-glass role alone may delete them', () => {
    expect(statement(logPolicy, 'LogReadersRead').Principal).toEqual({ AWS: 'arn:aws:iam::333333333333:root' });
    expect(statement(logPolicy, 'DenyLogDeletionExceptBreakGlass').Condition).toEqual({
      ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/LogArchiveBreakGlass' },
    });
  });

  test('a trail S3 key prefix moves the CloudTrail grants under it', () => {
    const s = synthAll(testConfig({ trail: { s3KeyPrefix: 'cloudtrail' } }));
    const policy = resourcesOf(s.logArchive, 'aws_s3_bucket_policy')
      .map((p) => parsePolicy(p.policy))
      .find((p) => p.Statement.some((x) => x.Sid === 'AWSCloudTrailWrite'))!;
    expect(statement(policy, 'AWSCloudTrailWrite').Resource).toEqual([
      'arn:aws:s3:::org-logs-222222222222-ap-northeast-1/cloudtrail/AWSLogs/111111111111/*',
      'arn:aws:s3:::org-logs-222222222222-ap-northeast-1/cloudtrail/AWSLogs/o-a1b2c3d4e5/*',
    ]);
    expect(onlyResource(s.management, 'aws_cloudtrail').s3_key_prefix).toBe('cloudtrail');
  });

  test('retention settings from config reach the lifecycle rule', () => {
    const s = synthAll(testConfig({ logArchive: { retentionDays: 2555, glacierTransitionDays: 30, noncurrentVersionExpirationDays: 14 } }));
    const rules = resourcesOf(s.logArchive, 'aws_s3_bucket_lifecycle_configuration').map((l) => l.rule[0]);
    expect(rules).toContainEqual(expect.objectContaining({ expiration: [{ days: 2555 }], transition: [{ days: 30, storage_class: 'GLACIER' }] }));
    expect(rules.every((r) => r.noncurrent_version_expiration[0].noncurrent_days === 14)).toBe(true);
  });
});

describe('management stack wiring', () => {
  test('trusted access for CloudTrail is managed on the imported organization, before delegation and the trail', () => {
    const org = onlyResource(example.management, 'aws_organizations_organization');
    expect(org.aws_service_access_principals).toMatch(
      /^\$\{sort\(setunion\(tolist\(data\.aws_organizations_organization\.\w+\.aws_service_access_principals\), \["access-analyzer\.amazonaws\.com", "cloudtrail\.amazonaws\.com", "config-multiaccountsetup\.amazonaws\.com", "config\.amazonaws\.com", "guardduty\.amazonaws\.com", "malware-protection\.guardduty\.amazonaws\.com", "member\.org\.stacksets\.cloudformation\.amazonaws\.com", "securityhub\.amazonaws\.com"\]\)\)\}$/,
    );
    const orgRef = `aws_organizations_organization.${Object.keys(example.management.resource.aws_organizations_organization)[0]}`;
    expect(onlyResource(example.management, 'aws_cloudtrail_organization_delegated_admin_account')).toMatchObject({
      account_id: '222222222222',
      depends_on: [orgRef],
    });
    expect(onlyResource(example.management, 'aws_cloudtrail').depends_on).toContain(orgRef);
  });

  test('additional service principals are kept; turning management off drops the organization resource', () => {
    const more = synthAll(testConfig({ organization: { additionalServiceAccessPrincipals: ['sso.amazonaws.com'] } }));
    expect(onlyResource(more.management, 'aws_organizations_organization').aws_service_access_principals).toContain('"securityhub.amazonaws.com", "sso.amazonaws.com"]');
    const bare = synthAll(testConfig({ awsConfig: { enabled: false }, auditRoles: { enabled: false } }));
    expect(onlyResource(bare.management, 'aws_organizations_organization').aws_service_access_principals).not.toMatch(/config|stacksets/);
    const off = synthAll(testConfig({ organization: { manageTrustedAccess: false } }));
    expect(resourcesOf(off.management, 'aws_organizations_organization')).toHaveLength(0);
    expect(off.management.import).toBeUndefined();
    expect(onlyResource(off.management, 'aws_cloudtrail_organization_delegated_admin_account')).not.toHaveProperty('depends_on');
  });

  test('data events and log retention come from config', () => {
    const s = synthAll(testConfig({ trail: { dataEvents: { s3: 'all', lambda: 'write' }, cloudWatchLogsRetentionDays: 731 } }));
    const selectors = onlyResource(s.management, 'aws_cloudtrail').advanced_event_selector;
    expect(selectors.map((x: any) => x.name)).toEqual(['Management events', 'AWS::S3::Object data events (all)', 'AWS::Lambda::Function data events (write)']);
    expect(onlyResource(s.management, 'aws_cloudwatch_log_group').retention_in_days).toBe(731);
  });
});

describe('management stack: CIS alarms and guardrails', () => {
  test('the 15 alarms notify the audit security topic read from the audit remote state', () => {
    const alarms = resourcesOf(example.management, 'aws_cloudwatch_metric_alarm');
    expect(alarms).toHaveLength(15);
    for (const a of alarms) expect(a.alarm_actions).toEqual(['${data.terraform_remote_state.remote_audit.outputs.security_topic_arn}']);
    expect(example.management.data.terraform_remote_state.remote_audit).toEqual({ backend: 'local', config: { path: '../../../state/audit.tfstate' } });
    const logGroup = Object.keys(example.management.resource.aws_cloudwatch_log_group)[0];
    for (const f of resourcesOf(example.management, 'aws_cloudwatch_log_metric_filter')) {
      expect(f.log_group_name).toBe(`\${aws_cloudwatch_log_group.${logGroup}.name}`);
    }
  });

  test('an explicit alarm topic replaces the remote state read; a control subset and disabling work', () => {
    const topic = 'arn:aws:sns:ap-northeast-1:111111111111:local-alarms';
    const s = synthAll(testConfig({ cis: { alarmTopicArn: topic, controls: ['4.3'] } }));
    expect(resourcesOf(s.management, 'aws_cloudwatch_metric_alarm').map((a) => a.alarm_actions)).toEqual([[topic]]);
    expect(s.management.data.terraform_remote_state.remote_audit).toBeUndefined();
    const off = synthAll(testConfig({ cis: { enabled: false } }));
    expect(resourcesOf(off.management, 'aws_cloudwatch_metric_alarm')).toHaveLength(0);
  });

  test('guardrail SCPs attach to the organization root by default, after SCPs are enabled', () => {
    const attachments = resourcesOf(example.management, 'aws_organizations_policy_attachment');
    expect(attachments).toHaveLength(2);
    for (const a of attachments) {
      expect(forEachMap(example.management, a)).toEqual({ root: expect.stringMatching(/^\$\{data\.aws_organizations_organization\.trusted_access_current_\w+\.roots\[0\]\.id\}$/) });
      expect(a.target_id).toBe('${each.value}');
    }
    const orgRef = `aws_organizations_organization.${Object.keys(example.management.resource.aws_organizations_organization)[0]}`;
    for (const p of resourcesOf(example.management, 'aws_organizations_policy')) expect(p.depends_on).toEqual([orgRef]);
  });

  test('OU and account targets from config are the for_each of one attachment per policy; disabling removes the SCPs', () => {
    const s = synthAll(testConfig({ guardrails: { targets: ['ou-ab12-abcdefgh', '444444444444'], denyUngovernedRegions: true } }));
    const attachments = resourcesOf(s.management, 'aws_organizations_policy_attachment');
    expect(attachments).toHaveLength(3);
    for (const a of attachments) expect(forEachMap(s.management, a)).toEqual({ 'ou-ab12-abcdefgh': 'ou-ab12-abcdefgh', '444444444444': '444444444444' });
    // Only the trusted-access read of the organization; no extra data source for the root.
    expect(Object.keys(s.management.data.aws_organizations_organization)).toEqual([expect.stringMatching(/^trusted_access_current_/)]);
    const off = synthAll(testConfig({ guardrails: { enabled: false } }));
    expect(resourcesOf(off.management, 'aws_organizations_policy')).toHaveLength(0);
  });
});

describe('cdktf validations', () => {
  test.each(['logArchive', 'audit', 'management'] as const)('%s passes the validations cdktf runs when not skipped (provider presence, Terraform version for import blocks)', (name) => {
    expect(() => Testing.synth(example.stacks[name], true)).not.toThrow();
  });
});
