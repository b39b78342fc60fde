export { SecurityHubOrganization, MIN_DISABLED_CONTROL_REASON } from './security-hub';
export type { SecurityHubOrganizationProps, DisabledControl } from './security-hub';
export { baselineStandardArns, fsbpStandardArn, cisV3StandardArn, partitionOf } from './standards';
