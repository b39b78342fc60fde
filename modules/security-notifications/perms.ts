/** Named action lists of the security-notifications capability. */

/** Publishing to a topic. */
export const PUBLISH_ACTIONS = ['sns:Publish'] as const;
/**
 * What a publisher needs of the topic key to publish to an encrypted topic.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
export const TOPIC_KEY_PUBLISH_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'] as const;
