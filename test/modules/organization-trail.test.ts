import { CloudTrailDelegatedAdmin, OrganizationTrail, organizationTrailPolicies as P } from '../../modules/organization-trail';
import { asList, onlyResource, parsePolicy, statement, synth, testStack } from '../helpers';

const ORG = 'o-a1b2c3d4e5';
const MGMT = '111111111111';
const REGION = 'ap-northeast-1';
const TRAIL = `arn:aws:cloudtrail:${REGION}:${MGMT}:trail/org-trail`;
const KEY = 'arn:aws:kms:ap-northeast-1:222222222222:key/11111111-2222-3333-4444-555555555555';

function trail(overrides: Partial<ConstructorParameters<typeof OrganizationTrail>[2]> = {}) {
  const { stack, provider } = testStack();
  const t = new OrganizationTrail(stack, 'trail', {
    provider,
    trailName: 'org-trail',
    organizationId: ORG,
    managementAccountId: MGMT,
    region: REGION,
    bucketName: 'logs-bucket',
    kmsKeyArn: KEY,
    ...overrides,
  });
  return { stack, t, json: synth(stack) };
}

describe('OrganizationTrail', () => {
  const { t, json } = trail({ excludeDataEventBucketArns: ['arn:aws:s3:::logs-bucket'] });
  const resource = onlyResource(json, 'aws_cloudtrail');

  test('is an organization, multi-region trail with global events, log file validation and KMS (CloudTrail.1/2/4)', () => {
    expect(resource).toMatchObject({
      name: 'org-trail',
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      kms_key_id: KEY,
      s3_bucket_name: 'logs-bucket',
    });
  });

  test('its ARN is derived before it exists, in the management account and home region', () => {
    expect(t.trailArn).toBe(TRAIL);
  });

  test('delivers to CloudWatch Logs (CloudTrail.5) with a retained log group', () => {
    expect(resource.cloud_watch_logs_group_arn).toBe(`arn:aws:logs:${REGION}:${MGMT}:log-group:aws-cloudtrail-logs-${ORG}:*`);
    expect(onlyResource(json, 'aws_cloudwatch_log_group')).toMatchObject({ name: `aws-cloudtrail-logs-${ORG}`, retention_in_days: 365 });
    expect(resource.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_iam_role_policy\./), expect.stringMatching(/^aws_cloudwatch_log_group\./)]));
  });

  test('the delivery role is trusted by CloudTrail exactly as AWS documents it: no source condition CloudTrail does not send', () => {
    const trust = parsePolicy(onlyResource(json, 'aws_iam_role').assume_role_policy);
    expect(trust.Statement).toHaveLength(1);
    // IAM rejects a trust policy with a Resource element (MalformedPolicyDocument).
    expect(trust.Statement[0]).not.toHaveProperty('Resource');
    // CloudTrail does not send aws:SourceArn / aws:SourceAccount when it assumes this role: a
    // condition on them fails trail creation or silently stops delivery.
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
    expect(trust.Statement[0]).toEqual({
      Sid: 'AllowCloudTrailAssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
  });

  test('the delivery role may create and write only the streams of seed 001', () => {
    const policy = parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy);
    const streams = [
      `arn:aws:logs:${REGION}:${MGMT}:log-group:aws-cloudtrail-logs-${ORG}:log-stream:${MGMT}_CloudTrail_${REGION}*`,
      `arn:aws:logs:${REGION}:${MGMT}:log-group:aws-cloudtrail-logs-${ORG}:log-stream:${ORG}_*`,
    ];
    expect(statement(policy, 'AWSCloudTrailCreateLogStream')).toMatchObject({ Action: 'logs:CreateLogStream', Resource: streams });
    expect(statement(policy, 'AWSCloudTrailPutLogEvents')).toMatchObject({ Action: 'logs:PutLogEvents', Resource: streams });
    const actions = policy.Statement.flatMap((s) => asList(s.Action));
    expect(actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  test('records management events and S3 write data events except for the log buckets by default', () => {
    const selectors = resource.advanced_event_selector;
    expect(selectors[0].field_selector).toEqual([{ field: 'eventCategory', equals: ['Management'] }]);
    expect(selectors).toHaveLength(2);
    expect(selectors[1].field_selector).toEqual([
      { field: 'eventCategory', equals: ['Data'] },
      { field: 'resources.type', equals: ['AWS::S3::Object'] },
      { field: 'readOnly', equals: ['false'] },
      { field: 'resources.ARN', not_starts_with: ['arn:aws:s3:::logs-bucket/'] },
    ]);
  });

  test('rejects a non-positive log retention and a delivery role name IAM would refuse, all at once', () => {
    expect(() => trail({ logRetentionDays: 0, trailName: 't'.repeat(60) })).toThrow(
      /logRetentionDays must be a positive whole number \(got 0\)[\s\S]*delivery role name "t{60}-cloudwatch-logs" has 76 characters; IAM allows 64/,
    );
  });
});

describe('event selectors as data', () => {
  test('none turns a resource type off; all records reads and writes', () => {
    const s = P.eventSelectors({ s3: 'none', lambda: 'all', dynamodb: 'write' });
    expect(s.map((x) => x.name)).toEqual(['Management events', 'AWS::Lambda::Function data events (all)', 'AWS::DynamoDB::Table data events (write)']);
    expect(s[1].fieldSelectors.some((f) => f.field === 'readOnly')).toBe(false);
    expect(s[2].fieldSelectors).toContainEqual({ field: 'readOnly', equals: ['false'] });
  });

  test('delivery stream ARNs follow the organization trail naming', () => {
    expect(P.deliveryStreamArns({ region: 'us-east-1', accountId: MGMT, logGroupName: 'g', managementAccountId: MGMT, organizationId: ORG })).toEqual([
      `arn:aws:logs:us-east-1:${MGMT}:log-group:g:log-stream:${MGMT}_CloudTrail_us-east-1*`,
      `arn:aws:logs:us-east-1:${MGMT}:log-group:g:log-stream:${ORG}_*`,
    ]);
  });
});

describe('CloudTrailDelegatedAdmin', () => {
  test('registers the account through the CloudTrail API resource', () => {
    const { stack, provider } = testStack();
    new CloudTrailDelegatedAdmin(stack, 'admin', { provider, accountId: '222222222222' });
    const json = synth(stack);
    expect(onlyResource(json, 'aws_cloudtrail_organization_delegated_admin_account')).toMatchObject({
      account_id: '222222222222',
      provider: 'aws.test',
    });
  });
});

describe('OrganizationTrail as a single-account trail', () => {
  const { json } = trail({ isOrganizationTrail: false, organizationId: undefined });

  test('GIVEN isOrganizationTrail false THEN the trail records one account, keeps the CIS settings, and the role writes only its own streams', () => {
    expect(onlyResource(json, 'aws_cloudtrail')).toMatchObject({ is_organization_trail: false, is_multi_region_trail: true, enable_log_file_validation: true });
    expect(onlyResource(json, 'aws_cloudwatch_log_group').name).toBe(`aws-cloudtrail-logs-${MGMT}`);
    const policy = parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy);
    expect(asList(statement(policy, 'AWSCloudTrailPutLogEvents').Resource)).toEqual([
      `arn:aws:logs:${REGION}:${MGMT}:log-group:aws-cloudtrail-logs-${MGMT}:log-stream:${MGMT}_CloudTrail_${REGION}*`,
    ]);
  });

  test('an organization trail without organizationId is refused, naming the prop', () => {
    expect(() => trail({ organizationId: undefined })).toThrow(/^OrganizationTrail "test\/trail" has invalid props:\n  - organizationId is required when isOrganizationTrail is true/);
  });
});
