export { AccessAnalyzerDelegatedAdmin, OrganizationAccessAnalyzer, ACCESS_ANALYZER_PRINCIPAL } from './access-analyzer';
export type { AccessAnalyzerDelegatedAdminProps, OrganizationAccessAnalyzerProps, ArchiveRule, ArchiveRuleFilter } from './access-analyzer';
