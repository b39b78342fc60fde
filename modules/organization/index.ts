export { OrganizationTrustedAccess } from './trusted-access';
export type { OrganizationTrustedAccessProps } from './trusted-access';
