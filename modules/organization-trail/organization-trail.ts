import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { logGroupArn, PolicyStatement, ProviderRef, renderPolicy, renderTrustPolicy, throwIfInvalid, trailArn } from '../iam';
import { deliveryRoleName, MAX_ROLE_NAME_LENGTH, trailLogGroupName } from './names';
import { DataEventsProps, deliveryRolePolicyStatements, deliveryRoleTrustStatements, eventSelectors } from './policies';

export interface OrganizationTrailProps {
  /** Provider of the trail's account (the management account, for an organization trail) in its home region. */
  readonly provider: ProviderRef;
  /** Trail name; the ARN is derived from it ({@link trailArn}). */
  readonly trailName: string;
  /**
   * Record every account of the organization (`is_organization_trail`); needs `organizationId`
   * and must run in the management account (or the CloudTrail delegated administrator).
   * @default true
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
   */
  readonly isOrganizationTrail?: boolean;
  /**
   * The organization (for the member accounts' log streams `<orgId>_*` and the default log group
   * name). Required when `isOrganizationTrail` is true.
   * @default - none (a single-account trail)
   */
  readonly organizationId?: string;
  /** The trail's account: the management account for an organization trail. */
  readonly managementAccountId: string;
  /** The trail's home region. */
  readonly region: string;
  /** Destination bucket (in the log-archive account, for the baseline). */
  readonly bucketName: string;
  /**
   * ARN of the KMS key the trail encrypts with.
   * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2
   */
  readonly kmsKeyArn: string;
  /** The trail's S3 key prefix. @default - none */
  readonly s3KeyPrefix?: string;
  /** The CloudWatch Logs group the trail delivers to. @default "aws-cloudtrail-logs-<organizationId>" ("-<managementAccountId>" for a single-account trail; {@link trailLogGroupName}) */
  readonly logGroupName?: string;
  /**
   * Retention of the CloudWatch Logs group.
   * @default 365
   * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5
   */
  readonly logRetentionDays?: number;
  /** Name of the CloudWatch Logs delivery role. @default "<trailName>-cloudwatch-logs" ({@link deliveryRoleName}) */
  readonly deliveryRoleName?: string;
  /**
   * Data events to record, per resource type.
   * @default { s3: "write" }
   * @see https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-22
   */
  readonly dataEvents?: DataEventsProps;
  /** Buckets whose S3 data events are not recorded (the log buckets). @default [] */
  readonly excludeDataEventBucketArns?: readonly string[];
  /** Resources that must exist before the trail is created (trusted access, delegated admin). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The organization trail (or, with `isOrganizationTrail: false`, one account's trail): multi-region, global service events, log file validation, SSE-KMS,
 * delivered to the log archive and to a CloudWatch Logs group through a role that can write only
 * the organization trail's streams.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html (CloudTrail.1-5)
 */
export class OrganizationTrail extends Construct {
  /** The trail ARN, derived from account, region and name (known at plan time). */
  readonly trailArn: string;
  readonly trail: Cloudtrail;
  readonly logGroup: CloudwatchLogGroup;
  /** The log group ARN, derived (known at plan time). */
  readonly logGroupArn: string;
  readonly logGroupName: string;
  readonly deliveryRole: IamRole;
  /** Statements of the delivery role's inline policy. */
  readonly deliveryPolicyStatements: readonly PolicyStatement[];
  /** Statements of the delivery role's trust policy. */
  readonly deliveryTrustStatements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const retention = props.logRetentionDays ?? 365;
    const roleName = props.deliveryRoleName ?? deliveryRoleName(props.trailName);
    const isOrganizationTrail = props.isOrganizationTrail ?? true;
    const problems: string[] = [];
    if (isOrganizationTrail && props.organizationId === undefined) problems.push('organizationId is required when isOrganizationTrail is true (the default): set it, or isOrganizationTrail: false for a single-account trail');
    if (!Number.isInteger(retention) || retention <= 0) problems.push(`logRetentionDays must be a positive whole number (got ${retention})`);
    if (roleName.length > MAX_ROLE_NAME_LENGTH) {
      problems.push(`delivery role name "${roleName}" has ${roleName.length} characters; IAM allows ${MAX_ROLE_NAME_LENGTH} (shorten trailName or set deliveryRoleName)`);
    }
    throwIfInvalid('OrganizationTrail', this, problems);
    const provider = props.provider;
    this.trailArn = trailArn(props.region, props.managementAccountId, props.trailName);
    this.logGroupName = props.logGroupName ?? trailLogGroupName(props.organizationId ?? props.managementAccountId);
    this.logGroupArn = logGroupArn(props.region, props.managementAccountId, this.logGroupName);

    this.logGroup = new CloudwatchLogGroup(this, 'log_group', {
      provider,
      name: this.logGroupName,
      retentionInDays: retention,
    });

    this.deliveryTrustStatements = deliveryRoleTrustStatements();
    this.deliveryRole = new IamRole(this, 'delivery_role', {
      provider,
      name: roleName,
      description: isOrganizationTrail ? 'CloudTrail delivers the organization trail to CloudWatch Logs' : 'CloudTrail delivers the trail to CloudWatch Logs',
      assumeRolePolicy: renderTrustPolicy(this.deliveryTrustStatements),
    });
    this.deliveryPolicyStatements = deliveryRolePolicyStatements({
      region: props.region,
      accountId: props.managementAccountId,
      logGroupName: this.logGroupName,
      managementAccountId: props.managementAccountId,
      organizationId: isOrganizationTrail ? props.organizationId : undefined,
    });
    const deliveryPolicy = new IamRolePolicy(this, 'delivery_policy', {
      provider,
      name: 'cloudtrail-log-delivery',
      role: this.deliveryRole.name,
      policy: renderPolicy(this.deliveryPolicyStatements),
    });

    const selectors = eventSelectors(props.dataEvents ?? {}, props.excludeDataEventBucketArns ?? []);
    this.trail = new Cloudtrail(this, 'trail', {
      provider,
      name: props.trailName,
      s3BucketName: props.bucketName,
      s3KeyPrefix: props.s3KeyPrefix,
      kmsKeyId: props.kmsKeyArn,
      isOrganizationTrail,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      cloudWatchLogsGroupArn: `${this.logGroupArn}:*`,
      cloudWatchLogsRoleArn: this.deliveryRole.arn,
      advancedEventSelector: selectors.map((s) => ({
        name: s.name,
        fieldSelector: s.fieldSelectors.map((f) => ({
          field: f.field,
          equalTo: f.equals ? [...f.equals] : undefined,
          notStartsWith: f.notStartsWith ? [...f.notStartsWith] : undefined,
        })),
      })),
      // CloudTrail validates the role and the log group when the trail is created.
      dependsOn: [this.logGroup, deliveryPolicy, ...(props.dependsOn ?? [])],
    });
  }
}
