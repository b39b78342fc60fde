import { Testing } from 'cdktf';
import { regionalStackName, stackNames } from '../../stacks/backend';
import { RegionalSecurityStack } from '../../stacks/regional-stack';
import { templateProblems } from '../../modules/stack-sets';
import { baselineNames } from '../../stacks/names';
import { allResources, asList, onlyResource, resourcesOf, synthAll, testConfig } from '../helpers';

/** Regional stacks: one per governed region, each with at most two AWS provider configurations. */

const SEVENTEEN = [
  'ap-northeast-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1',
  'eu-north-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1', 'ca-central-1', 'sa-east-1',
];

function regionsConfig(regions: readonly string[]) {
  return testConfig({ organization: { governedRegions: [...regions] } });
}

describe('regional stacks', () => {
  test('one stack per governed region, named security-<region>, deployed after the account stacks', () => {
    const s = synthAll();
    expect(s.stacks.regional.map((r) => r.node.id)).toEqual(['security-ap-northeast-1', 'security-us-east-1']);
    expect(stackNames(['ap-northeast-1', 'us-east-1'])).toEqual(['log-archive', 'audit', 'management', 'security-ap-northeast-1', 'security-us-east-1']);
    for (const r of s.stacks.regional) expect(r.dependencies).toContain(s.stacks.management);
    expect(s.stacks.regional.map((r) => r.isHomeRegion)).toEqual([true, false]);
  });

  test('a regional stack id that does not match its region is refused', () => {
    expect(regionalStackName('eu-west-1')).toBe('security-eu-west-1');
    expect(() => new RegionalSecurityStack(Testing.app(), 'security-us-east-1', { config: testConfig(), region: 'eu-west-1' })).toThrow(
      'regional stack id "security-us-east-1" must be "security-eu-west-1"',
    );
  });

  test.each([
    ['1', SEVENTEEN.slice(0, 1)],
    ['4', SEVENTEEN.slice(0, 4)],
    ['17', SEVENTEEN],
  ])('%s governed regions: no stack holds more than two AWS provider configurations', (_n, regions) => {
    const s = synthAll(regionsConfig(regions));
    const all = { 'log-archive': s.logArchive, audit: s.audit, management: s.management, ...s.regional };
    expect(Object.keys(all)).toHaveLength(3 + regions.length);
    for (const [name, json] of Object.entries(all)) {
      const providers: Array<{ alias: string; region: string }> = json.provider?.aws ?? [];
      expect({ name, count: providers.length <= 2 }).toEqual({ name, count: true });
    }
    // Regional providers, where a regional stack has any, point at that stack's own region.
    for (const r of s.stacks.regional) {
      const json = s.regional[r.node.id];
      for (const p of json.provider?.aws ?? []) expect({ stack: r.node.id, region: p.region }).toEqual({ stack: r.node.id, region: r.region });
    }
  });

  test('every regional stack passes cdktf validations', () => {
    for (const r of synthAll().stacks.regional) expect(() => Testing.synth(r, true)).not.toThrow();
  });
});

