import { Rule, Violation } from '../rule';
import { isTrue } from '../terraform';
import { s3DataEventGaps } from '../trails';

/** OSB-CT7: a multi-region trail records S3 object-level write events of every bucket. */
export const OSB_CT7: Rule = {
  id: 'OSB-CT7',
  title: 'Trail records S3 object-level write events',
  description:
    'PutObject, DeleteObject and the like are data events, off by default. Without them an S3 exfiltration or ransomware ' +
    'deletion leaves no trace in the trail (CIS 3.8).',
  help: 'Keep trail.dataEvents.s3 at "write" (the default) or "all" in the configuration.',
  severity: 'medium',
  securityHubControl: 'S3.22',
  trivy: ['AVD-AWS-0171'],
  resourceTypes: ['aws_cloudtrail'],
  evaluate(trail, context) {
    const v: Violation[] = s3DataEventGaps(trail, 'write', context).map((message) => ({ message }));
    if (v.length === 0 && !isTrue(trail.config.is_multi_region_trail)) v.push({ message: 'records S3 write data events, but only in its own region' });
    return v;
  },
};
