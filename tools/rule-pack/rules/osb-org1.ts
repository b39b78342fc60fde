import { APP_RESOURCE_TYPE, Rule } from '../rule';

/** OSB-ORG1: an organization-wide IAM Access Analyzer (external access) exists. */
export const OSB_ORG1: Rule = {
  id: 'OSB-ORG1',
  title: 'IAM Access Analyzer analyzes the whole organization',
  description:
    'An external-access analyzer of type ORGANIZATION flags any resource policy in any member account that shares with a ' +
    'principal outside the organization. Not part of this baseline yet, so its absence is reported as low.',
  help: 'Add an aws_accessanalyzer_analyzer with type = "ORGANIZATION" (in the audit account as delegated administrator).',
  severity: 'low',
  securityHubControl: 'IAM.28',
  trivy: ['AVD-AWS-0175'],
  resourceTypes: [APP_RESOURCE_TYPE],
  evaluate(_app, context) {
    const org = context.resources('aws_accessanalyzer_analyzer').some((a) => a.config.type === 'ORGANIZATION');
    return org ? [] : [{ message: 'no stack creates an aws_accessanalyzer_analyzer of type ORGANIZATION' }];
  },
};
