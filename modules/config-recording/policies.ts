import { bucketArn, ConditionKeys, objectArn, PolicyStatement } from '../iam';
import {
  CONFIG_SERVICE_PRINCIPAL,
  RECORDER_BUCKET_CHECK_ACTIONS,
  RECORDER_BUCKET_WRITE_ACTIONS,
  RECORDER_KEY_ACTIONS,
  RECORDER_TOPIC_ACTIONS,
} from './perms';

/**
 * Pure statement builders for AWS Config recording with a customer-managed recorder role.
 *
 * Why a role per account and region instead of the service-linked role `AWSServiceRoleForConfig`:
 * AWS Config first delivers with the recorder's role and only falls back to its service principal
 * when the bucket refuses the role; the service principal cannot be scoped to an organization
 * (AWS Config's bucket-policy page documents `aws:SourceAccount` / `aws:SourceArn` per account),
 * so a central bucket would need a statement per member account. The recorder roles of the
 * organization, named by one pattern, can be admitted with `aws:PrincipalOrgID`, O(1) in members:
 * the log bucket and key admit them through `LogArchive.grantConfigDelivery` (the log-archive
 * stack passes `recorderRoleNamePattern`).
 * A service-linked role's permissions are fixed by AWS and cannot be granted the central bucket,
 * and CloudFormation cannot create one idempotently where it already exists.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html
 */

/**
 * Only AWS Config acting for the role's own account may assume it.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html#iam-trust-policy
 */
export function recorderTrustStatements(accountId: string): PolicyStatement[] {
  return [
    {
      sid: 'AllowConfigForThisAccount',
      effect: 'Allow',
      principals: { service: [CONFIG_SERVICE_PRINCIPAL] },
      actions: ['sts:AssumeRole'],
      conditions: { StringEquals: { [ConditionKeys.SourceAccount]: [accountId] } },
    },
  ];
}

export interface RecorderDeliveryOptions {
  /** The account the role lives in (`${AWS::AccountId}` inside a StackSet template). */
  readonly accountId: string;
  /** Name of the central log bucket the recorder role writes to. */
  readonly bucketName: string;
  /** Prefix Config delivers under (`<prefix>/AWSLogs/<account>/Config/...`). */
  readonly keyPrefix: string;
  /** The log key, or an ARN pattern of the log-archive account's keys. */
  readonly keyArn: string;
  /** The `AllConfigNotifications` topic of the recorder's region. */
  readonly topicArn: string;
}

/**
 * The recorder role may check the bucket, write only its own account's prefix (handing the
 * objects to the bucket owner), use the log key, and publish to its region's topic.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html#iam-role-policies-S3-bucket
 */
export function recorderRoleStatements(o: RecorderDeliveryOptions): PolicyStatement[] {
  return [
    { sid: 'CheckLogBucket', effect: 'Allow', actions: RECORDER_BUCKET_CHECK_ACTIONS, resources: [bucketArn(o.bucketName)] },
    {
      sid: 'DeliverToOwnPrefix',
      effect: 'Allow',
      actions: RECORDER_BUCKET_WRITE_ACTIONS,
      resources: [objectArn(o.bucketName, `${o.keyPrefix}/AWSLogs/${o.accountId}/*`)],
      conditions: { StringLike: { 's3:x-amz-acl': ['bucket-owner-full-control'] } },
    },
    { sid: 'EncryptWithLogKey', effect: 'Allow', actions: RECORDER_KEY_ACTIONS, resources: [o.keyArn] },
    { sid: 'PublishConfigNotifications', effect: 'Allow', actions: RECORDER_TOPIC_ACTIONS, resources: [o.topicArn] },
  ];
}
