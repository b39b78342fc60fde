/**
 * The package's root entry: every construct with its props and grant option types, the modules'
 * name functions, the policy document model, and the baseline's stacks. Internals (action lists
 * in `perms`, provider and backend helpers) are not exported.
 */
export * from './modules/audit-roles';
export * from './modules/cis-monitoring';
export * from './modules/config-aggregator';
export * from './modules/config-recording';
export * from './modules/guardrails';
export * from './modules/hcp-terraform';
export * from './modules/iam';
export * from './modules/log-archive';
export * from './modules/log-query';
export * from './modules/organization';
export * from './modules/organization-trail';
export * from './modules/security-notifications';
export * from './modules/stack-sets';
export * from './stacks';
export { loadConfig, parseConfig, ConfigError } from './config/load';
export { validateConfig } from './config/schema';
export type { BaselineConfig, BaselineConfigInput, ConfigIssue } from './config/schema';
