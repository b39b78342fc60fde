import { Rule, Violation } from '../rule';
import { isFalse, isTrue, show } from '../terraform';
import { managementEventGaps } from '../trails';

/** OSB-CT1: every trail is multi-region, logging, with global service events and all management events. */
export const OSB_CT1: Rule = {
  id: 'OSB-CT1',
  title: 'Trail is multi-region and records all management events',
  description:
    'A trail that covers one region, skips global services or records only some management events leaves API activity unrecorded, ' +
    'typically in the regions nobody watches.',
  help:
    'Set is_multi_region_trail = true, include_global_service_events = true, enable_logging = true, and record eventCategory = Management ' +
    'without readOnly or eventSource filters (OrganizationTrail does all of this by default).',
  severity: 'high',
  securityHubControl: 'CloudTrail.1',
  checkov: ['CKV_AWS_67'],
  trivy: ['AVD-AWS-0014'],
  resourceTypes: ['aws_cloudtrail'],
  evaluate(trail) {
    const v: Violation[] = [];
    const c = trail.config;
    if (!isTrue(c.is_multi_region_trail)) v.push({ message: `is_multi_region_trail is ${show(c.is_multi_region_trail)}, not true` });
    if (isFalse(c.include_global_service_events)) v.push({ message: 'include_global_service_events is false' });
    if (isFalse(c.enable_logging)) v.push({ message: 'enable_logging is false: the trail records nothing' });
    for (const gap of managementEventGaps(trail)) v.push({ message: gap });
    return v;
  },
};
