import { Rule, Violation } from '../rule';
import { isTrue } from '../terraform';
import { s3DataEventGaps } from '../trails';

/** OSB-CT8: a multi-region trail records S3 object-level read events of every bucket. */
export const OSB_CT8: Rule = {
  id: 'OSB-CT8',
  title: 'Trail records S3 object-level read events',
  description:
    'GetObject is a data event, off by default. Without read events nobody can tell which objects were read during an ' +
    'incident (CIS 3.9). Read events are usually far more numerous than writes, so they cost more.',
  help: 'Set trail.dataEvents.s3 to "all" in the configuration.',
  severity: 'medium',
  securityHubControl: 'S3.23',
  trivy: ['AVD-AWS-0172'],
  resourceTypes: ['aws_cloudtrail'],
  evaluate(trail, context) {
    const v: Violation[] = s3DataEventGaps(trail, 'read', context).map((message) => ({ message }));
    if (v.length === 0 && !isTrue(trail.config.is_multi_region_trail)) v.push({ message: 'records S3 read data events, but only in its own region' });
    return v;
  },
};
