import { logStreamArn, PolicyStatement } from '../iam';

/** Pure statement and selector builders for the organization trail. */

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

/**
 * CloudTrail may assume the CloudWatch Logs delivery role, exactly as AWS documents the role's
 * trust policy: the service principal and `sts:AssumeRole`, no condition. CloudTrail does not send
 * `aws:SourceArn`/`aws:SourceAccount` when it assumes this role, so a condition on them makes trail
 * creation fail (or delivery stop silently and every CIS alarm go quiet). Which trails can use the
 * role is decided by who may `iam:PassRole` it when creating or updating a trail in its account;
 * what the role can do is limited to the trail's log streams ({@link deliveryRolePolicyStatements}).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
 */
export function deliveryRoleTrustStatements(): PolicyStatement[] {
  return [
    {
      sid: 'AllowCloudTrailAssumeRole',
      effect: 'Allow',
      principals: { service: [CLOUDTRAIL] },
      actions: ['sts:AssumeRole'],
    },
  ];
}

export interface DeliveryStreamOptions {
  readonly region: string;
  /** Account of the log group (the trail's account). */
  readonly accountId: string;
  readonly logGroupName: string;
  /** The trail's account (the management account, for an organization trail). */
  readonly managementAccountId: string;
  /** For an organization trail: member accounts' streams are `<orgId>_*`. @default - a single-account trail */
  readonly organizationId?: string;
}

/**
 * The streams a trail writes: `<mgmtAccountId>_CloudTrail_<region>*` for the trail's account
 * and, for an organization trail, `<orgId>_*` for member accounts (seed 001).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html#cloudtrail-required-policy-for-cloudwatch-logs-org-trails
 */
export function deliveryStreamArns(o: DeliveryStreamOptions): string[] {
  return [
    logStreamArn(o.region, o.accountId, o.logGroupName, `${o.managementAccountId}_CloudTrail_${o.region}*`),
    ...(o.organizationId !== undefined ? [logStreamArn(o.region, o.accountId, o.logGroupName, `${o.organizationId}_*`)] : []),
  ];
}

/** The delivery role may create and write only the trail's streams, nothing else. */
export function deliveryRolePolicyStatements(o: DeliveryStreamOptions): PolicyStatement[] {
  const streams = deliveryStreamArns(o);
  return [
    { sid: 'AWSCloudTrailCreateLogStream', effect: 'Allow', actions: ['logs:CreateLogStream'], resources: streams },
    { sid: 'AWSCloudTrailPutLogEvents', effect: 'Allow', actions: ['logs:PutLogEvents'], resources: streams },
  ];
}

/** Which data events to record for a resource type. */
export type DataEventScope = 'none' | 'write' | 'all';

/** Data events per resource type. */
export interface DataEventsProps {
  /** S3 object-level events (CIS 3.8 write, 3.9 read). @default "write" */
  readonly s3?: DataEventScope;
  /** Lambda invocations. @default "none" */
  readonly lambda?: DataEventScope;
  /** DynamoDB item-level events. @default "none" */
  readonly dynamodb?: DataEventScope;
}

/** One advanced event selector as data. */
export interface EventSelector {
  readonly name: string;
  readonly fieldSelectors: readonly {
    readonly field: string;
    readonly equals?: readonly string[];
    readonly notStartsWith?: readonly string[];
  }[];
}

const DATA_RESOURCE_TYPES = { s3: 'AWS::S3::Object', lambda: 'AWS::Lambda::Function', dynamodb: 'AWS::DynamoDB::Table' } as const;

/**
 * Advanced event selectors: all management events, plus data events per resource type. S3 data
 * events exclude the given buckets (the log buckets themselves) so delivery does not log itself.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 */
export function eventSelectors(dataEvents: DataEventsProps, excludeBucketArns: readonly string[] = []): EventSelector[] {
  const selectors: EventSelector[] = [{ name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] }];
  const scopes: Required<DataEventsProps> = { s3: 'write', lambda: 'none', dynamodb: 'none', ...dataEvents };
  for (const kind of ['s3', 'lambda', 'dynamodb'] as const) {
    const scope = scopes[kind];
    if (scope === 'none') continue;
    const fields: EventSelector['fieldSelectors'][number][] = [
      { field: 'eventCategory', equals: ['Data'] },
      { field: 'resources.type', equals: [DATA_RESOURCE_TYPES[kind]] },
    ];
    if (scope === 'write') fields.push({ field: 'readOnly', equals: ['false'] });
    if (kind === 's3' && excludeBucketArns.length > 0) {
      fields.push({ field: 'resources.ARN', notStartsWith: excludeBucketArns.map((a) => `${a}/`) });
    }
    selectors.push({ name: `${DATA_RESOURCE_TYPES[kind]} data events (${scope})`, fieldSelectors: fields });
  }
  return selectors;
}
