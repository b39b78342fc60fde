/** The one home of the StackSet name of the member execution roles. */
export function auditExecutionRolesStackSetName(prefix: string): string {
  return `${prefix}-audit-execution-roles`;
}
