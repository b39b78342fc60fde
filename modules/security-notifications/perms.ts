/** Named action lists of the security-notifications capability. */

/** Publishing to a topic. */
export const PUBLISH_ACTIONS = ['sns:Publish'] as const;
/** What a publisher needs of the topic key to publish to an encrypted topic. */
export const TOPIC_KEY_PUBLISH_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'] as const;
/** Services that publish security findings and alarms. */
export const DEFAULT_PUBLISHING_SERVICES = ['cloudwatch.amazonaws.com', 'config.amazonaws.com', 'events.amazonaws.com'] as const;
