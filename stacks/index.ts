export { buildApp } from './app';
export type { BaselineStacks } from './app';
export { LogArchiveStack } from './log-archive-stack';
export type { BaselineStackProps } from './log-archive-stack';
export { AuditStack } from './audit-stack';
export { ManagementStack, BASELINE_SERVICE_PRINCIPALS, guardrailDocuments } from './management-stack';
export { baselineNames } from './names';
export type { BaselineNames } from './names';
export * from './outputs';
export { STACK_NAMES, workspaceName, regionalStackName, stackNames } from './backend';
export type { StackName, AccountStackName, RegionalStackName } from './backend';
export { RegionalSecurityStack } from './regional-stack';
export type { RegionalSecurityStackProps } from './regional-stack';
export type { AccountRole } from './providers';
// Provider and backend helpers (providerFor, configureBackend, outputsOf, ...) are internal:
// stacks of one's own create their providers and backends with cdktf directly.
export { HcpBootstrapStack, stackDeployments, bootstrapStackName } from './hcp-bootstrap-stack';
export type { StackDeployments } from './hcp-bootstrap-stack';
