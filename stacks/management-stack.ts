import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { OrganizationTrustedAccess } from '../modules/organization';
import { CloudTrailDelegatedAdmin, OrganizationTrail } from '../modules/organization-trail';
import { configureBackend, remoteStateOf } from './backend';
import type { BaselineStackProps } from './log-archive-stack';
import { baselineNames } from './names';
import { LOG_ARCHIVE_OUTPUTS, MANAGEMENT_OUTPUTS, publishOutput, readOutput } from './outputs';
import { providerFor } from './providers';

/** Service principals the baseline itself needs trusted access for. */
export const BASELINE_SERVICE_PRINCIPALS = ['cloudtrail.amazonaws.com'] as const;

/**
 * The management account: trusted access, the log-archive account as CloudTrail delegated
 * administrator, and the organization trail with its CloudWatch Logs delivery.
 */
export class ManagementStack extends TerraformStack {
  readonly trail: OrganizationTrail;
  readonly trustedAccess?: OrganizationTrustedAccess;

  constructor(scope: Construct, id: 'management', props: BaselineStackProps) {
    super(scope, id);
    const cfg = props.config;
    const org = cfg.organization;
    const names = baselineNames(cfg);
    configureBackend(this, id, cfg.backend);
    const provider = providerFor(this, cfg, 'management');
    const logArchiveState = remoteStateOf(this, 'log-archive', cfg.backend);

    if (org.manageTrustedAccess) {
      this.trustedAccess = new OrganizationTrustedAccess(this, 'trusted_access', {
        provider,
        organizationId: org.id,
        servicePrincipals: [...BASELINE_SERVICE_PRINCIPALS, ...org.additionalServiceAccessPrincipals],
        enabledPolicyTypes: org.enabledPolicyTypes,
      });
    }
    const afterTrustedAccess = this.trustedAccess ? [this.trustedAccess.organization] : [];

    new CloudTrailDelegatedAdmin(this, 'cloudtrail_delegated_admin', {
      provider,
      accountId: cfg.accounts.logArchive.id,
      dependsOn: afterTrustedAccess,
    });

    this.trail = new OrganizationTrail(this, 'organization_trail', {
      provider,
      trailName: cfg.trail.name,
      organizationId: org.id,
      managementAccountId: org.managementAccountId,
      region: org.homeRegion,
      bucketName: names.logBucketName,
      s3KeyPrefix: cfg.trail.s3KeyPrefix,
      kmsKeyArn: readOutput(logArchiveState, LOG_ARCHIVE_OUTPUTS.logKeyArn),
      logRetentionDays: cfg.trail.cloudWatchLogsRetentionDays,
      dataEvents: cfg.trail.dataEvents,
      excludeDataEventBucketArns: [names.logBucketArn, names.accessLogBucketArn],
      dependsOn: afterTrustedAccess,
    });

    publishOutput(this, MANAGEMENT_OUTPUTS.trailArn, this.trail.trailArn, 'ARN of the organization trail');
    publishOutput(this, MANAGEMENT_OUTPUTS.trailLogGroupName, this.trail.logGroupName, "Name of the trail's CloudWatch Logs group");
    publishOutput(this, MANAGEMENT_OUTPUTS.trailLogGroupArn, this.trail.logGroupArn, "ARN of the trail's CloudWatch Logs group");
    publishOutput(this, MANAGEMENT_OUTPUTS.cloudWatchLogsRoleArn, this.trail.deliveryRole.arn, 'ARN of the CloudWatch Logs delivery role');
  }
}
