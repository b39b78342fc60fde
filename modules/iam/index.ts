export * from './policy-document';
export * from './arn';
export * from './statements';
export type { ProviderRef } from './provider';
export { ValidationError, throwIfInvalid } from './validation';
