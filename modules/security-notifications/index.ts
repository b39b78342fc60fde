export { SecurityNotifications } from './security-notifications';
export type { SecurityNotificationsProps, SecurityTopic } from './security-notifications';
export * as securityNotificationsPolicies from './policies';
export { allConfigTopicName, notificationsKeyAlias, securityTopicName } from './names';
export type { PublisherScope, TopicPolicyOptions } from './policies';