describe('AWS Config in every account and governed region', () => {
  const s = synthAll();
  const home = s.regional['security-ap-northeast-1'];
  const other = s.regional['security-us-east-1'];
  const template = (json: any) => JSON.parse(onlyResource(json, 'aws_cloudformation_stack_set').template_body.split('$${').join('${'));

  test.each([
    ['security-ap-northeast-1', 'ap-northeast-1', true],
    ['security-us-east-1', 'us-east-1', false],
  ])('%s: member StackSet instance and management recorder in %s; global types only in the home region', (name, region, global) => {
    const json = s.regional[name];
    const set = onlyResource(json, 'aws_cloudformation_stack_set');
    expect(set).toMatchObject({ name: `baseline-config-recording-${region}`, permission_model: 'SERVICE_MANAGED', auto_deployment: { enabled: true } });
    const instance = onlyResource(json, 'aws_cloudformation_stack_set_instance');
    expect(instance).toMatchObject({ region, deployment_targets: { organizational_unit_ids: ['${data.aws_organizations_organization.organization.roots[0].id}'] } });
    expect(instance.provider).toBe(region === 'ap-northeast-1' ? 'aws.management' : `aws.management_${region.replace(/-/g, '_')}`);
    const t = template(json);
    expect(templateProblems(t)).toEqual([]);
    expect(t.Resources.Recorder.Properties.RecordingGroup).toEqual({ AllSupported: true, IncludeGlobalResourceTypes: global });
    expect(t.Resources.DeliveryChannel.Properties).toMatchObject({
      S3BucketName: 'org-logs-222222222222-ap-northeast-1',
      S3KeyPrefix: 'config',
      S3KmsKeyArn: '${data.terraform_remote_state.remote_log_archive.outputs.log_key_arn}',
      SnsTopicARN: `arn:aws:sns:${region}:333333333333:org-AllConfigNotifications`,
      ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' },
    });
    expect(onlyResource(json, 'aws_config_configuration_recorder').recording_group).toEqual({ all_supported: true, include_global_resource_types: global });
    expect(onlyResource(json, 'aws_config_delivery_channel').sns_topic_arn).toBe(`arn:aws:sns:${region}:333333333333:org-AllConfigNotifications`);
    expect(onlyResource(json, 'aws_config_configuration_recorder_status').is_enabled).toBe(true);
  });

  test('AllConfigNotifications: the audit stack has the home region one, each other region its own, unencrypted, in the audit account', () => {
    expect(s.audit.output.all_config_topic_arn.value).toBe('arn:aws:sns:ap-northeast-1:333333333333:org-AllConfigNotifications');
    expect(resourcesOf(home, 'aws_sns_topic')).toHaveLength(0);
    const topic = onlyResource(other, 'aws_sns_topic');
    expect(topic).toMatchObject({ name: 'org-AllConfigNotifications', provider: 'aws.audit_us_east_1' });
    expect(topic.kms_master_key_id).toBeUndefined();
    // The member StackSet and the management channel wait for the topic they name.
    expect(onlyResource(other, 'aws_cloudformation_stack_set').depends_on).toEqual([expect.stringMatching(/^aws_sns_topic\.all_config_topic_/)]);
  });

  test('the organization aggregator in the audit account (home region) covers every governed region and nothing else', () => {
    const agg = onlyResource(home, 'aws_config_configuration_aggregator');
    expect(agg).toMatchObject({ name: 'baseline-organization', provider: 'aws.audit', organization_aggregation_source: { all_regions: false, regions: ['ap-northeast-1', 'us-east-1'] } });
    expect(resourcesOf(other, 'aws_config_configuration_aggregator')).toHaveLength(0);
    expect(resourcesOf(s.management, 'aws_organizations_delegated_administrator').map((d) => d.service_principal).sort()).toEqual([
      'access-analyzer.amazonaws.com',
      'config-multiaccountsetup.amazonaws.com',
      'config.amazonaws.com',
    ]);
  });

  test('with awsConfig off, the regional stacks hold no Config resources and the members no recording StackSet', () => {
    const off = synthAll(testConfig({ awsConfig: { enabled: false } }));
    for (const json of Object.values(off.regional)) expect(Object.keys(json.resource ?? {}).filter((t) => t.startsWith('aws_config') || t.startsWith('aws_cloudformation'))).toEqual([]);
    expect(resourcesOf(off.management, 'aws_organizations_delegated_administrator').map((d) => d.service_principal)).toEqual(['access-analyzer.amazonaws.com']);
  });
});

describe('nothing in Terraform is per member account', () => {
  /** Every resource address of every stack. */
  function plannedInstances(cfg: ReturnType<typeof testConfig>): number {
    const s = synthAll(cfg);
    const all = [s.logArchive, s.audit, s.management, ...Object.values(s.regional)];
    return all.reduce((n, json) => n + allResources(json).length, 0);
  }
  const ous = (n: number) => Array.from({ length: n }, (_, i) => `ou-ab12-${String(i).padStart(8, '0')}`);

  test('10 and 1,000 member accounts (in 10 or 1,000 OUs as StackSet targets) give the same resources', () => {
    // Member accounts are not in the configuration at all; the most they can change is the number
    // of OUs the StackSets target, which is one attribute of one instance per region.
    const ten = testConfig({ awsConfig: { targets: ous(10) }, auditRoles: { targets: ous(10) } });
    const thousand = testConfig({ awsConfig: { targets: ous(1000) }, auditRoles: { targets: ous(1000) } });
    const a = plannedInstances(ten);
    expect(plannedInstances(thousand)).toBe(a);
    const big = synthAll(thousand);
    expect(onlyResource(big.regional['security-us-east-1'], 'aws_cloudformation_stack_set_instance').deployment_targets.organizational_unit_ids).toHaveLength(1000);
    expect(resourcesOf(big.management, 'aws_cloudformation_stack_set_instance')).toHaveLength(1);
  });
});

