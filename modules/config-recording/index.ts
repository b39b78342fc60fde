export { AccountConfigRecorder } from './account-recorder';
export type { AccountConfigRecorderProps } from './account-recorder';
export { ConfigNotificationTopic } from './config-topic';
export type { ConfigNotificationTopicProps } from './config-topic';
export { recorderName, recorderRoleArnPattern, recorderRoleName, recorderRoleNamePattern, recordingStackSetName } from './names';
export { configRecordingTemplate } from './template';
export type { RecordingSettings } from './template';
export * as configRecordingPolicies from './policies';
