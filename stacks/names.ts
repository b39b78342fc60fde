import type { BaselineConfig } from '../config/schema';
import { eventRuleArn, findingsRuleName } from '../modules/findings-routing/names';
import { bucketArn, roleArn, topicArn, trailArn } from '../modules/iam';
import { accessLogBucketName as accessLogBucketNameOf, logBucketName as logBucketNameOf, logKeyAlias } from '../modules/log-archive/names';
import { auditExecutionRolesStackSetName } from '../modules/audit-roles/names';
import { organizationAggregatorName } from '../modules/config-aggregator/names';
import { recordingStackSetName } from '../modules/config-recording/names';
import { queryResultsBucketName } from '../modules/log-query/names';
import { deliveryRoleName } from '../modules/organization-trail/names';
import { allConfigTopicName as allConfigTopicNameOf, securityTopicName as securityTopicNameOf } from '../modules/security-notifications/names';

/**
 * Every name and ARN the stacks share, derived from the configuration alone by the functions of
 * the modules that own the resources (so nothing is spelled twice), so each stack can
 * write its policies at plan time without waiting for another stack's apply.
 */
export interface BaselineNames {
  readonly logBucketName: string;
  readonly logBucketArn: string;
  readonly accessLogBucketName: string;
  readonly accessLogBucketArn: string;
  readonly logKeyAlias: string;
  /** Every KMS key of the log-archive account, as an ARN pattern known at plan time. */
  readonly logArchiveKeysPattern: string;
  /** The organization trail's ARN (management account, home region). */
  readonly trailArn: string;
  /** Role Terraform assumes in the log-archive account. */
  readonly logArchiveDeployerRoleArn: string;
  /** The log-archive break-glass role. */
  readonly breakGlassRoleArn: string;
  readonly securityTopicName: string;
  readonly securityTopicArn: string;
  readonly allConfigTopicName: string;
  readonly allConfigTopicArn: string;
  /** The role CloudTrail assumes to deliver the trail to CloudWatch Logs. */
  readonly trailDeliveryRoleName: string;
  /** The findings rule (audit account, home region, default bus). */
  readonly findingsRuleName: string;
  readonly findingsRuleArn: string;
  /** The Athena query-results bucket in the audit account. */
  readonly queryResultsBucketName: string;
  /** The log query reader role in the audit account. */
  readonly logQueryReaderRoleArn: string;
}

/** `AllConfigNotifications` of the audit account in a region (AWS Config publishes only within its region). */
export function allConfigTopicArnIn(cfg: BaselineConfig, region: string): string {
  return topicArn(region, cfg.accounts.audit.id, allConfigTopicNameOf(cfg.notifications.topicNamePrefix));
}

/** The organization aggregator's name, in the audit account's home region. */
export function configAggregatorName(cfg: BaselineConfig): string {
  return organizationAggregatorName(cfg.awsConfig.namePrefix);
}

/** The StackSet names: one Config recording StackSet per governed region, one for the audit execution roles. */
export function stackSetNames(cfg: BaselineConfig): { readonly configRecording: (region: string) => string; readonly auditRoles: string } {
  const prefix = cfg.awsConfig.namePrefix;
  return { configRecording: (region) => recordingStackSetName(prefix, region), auditRoles: auditExecutionRolesStackSetName(prefix) };
}

export function baselineNames(cfg: BaselineConfig): BaselineNames {
  const { organization: org, accounts, logArchive, notifications, trail } = cfg;
  const home = org.homeRegion;
  const logBucketName = logBucketNameOf({ prefix: logArchive.bucketNamePrefix, accountId: accounts.logArchive.id, region: home });
  const accessLogBucketName = accessLogBucketNameOf(logBucketName);
  const securityTopicName = securityTopicNameOf(notifications.topicNamePrefix);
  const allConfigTopicName = allConfigTopicNameOf(notifications.topicNamePrefix);
  return {
    logBucketName,
    logBucketArn: bucketArn(logBucketName),
    accessLogBucketName,
    accessLogBucketArn: bucketArn(accessLogBucketName),
    logKeyAlias: logKeyAlias(logArchive.bucketNamePrefix),
    logArchiveKeysPattern: `arn:aws:kms:*:${accounts.logArchive.id}:key/*`,
    trailArn: trailArn(home, org.managementAccountId, trail.name),
    logArchiveDeployerRoleArn: roleArn(accounts.logArchive.id, accounts.logArchive.roleName),
    breakGlassRoleArn: roleArn(accounts.logArchive.id, accounts.logArchive.breakGlassRoleName),
    securityTopicName,
    securityTopicArn: topicArn(home, accounts.audit.id, securityTopicName),
    allConfigTopicName,
    allConfigTopicArn: topicArn(home, accounts.audit.id, allConfigTopicName),
    trailDeliveryRoleName: deliveryRoleName(trail.name),
    findingsRuleName: findingsRuleName(notifications.topicNamePrefix),
    findingsRuleArn: eventRuleArn(home, accounts.audit.id, findingsRuleName(notifications.topicNamePrefix)),
    queryResultsBucketName: queryResultsBucketName({ prefix: logArchive.bucketNamePrefix, accountId: accounts.audit.id, region: home }),
    logQueryReaderRoleArn: roleArn(accounts.audit.id, cfg.logQuery.readerRoleName),
  };
}
