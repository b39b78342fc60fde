import { AccountConfigRecorder, configRecordingTemplate, ConfigNotificationTopic, RecordingSettings } from '../../modules/config-recording';
import { templateProblems } from '../../modules/stack-sets';
import { onlyResource, parsePolicy, resourcesOf, statement, synth, testStack } from '../helpers';

/** AWS Config recording: the member template, the management account's recorder, the regional topic. */

const SETTINGS: RecordingSettings = {
  namePrefix: 'baseline',
  region: 'us-east-1',
  recordGlobalResources: false,
  bucketName: 'org-logs-222222222222-ap-northeast-1',
  keyPrefix: 'config',
  kmsKeyArn: 'arn:aws:kms:ap-northeast-1:222222222222:key/k',
  kmsKeyArnPattern: 'arn:aws:kms:*:222222222222:key/*',
  topicArn: 'arn:aws:sns:us-east-1:333333333333:org-AllConfigNotifications',
  snapshotDeliveryFrequency: 'Six_Hours',
};

describe('the member recording template', () => {
  const t = configRecordingTemplate(SETTINGS);
  const props = (id: string) => t.Resources[id].Properties as Record<string, any>;

  test('is structurally valid CloudFormation: known types, every reference resolves', () => {
    expect(templateProblems(t)).toEqual([]);
    expect(Object.values(t.Resources).map((r) => r.Type).sort()).toEqual(['AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'AWS::IAM::Role']);
  });

  test('records every supported type; global types only where asked (the home region)', () => {
    expect(props('Recorder')).toMatchObject({ Name: 'baseline-recorder', RoleARN: { 'Fn::GetAtt': ['RecorderRole', 'Arn'] } });
    expect(props('Recorder').RecordingGroup).toEqual({ AllSupported: true, IncludeGlobalResourceTypes: false });
    expect((configRecordingTemplate({ ...SETTINGS, recordGlobalResources: true }).Resources.Recorder.Properties as any).RecordingGroup.IncludeGlobalResourceTypes).toBe(true);
  });

  test('delivers to the log bucket under the Config prefix with the log key, the snapshot frequency, and the same region topic', () => {
    expect(t.Resources.DeliveryChannel.DependsOn).toEqual(['Recorder']);
    expect(props('DeliveryChannel')).toEqual({
      Name: 'baseline-recorder',
      S3BucketName: 'org-logs-222222222222-ap-northeast-1',
      S3KeyPrefix: 'config',
      S3KmsKeyArn: 'arn:aws:kms:ap-northeast-1:222222222222:key/k',
      SnsTopicARN: 'arn:aws:sns:us-east-1:333333333333:org-AllConfigNotifications',
      ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'Six_Hours' },
    });
  });

  test("the region's own recorder role: only Config for this account may assume it; it writes only its account's prefix", () => {
    const role = props('RecorderRole');
    expect(role.RoleName).toBe('baseline-config-recorder-us-east-1');
    expect(role.ManagedPolicyArns).toEqual(['arn:aws:iam::aws:policy/service-role/AWS_ConfigRole']);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Sid: 'AllowConfigForThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { 'Fn::Sub': '${AWS::AccountId}' } } },
      },
    ]);
    const st = role.Policies[0].PolicyDocument.Statement;
    expect(st.find((s: any) => s.Sid === 'DeliverToOwnPrefix')).toMatchObject({
      Action: 's3:PutObject',
      Resource: { 'Fn::Sub': 'arn:aws:s3:::org-logs-222222222222-ap-northeast-1/config/AWSLogs/${AWS::AccountId}/*' },
      Condition: { StringLike: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    });
    expect(st.find((s: any) => s.Sid === 'PublishConfigNotifications').Resource).toBe(SETTINGS.topicArn);
  });
});

describe('AccountConfigRecorder (the management account, which StackSets never reach)', () => {
  const { stack, provider } = testStack();
  new AccountConfigRecorder(stack, 'rec', { ...SETTINGS, provider, accountId: '111111111111', recordGlobalResources: true });
  const json = synth(stack);

  test('the same recorder and channel as the template, turned on after the channel exists', () => {
    expect(onlyResource(json, 'aws_config_configuration_recorder')).toMatchObject({
      name: 'baseline-recorder',
      recording_group: { all_supported: true, include_global_resource_types: true },
    });
    expect(onlyResource(json, 'aws_config_delivery_channel')).toMatchObject({
      s3_bucket_name: SETTINGS.bucketName,
      s3_key_prefix: 'config',
      s3_kms_key_arn: SETTINGS.kmsKeyArn,
      sns_topic_arn: SETTINGS.topicArn,
      snapshot_delivery_properties: { delivery_frequency: 'Six_Hours' },
    });
    const status = onlyResource(json, 'aws_config_configuration_recorder_status');
    expect(status.is_enabled).toBe(true);
    expect(status.depends_on).toEqual([expect.stringMatching(/^aws_config_delivery_channel\./)]);
  });

  test('the role is trusted by Config for the management account only', () => {
    const role = onlyResource(json, 'aws_iam_role');
    expect(role.name).toBe('baseline-config-recorder-us-east-1');
    expect(statement(parsePolicy(role.assume_role_policy), 'AllowConfigForThisAccount').Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '111111111111' } });
    expect(statement(parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy), 'DeliverToOwnPrefix').Resource).toBe(
      'arn:aws:s3:::org-logs-222222222222-ap-northeast-1/config/AWSLogs/111111111111/*',
    );
  });
});

describe('ConfigNotificationTopic', () => {
  const { stack, provider } = testStack();
  new ConfigNotificationTopic(stack, 't', {
    provider,
    accountId: '333333333333',
    region: 'us-east-1',
    organizationId: 'o-a1b2c3d4e5',
    topicName: 'org-AllConfigNotifications',
    configSourceAccountIds: ['111111111111', '333333333333'],
    emails: ['config@example.com'],
  });
  const json = synth(stack);

  test('is not encrypted with a customer key (AWS Config cannot publish to one)', () => {
    expect(onlyResource(json, 'aws_sns_topic')).toMatchObject({ name: 'org-AllConfigNotifications' });
    expect(onlyResource(json, 'aws_sns_topic').kms_master_key_id).toBeUndefined();
  });

  test('admits publishers of the organization and AWS Config only for the listed accounts, never without TLS', () => {
    const doc = parsePolicy(onlyResource(json, 'aws_sns_topic_policy').policy);
    expect(statement(doc, 'AllowOrganizationPublish').Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } });
    expect(statement(doc, 'AllowConfigPublish')).toMatchObject({
      Principal: { Service: 'config.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': ['111111111111', '333333333333'] } },
    });
    expect(statement(doc, 'DenyInsecurePublish').Effect).toBe('Deny');
    expect(statement(doc, 'AllowOrganizationPublish').Resource).toBe('arn:aws:sns:us-east-1:333333333333:org-AllConfigNotifications');
    expect(resourcesOf(json, 'aws_sns_topic_subscription').map((s) => s.endpoint)).toEqual(['config@example.com']);
  });
});
