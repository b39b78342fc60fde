/**
 * What each AWS service documents that it sends when it acts as a service principal: for each
 * (service principal, actions) pair, the condition keys a resource or trust policy may test, each
 * row citing the AWS page it comes from. A condition on a key the service does not send never
 * matches, so delivery fails silently; this table is the one place that says which keys are safe.
 *
 * To add a service (GuardDuty, Security Hub, ...): add a row per action family with the page that
 * documents its policy, listing only keys that page shows or states are sent. A key that the page
 * does not mention is not in the row, even if it "probably works".
 */

/** One documented use of a service principal. */
export interface ServiceConditionRow {
  /** Service principal, e.g. `cloudtrail.amazonaws.com`. */
  readonly service: string;
  /** Actions (IAM globs, case-insensitive) this row covers, e.g. `s3:PutObject`, `kms:GenerateDataKey*`. */
  readonly actions: readonly string[];
  /**
   * Keys that bind the service to the resource, account or organization it acts for
   * (confused-deputy prevention) and that AWS documents for these actions. Empty when AWS
   * documents none (the statement then stays unconditioned on the source, and OSB-IAM2 accepts it).
   */
  readonly sourceKeys: readonly string[];
  /** Other request keys AWS documents for these actions (`s3:x-amz-acl`, an encryption context key). */
  readonly requestKeys: readonly string[];
  /** The AWS documentation page(s) the row follows. */
  readonly docs: readonly string[];
  /** Why the row is what it is, when the page says something notable. */
  readonly note?: string;
}

export const SERVICE_CONDITION_KEYS: readonly ServiceConditionRow[] = [
  {
    service: 'cloudtrail.amazonaws.com',
    actions: ['s3:GetBucketAcl', 's3:PutObject'],
    sourceKeys: ['aws:SourceArn', 'aws:SourceAccount'],
    requestKeys: ['s3:x-amz-acl'],
    docs: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html'],
  },
  {
    service: 'cloudtrail.amazonaws.com',
    actions: ['kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:Decrypt'],
    sourceKeys: ['aws:SourceArn'],
    requestKeys: ['kms:EncryptionContext:aws:cloudtrail:arn'],
    docs: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html'],
  },
  {
    service: 'cloudtrail.amazonaws.com',
    actions: ['sts:AssumeRole'],
    sourceKeys: [],
    requestKeys: [],
    docs: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html',
    ],
    note: 'The documented trust policy of the CloudWatch Logs delivery role has no condition; CloudTrail does not send aws:SourceArn/aws:SourceAccount when it assumes the role.',
  },
  {
    service: 'config.amazonaws.com',
    actions: ['s3:GetBucketAcl', 's3:ListBucket', 's3:PutObject'],
    sourceKeys: ['aws:SourceAccount'],
    requestKeys: ['s3:x-amz-acl'],
    docs: ['https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html'],
    note: 'The service principal (used with the service-linked role) is scoped per account with aws:SourceAccount and AWSLogs/<account>/Config/*; organization-ID conditions do not work with it.',
  },
  {
    service: 'config.amazonaws.com',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    sourceKeys: ['aws:SourceAccount'],
    requestKeys: [],
    docs: ['https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html'],
  },
  {
    service: 'config.amazonaws.com',
    actions: ['sns:Publish'],
    sourceKeys: ['aws:SourceAccount'],
    requestKeys: [],
    docs: ['https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html'],
    note: 'AWS Config does not support encrypted SNS topics, and only topics in its own region.',
  },
  {
    service: 'config.amazonaws.com',
    actions: ['sts:AssumeRole'],
    sourceKeys: ['aws:SourceAccount'],
    requestKeys: [],
    docs: [
      'https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html#iam-trust-policy',
      'https://docs.aws.amazon.com/config/latest/developerguide/aggregated-register-delegated-administrator.html',
    ],
    note: 'The trust policy AWS Config documents for the roles it assumes (recorder role, aggregator role) conditions the service on aws:SourceAccount, the account whose Config assumes the role.',
  },
  {
    service: 'cloudwatch.amazonaws.com',
    actions: ['sns:Publish'],
    sourceKeys: ['aws:SourceArn', 'aws:SourceAccount'],
    requestKeys: [],
    docs: ['https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html'],
  },
  {
    service: 'cloudwatch.amazonaws.com',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    sourceKeys: [],
    requestKeys: ['kms:EncryptionContext:aws:sns:topicArn'],
    docs: [
      'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
      'https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html',
    ],
    note: 'The key policy AWS documents for services publishing to an encrypted topic has no source condition; SNS encrypts with the encryption context aws:sns:topicArn.',
  },
  {
    service: 'events.amazonaws.com',
    actions: ['sns:Publish'],
    sourceKeys: ['aws:SourceArn', 'aws:SourceAccount'],
    requestKeys: [],
    docs: ['https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions'],
  },
  {
    service: 'events.amazonaws.com',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    sourceKeys: [],
    requestKeys: ['kms:EncryptionContext:aws:sns:topicArn'],
    docs: [
      'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
      'https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html',
    ],
    note: 'AWS states that source conditions (aws:SourceArn, aws:SourceAccount, aws:SourceOrgID) in the key policy are not supported for EventBridge delivery to an encrypted topic.',
  },
  {
    service: 'guardduty.amazonaws.com',
    actions: ['s3:GetBucketLocation', 's3:PutObject', 'kms:GenerateDataKey'],
    sourceKeys: ['aws:SourceAccount', 'aws:SourceArn'],
    requestKeys: [],
    docs: ['https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html'],
    note: 'The export pages show the bucket and key policies for GuardDuty with aws:SourceAccount and aws:SourceArn (the detector ARN).',
  },
  {
    service: 'logging.s3.amazonaws.com',
    actions: ['s3:PutObject'],
    sourceKeys: ['aws:SourceArn', 'aws:SourceAccount'],
    requestKeys: [],
    docs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general'],
  },
  {
    service: 'access-analyzer.amazonaws.com',
    actions: ['sts:AssumeRole'],
    sourceKeys: [],
    requestKeys: [],
    docs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html'],
    note: 'The policy-generation service role is trusted by access-analyzer.amazonaws.com without conditions; its log reads are made by that role (an IAM principal), not by the service principal.',
  },
  {
    service: 'sns.amazonaws.com',
    actions: ['sqs:SendMessage', 'lambda:InvokeFunction'],
    sourceKeys: ['aws:SourceArn'],
    requestKeys: [],
    docs: ['https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html', 'https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html'],
  },
];

/** True when IAM action glob `pattern` covers `action` (case-insensitive, `*` and `?`). */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(action);
}

/**
 * The documented rows of `service` that cover `action`: a row covers an action when one of its
 * patterns matches it, or (for a wildcard action in the policy, e.g. `kms:GenerateDataKey*`)
 * when the policy's pattern equals one of the row's.
 */
export function rowsFor(service: string, action: string, table: readonly ServiceConditionRow[] = SERVICE_CONDITION_KEYS): ServiceConditionRow[] {
  return table.filter(
    (r) => r.service === service && r.actions.some((p) => actionMatches(p, action) || p.toLowerCase() === action.toLowerCase()),
  );
}

/**
 * True when, for every service and action, the table has a row and AWS documents no source key
 * there: a documented exception to confused-deputy scoping, not a gap.
 */
export function documentsNoSourceKey(services: readonly string[], actions: readonly string[]): boolean {
  return services.every((svc) =>
    actions.every((a) => {
      const rows = rowsFor(svc, a);
      return rows.length > 0 && rows.every((r) => r.sourceKeys.length === 0);
    }),
  );
}
