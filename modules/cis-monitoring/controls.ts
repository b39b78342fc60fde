/**
 * CIS AWS Foundations Benchmark v3.0.0, section 4 (Monitoring), controls 4.1-4.15, as data: one
 * metric filter and one alarm per control on the organization trail's log group. Control 4.16
 * (Security Hub enabled) is not a metric filter and belongs to the Security Hub slice.
 *
 * Patterns follow the benchmark's audit procedures. Where the benchmark mixes `&&` and `||` at
 * one level (4.1, 4.13), the grouping it intends is written out with parentheses, so the result
 * never depends on operator precedence: 4.1 excludes `delivery.logs.amazonaws.com` and
 * `HeadBucket` for both error codes, 4.13 keeps every listed event to `ec2.amazonaws.com`.
 * Security Hub's CloudWatch.2 and CloudWatch.13 look for the older CIS 1.2 patterns, so they may
 * report these two filters as not matching even though the alarms work.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html (CloudWatch.1-14)
 */

/** Identifier of a CIS section-4 control. */
export type CisControlId =
  | '4.1'
  | '4.2'
  | '4.3'
  | '4.4'
  | '4.5'
  | '4.6'
  | '4.7'
  | '4.8'
  | '4.9'
  | '4.10'
  | '4.11'
  | '4.12'
  | '4.13'
  | '4.14'
  | '4.15';

/** One monitored control. */
export interface CisControl {
  readonly id: CisControlId;
  /** What the alarm means, as the benchmark titles it. */
  readonly title: string;
  /** CloudWatch metric name (namespace `CISBenchmark`). */
  readonly metricName: string;
  /** CloudWatch Logs JSON filter pattern. */
  readonly pattern: string;
  /** The equivalent AWS Security Hub control, where one exists (4.15 has none). */
  readonly securityHubControl?: string;
}

const anyEvent = (names: readonly string[]) => names.map((n) => `($.eventName = ${n})`).join(' || ');

export const CIS_CONTROLS: readonly CisControl[] = [
  {
    id: '4.1',
    title: 'Unauthorized API calls',
    metricName: 'UnauthorizedAPICalls',
    pattern:
      '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && (($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket")) }',
    securityHubControl: 'CloudWatch.2',
  },
  {
    id: '4.2',
    title: 'Management Console sign-in without MFA',
    metricName: 'ConsoleSigninWithoutMFA',
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    securityHubControl: 'CloudWatch.3',
  },
  {
    id: '4.3',
    title: "Usage of the 'root' account",
    metricName: 'RootAccountUsage',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    securityHubControl: 'CloudWatch.1',
  },
  {
    id: '4.4',
    title: 'IAM policy changes',
    metricName: 'IAMPolicyChanges',
    pattern: `{ ${anyEvent([
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
    ])} }`,
    securityHubControl: 'CloudWatch.4',
  },
  {
    id: '4.5',
    title: 'CloudTrail configuration changes',
    metricName: 'CloudTrailChanges',
    pattern: `{ ${anyEvent(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'])} }`,
    securityHubControl: 'CloudWatch.5',
  },
  {
    id: '4.6',
    title: 'AWS Management Console authentication failures',
    metricName: 'ConsoleAuthenticationFailures',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    securityHubControl: 'CloudWatch.6',
  },
  {
    id: '4.7',
    title: 'Disabling or scheduled deletion of customer created CMKs',
    metricName: 'DisableOrDeleteCMK',
    pattern: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    securityHubControl: 'CloudWatch.7',
  },
  {
    id: '4.8',
    title: 'S3 bucket policy changes',
    metricName: 'S3BucketPolicyChanges',
    pattern: `{ ($.eventSource = s3.amazonaws.com) && (${anyEvent([
      'PutBucketAcl',
      'PutBucketPolicy',
      'PutBucketCors',
      'PutBucketLifecycle',
      'PutBucketReplication',
      'DeleteBucketPolicy',
      'DeleteBucketCors',
      'DeleteBucketLifecycle',
      'DeleteBucketReplication',
    ])}) }`,
    securityHubControl: 'CloudWatch.8',
  },
  {
    id: '4.9',
    title: 'AWS Config configuration changes',
    metricName: 'AWSConfigChanges',
    pattern: `{ ($.eventSource = config.amazonaws.com) && (${anyEvent([
      'StopConfigurationRecorder',
      'DeleteDeliveryChannel',
      'PutDeliveryChannel',
      'PutConfigurationRecorder',
    ])}) }`,
    securityHubControl: 'CloudWatch.9',
  },
  {
    id: '4.10',
    title: 'Security group changes',
    metricName: 'SecurityGroupChanges',
    pattern: `{ ${anyEvent([
      'AuthorizeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
      'CreateSecurityGroup',
      'DeleteSecurityGroup',
    ])} }`,
    securityHubControl: 'CloudWatch.10',
  },
  {
    id: '4.11',
    title: 'Changes to Network Access Control Lists (NACL)',
    metricName: 'NACLChanges',
    pattern: `{ ${anyEvent([
      'CreateNetworkAcl',
      'CreateNetworkAclEntry',
      'DeleteNetworkAcl',
      'DeleteNetworkAclEntry',
      'ReplaceNetworkAclEntry',
      'ReplaceNetworkAclAssociation',
    ])} }`,
    securityHubControl: 'CloudWatch.11',
  },
  {
    id: '4.12',
    title: 'Changes to network gateways',
    metricName: 'NetworkGatewayChanges',
    pattern: `{ ${anyEvent([
      'CreateCustomerGateway',
      'DeleteCustomerGateway',
      'AttachInternetGateway',
      'CreateInternetGateway',
      'DeleteInternetGateway',
      'DetachInternetGateway',
    ])} }`,
    securityHubControl: 'CloudWatch.12',
  },
  {
    id: '4.13',
    title: 'Route table changes',
    metricName: 'RouteTableChanges',
    pattern: `{ ($.eventSource = ec2.amazonaws.com) && (${anyEvent([
      'CreateRoute',
      'CreateRouteTable',
      'ReplaceRoute',
      'ReplaceRouteTableAssociation',
      'DeleteRouteTable',
      'DeleteRoute',
      'DisassociateRouteTable',
    ])}) }`,
    securityHubControl: 'CloudWatch.13',
  },
  {
    id: '4.14',
    title: 'VPC changes',
    metricName: 'VPCChanges',
    pattern: `{ ${anyEvent([
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
    ])} }`,
    securityHubControl: 'CloudWatch.14',
  },
  {
    id: '4.15',
    title: 'AWS Organizations changes',
    metricName: 'OrganizationsChanges',
    pattern: `{ ($.eventSource = organizations.amazonaws.com) && (${anyEvent([
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
    ])}) }`,
  },
];

/** Every control ID, in benchmark order. */
export const CIS_CONTROL_IDS: readonly CisControlId[] = CIS_CONTROLS.map((c) => c.id);
