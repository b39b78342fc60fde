import { CALLER_KEYS, isPublic, limitsAny, policiesOf, where } from '../policy';
import { Rule, Violation } from '../rule';

/** OSB-IAM1: no policy allows `*` (or uses NotPrincipal) without a condition that narrows the caller. */
export const OSB_IAM1: Rule = {
  id: 'OSB-IAM1',
  title: 'No Allow to "*" without a condition on the caller',
  description:
    'An Allow to Principal "*" is public unless a condition narrows who the caller is (aws:PrincipalOrgID, aws:SourceAccount, ' +
    'aws:PrincipalArn, ...). Conditions that do not (aws:SecureTransport, ...IfExists, negated operators) do not count. ' +
    'Checked in every policy, assume_role_policy and SCP/RCP content of every resource.',
  help: 'Name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceArn, aws:SourceAccount or aws:SourceOrgID.',
  severity: 'critical',
  checkov: ['CKV_AWS_70', 'CKV_AWS_33', 'CKV_AWS_169'],
  resourceTypes: ['*'],
  evaluate(resource) {
    const v: Violation[] = [];
    for (const arg of policiesOf(resource)) {
      for (const s of arg.statements ?? []) {
        if (s.effect === 'Allow' && isPublic(s) && !limitsAny(s, CALLER_KEYS)) {
          v.push({ message: `${where(arg, s)} allows ${s.actions.join(', ') || 'actions'} to ${s.hasNotPrincipal ? 'everyone but NotPrincipal' : '"*"'} without a condition on the caller` });
        }
      }
    }
    return v;
  },
};
