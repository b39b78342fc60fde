import { APP_RESOURCE_TYPE, Rule } from '../rule';
import { regionsMissing } from '../regions';

/** OSB-ORG1: an organization-wide IAM Access Analyzer (external access) exists in every governed region. */
export const OSB_ORG1: Rule = {
  id: 'OSB-ORG1',
  title: 'IAM Access Analyzer analyzes the whole organization in every governed region',
  description:
    'An external-access analyzer of type ORGANIZATION flags any resource policy in any member account that shares with a ' +
    'principal outside the organization. Analyzers are regional: a region without one is not analyzed.',
  help: 'Add an aws_accessanalyzer_analyzer with type = "ORGANIZATION" to every regional stack (the audit account as delegated administrator).',
  severity: 'medium',
  securityHubControl: 'IAM.28',
  trivy: ['AVD-AWS-0175'],
  resourceTypes: [APP_RESOURCE_TYPE],
  evaluate(_app, context) {
    const missing = regionsMissing(context, (stack) => context.resources('aws_accessanalyzer_analyzer', stack).some((a) => a.config.type === 'ORGANIZATION'));
    return missing.length === 0 ? [] : [{ message: `no aws_accessanalyzer_analyzer of type ORGANIZATION in ${missing.join(', ')}` }];
  },
};
