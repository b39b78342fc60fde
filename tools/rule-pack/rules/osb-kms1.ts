import { policiesOf, principalsOf, Statement, where } from '../policy';
import { Rule, Violation } from '../rule';

/** True when the statement grants every KMS action: `kms:*`, `*`, or an Allow with NotAction. */
function grantsAll(s: Statement): boolean {
  return s.effect === 'Allow' && (s.hasNotAction || s.actions.some((a) => a === 'kms:*' || a === '*'));
}

/** True when every principal of the statement is the root of `account` (any single account root when unknown). */
function onlyAccountRoot(s: Statement, account: string | undefined): boolean {
  if (s.hasNotPrincipal || principalsOf(s, 'Service').length > 0 || principalsOf(s, 'Federated').length > 0) return false;
  const aws = principalsOf(s, 'AWS');
  if (aws.length === 0) return false;
  const accounts = aws.map((p) => /^(?:arn:aws[\w-]*:iam::(\d{12}):root|(\d{12}))$/.exec(p)).map((m) => (m ? (m[1] ?? m[2]) : undefined));
  if (accounts.some((a) => a === undefined)) return false;
  return account === undefined ? new Set(accounts).size === 1 : accounts.every((a) => a === account);
}

/** OSB-KMS1: only the key account's root gets kms:* in a key policy. */
export const OSB_KMS1: Rule = {
  id: 'OSB-KMS1',
  title: "Only the key account's root is granted kms:*",
  description:
    "kms:* includes PutKeyPolicy and ScheduleKeyDeletion. Granted to the key account's root it only delegates to that account's " +
    'IAM policies (the AWS default); granted to a role, another account, a service or "*" it hands over the key itself.',
  help: "Grant named actions (kms:Decrypt, kms:GenerateDataKey*, ...) to anyone but the key account's root, e.g. with grantDecrypt-style statements in policies.ts.",
  severity: 'high',
  resourceTypes: ['aws_kms_key', 'aws_kms_key_policy'],
  evaluate(key, context) {
    const account = context.accountOf(key);
    const v: Violation[] = [];
    for (const arg of policiesOf(key)) {
      for (const s of arg.statements ?? []) {
        if (grantsAll(s) && !onlyAccountRoot(s, account)) {
          v.push({ message: `${where(arg, s)} grants ${s.hasNotAction ? 'everything but NotAction' : 'kms:*'} to ${JSON.stringify(s.principal ?? 'NotPrincipal')}, not only the root of ${account ?? 'the key account'}` });
        }
      }
    }
    return v;
  },
};
