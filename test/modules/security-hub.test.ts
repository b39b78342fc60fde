import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { baselineStandardArns, SecurityHubOrganization } from '../../modules/security-hub';
import { onlyResource, resourcesOf, synth, testStack } from '../helpers';

const AUDIT = '333333333333';

function hub(overrides: Partial<ConstructorParameters<typeof SecurityHubOrganization>[2]> = {}) {
  const { stack, provider } = testStack();
  const management = new AwsProvider(stack, 'mgmt', { alias: 'management', region: 'ap-northeast-1' });
  new SecurityHubOrganization(stack, 'hub', {
    managementProvider: management,
    auditProvider: provider,
    adminAccountId: AUDIT,
    homeRegion: 'ap-northeast-1',
    linkedRegions: ['us-east-1', 'eu-west-1'],
    policyTargets: ['root'],
    ...overrides,
  });
  return synth(stack);
}

describe('SecurityHubOrganization', () => {
  const json = hub();
  const id = (type: string) => `${type}.${Object.keys(json.resource[type])[0]}`;

  test('the audit account is enabled, then registered by the management account as delegated administrator', () => {
    expect(onlyResource(json, 'aws_securityhub_account')).toMatchObject({ provider: 'aws.test', enable_default_standards: false });
    expect(onlyResource(json, 'aws_securityhub_organization_admin_account')).toMatchObject({
      provider: 'aws.management',
      admin_account_id: AUDIT,
      depends_on: [id('aws_securityhub_account')],
    });
  });

  test('the aggregator links every other governed region, after the registration; central configuration after the aggregator', () => {
    expect(onlyResource(json, 'aws_securityhub_finding_aggregator')).toMatchObject({
      linking_mode: 'SPECIFIED_REGIONS',
      specified_regions: ['us-east-1', 'eu-west-1'],
      depends_on: [id('aws_securityhub_organization_admin_account')],
    });
    expect(onlyResource(json, 'aws_securityhub_organization_configuration')).toMatchObject({
      auto_enable: false,
      auto_enable_standards: 'NONE',
      organization_configuration: { configuration_type: 'CENTRAL' },
      depends_on: [id('aws_securityhub_finding_aggregator')],
    });
  });

  test('one policy turns Security Hub on with FSBP and CIS v3.0 for the region\u2019s partition, associated with the root', () => {
    expect(baselineStandardArns('ap-northeast-1')).toEqual([
      'arn:aws:securityhub:ap-northeast-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      'arn:aws:securityhub:ap-northeast-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
    ]);
    expect(onlyResource(json, 'aws_securityhub_configuration_policy')).toMatchObject({
      configuration_policy: {
        service_enabled: true,
        enabled_standard_arns: baselineStandardArns('ap-northeast-1'),
        security_controls_configuration: { disabled_control_identifiers: [] },
      },
      depends_on: [id('aws_securityhub_organization_configuration')],
    });
    const association = onlyResource(json, 'aws_securityhub_configuration_policy_association');
    expect(association.policy_id).toBe(`\${${id('aws_securityhub_configuration_policy')}.id}`);
    expect(association.target_id).toMatch(/^\$\{data\.aws_organizations_organization\.\w+\.roots\[0\]\.id\}$/);
  });

  test('controls are disabled only as configured, OUs and accounts are associated as given, a single region links none', () => {
    const json2 = hub({
      linkedRegions: [],
      policyTargets: ['ou-ab12-abcdefgh', '444444444444'],
      disabledControls: [{ id: 'IAM.6', reason: 'root access is managed centrally' }],
    });
    expect(onlyResource(json2, 'aws_securityhub_finding_aggregator')).toMatchObject({ linking_mode: 'NO_REGIONS' });
    expect(onlyResource(json2, 'aws_securityhub_finding_aggregator').specified_regions).toBeUndefined();
    expect(onlyResource(json2, 'aws_securityhub_configuration_policy').configuration_policy.security_controls_configuration.disabled_control_identifiers).toEqual(['IAM.6']);
    expect(resourcesOf(json2, 'aws_securityhub_configuration_policy_association').map((a) => a.target_id).sort()).toEqual(['444444444444', 'ou-ab12-abcdefgh']);
    expect(json2.data?.aws_organizations_organization).toBeUndefined();
  });

  test('rejects a control disabled without a reason, the home region linked to itself and the management-style mistakes, all at once', () => {
    expect(() => hub({ linkedRegions: ['ap-northeast-1'], disabledControls: [{ id: 'IAM.6', reason: 'short' }, { id: 'IAM.6', reason: 'long enough reason' }] })).toThrow(
      /linkedRegions must not include the home region "ap-northeast-1"\n {2}- disabled control IAM\.6 needs a reason of at least 10 characters\n {2}- control IAM\.6 is disabled twice/,
    );
  });
});
