import { detectorArnPattern, GUARDDUTY_FEATURES, GuardDutyDelegatedAdmin, GuardDutyOrganization, RUNTIME_MONITORING_AGENTS } from '../../modules/guardduty';
import { logArchivePolicies as P } from '../../modules/log-archive';
import { ValidationError } from '../../modules/iam';
import { onlyResource, resourcesOf, synth, testStack } from '../helpers';

const AUDIT = '333333333333';
const KEY = 'arn:aws:kms:ap-northeast-1:222222222222:key/11111111-2222-3333-4444-555555555555';
const ALL_ON = { s3DataEvents: true, eksAuditLogs: true, runtimeMonitoring: true, ebsMalwareProtection: true, rdsLoginEvents: true, lambdaNetworkLogs: true };

function organization(overrides: Partial<ConstructorParameters<typeof GuardDutyOrganization>[2]> = {}) {
  const { stack, provider } = testStack();
  const org = new GuardDutyOrganization(stack, 'gd', {
    provider,
    features: ALL_ON,
    export: { bucketName: 'logs', keyPrefix: 'guardduty', kmsKeyArn: KEY },
    ...overrides,
  });
  const admin = new GuardDutyDelegatedAdmin(stack, 'admin', { provider, adminAccountId: AUDIT, enableInManagementAccount: true, dependsOn: [org.detector] });
  org.afterRegistration(admin.registration);
  return { org, json: synth(stack) };
}

describe('GuardDutyOrganization', () => {
  const { json } = organization();

  test('auto-enables GuardDuty for ALL accounts of the organization, existing and new', () => {
    expect(onlyResource(json, 'aws_guardduty_organization_configuration')).toMatchObject({ auto_enable_organization_members: 'ALL' });
  });

  test('auto-enables every protection plan the 5.100.0 schema names, Runtime Monitoring with its agents, never EKS_RUNTIME_MONITORING beside it', () => {
    const features = resourcesOf(json, 'aws_guardduty_organization_configuration_feature');
    expect(features.map((f) => f.name).sort()).toEqual(['EBS_MALWARE_PROTECTION', 'EKS_AUDIT_LOGS', 'LAMBDA_NETWORK_LOGS', 'RDS_LOGIN_EVENTS', 'RUNTIME_MONITORING', 'S3_DATA_EVENTS']);
    for (const f of features) expect(f.auto_enable).toBe('ALL');
    const runtime = features.find((f) => f.name === 'RUNTIME_MONITORING')!;
    expect(runtime.additional_configuration).toEqual(RUNTIME_MONITORING_AGENTS.map((name) => ({ name, auto_enable: 'ALL' })));
  });

  test("turns the same plans on for the administrator's own detector (auto-enable covers members only)", () => {
    const own = resourcesOf(json, 'aws_guardduty_detector_feature');
    expect(own).toHaveLength(GUARDDUTY_FEATURES.length);
    for (const f of own) expect(f.status).toBe('ENABLED');
  });

  test('exports findings to the bucket under its prefix with the given key, from the administrator detector', () => {
    expect(onlyResource(json, 'aws_guardduty_publishing_destination')).toMatchObject({
      destination_type: 'S3',
      destination_arn: 'arn:aws:s3:::logs/guardduty',
      kms_key_arn: KEY,
    });
  });

  test('registers the delegated administrator after its detector exists, and configures the organization after the registration', () => {
    const registration = onlyResource(json, 'aws_guardduty_organization_admin_account');
    expect(registration.admin_account_id).toBe(AUDIT);
    const detectors = Object.keys(json.resource.aws_guardduty_detector);
    const adminDetector = detectors.find((d) => d.startsWith('gd_detector'))!;
    expect(registration.depends_on).toEqual(expect.arrayContaining([`aws_guardduty_detector.${adminDetector}`]));
    const regId = Object.keys(json.resource.aws_guardduty_organization_admin_account)[0];
    expect(onlyResource(json, 'aws_guardduty_organization_configuration').depends_on).toEqual([`aws_guardduty_organization_admin_account.${regId}`]);
  });

  test("the management account gets a detector of its own before the registration (the SLR the administrator needs)", () => {
    const detectors = Object.entries<any>(json.resource.aws_guardduty_detector);
    const mgmt = detectors.find(([id]) => id.startsWith('admin_management_detector'))!;
    expect(mgmt[1]).toMatchObject({ enable: true });
    expect(onlyResource(json, 'aws_guardduty_organization_admin_account').depends_on).toContain(`aws_guardduty_detector.${mgmt[0]}`);
  });

  test('a plan switched off stops auto-enabling (NONE) and is off on the administrator detector', () => {
    const { json: off } = organization({ features: { ...ALL_ON, lambdaNetworkLogs: false }, runtimeMonitoringAgentManagement: false });
    const features = resourcesOf(off, 'aws_guardduty_organization_configuration_feature');
    expect(features.find((f) => f.name === 'LAMBDA_NETWORK_LOGS')!.auto_enable).toBe('NONE');
    expect(features.find((f) => f.name === 'RUNTIME_MONITORING')!.additional_configuration.map((a: any) => a.auto_enable)).toEqual(['NONE', 'NONE', 'NONE']);
    expect(resourcesOf(off, 'aws_guardduty_detector_feature').find((f) => f.name === 'LAMBDA_NETWORK_LOGS')!.status).toBe('DISABLED');
  });

  test('rejects a key prefix with slashes at its ends and a key that is not a KMS key ARN, both at once', () => {
    expect(() => organization({ export: { bucketName: 'logs', keyPrefix: '/gd/', kmsKeyArn: 'alias/logs' } })).toThrow(
      /keyPrefix "\/gd\/" must not start or end with "\/"\n {2}- export\.kmsKeyArn "alias\/logs" is not a KMS key ARN/,
    );
  });

  test('rejects a delegated administrator that is not an account ID, as a ValidationError naming the construct', () => {
    const { stack, provider } = testStack();
    let n = 0;
    const make = () => new GuardDutyDelegatedAdmin(stack, `admin${++n}`, { provider, adminAccountId: '3333' });
    expect(make).toThrow(ValidationError);
    expect(make).toThrow('GuardDutyDelegatedAdmin "test/admin2" has invalid props:\n  - adminAccountId "3333" is not a 12-digit account ID');
  });
});

