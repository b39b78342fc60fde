/** The one home of the organization aggregator's name (and its role's, `<name>-role`). */
export function organizationAggregatorName(prefix: string): string {
  return `${prefix}-organization`;
}