describe('detective services in every governed region', () => {
  const THREE = ['ap-northeast-1', 'us-east-1', 'eu-west-1'];

  test.each([
    ['the example', ['ap-northeast-1', 'us-east-1']],
    ['a three-region config', THREE],
  ])('%s: GuardDuty and an organization analyzer in every region, Security Hub and the findings rule once at home, all administered by the audit account', (_what, regions) => {
    const cfg = regionsConfig(regions);
    const s = synthAll(cfg);
    expect(Object.keys(s.regional)).toEqual(regions.map(regionalStackName));
    for (const [name, json] of Object.entries(s.regional)) {
      const home = name === regionalStackName(cfg.organization.homeRegion);
      const aliases = Object.fromEntries((json.provider.aws as Array<{ alias: string; allowed_account_ids: string[] }>).map((p) => [p.alias, p.allowed_account_ids[0]]));
      const accountOf = (r: Record<string, any>) => aliases[r.provider.replace(/^aws\./, '')];
      const one = (type: string) => onlyResource(json, type);
      expect({ name, admin: one('aws_guardduty_organization_admin_account').admin_account_id, by: accountOf(one('aws_guardduty_organization_admin_account')) }).toEqual({ name, admin: '333333333333', by: '111111111111' });
      expect({ name, members: one('aws_guardduty_organization_configuration').auto_enable_organization_members, in: accountOf(one('aws_guardduty_organization_configuration')) }).toEqual({ name, members: 'ALL', in: '333333333333' });
      expect(one('aws_guardduty_publishing_destination').kms_key_arn).toBe('${data.terraform_remote_state.remote_log_archive.outputs.log_key_arn}');
      const analyzer = resourcesOf(json, 'aws_accessanalyzer_analyzer').filter((a) => a.type === 'ORGANIZATION');
      expect({ name, analyzers: analyzer.length, in: accountOf(analyzer[0]) }).toEqual({ name, analyzers: 1, in: '333333333333' });
      expect({ name, securityHub: resourcesOf(json, 'aws_securityhub_organization_admin_account').length, rules: resourcesOf(json, 'aws_cloudwatch_event_rule').length }).toEqual({
        name,
        securityHub: home ? 1 : 0,
        rules: home ? 1 : 0,
      });
      if (home) {
        expect(one('aws_securityhub_organization_admin_account').admin_account_id).toBe('333333333333');
        expect(one('aws_securityhub_finding_aggregator').specified_regions).toEqual(regions.filter((r) => r !== cfg.organization.homeRegion));
        expect(accountOf(one('aws_cloudwatch_event_rule'))).toBe('333333333333');
        expect(one('aws_cloudwatch_event_target').arn).toBe(baselineNames(cfg).securityTopicArn);
      }
    }
    // The log archive admits exactly those regions' detectors of the audit account.
    const bucketPolicy = resourcesOf(s.logArchive, 'aws_s3_bucket_policy').map((p) => JSON.parse(p.policy)).find((p) => p.Statement.some((x: any) => x.Sid === 'GuardDutyExportFindings'));
    const gd = bucketPolicy.Statement.find((x: any) => x.Sid === 'GuardDutyExportFindings');
    expect(asList(gd.Condition.ArnLike['aws:SourceArn'])).toEqual(regions.map((r) => `arn:aws:guardduty:${r}:333333333333:detector/*`));
    expect(gd.Condition.StringEquals['aws:SourceAccount']).toBe('333333333333');
    // Access Analyzer's delegated administrator is registered once, in the management stack.
    expect(resourcesOf(s.management, 'aws_organizations_delegated_administrator').filter((d) => d.service_principal === 'access-analyzer.amazonaws.com')).toEqual([
      expect.objectContaining({ account_id: '333333333333' }),
    ]);
  });

  test('the unused-access analyzer, when configured, exists once, in the home region', () => {
    const s = synthAll(testConfig({ organization: { governedRegions: THREE }, accessAnalyzer: { unusedAccessAgeDays: 90 } }));
    const unused = Object.entries(s.regional).map(([name, json]) => [name, resourcesOf(json, 'aws_accessanalyzer_analyzer').filter((a) => a.type === 'ORGANIZATION_UNUSED_ACCESS').length]);
    expect(unused).toEqual([['security-ap-northeast-1', 1], ['security-us-east-1', 0], ['security-eu-west-1', 0]]);
  });

  test('each service can be switched off; the export grant and the delegated administrator go with it', () => {
    const s = synthAll(testConfig({ awsConfig: { enabled: false }, guardDuty: { enabled: false }, accessAnalyzer: { enabled: false }, securityHub: { enabled: false }, findings: { enabled: false } }));
    for (const json of Object.values(s.regional)) expect(json.resource ?? {}).toEqual({});
    expect(JSON.stringify(s.logArchive)).not.toContain('GuardDutyExportFindings');
    expect(resourcesOf(s.management, 'aws_organizations_delegated_administrator')).toEqual([]);
  });
});