describe('GuardDuty export grant (log-archive policies, as data)', () => {
  const patterns = ['ap-northeast-1', 'us-east-1'].map((r) => detectorArnPattern(r, AUDIT));
  const bucket = P.guardDutyExportBucketStatements({ bucketName: 'logs', keyPrefix: 'guardduty', adminAccountId: AUDIT, detectorArnPatterns: patterns });
  const key = P.guardDutyExportKeyStatements({ adminAccountId: AUDIT, detectorArnPatterns: patterns });

  test('admits GuardDuty only for the administrator account (aws:SourceAccount) and its detectors in the governed regions (aws:SourceArn)', () => {
    for (const s of [...bucket.filter((x) => x.effect === 'Allow'), ...key]) {
      expect(s.principals).toEqual({ service: ['guardduty.amazonaws.com'] });
      expect(s.conditions).toEqual({
        StringEquals: { 'aws:SourceAccount': [AUDIT] },
        ArnLike: { 'aws:SourceArn': ['arn:aws:guardduty:ap-northeast-1:333333333333:detector/*', 'arn:aws:guardduty:us-east-1:333333333333:detector/*'] },
      });
    }
  });

  test('GetBucketLocation on the bucket, PutObject only under the prefix, GenerateDataKey on the key; people may not write there', () => {
    expect(bucket.map((s) => [s.sid, s.actions, s.resources])).toEqual([
      ['GuardDutyExportBucketLocation', ['s3:GetBucketLocation'], ['arn:aws:s3:::logs']],
      ['GuardDutyExportFindings', ['s3:PutObject'], ['arn:aws:s3:::logs/guardduty/*']],
      ['DenyNonServiceGuardDutyWrites', ['s3:PutObject'], ['arn:aws:s3:::logs/guardduty/*']],
    ]);
    expect(key.map((s) => s.actions)).toEqual([['kms:GenerateDataKey']]);
  });
});
