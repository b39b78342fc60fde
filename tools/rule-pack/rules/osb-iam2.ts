import { limitsAny, policiesOf, principalsOf, SOURCE_KEYS, where } from '../policy';
import { Rule, Violation } from '../rule';
import { documentsNoSourceKey } from '../service-condition-keys';

/** OSB-IAM2: every Allow to a service principal names the resource, account or organization the service acts for. */
export const OSB_IAM2: Rule = {
  id: 'OSB-IAM2',
  title: 'Service principals are bound to a source (confused deputy)',
  description:
    'An Allow to a service principal such as cloudtrail.amazonaws.com without aws:SourceArn, aws:SourceAccount or aws:SourceOrgID ' +
    "lets that service act for any customer's resource: another account's trail could write into our bucket or use our key.",
  help:
    "Add aws:SourceArn (the trail's ARN, derived at plan time), aws:SourceAccount or aws:SourceOrgID to the statement's condition. " +
    'A service and action for which AWS documents no source key (CloudTrail assuming its CloudWatch Logs role, EventBridge using an SNS topic key) ' +
    'is accepted when tools/rule-pack/service-condition-keys.ts says so, citing the page; OSB-IAM4 checks the keys used there.',
  severity: 'high',
  resourceTypes: ['*'],
  evaluate(resource) {
    const v: Violation[] = [];
    for (const arg of policiesOf(resource)) {
      for (const s of arg.statements ?? []) {
        const services = principalsOf(s, 'Service');
        if (s.effect === 'Allow' && services.length > 0 && !limitsAny(s, SOURCE_KEYS) && !documentsNoSourceKey(services, s.actions)) {
          v.push({ message: `${where(arg, s)} allows ${services.join(', ')} without aws:SourceArn, aws:SourceAccount or aws:SourceOrgID` });
        }
      }
    }
    return v;
  },
};
