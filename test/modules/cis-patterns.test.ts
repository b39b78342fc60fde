import { CIS_CONTROLS, type CisControl, type CisControlId } from '../../modules/cis-monitoring/controls';
import {
  apiCall,
  assumedRole,
  awsService,
  type CloudTrailRecord,
  consoleLogin,
  iamUser,
  root,
} from '../support/cloudtrail-events';
import { type Expr, matchesFilterPattern, parseFilterPattern } from '../support/filter-pattern';

/**
 * Each CIS AWS Foundations v3.0 section-4 metric filter, evaluated against CloudTrail records:
 * what must raise the alarm does, and near misses (the typos and over-broad terms a reviewer would
 * not spot) do not. Evaluation semantics are documented in test/support/filter-pattern.ts.
 */

const IDS: readonly CisControlId[] = ['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15'];

function control(id: CisControlId): CisControl {
  const found = CIS_CONTROLS.find((c) => c.id === id);
  if (!found) throw new Error(`control ${id} missing from CIS_CONTROLS`);
  return found;
}

const matches = (id: CisControlId, event: CloudTrailRecord) => matchesFilterPattern(control(id).pattern, event);

/** Values of every `$.<field> = value` term in a parsed pattern, in order. */
function equalsValues(expr: Expr, field: string): string[] {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.operands.flatMap((e) => equalsValues(e, field));
    case 'string':
      return expr.selector.text === `$.${field}` && expr.op === '=' ? [expr.value] : [];
    default:
      return [];
  }
}

/** A successful management API call by an IAM user. */
const call = (eventSource: string, eventName: string, extra: Partial<Parameters<typeof apiCall>[0]> = {}) =>
  apiCall({ eventSource, eventName, ...extra });

/**
 * The event names each eventName-list control must watch, transcribed independently from the
 * benchmark / Security Hub CloudWatch.4-14 remediation text (not derived from controls.ts), with
 * the service that emits them. A typo on either side shows up as a mismatch.
 */
const BENCHMARK_EVENTS: Partial<Record<CisControlId, { readonly source: string; readonly sourceRequired: boolean; readonly names: readonly string[] }>> = {
  '4.4': {
    source: 'iam.amazonaws.com',
    sourceRequired: false,
    names: [
      'DeleteGroupPolicy',
      'DeleteRolePolicy',
      'DeleteUserPolicy',
      'PutGroupPolicy',
      'PutRolePolicy',
      'PutUserPolicy',
      'CreatePolicy',
      'DeletePolicy',
      'CreatePolicyVersion',
      'DeletePolicyVersion',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'AttachGroupPolicy',
      'DetachGroupPolicy',
    ],
  },
  '4.5': {
    source: 'cloudtrail.amazonaws.com',
    sourceRequired: false,
    names: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'],
  },
  '4.7': { source: 'kms.amazonaws.com', sourceRequired: true, names: ['DisableKey', 'ScheduleKeyDeletion'] },
  '4.8': {
    source: 's3.amazonaws.com',
    sourceRequired: true,
    names: [
      'PutBucketAcl',
      'PutBucketPolicy',
      'PutBucketCors',
      'PutBucketLifecycle',
      'PutBucketReplication',
      'DeleteBucketPolicy',
      'DeleteBucketCors',
      'DeleteBucketLifecycle',
      'DeleteBucketReplication',
    ],
  },
  '4.9': {
    source: 'config.amazonaws.com',
    sourceRequired: true,
    names: ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'],
  },
  '4.10': {
    source: 'ec2.amazonaws.com',
    sourceRequired: false,
    names: [
      'AuthorizeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
      'CreateSecurityGroup',
      'DeleteSecurityGroup',
    ],
  },
  '4.11': {
    source: 'ec2.amazonaws.com',
    sourceRequired: false,
    names: ['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'],
  },
  '4.12': {
    source: 'ec2.amazonaws.com',
    sourceRequired: false,
    names: ['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'],
  },
  '4.13': {
    source: 'ec2.amazonaws.com',
    sourceRequired: true,
    names: ['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'],
  },
  '4.14': {
    source: 'ec2.amazonaws.com',
    sourceRequired: false,
    names: [
      'CreateVpc',
      'DeleteVpc',
      'ModifyVpcAttribute',
      'AcceptVpcPeeringConnection',
      'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection',
      'RejectVpcPeeringConnection',
      'AttachClassicLinkVpc',
      'DetachClassicLinkVpc',
      'DisableVpcClassicLink',
      'EnableVpcClassicLink',
    ],
  },
  '4.15': {
    source: 'organizations.amazonaws.com',
    sourceRequired: true,
    names: [
      'AcceptHandshake',
      'AttachPolicy',
      'CreateAccount',
      'CreateOrganizationalUnit',
      'CreatePolicy',
      'DeclineHandshake',
      'DeleteOrganization',
      'DeleteOrganizationalUnit',
      'DeletePolicy',
      'DetachPolicy',
      'DisablePolicyType',
      'EnablePolicyType',
      'InviteAccountToOrganization',
      'LeaveOrganization',
      'MoveAccount',
      'RemoveAccountFromOrganization',
      'UpdatePolicy',
      'UpdateOrganizationalUnit',
    ],
  },
};

