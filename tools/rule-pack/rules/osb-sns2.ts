import { CALLER_KEYS, isPublic, limitsAny, policiesOf, where } from '../policy';
import { Rule, Violation } from '../rule';

/** OSB-SNS2: no topic policy lets anyone (`*`) act on the topic without a condition on the caller. */
export const OSB_SNS2: Rule = {
  id: 'OSB-SNS2',
  title: 'SNS topic policy does not allow public access',
  description:
    'A topic policy that allows "*" without a condition on the caller (organization, account, source) lets anyone publish ' +
    'fake alerts or subscribe to real ones.',
  help: 'Limit Allow statements to "*" with aws:PrincipalOrgID, aws:SourceOrgID, aws:SourceAccount or aws:SourceArn, or name the principals.',
  severity: 'critical',
  securityHubControl: 'SNS.4',
  checkov: ['CKV_AWS_169'],
  resourceTypes: ['aws_sns_topic_policy', 'aws_sns_topic'],
  evaluate(topic) {
    const v: Violation[] = [];
    for (const arg of policiesOf(topic)) {
      for (const s of arg.statements ?? []) {
        if (s.effect === 'Allow' && isPublic(s) && !limitsAny(s, CALLER_KEYS)) {
          v.push({ message: `${where(arg, s)} allows ${s.actions.join(', ') || 'actions'} to "*" without a condition on the caller` });
        }
      }
    }
    return v;
  },
};
