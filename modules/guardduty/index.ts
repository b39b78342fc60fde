export { GuardDutyDelegatedAdmin, GuardDutyOrganization, detectorArnPattern } from './guardduty';
export type { GuardDutyDelegatedAdminProps, GuardDutyOrganizationProps, FindingPublishingFrequency } from './guardduty';
export { GUARDDUTY_FEATURES, RUNTIME_MONITORING_AGENTS } from './features';
export type { GuardDutyFeatureKey, GuardDutyFeatureInfo, GuardDutyFeatureSwitches } from './features';
export * as guardDutyPerms from './perms';