/** Similar, real, unlisted event names from the same service: none may match. */
const UNLISTED_NEIGHBOURS: Partial<Record<CisControlId, readonly string[]>> = {
  '4.4': ['GetPolicy', 'GetRolePolicy', 'ListPolicies', 'ListAttachedRolePolicies', 'SetDefaultPolicyVersion', 'PutRolePermissionsBoundary', 'CreateRole'],
  '4.5': ['DescribeTrails', 'GetTrailStatus', 'GetTrail', 'ListTrails', 'LookupEvents', 'PutEventSelectors'],
  '4.7': ['DisableKeyRotation', 'EnableKey', 'CancelKeyDeletion', 'DescribeKey', 'CreateKey'],
  '4.8': ['GetBucketPolicy', 'GetBucketAcl', 'PutBucketVersioning', 'PutBucketPublicAccessBlock', 'PutObject', 'PutBucketLifecycleConfiguration'],
  '4.9': ['StartConfigurationRecorder', 'DeleteConfigurationRecorder', 'DescribeDeliveryChannels', 'DescribeConfigurationRecorders', 'PutConfigRule'],
  '4.10': ['DescribeSecurityGroups', 'DescribeSecurityGroupRules', 'ModifySecurityGroupRules', 'UpdateSecurityGroupRuleDescriptionsIngress'],
  '4.11': ['DescribeNetworkAcls', 'CreateNetworkInterface', 'DeleteNetworkInterface'],
  '4.12': ['DescribeInternetGateways', 'DescribeCustomerGateways', 'CreateNatGateway', 'CreateEgressOnlyInternetGateway', 'CreateVpnGateway'],
  '4.13': ['DescribeRouteTables', 'AssociateRouteTable', 'CreateTransitGatewayRoute', 'CreateLocalGatewayRoute'],
  '4.14': ['DescribeVpcs', 'DescribeVpcAttribute', 'CreateVpcEndpoint', 'ModifyVpcPeeringConnectionOptions', 'CreateSubnet'],
  '4.15': ['DescribeOrganization', 'ListAccounts', 'DescribePolicy', 'ListPolicies', 'TagResource', 'CloseAccount'],
};

interface Sample {
  readonly label: string;
  readonly event: CloudTrailRecord;
}

