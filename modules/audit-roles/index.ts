export { AuditRoles, memberExecutionRolesTemplate } from './audit-roles';
export type { AuditRoleNames, AuditRolePrincipals, AuditRolesProps } from './audit-roles';
export * as auditRolesPolicies from './policies';
export { auditExecutionRolesStackSetName } from './names';
