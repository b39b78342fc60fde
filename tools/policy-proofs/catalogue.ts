import { recorderRoleName } from '../../modules/config-recording/names';
import type { ProofEnvironment } from './environment';

/** Who makes a request in a proof. */
export interface ProofPrincipal {
  /** Stable short name used as the matrix row key. */
  readonly id: string;
  readonly description: string;
  readonly kind: 'service' | 'iam' | 'anonymous';
  /** Service principal name, or the IAM principal's ARN. */
  readonly principal: (env: ProofEnvironment) => string;
  /** Account of an IAM principal. */
  readonly accountId?: (env: ProofEnvironment) => string;
  /** Identity policy actions (`*` = administrator); none for services and anonymous. */
  readonly identityActions?: readonly string[];
  /** The principal's organization, if any (sets `aws:PrincipalOrgID`). */
  readonly organization?: 'ours' | 'other';
  /** Service request context (`aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID`). */
  readonly sourceContext?: (env: ProofEnvironment) => Record<string, string>;
  /** The principal's account is the CloudTrail delegated administrator (org-trail calls are authorized there). */
  readonly delegatedTrailAdmin?: boolean;
}

/** What is attempted in a proof. */
export interface ProofAction {
  readonly id: string;
  readonly description: string;
  readonly action: string;
  /** Which resource policy decides, and where the resource lives. */
  readonly target: 'logBucket' | 'logKey' | 'securityTopic' | 'deliveryRole' | 'trail';
  readonly resource: (env: ProofEnvironment) => string;
  readonly context?: (env: ProofEnvironment) => Record<string, string>;
  /** Sends the request without TLS. */
  readonly insecure?: boolean;
}

const OTHER_ORG = 'o-zzzzzzzzzz';
const OUTSIDE = '999999999999';
const MEMBER = '444444444444';
const obj = (env: ProofEnvironment, key: string) => `arn:aws:s3:::${env.names.logBucketName}/${key}`;
const trailLogKey = (env: ProofEnvironment) => `AWSLogs/${env.organizationId}/${MEMBER}/CloudTrail/${env.region}/2026/11/25/${MEMBER}_CloudTrail_${env.region}_x.json.gz`;
const role = (account: (env: ProofEnvironment) => string, name: string) => (env: ProofEnvironment) => `arn:aws:iam::${account(env)}:role/${name}`;
const la = (env: ProofEnvironment) => env.accounts.logArchive;
const audit = (env: ProofEnvironment) => env.accounts.audit;
const mgmt = (env: ProofEnvironment) => env.accounts.management;
const member = () => MEMBER;
const outside = () => OUTSIDE;
const AA_ROLE = 'service-role/AccessAnalyzerMonitorServiceRole_ABCDEF';
const DETECTOR_ID = '12abc34d567e8fa901bc2d34e56789f0';
/** Where GuardDuty writes an exported finding: `<prefix>/AWSLogs/<account>/GuardDuty/<region>/...`. */
const guardDutyKey = (env: ProofEnvironment) => `${env.guardDutyExportPrefix}/AWSLogs/${env.accounts.audit}/GuardDuty/${env.region}/2026/11/25/finding.jsonl.gz`;
const AA_ACTIONS = ['cloudtrail:GetTrail', 's3:GetObject', 's3:ListBucket', 'kms:Decrypt'];

