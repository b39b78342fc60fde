/**
 * The names the security notifications derive from a prefix: the one place each is spelled, for
 * the construct, the stacks and the configuration's rules alike. Free of cdktf imports, so
 * configuration validation can call it without loading the provider classes.
 */

/** Topic prefix used when none is given. */
export const DEFAULT_TOPIC_NAME_PREFIX = 'org';

/** `<prefix>-AggregateSecurityNotifications`: findings and alarms that people must see (seed 002). */
export function securityTopicName(prefix: string = DEFAULT_TOPIC_NAME_PREFIX): string {
  return `${prefix}-AggregateSecurityNotifications`;
}

/** `<prefix>-AllConfigNotifications`: every AWS Config change (seed 002). */
export function allConfigTopicName(prefix: string = DEFAULT_TOPIC_NAME_PREFIX): string {
  return `${prefix}-AllConfigNotifications`;
}

/** `alias/<prefix>-security-notifications`: the alias of the topics' KMS key. */
export function notificationsKeyAlias(prefix: string = DEFAULT_TOPIC_NAME_PREFIX): string {
  return `alias/${prefix}-security-notifications`;
}

/**
 * The construct-ID suffix of an e-mail subscription: the address lower-cased with every character
 * but letters and digits replaced by `_`. IDs come from the address, not its list position, so
 * reordering the list changes nothing; two addresses with the same suffix (`a.b@x`, `a_b@x`)
 * cannot both be subscribed, which the configuration rejects.
 */
export function subscriptionIdSuffix(email: string): string {
  return email.toLowerCase().replace(/[^a-z0-9]/g, '_');
}
