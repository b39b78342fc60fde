export { aggregatorTrustStatements, ConfigDelegatedAdmin, OrganizationConfigAggregator } from './config-aggregator';
export type { ConfigDelegatedAdminProps, OrganizationConfigAggregatorProps } from './config-aggregator';
export { AGGREGATOR_MANAGED_POLICY, CONFIG_DELEGATED_ADMIN_PRINCIPALS } from './perms';
export { organizationAggregatorName } from './names';
