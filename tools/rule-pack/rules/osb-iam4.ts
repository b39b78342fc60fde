import { policiesOf, principalsOf, where } from '../policy';
import { Rule, Violation } from '../rule';
import { rowsFor, SERVICE_CONDITION_KEYS } from '../service-condition-keys';

/**
 * OSB-IAM4: every condition key on a service-principal Allow is one AWS documents that service as
 * sending for those actions (table: tools/rule-pack/service-condition-keys.ts, each row citing its page).
 */
export const OSB_IAM4: Rule = {
  id: 'OSB-IAM4',
  title: 'Service principals are conditioned only on keys AWS documents them as sending',
  description:
    'A condition on a key the service does not send never matches: the Allow silently grants nothing and delivery stops ' +
    '(CloudTrail assuming its CloudWatch Logs role with aws:SourceArn, EventBridge using a topic key with aws:SourceOrgID). ' +
    'Every (service principal, action) of an Allow must have a row in the documented-keys table, and every condition key must be in that row.',
  help:
    'Use only the keys of the row for that service and action in tools/rule-pack/service-condition-keys.ts; for a service or action ' +
    'without a row, add one with the AWS documentation page that shows its policy, listing only the keys that page documents.',
  severity: 'high',
  resourceTypes: ['*'],
  evaluate(resource) {
    const v: Violation[] = [];
    for (const arg of policiesOf(resource)) {
      for (const s of arg.statements ?? []) {
        const services = principalsOf(s, 'Service');
        if (s.effect !== 'Allow' || services.length === 0) continue;
        const keys = Object.values(s.conditions).flatMap((byKey) => Object.keys(byKey));
        for (const service of services) {
          for (const action of s.hasNotAction ? ['*'] : s.actions) {
            const rows = rowsFor(service, action, SERVICE_CONDITION_KEYS);
            if (rows.length === 0) {
              v.push({ message: `${where(arg, s)} allows ${service} ${action}, which has no documented row: add one with its AWS page` });
              continue;
            }
            const documented = new Set(rows.flatMap((r) => [...r.sourceKeys, ...r.requestKeys]).map((k) => k.toLowerCase()));
            for (const key of keys) {
              if (!documented.has(key.toLowerCase())) {
                v.push({
                  message: `${where(arg, s)} conditions ${service} ${action} on ${key}, which AWS does not document that service as sending (${rows[0].docs[0]})`,
                });
              }
            }
          }
        }
      }
    }
    return v;
  },
};
