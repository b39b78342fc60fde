/**
 * The names the findings routing derives. Free of cdktf imports, so the stacks' shared names
 * (and configuration validation) can call it without loading the provider classes.
 */

/** `<topicNamePrefix>-security-findings`: the one findings rule, on the default bus of the home region. */
export function findingsRuleName(topicNamePrefix: string): string {
  return `${topicNamePrefix}-security-findings`;
}

/** `arn:aws:events:<region>:<account>:rule/<name>`: a rule on the default bus, known before it exists. */
export function eventRuleArn(region: string, accountId: string, ruleName: string): string {
  return `arn:aws:events:${region}:${accountId}:rule/${ruleName}`;
}
