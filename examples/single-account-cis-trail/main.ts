import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CisMonitoring } from "cdktf-org-security-baseline/modules/cis-monitoring";
import { roleArn, trailArn } from "cdktf-org-security-baseline/modules/iam";
import { LogArchive, logBucketName } from "cdktf-org-security-baseline/modules/log-archive";
import { OrganizationTrail } from "cdktf-org-security-baseline/modules/organization-trail";
import { SecurityNotifications } from "cdktf-org-security-baseline/modules/security-notifications";

/** What one account's CIS trail needs to know. */
export interface SingleAccountCisTrailProps {
  /** The account to record (12 digits). */
  readonly accountId: string;
  /** Home region of the trail, the buckets, the key and the alarms. */
  readonly region: string;
  /** Trail name; its ARN is derived, so every policy is known at plan time. */
  readonly trailName: string;
  /** Who receives the CIS 4.x alarms. */
  readonly alarmEmails: readonly string[];
  /** Role that deploys this stack: the only one allowed to change the buckets' and key's protection. */
  readonly deployerRoleName: string;
  /** Role that alone may delete log objects. */
  readonly breakGlassRoleName: string;
}

/**
 * Seed 003's CIS trail in a single account, from four modules of the baseline: the log archive
 * (bucket, access-log bucket, KMS key), a single-account multi-region trail with CloudWatch Logs
 * delivery, a security topic, and the CIS section-4 metric filters and alarms.
 */
export class SingleAccountCisTrailStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: SingleAccountCisTrailProps) {
    super(scope, id);
    const { accountId, region, trailName } = props;
    // Modules never create providers: the stack does, and passes it to each of them.
    const provider = new AwsProvider(this, "aws", { region, allowedAccountIds: [accountId] });

    const archive = new LogArchive(this, "log_archive", {
      provider,
      accountId,
      region,
      bucketName: logBucketName({ prefix: "cis-trail", accountId, region }),
      breakGlassRoleArns: [roleArn(accountId, props.breakGlassRoleName)],
      adminRoleArns: [roleArn(accountId, props.deployerRoleName)],
    });
    // No organizationId: CloudTrail may write only under AWSLogs/<accountId>/, for this trail only.
    archive.grantCloudTrailDelivery({ trailArn: trailArn(region, accountId, trailName) });

    const trail = new OrganizationTrail(this, "trail", {
      provider,
      trailName,
      isOrganizationTrail: false,
      managementAccountId: accountId,
      region,
      bucketName: archive.bucket.bucketName,
      kmsKeyArn: archive.key.keyArn,
      excludeDataEventBucketArns: [archive.bucket.bucketArn, archive.accessLogBucket.bucketArn],
      // CloudTrail checks the bucket policy when the trail is created.
      dependsOn: [archive.bucket.policy],
    });

    const notifications = new SecurityNotifications(this, "alarms", {
      provider,
      accountId,
      region,
      securityEmails: props.alarmEmails,
      allConfigTopic: false,
      topicNamePrefix: "cis",
    });

    new CisMonitoring(this, "cis", {
      provider,
      logGroupName: trail.logGroup.name,
      alarmTopicArn: notifications.securityTopic.arn,
    });

    new TerraformOutput(this, "trail_arn", { value: trail.trailArn });
    new TerraformOutput(this, "log_bucket_name", { value: archive.bucket.bucketName });
  }
}

const app = new App();
new SingleAccountCisTrailStack(app, "single-account-cis-trail", {
  accountId: process.env.ACCOUNT_ID ?? "123456789012",
  region: process.env.AWS_REGION ?? "eu-west-1",
  trailName: "cis-trail",
  alarmEmails: ["security@example.com"],
  deployerRoleName: "TerraformDeployer",
  breakGlassRoleName: "LogArchiveBreakGlass",
});
app.synth();
