export { OrganizationTrail } from './organization-trail';
export type { OrganizationTrailProps } from './organization-trail';
export { CloudTrailDelegatedAdmin } from './delegated-admin';
export type { CloudTrailDelegatedAdminProps } from './delegated-admin';
export type { DataEventScope, DataEventsProps, EventSelector } from './policies';
export * as organizationTrailPolicies from './policies';
export { deliveryRoleName, trailLogGroupName } from './names';