/** The principals of the matrix: services right and wrong, people in and outside the organization. */
export const PROOF_PRINCIPALS: readonly ProofPrincipal[] = [
  {
    id: 'cloudtrail-org-trail',
    description: 'CloudTrail delivering for the organization trail',
    kind: 'service',
    principal: () => 'cloudtrail.amazonaws.com',
    sourceContext: (env) => ({ 'aws:SourceArn': env.names.trailArn, 'aws:SourceAccount': env.accounts.management }),
  },
  {
    id: 'cloudtrail-sibling-trail',
    description: 'CloudTrail for another trail of the management account',
    kind: 'service',
    principal: () => 'cloudtrail.amazonaws.com',
    sourceContext: (env) => ({
      'aws:SourceArn': `arn:aws:cloudtrail:${env.region}:${env.accounts.management}:trail/other-trail`,
      'aws:SourceAccount': env.accounts.management,
    }),
  },
  {
    id: 'cloudtrail-outside-trail',
    description: 'CloudTrail for a trail of an outside account',
    kind: 'service',
    principal: () => 'cloudtrail.amazonaws.com',
    sourceContext: () => ({ 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${OUTSIDE}:trail/exfil`, 'aws:SourceAccount': OUTSIDE }),
  },
  {
    id: 'config-audit-account',
    description: 'AWS Config of the audit account as the service principal (service-linked role)',
    kind: 'service',
    principal: () => 'config.amazonaws.com',
    sourceContext: (env) => ({ 'aws:SourceOrgID': env.organizationId, 'aws:SourceAccount': env.accounts.audit }),
  },
  {
    id: 'config-member-slr',
    description: 'AWS Config of a member account as the service principal (members deliver as the recorder role)',
    kind: 'service',
    principal: () => 'config.amazonaws.com',
    sourceContext: (env) => ({ 'aws:SourceOrgID': env.organizationId, 'aws:SourceAccount': MEMBER }),
  },
  {
    id: 'config-recorder-role',
    description: "the baseline's Config recorder role of a member account (created by the recording StackSet; AWS Config delivers as it)",
    kind: 'iam',
    // The example's awsConfig.namePrefix is the default, `baseline`.
    principal: role(member, recorderRoleName('baseline', 'us-east-1')),
    accountId: member,
    identityActions: ['s3:PutObject', 's3:GetBucketAcl', 's3:ListBucket', 'kms:GenerateDataKey', 'kms:Decrypt', 'sns:Publish'],
    organization: 'ours',
  },
  {
    id: 'config-outside',
    description: 'AWS Config of an outside account',
    kind: 'service',
    principal: () => 'config.amazonaws.com',
    sourceContext: () => ({ 'aws:SourceOrgID': OTHER_ORG, 'aws:SourceAccount': OUTSIDE }),
  },
  {
    id: 'cloudwatch-in-org',
    description: 'CloudWatch alarm of the management account',
    kind: 'service',
    principal: () => 'cloudwatch.amazonaws.com',
    sourceContext: (env) => ({
      'aws:SourceOrgID': env.organizationId,
      'aws:SourceAccount': env.accounts.management,
      'aws:SourceArn': `arn:aws:cloudwatch:${env.region}:${env.accounts.management}:alarm:cis-4.3-RootAccountUsage`,
    }),
  },
  {
    id: 'events-outside',
    description: 'EventBridge rule of an outside account',
    kind: 'service',
    principal: () => 'events.amazonaws.com',
    sourceContext: () => ({ 'aws:SourceOrgID': OTHER_ORG, 'aws:SourceAccount': OUTSIDE, 'aws:SourceArn': `arn:aws:events:us-east-1:${OUTSIDE}:rule/x` }),
  },
  {
    id: 'events-findings-rule',
    description: 'EventBridge: the findings rule of the audit account (home region)',
    kind: 'service',
    principal: () => 'events.amazonaws.com',
    // What EventBridge documents for SNS targets: the rule's ARN (aws:SourceArn); its account too.
    sourceContext: (env) => ({ 'aws:SourceArn': env.names.findingsRuleArn, 'aws:SourceAccount': env.accounts.audit }),
  },
  {
    id: 'guardduty-admin-detector',
    description: "GuardDuty exporting findings from the audit account's detector",
    kind: 'service',
    principal: () => 'guardduty.amazonaws.com',
    sourceContext: (env) => ({ 'aws:SourceArn': `arn:aws:guardduty:${env.region}:${env.accounts.audit}:detector/${DETECTOR_ID}`, 'aws:SourceAccount': env.accounts.audit }),
  },
  {
    id: 'guardduty-member-detector',
    description: "GuardDuty exporting from a member account's own detector",
    kind: 'service',
    principal: () => 'guardduty.amazonaws.com',
    sourceContext: (env) => ({ 'aws:SourceArn': `arn:aws:guardduty:${env.region}:${MEMBER}:detector/${DETECTOR_ID}`, 'aws:SourceAccount': MEMBER }),
  },
  {
    id: 's3-access-logging',
    description: 'S3 server access logging (belongs in the access-log bucket only)',
    kind: 'service',
    principal: () => 'logging.s3.amazonaws.com',
    sourceContext: (env) => ({ 'aws:SourceArn': `arn:aws:s3:::${env.names.logBucketName}`, 'aws:SourceAccount': env.accounts.logArchive }),
  },
  {
    id: 'access-analyzer-in-org',
    description: 'IAM Access Analyzer policy generation role of a member account',
    kind: 'iam',
    principal: role(member, AA_ROLE),
    accountId: member,
    identityActions: AA_ACTIONS,
    organization: 'ours',
  },
  {
    id: 'access-analyzer-outside',
    description: 'an Access Analyzer-named role of an outside account',
    kind: 'iam',
    principal: role(outside, AA_ROLE),
    accountId: outside,
    identityActions: AA_ACTIONS,
    organization: 'other',
  },
  { id: 'member-admin', description: 'an administrator of a member account', kind: 'iam', principal: role(member, 'Admin'), accountId: member, identityActions: ['*'], organization: 'ours' },
  { id: 'outside-admin', description: 'an administrator of an outside account', kind: 'iam', principal: role(outside, 'Admin'), accountId: outside, identityActions: ['*'], organization: 'other' },
  { id: 'anonymous', description: 'an unsigned request', kind: 'anonymous', principal: () => 'anonymous' },
  {
    id: 'log-archive-deployer',
    description: 'the deployment role of the log-archive account',
    kind: 'iam',
    principal: (env) => env.names.logArchiveDeployerRoleArn,
    accountId: la,
    identityActions: ['*'],
    organization: 'ours',
    delegatedTrailAdmin: true,
  },
  {
    id: 'log-archive-admin',
    description: 'another administrator of the log-archive account',
    kind: 'iam',
    principal: role(la, 'Admin'),
    accountId: la,
    identityActions: ['*'],
    organization: 'ours',
    delegatedTrailAdmin: true,
  },
  {
    id: 'log-archive-break-glass',
    description: 'the break-glass role of the log-archive account',
    kind: 'iam',
    principal: (env) => env.names.breakGlassRoleArn,
    accountId: la,
    identityActions: ['*'],
    organization: 'ours',
    delegatedTrailAdmin: true,
  },
  {
    id: 'log-archive-root',
    description: 'the root user of the log-archive account',
    kind: 'iam',
    principal: (env) => `arn:aws:iam::${env.accounts.logArchive}:root`,
    accountId: la,
    identityActions: ['*'],
    organization: 'ours',
    delegatedTrailAdmin: true,
  },
  {
    id: 'audit-auditor',
    description: 'a read-only security auditor of the audit account',
    kind: 'iam',
    principal: role(audit, 'SecurityAuditor'),
    accountId: audit,
    identityActions: ['s3:GetObject', 's3:ListBucket', 'kms:Decrypt'],
    organization: 'ours',
  },
  { id: 'audit-admin', description: 'an administrator of the audit account', kind: 'iam', principal: role(audit, 'Admin'), accountId: audit, identityActions: ['*'], organization: 'ours' },
  { id: 'management-admin', description: 'an administrator of the management account', kind: 'iam', principal: role(mgmt, 'Admin'), accountId: mgmt, identityActions: ['*'], organization: 'ours' },
];

const ACL = { 's3:x-amz-acl': 'bucket-owner-full-control' };

/** The actions of the matrix: writing, reading and destroying logs, keys, topics, trail, role. */
export const PROOF_ACTIONS: readonly ProofAction[] = [
  { id: 'put-trail-log', description: 'write a trail log file under AWSLogs/<orgId>/', action: 's3:PutObject', target: 'logBucket', resource: (env) => obj(env, trailLogKey(env)), context: () => ACL },
  { id: 'put-outside-prefix', description: 'write an object outside the delivery prefixes', action: 's3:PutObject', target: 'logBucket', resource: (env) => obj(env, 'other/object.json'), context: () => ACL },
  { id: 'put-config-snapshot', description: "write a Config snapshot under the audit account's config/AWSLogs/<account>/Config/", action: 's3:PutObject', target: 'logBucket', resource: (env) => obj(env, `config/AWSLogs/${env.accounts.audit}/Config/${env.region}/snapshot.json.gz`), context: () => ACL },
  { id: 'put-guardduty-finding', description: 'write an exported GuardDuty finding under its prefix', action: 's3:PutObject', target: 'logBucket', resource: (env) => obj(env, guardDutyKey(env)) },
  { id: 'get-bucket-location', description: 'locate the bucket (GuardDuty export check)', action: 's3:GetBucketLocation', target: 'logBucket', resource: (env) => `arn:aws:s3:::${env.names.logBucketName}` },
  { id: 'get-trail-log', description: 'read a trail log file', action: 's3:GetObject', target: 'logBucket', resource: (env) => obj(env, trailLogKey(env)) },
  { id: 'get-trail-log-no-tls', description: 'read a trail log file without TLS', action: 's3:GetObject', target: 'logBucket', resource: (env) => obj(env, trailLogKey(env)), insecure: true },
  { id: 'list-bucket', description: 'list the log bucket', action: 's3:ListBucket', target: 'logBucket', resource: (env) => `arn:aws:s3:::${env.names.logBucketName}` },
  { id: 'get-bucket-acl', description: 'read the bucket ACL (delivery check)', action: 's3:GetBucketAcl', target: 'logBucket', resource: (env) => `arn:aws:s3:::${env.names.logBucketName}` },
  { id: 'delete-trail-log', description: 'delete a trail log file', action: 's3:DeleteObject', target: 'logBucket', resource: (env) => obj(env, trailLogKey(env)) },
  { id: 'put-bucket-policy', description: 'replace the bucket policy', action: 's3:PutBucketPolicy', target: 'logBucket', resource: (env) => `arn:aws:s3:::${env.names.logBucketName}` },
  {
    id: 'decrypt-trail-log',
    description: "decrypt through S3 with the trail's encryption context",
    action: 'kms:Decrypt',
    target: 'logKey',
    resource: (env) => env.logKeyArn,
    context: (env) => ({ 'kms:EncryptionContext:aws:cloudtrail:arn': env.names.trailArn, 'kms:ViaService': `s3.${env.region}.amazonaws.com` }),
  },
  {
    id: 'decrypt-other-context',
    description: 'decrypt data of another trail (other encryption context)',
    action: 'kms:Decrypt',
    target: 'logKey',
    resource: (env) => env.logKeyArn,
    context: (env) => ({ 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:us-east-1:${OUTSIDE}:trail/exfil`, 'kms:ViaService': `s3.${env.region}.amazonaws.com` }),
  },
  {
    id: 'generate-data-key',
    description: "generate a data key with the trail's encryption context",
    action: 'kms:GenerateDataKey',
    target: 'logKey',
    resource: (env) => env.logKeyArn,
    context: (env) => ({ 'kms:EncryptionContext:aws:cloudtrail:arn': env.names.trailArn }),
  },
  { id: 'schedule-key-deletion', description: 'schedule deletion of the log key', action: 'kms:ScheduleKeyDeletion', target: 'logKey', resource: (env) => env.logKeyArn },
  { id: 'publish-security-topic', description: 'publish to AggregateSecurityNotifications', action: 'sns:Publish', target: 'securityTopic', resource: (env) => env.names.securityTopicArn },
  { id: 'stop-logging', description: 'stop the organization trail', action: 'cloudtrail:StopLogging', target: 'trail', resource: (env) => env.names.trailArn },
  { id: 'assume-delivery-role', description: 'assume the CloudWatch Logs delivery role', action: 'sts:AssumeRole', target: 'deliveryRole', resource: (env) => env.deliveryRoleArn },
];
