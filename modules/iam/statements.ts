import { PolicyStatement } from './policy-document';

/** Condition keys used across modules, named once. */
export const ConditionKeys = {
  SourceArn: 'aws:SourceArn',
  SourceAccount: 'aws:SourceAccount',
  SourceOrgId: 'aws:SourceOrgID',
  PrincipalOrgId: 'aws:PrincipalOrgID',
  PrincipalArn: 'aws:PrincipalArn',
  SecureTransport: 'aws:SecureTransport',
} as const;

/**
 * Denies every request that does not use TLS, to everyone.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
 */
export function denyInsecureTransport(sid: string, actions: readonly string[], resources: readonly string[]): PolicyStatement {
  return {
    sid,
    effect: 'Deny',
    principals: '*',
    actions,
    resources,
    conditions: { Bool: { [ConditionKeys.SecureTransport]: ['false'] } },
  };
}
