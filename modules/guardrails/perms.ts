// perms are internal (not exported from the package): shared with other modules by direct import.
import * as logArchivePerms from '../log-archive/perms';

/** Named action lists the guardrail SCPs deny. */

/** Switching the organization trail off or narrowing what it records. */
export const TRAIL_TAMPER_ACTIONS = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
] as const;

/**
 * The SCP denies member accounts exactly what the log bucket and key policies deny inside the
 * log-archive account: one list each, owned by the log-archive module.
 */
export const LOG_BUCKET_TAMPER_ACTIONS = logArchivePerms.BUCKET_PROTECTION_ACTIONS;
/** Destroying log objects. */
export const LOG_OBJECT_DELETE_ACTIONS = logArchivePerms.LOG_DELETE_ACTIONS;
/** Disabling, deleting or re-policying the log key. */
export const LOG_KEY_TAMPER_ACTIONS = logArchivePerms.KEY_PROTECTION_ACTIONS;

/**
 * Stopping, deleting or reconfiguring AWS Config recording and delivery (a recorder can be put to
 * record nothing, a delivery channel pointed at another bucket).
 */
export const CONFIG_TAMPER_ACTIONS = [
  'config:StopConfigurationRecorder',
  'config:DeleteConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'config:PutConfigurationRecorder',
  'config:PutDeliveryChannel',
] as const;

/**
 * Disabling GuardDuty, leaving its administrator, narrowing what the organization auto-enables,
 * hiding findings with suppression filters, stopping the findings export, or changing the
 * delegated administrator.
 */
export const GUARDDUTY_TAMPER_ACTIONS = [
  'guardduty:DeleteDetector',
  'guardduty:UpdateDetector',
  'guardduty:DisassociateFromAdministratorAccount',
  'guardduty:DisassociateFromMasterAccount',
  'guardduty:StopMonitoringMembers',
  'guardduty:DeleteMembers',
  'guardduty:DisassociateMembers',
  'guardduty:UpdateOrganizationConfiguration',
  // Suppression filters archive findings before anyone sees them; publishing destinations export them.
  'guardduty:CreateFilter',
  'guardduty:UpdateFilter',
  'guardduty:DeletePublishingDestination',
  'guardduty:UpdatePublishingDestination',
  'guardduty:DisableOrganizationAdminAccount',
  'guardduty:EnableOrganizationAdminAccount',
] as const;

/**
 * Disabling Security Hub or leaving its administrator, deleting the finding aggregator, weakening
 * or detaching the central configuration, or changing the delegated administrator.
 */
export const SECURITYHUB_TAMPER_ACTIONS = [
  'securityhub:DisableSecurityHub',
  'securityhub:DisassociateFromAdministratorAccount',
  'securityhub:DisassociateFromMasterAccount',
  'securityhub:DeleteMembers',
  'securityhub:DisassociateMembers',
  'securityhub:DeleteFindingAggregator',
  'securityhub:UpdateFindingAggregator',
  'securityhub:UpdateOrganizationConfiguration',
  'securityhub:DeleteConfigurationPolicy',
  'securityhub:UpdateConfigurationPolicy',
  'securityhub:StartConfigurationPolicyDisassociation',
  'securityhub:BatchDisableStandards',
  'securityhub:DisableOrganizationAdminAccount',
  'securityhub:EnableOrganizationAdminAccount',
] as const;

/** Deleting an analyzer, or archiving its findings by rule. */
export const ACCESS_ANALYZER_TAMPER_ACTIONS = [
  'access-analyzer:DeleteAnalyzer',
  'access-analyzer:CreateArchiveRule',
  'access-analyzer:UpdateArchiveRule',
  'access-analyzer:ApplyArchiveRule',
] as const;

/** Changing the delegated administrator of any service through AWS Organizations. */
export const DELEGATED_ADMIN_TAMPER_ACTIONS = ['organizations:RegisterDelegatedAdministrator', 'organizations:DeregisterDelegatedAdministrator'] as const;

/**
 * Global services that must keep working outside the governed regions (their endpoints live in
 * us-east-1 or are global).
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html#example-scp-deny-region
 */
export const GLOBAL_SERVICE_ACTIONS = [
  'a4b:*',
  'access-analyzer:*',
  'account:*',
  'acm:*',
  'aws-marketplace-management:*',
  'aws-marketplace:*',
  'aws-portal:*',
  'budgets:*',
  'ce:*',
  'chime:*',
  'cloudfront:*',
  'config:*',
  'cur:*',
  'directconnect:*',
  'ec2:DescribeRegions',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeVpnGateways',
  'fms:*',
  'globalaccelerator:*',
  'health:*',
  'iam:*',
  'importexport:*',
  'kms:*',
  'mobileanalytics:*',
  'networkmanager:*',
  'organizations:*',
  'pricing:*',
  'route53:*',
  'route53domains:*',
  'route53-recovery-cluster:*',
  'route53-recovery-control-config:*',
  'route53-recovery-readiness:*',
  's3:GetAccountPublic*',
  's3:ListAllMyBuckets',
  's3:ListMultiRegionAccessPoints',
  's3:PutAccountPublic*',
  'shield:*',
  'sts:*',
  'support:*',
  'trustedadvisor:*',
  'waf-regional:*',
  'waf:*',
  'wafv2:*',
  'wellarchitected:*',
] as const;

/** Creating (squatting the name of), deleting, re-trusting or re-permissioning an IAM role. */
export const ROLE_TAMPER_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
] as const;
