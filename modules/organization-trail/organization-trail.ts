import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { logGroupArn, PolicyStatement, ProviderRef, renderPolicy, renderTrustPolicy, trailArn } from '../iam';
import { DataEventsProps, deliveryRolePolicyStatements, deliveryRoleTrustStatements, eventSelectors } from './policies';

export interface OrganizationTrailProps {
  /** Provider of the management account in the trail's home region. */
  readonly provider: ProviderRef;
  /** Trail name; the ARN is derived from it. */
  readonly trailName: string;
  readonly organizationId: string;
  /** The management account, where the organization trail lives. */
  readonly managementAccountId: string;
  /** The trail's home region. */
  readonly region: string;
  /** Destination bucket (in the log-archive account). */
  readonly bucketName: string;
  /** ARN of the KMS key the trail encrypts with. */
  readonly kmsKeyArn: string;
  /** @default - none */
  readonly s3KeyPrefix?: string;
  /** @default "aws-cloudtrail-logs-<organizationId>" */
  readonly logGroupName?: string;
  /**
   * Retention of the CloudWatch Logs group.
   * @default 365
   * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5
   */
  readonly logRetentionDays?: number;
  /** @default "<trailName>-cloudwatch-logs" */
  readonly deliveryRoleName?: string;
  /** @default { s3: "write" } */
  readonly dataEvents?: DataEventsProps;
  /** Buckets whose S3 data events are not recorded (the log buckets). @default [] */
  readonly excludeDataEventBucketArns?: readonly string[];
  /** Resources that must exist before the trail is created (trusted access, delegated admin). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The organization trail: multi-region, global service events, log file validation, SSE-KMS,
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
    const roleName = props.deliveryRoleName ?? `${props.trailName}-cloudwatch-logs`;
    const problems: string[] = [];
    if (!Number.isInteger(retention) || retention <= 0) problems.push(`logRetentionDays must be a positive whole number (got ${retention})`);
    if (roleName.length > 64) problems.push(`delivery role name "${roleName}" has ${roleName.length} characters; IAM allows 64 (shorten the trail name or set deliveryRoleName)`);
    if (problems.length > 0) throw new Error(`OrganizationTrail "${this.node.path}":\n  - ${problems.join('\n  - ')}`);
    const provider = props.provider;
    this.trailArn = trailArn(props.region, props.managementAccountId, props.trailName);
    this.logGroupName = props.logGroupName ?? `aws-cloudtrail-logs-${props.organizationId}`;
    this.logGroupArn = logGroupArn(props.region, props.managementAccountId, this.logGroupName);

    this.logGroup = new CloudwatchLogGroup(this, 'log_group', {
      provider,
      name: this.logGroupName,
      retentionInDays: retention,
    });

    this.deliveryTrustStatements = deliveryRoleTrustStatements({ trailArn: this.trailArn, accountId: props.managementAccountId });
    this.deliveryRole = new IamRole(this, 'delivery_role', {
      provider,
      name: roleName,
      description: 'CloudTrail delivers the organization trail to CloudWatch Logs',
      assumeRolePolicy: renderTrustPolicy(this.deliveryTrustStatements),
    });
    this.deliveryPolicyStatements = deliveryRolePolicyStatements({
      region: props.region,
      accountId: props.managementAccountId,
      logGroupName: this.logGroupName,
      managementAccountId: props.managementAccountId,
      organizationId: props.organizationId,
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
      isOrganizationTrail: true,
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
