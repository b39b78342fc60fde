import { accountRootArn, ConditionKeys, PolicyStatement, roleArn } from '../iam';
import { ASSUME_ROLE_ACTIONS, DATA_READ_ACTIONS, TRUST_ACTIONS } from './perms';

/** Pure statement builders for the audit roles and the member execution roles. */

/**
 * The IAM Identity Center role pattern of a permission set in an account. Identity Center roles
 * live under `aws-reserved/sso.amazonaws.com/` (with a region segment for some) and end in a
 * random suffix, so they are named by pattern, matched with `aws:PrincipalArn`.
 * @see https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
 */
export function permissionSetRolePattern(accountId: string, permissionSet: string): string {
  return roleArn(accountId, `aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_${permissionSet}_*`);
}

export interface AuditRoleTrustOptions {
  /** The audit account: every trusted principal must be in it or named exactly. */
  readonly accountId: string;
  /** ARN patterns of IAM Identity Center roles of the audit account. */
  readonly principalArnPatterns: readonly string[];
  /** Exact role ARNs. */
  readonly roleArns: readonly string[];
}

/**
 * An audit role is assumable only by the principals named in config: the accounts they live in
 * are the principals (never `*`), and `aws:PrincipalArn` narrows to the named roles, so another
 * role of the same account, a service, or anyone outside is refused.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export function auditRoleTrustStatements(o: AuditRoleTrustOptions): PolicyStatement[] {
  const arns = [...o.principalArnPatterns, ...o.roleArns];
  const accounts = [...new Set([o.accountId, ...o.roleArns.map((a) => a.split(':')[4])])].sort();
  return [
    {
      sid: 'AllowNamedPrincipals',
      effect: 'Allow',
      principals: { aws: accounts.map(accountRootArn) },
      actions: TRUST_ACTIONS,
      conditions: { ArnLike: { [ConditionKeys.PrincipalArn]: arns } },
    },
  ];
}

/**
 * A member execution role trusts exactly one principal: the matching audit role, by its ARN.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
export function memberRoleTrustStatements(auditRoleArn: string): PolicyStatement[] {
  return [{ sid: 'AllowAuditRole', effect: 'Allow', principals: { aws: [auditRoleArn] }, actions: TRUST_ACTIONS }];
}

/**
 * An audit role may assume its member execution role (and only that one) in any account; the
 * member role's trust policy, which names this audit role alone, decides where it works.
 */
export function assumeMemberRoleStatements(o: { readonly memberRoleName: string }): PolicyStatement[] {
  return [{ sid: 'AssumeMemberExecutionRole', effect: 'Allow', actions: ASSUME_ROLE_ACTIONS, resources: [roleArn('*', o.memberRoleName)] }];
}

/** Read-only means configuration, not data: explicit denies on reading secrets and stored data. */
export function denyDataReadStatements(): PolicyStatement[] {
  return [{ sid: 'DenyDataReads', effect: 'Deny', actions: DATA_READ_ACTIONS, resources: ['*'] }];
}
