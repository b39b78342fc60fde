import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BaselineConfig } from '../config/schema';
import { recorderRoleNamePattern } from '../modules/config-recording';
import { detectorArnPattern } from '../modules/guardduty';
import { LogArchive } from '../modules/log-archive';
import { configureBackend } from './backend';
import { baselineNames } from './names';
import { LOG_ARCHIVE_OUTPUTS, publishOutput } from './outputs';
import { providerFor } from './providers';

export interface BaselineStackProps {
  /** The validated configuration. */
  readonly config: BaselineConfig;
}

/**
 * The log-archive account: the central log bucket, its access-log bucket and the log key, with
 * the policies that let the organization trail, AWS Config, Access Analyzer and the audit
 * account in, and nobody else.
 */
export class LogArchiveStack extends TerraformStack {
  readonly logArchive: LogArchive;

  constructor(scope: Construct, id: 'log-archive', props: BaselineStackProps) {
    super(scope, id);
    const cfg = props.config;
    const names = baselineNames(cfg);
    configureBackend(this, id, cfg.backend);
    const provider = providerFor(this, cfg, 'logArchive');
    const org = cfg.organization;

    this.logArchive = new LogArchive(this, 'log_archive', {
      provider,
      accountId: cfg.accounts.logArchive.id,
      region: org.homeRegion,
      bucketName: names.logBucketName,
      accessLogBucketName: names.accessLogBucketName,
      keyAlias: names.logKeyAlias,
      retentionDays: cfg.logArchive.retentionDays,
      glacierTransitionDays: cfg.logArchive.glacierTransitionDays,
      noncurrentVersionExpirationDays: cfg.logArchive.noncurrentVersionExpirationDays,
      accessLogRetentionDays: cfg.logArchive.accessLogRetentionDays,
      objectLock: cfg.logArchive.objectLock,
      breakGlassRoleArns: [names.breakGlassRoleArn],
      adminRoleArns: [names.logArchiveDeployerRoleArn],
      preventDestroy: cfg.logArchive.preventDestroy,
    });
    const trail = { trailArn: names.trailArn, organizationId: org.id, keyPrefix: cfg.trail.s3KeyPrefix };
    this.logArchive.grantCloudTrailDelivery({ ...trail, managementAccountId: org.managementAccountId });
    this.logArchive.grantConfigDelivery({
      organizationId: org.id,
      keyPrefix: cfg.logArchive.configKeyPrefix,
      // The baseline's own accounts may record with the service-linked role (service principal,
      // per account); member accounts record with the recorder role, matched organization-wide.
      // With awsConfig on, the recorders are the baseline's own per-region roles
      // (`<awsConfig.namePrefix>-config-recorder-<region>`, modules/config-recording/names.ts),
      // in the management account and, through the StackSets, every member account.
      serviceAccountIds: [org.managementAccountId, cfg.accounts.audit.id, cfg.accounts.logArchive.id],
      recorderRoleNames: [cfg.awsConfig.enabled ? recorderRoleNamePattern(cfg.awsConfig.namePrefix) : cfg.logArchive.configRecorderRoleName],
    });
    this.logArchive.grantAccessAnalyzerRead(trail);
    this.logArchive.grantTrailLogRead({ ...trail, readerAccountIds: [cfg.accounts.audit.id] });
    if (cfg.guardDuty.enabled) {
      this.logArchive.grantGuardDutyExport({
        adminAccountId: cfg.accounts.audit.id,
        detectorArnPatterns: org.governedRegions.map((r) => detectorArnPattern(r, cfg.accounts.audit.id)),
        keyPrefix: cfg.guardDuty.exportKeyPrefix,
      });
    }

    publishOutput(this, LOG_ARCHIVE_OUTPUTS.logBucketName, names.logBucketName, 'Name of the central log bucket');
    publishOutput(this, LOG_ARCHIVE_OUTPUTS.logBucketArn, names.logBucketArn, 'ARN of the central log bucket');
    publishOutput(this, LOG_ARCHIVE_OUTPUTS.accessLogBucketName, names.accessLogBucketName, 'Name of the access-log bucket');
    publishOutput(this, LOG_ARCHIVE_OUTPUTS.logKeyArn, this.logArchive.key.keyArn, 'ARN of the KMS key that encrypts the logs');
    publishOutput(this, LOG_ARCHIVE_OUTPUTS.logKeyAliasArn, this.logArchive.key.aliasArn, 'ARN of the log key alias');
  }
}