/** At least one matching and one near-miss sample per control, written by hand. */
const SAMPLES: Record<CisControlId, { readonly match: readonly Sample[]; readonly noMatch: readonly Sample[] }> = {
  '4.1': {
    match: [
      {
        label: 'EC2 Client.UnauthorizedOperation',
        event: call('ec2.amazonaws.com', 'RunInstances', {
          errorCode: 'Client.UnauthorizedOperation',
          errorMessage: 'You are not authorized to perform this operation. User: arn:aws:iam::111122223333:user/alice is not authorized to perform: ec2:RunInstances',
          requestParameters: { instancesSet: { items: [{ imageId: 'ami-0abcdef1234567890', minCount: 1, maxCount: 1 }] }, instanceType: 't3.micro' },
        }),
      },
      {
        label: 'S3 AccessDenied by an assumed role',
        event: call('s3.amazonaws.com', 'GetBucketPolicy', {
          userIdentity: assumedRole(),
          errorCode: 'AccessDenied',
          errorMessage: 'Access Denied',
          requestParameters: { bucketName: 'amzn-s3-demo-bucket', Host: 'amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com', policy: '' },
        }),
      },
      {
        label: 'KMS AccessDeniedException (AccessDenied* prefix)',
        event: call('kms.amazonaws.com', 'Decrypt', {
          errorCode: 'AccessDeniedException',
          errorMessage: 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:Decrypt on this resource',
          requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
          readOnly: true,
        }),
      },
    ],
    noMatch: [
      {
        label: 'AccessDenied from delivery.logs.amazonaws.com (log delivery to S3)',
        event: call('s3.amazonaws.com', 'PutObject', {
          userIdentity: awsService('delivery.logs.amazonaws.com'),
          sourceIPAddress: 'delivery.logs.amazonaws.com',
          userAgent: 'delivery.logs.amazonaws.com',
          errorCode: 'AccessDenied',
          requestParameters: { bucketName: 'amzn-s3-demo-logs', key: 'AWSLogs/111122223333/vpcflowlogs/x.log.gz' },
        }),
      },
      {
        label: 'AccessDenied on HeadBucket',
        event: call('s3.amazonaws.com', 'HeadBucket', {
          userIdentity: assumedRole(),
          errorCode: 'AccessDenied',
          requestParameters: { bucketName: 'amzn-s3-demo-bucket', Host: 'amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com' },
          readOnly: true,
        }),
      },
      { label: 'a successful call', event: call('ec2.amazonaws.com', 'DescribeInstances', { readOnly: true }) },
      {
        label: 'a different error (ThrottlingException)',
        event: call('ec2.amazonaws.com', 'DescribeInstances', { errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded', readOnly: true }),
      },
      {
        label: 'an error code that only contains "AccessDenied" (not a prefix)',
        event: call('sts.amazonaws.com', 'AssumeRole', { errorCode: 'Client.AccessDeniedX', errorMessage: 'x' }),
      },
      {
        label: 'an error code that only contains "UnauthorizedOperation" (not a suffix)',
        event: call('ec2.amazonaws.com', 'RunInstances', { errorCode: 'Client.UnauthorizedOperationPending', errorMessage: 'x' }),
      },
    ],
  },
  '4.2': {
    match: [{ label: 'IAM user console sign-in, success, MFAUsed "No"', event: consoleLogin({ mfaUsed: 'No' }) }],
    noMatch: [
      { label: 'IAM user sign-in with MFAUsed "Yes"', event: consoleLogin({ mfaUsed: 'Yes' }) },
      { label: 'failed IAM user sign-in without MFA', event: consoleLogin({ mfaUsed: 'No', success: false }) },
      { label: 'assumed-role (SSO/federated) sign-in without MFA', event: consoleLogin({ userIdentity: assumedRole(), mfaUsed: 'No' }) },
      { label: 'root sign-in without MFA (4.3 covers root)', event: consoleLogin({ userIdentity: root(), mfaUsed: 'No' }) },
    ],
  },
  '4.3': {
    match: [
      { label: 'root console sign-in', event: consoleLogin({ userIdentity: root(), mfaUsed: 'Yes' }) },
      {
        label: 'root API call',
        event: call('iam.amazonaws.com', 'CreateAccessKey', {
          userIdentity: root(),
          responseElements: { accessKey: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Active', userName: 'root' } },
        }),
      },
      { label: 'failed root sign-in', event: consoleLogin({ userIdentity: root(), success: false }) },
    ],
    noMatch: [
      {
        label: 'root identity used by an AWS service (invokedBy present)',
        event: call('iam.amazonaws.com', 'GetAccountSummary', {
          userIdentity: root('support.amazonaws.com'),
          sourceIPAddress: 'support.amazonaws.com',
          userAgent: 'support.amazonaws.com',
          readOnly: true,
        }),
      },
      {
        label: 'root-typed AwsServiceEvent (no invokedBy: isolates the eventType term)',
        event: call('sts.amazonaws.com', 'GetSessionToken', { userIdentity: root(), eventType: 'AwsServiceEvent' }),
      },
      { label: 'IAM user activity', event: call('iam.amazonaws.com', 'CreateAccessKey') },
      { label: 'assumed role activity', event: call('iam.amazonaws.com', 'CreateAccessKey', { userIdentity: assumedRole() }) },
    ],
  },
  '4.4': {
    match: [
      {
        label: 'AttachRolePolicy',
        event: call('iam.amazonaws.com', 'AttachRolePolicy', {
          userIdentity: assumedRole(),
          requestParameters: { roleName: 'app', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
          responseElements: null,
        }),
      },
      {
        label: 'a denied PutUserPolicy attempt (the pattern ignores errorCode)',
        event: call('iam.amazonaws.com', 'PutUserPolicy', { errorCode: 'AccessDenied', requestParameters: { userName: 'bob', policyName: 'p' } }),
      },
      {
        label: 'Auto Scaling DeletePolicy (documented false positive: no eventSource term)',
        event: call('autoscaling.amazonaws.com', 'DeletePolicy', { requestParameters: { policyName: 'scale-out', autoScalingGroupName: 'web' } }),
      },
    ],
    noMatch: [
      { label: 'GetPolicy', event: call('iam.amazonaws.com', 'GetPolicy', { readOnly: true }) },
      { label: 'SetDefaultPolicyVersion (not in the benchmark list)', event: call('iam.amazonaws.com', 'SetDefaultPolicyVersion') },
    ],
  },
  '4.5': {
    match: [
      {
        label: 'StopLogging',
        event: call('cloudtrail.amazonaws.com', 'StopLogging', {
          userIdentity: assumedRole(),
          requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail' },
          responseElements: null,
        }),
      },
    ],
    noMatch: [
      { label: 'DescribeTrails', event: call('cloudtrail.amazonaws.com', 'DescribeTrails', { readOnly: true }) },
      { label: 'GetTrailStatus', event: call('cloudtrail.amazonaws.com', 'GetTrailStatus', { readOnly: true }) },
    ],
  },
  '4.6': {
    match: [
      { label: 'failed IAM user sign-in', event: consoleLogin({ success: false }) },
      { label: 'failed root sign-in', event: consoleLogin({ userIdentity: root(), success: false }) },
    ],
    noMatch: [
      { label: 'successful sign-in', event: consoleLogin({ mfaUsed: 'Yes' }) },
      {
        label: 'failed sign-in for an unknown user name (different errorMessage; not in the benchmark pattern)',
        event: consoleLogin({ success: false, errorMessage: 'No username found in supplied account' }),
      },
      {
        label: '"Failed authentication" on another event name',
        event: call('signin.amazonaws.com', 'CheckMfa', { errorCode: 'Failed', errorMessage: 'Failed authentication', eventType: 'AwsConsoleSignIn' }),
      },
    ],
  },
  '4.7': {
    match: [
      {
        label: 'ScheduleKeyDeletion',
        event: call('kms.amazonaws.com', 'ScheduleKeyDeletion', {
          requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', pendingWindowInDays: 7 },
          responseElements: {
            keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            deletionDate: 'May 8, 2024, 9:00:00 AM',
            keyState: 'PendingDeletion',
            pendingWindowInDays: 7,
          },
        }),
      },
      { label: 'DisableKey', event: call('kms.amazonaws.com', 'DisableKey', { requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }, responseElements: null }) },
    ],
    noMatch: [
      { label: 'ScheduleKeyDeletion from a non-KMS eventSource', event: call('cloudhsm.amazonaws.com', 'ScheduleKeyDeletion') },
      { label: 'DisableKeyRotation (shares the DisableKey prefix)', event: call('kms.amazonaws.com', 'DisableKeyRotation') },
      { label: 'CancelKeyDeletion', event: call('kms.amazonaws.com', 'CancelKeyDeletion') },
    ],
  },
  '4.8': {
    match: [
      {
        label: 'PutBucketPolicy',
        event: call('s3.amazonaws.com', 'PutBucketPolicy', {
          userIdentity: assumedRole(),
          requestParameters: { bucketName: 'amzn-s3-demo-bucket', Host: 'amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com', bucketPolicy: { Version: '2012-10-17', Statement: [] }, policy: '' },
          responseElements: null,
        }),
      },
    ],
    noMatch: [
      { label: 'PutBucketPolicy on S3 on Outposts (different eventSource)', event: call('s3-outposts.amazonaws.com', 'PutBucketPolicy') },
      { label: 'GetBucketPolicy', event: call('s3.amazonaws.com', 'GetBucketPolicy', { readOnly: true }) },
      { label: 'PutBucketPublicAccessBlock (not in the benchmark list)', event: call('s3.amazonaws.com', 'PutBucketPublicAccessBlock') },
    ],
  },
  '4.9': {
    match: [
      {
        label: 'StopConfigurationRecorder',
        event: call('config.amazonaws.com', 'StopConfigurationRecorder', { requestParameters: { configurationRecorderName: 'default' }, responseElements: null }),
      },
    ],
    noMatch: [
      { label: 'StartConfigurationRecorder', event: call('config.amazonaws.com', 'StartConfigurationRecorder') },
      { label: 'PutDeliveryChannel from another eventSource', event: call('securityhub.amazonaws.com', 'PutDeliveryChannel') },
    ],
  },
  '4.10': {
    match: [
      {
        label: 'AuthorizeSecurityGroupIngress',
        event: call('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
          requestParameters: {
            groupId: 'sg-0123456789abcdef0',
            ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] },
          },
          responseElements: { _return: true },
        }),
      },
    ],
    noMatch: [{ label: 'DescribeSecurityGroups', event: call('ec2.amazonaws.com', 'DescribeSecurityGroups', { readOnly: true }) }],
  },
  '4.11': {
    match: [
      {
        label: 'CreateNetworkAclEntry',
        event: call('ec2.amazonaws.com', 'CreateNetworkAclEntry', {
          requestParameters: { networkAclId: 'acl-0123456789abcdef0', ruleNumber: 100, ruleAction: 'allow', egress: false, cidrBlock: '0.0.0.0/0', aclProtocol: '-1' },
          responseElements: { _return: true },
        }),
      },
    ],
    noMatch: [{ label: 'DescribeNetworkAcls', event: call('ec2.amazonaws.com', 'DescribeNetworkAcls', { readOnly: true }) }],
  },
  '4.12': {
    match: [
      {
        label: 'AttachInternetGateway',
        event: call('ec2.amazonaws.com', 'AttachInternetGateway', {
          requestParameters: { internetGatewayId: 'igw-0123456789abcdef0', vpcId: 'vpc-0123456789abcdef0' },
          responseElements: { _return: true },
        }),
      },
    ],
    noMatch: [{ label: 'CreateNatGateway (not in the benchmark list)', event: call('ec2.amazonaws.com', 'CreateNatGateway') }],
  },
  '4.13': {
    match: [
      {
        label: 'CreateRoute',
        event: call('ec2.amazonaws.com', 'CreateRoute', {
          requestParameters: { routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0123456789abcdef0' },
          responseElements: { _return: true },
        }),
      },
    ],
    noMatch: [
      { label: 'API Gateway v2 CreateRoute (same name, different eventSource)', event: call('apigateway.amazonaws.com', 'CreateRoute') },
      { label: 'AssociateRouteTable (not in the benchmark list)', event: call('ec2.amazonaws.com', 'AssociateRouteTable') },
    ],
  },
  '4.14': {
    match: [
      {
        label: 'CreateVpcPeeringConnection',
        event: call('ec2.amazonaws.com', 'CreateVpcPeeringConnection', {
          requestParameters: { vpcId: 'vpc-0123456789abcdef0', peerVpcId: 'vpc-0fedcba9876543210', peerOwnerId: '444455556666' },
        }),
      },
    ],
    noMatch: [{ label: 'DescribeVpcs', event: call('ec2.amazonaws.com', 'DescribeVpcs', { readOnly: true }) }],
  },
  '4.15': {
    match: [
      {
        label: 'LeaveOrganization',
        event: call('organizations.amazonaws.com', 'LeaveOrganization', { requestParameters: null, responseElements: null }),
      },
    ],
    noMatch: [
      { label: 'IAM CreatePolicy (same name, different eventSource)', event: call('iam.amazonaws.com', 'CreatePolicy') },
      { label: 'DescribeOrganization', event: call('organizations.amazonaws.com', 'DescribeOrganization', { readOnly: true }) },
    ],
  },
};

describe('CIS section-4 control inventory', () => {
  test('controls 4.1..4.15 are each present exactly once, in benchmark order', () => {
    expect(CIS_CONTROLS.map((c) => c.id)).toEqual(IDS);
  });

  test('metric names are unique and non-empty', () => {
    const names = CIS_CONTROLS.map((c) => c.metricName);
    expect(names.every((n) => /^[A-Za-z0-9]+$/.test(n))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  test('Security Hub mappings are CloudWatch.1..14, each once; 4.15 has none', () => {
    const mapped = CIS_CONTROLS.filter((c) => c.securityHubControl !== undefined).map((c) => c.securityHubControl);
    expect([...mapped].sort()).toEqual(Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`).sort());
    expect(control('4.15').securityHubControl).toBeUndefined();
  });

  test.each(IDS)('%s: the pattern parses with the strict parser', (id) => {
    expect(() => parseFilterPattern(control(id).pattern)).not.toThrow();
  });

  test('every control has at least one matching and one near-miss sample', () => {
    for (const id of IDS) {
      expect([id, SAMPLES[id].match.length > 0, SAMPLES[id].noMatch.length > 0]).toEqual([id, true, true]);
    }
  });
});

const flatten = (kind: 'match' | 'noMatch') =>
  IDS.flatMap((id) => SAMPLES[id][kind].map((s) => [id, s.label, s.event] as const));

describe('hand-written samples', () => {
  test.each(flatten('match'))('%s matches: %s', (id, _label, event) => {
    expect(matches(id, event)).toBe(true);
    // CloudWatch sees the record as one JSON string per log event.
    expect(matchesFilterPattern(control(id).pattern, JSON.stringify(event))).toBe(true);
  });

  test.each(flatten('noMatch'))('%s does not match: %s', (id, _label, event) => {
    expect(matches(id, event)).toBe(false);
    expect(matchesFilterPattern(control(id).pattern, JSON.stringify(event))).toBe(false);
  });
});

describe('eventName-list controls', () => {
  const listed = Object.keys(BENCHMARK_EVENTS) as CisControlId[];

  test.each(listed)('%s: the pattern lists exactly the benchmark event names, none twice', (id) => {
    const parsed = equalsValues(parseFilterPattern(control(id).pattern), 'eventName');
    expect(new Set(parsed).size).toBe(parsed.length);
    expect([...parsed].sort()).toEqual([...BENCHMARK_EVENTS[id]!.names].sort());
  });

  test.each(listed)('%s: every event name parsed from the pattern matches, from its service', (id) => {
    const { source } = BENCHMARK_EVENTS[id]!;
    const names = equalsValues(parseFilterPattern(control(id).pattern), 'eventName');
    expect(names.length).toBeGreaterThan(0);
    const missed = names.filter((n) => !matches(id, call(source, n)));
    expect(missed).toEqual([]);
  });

  test.each(listed)('%s: every benchmark event name matches (independent list)', (id) => {
    const { source, names } = BENCHMARK_EVENTS[id]!;
    const missed = names.filter((n) => !matches(id, call(source, n)));
    expect(missed).toEqual([]);
  });

  test.each(listed)('%s: similar unlisted event names from the same service do not match', (id) => {
    const { source } = BENCHMARK_EVENTS[id]!;
    const neighbours = UNLISTED_NEIGHBOURS[id] ?? [];
    expect(neighbours.length).toBeGreaterThan(0);
    const hits = neighbours.filter((n) => matches(id, call(source, n)));
    expect(hits).toEqual([]);
  });

  test.each(listed)('%s: event names are matched case-sensitively and whole', (id) => {
    const { source, names } = BENCHMARK_EVENTS[id]!;
    const variants = names.flatMap((n) => [n.toLowerCase(), `${n}s`, n.slice(0, -1), `X${n}`]);
    expect(variants.filter((n) => matches(id, call(source, n)))).toEqual([]);
  });

  const sourced = listed.filter((id) => BENCHMARK_EVENTS[id]!.sourceRequired);

  test('the eventSource-qualified controls are 4.7, 4.8, 4.9, 4.13 and 4.15', () => {
    expect(sourced).toEqual(['4.7', '4.8', '4.9', '4.13', '4.15']);
    for (const id of listed) {
      const sources = equalsValues(parseFilterPattern(control(id).pattern), 'eventSource');
      expect([id, sources]).toEqual([id, BENCHMARK_EVENTS[id]!.sourceRequired ? [BENCHMARK_EVENTS[id]!.source] : []]);
    }
  });

  test.each(sourced)('%s: listed event names from any other eventSource do not match', (id) => {
    const { source, names } = BENCHMARK_EVENTS[id]!;
    const others = ['ec2.amazonaws.com', 'iam.amazonaws.com', 'kms.amazonaws.com', 's3.amazonaws.com', 'config.amazonaws.com', 'organizations.amazonaws.com', 'cloudtrail.amazonaws.com']
      .filter((s) => s !== source)
      .concat([source.toUpperCase(), `${source}.example.com`, source.replace('.amazonaws.com', '')]);
    const hits = names.flatMap((n) => others.filter((s) => matches(id, call(s, n))).map((s) => `${s} ${n}`));
    expect(hits).toEqual([]);
  });
});

describe('cross-control overlaps that follow from the benchmark text', () => {
  test('Organizations CreatePolicy raises 4.15 and, because 4.4 has no eventSource term, 4.4 too', () => {
    const e = call('organizations.amazonaws.com', 'CreatePolicy', { requestParameters: { name: 'deny-leave', type: 'SERVICE_CONTROL_POLICY' } });
    expect(matches('4.15', e)).toBe(true);
    expect(matches('4.4', e)).toBe(true);
  });

  test('IAM CreatePolicy raises 4.4 only', () => {
    const e = call('iam.amazonaws.com', 'CreatePolicy', { requestParameters: { policyName: 'p', policyDocument: '{}' } });
    expect(CIS_CONTROLS.filter((c) => matchesFilterPattern(c.pattern, e)).map((c) => c.id)).toEqual(['4.4']);
  });

  test('a root sign-in without MFA raises 4.3, not 4.2', () => {
    const e = consoleLogin({ userIdentity: root(), mfaUsed: 'No' });
    expect(CIS_CONTROLS.filter((c) => matchesFilterPattern(c.pattern, e)).map((c) => c.id)).toEqual(['4.3']);
  });

  test('an unremarkable read-only call raises nothing', () => {
    const e = call('ec2.amazonaws.com', 'DescribeInstances', { userIdentity: iamUser(), readOnly: true });
    expect(CIS_CONTROLS.filter((c) => matchesFilterPattern(c.pattern, e)).map((c) => c.id)).toEqual([]);
  });
});

describe('4.1 grouping', () => {
  /** The benchmark's 4.1 text, which mixes || and && at one level. */
  const BENCHMARK_TEXT =
    '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }';

  test('the benchmark text as printed is rejected as ambiguous', () => {
    expect(() => parseFilterPattern(BENCHMARK_TEXT)).toThrow(/ambiguous/);
  });

  test('controls.ts applies the exclusions to UnauthorizedOperation as well (AWS precedence, && before ||, would not)', () => {
    // Under CloudWatch's documented precedence the benchmark text reads
    // A || (B && notDelivery && notHeadBucket), so this event WOULD count there; the grouping in
    // controls.ts, (A || B) && notDelivery && notHeadBucket, excludes it.
    const e = call('ec2.amazonaws.com', 'DescribeInstances', {
      userIdentity: awsService('delivery.logs.amazonaws.com'),
      sourceIPAddress: 'delivery.logs.amazonaws.com',
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    });
    expect(matches('4.1', e)).toBe(false);
    const awsPrecedenceReading =
      '{ ($.errorCode = "*UnauthorizedOperation") || (($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket")) }';
    expect(matchesFilterPattern(awsPrecedenceReading, e)).toBe(true);
  });
});

describe('the harness catches typos', () => {
  test("4.5 with 'StopLogging' misspelt no longer matches a StopLogging record", () => {
    const original = control('4.5').pattern;
    const typo = original.replace('StopLogging', 'StopLoging');
    expect(typo).not.toBe(original);
    expect(() => parseFilterPattern(typo)).not.toThrow();
    const stopLogging = SAMPLES['4.5'].match.find((s) => s.event.eventName === 'StopLogging');
    expect(stopLogging).toBeDefined();
    expect(matchesFilterPattern(original, stopLogging!.event)).toBe(true);
    expect(matchesFilterPattern(typo, stopLogging!.event)).toBe(false);
    // ...and the independent name list would flag it as well.
    expect(equalsValues(parseFilterPattern(typo), 'eventName').sort()).not.toEqual([...BENCHMARK_EVENTS['4.5']!.names].sort());
  });
});
