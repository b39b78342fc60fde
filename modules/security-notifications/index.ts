export { SecurityNotifications } from './security-notifications';
export type { SecurityNotificationsProps, SecurityTopic } from './security-notifications';
export * as securityNotificationsPolicies from './policies';
