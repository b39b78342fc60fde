import { APP_RESOURCE_TYPE, Rule } from '../rule';
import { regionsMissing } from '../regions';

/** OSB-ORG3: GuardDuty auto-enables ALL members of the organization in every governed region. */
export const OSB_ORG3: Rule = {
  id: 'OSB-ORG3',
  title: 'GuardDuty is enabled for every account in every governed region',
  description:
    'GuardDuty analyses CloudTrail, VPC flow and DNS logs for threats; without it nobody reads the trail for compromise. ' +
    'Detectors are regional, and auto-enable "NEW" (or the deprecated auto_enable = true) leaves the existing accounts out.',
  help:
    'In every regional stack: the audit account as GuardDuty delegated administrator (aws_guardduty_organization_admin_account) and ' +
    'aws_guardduty_organization_configuration with auto_enable_organization_members = "ALL".',
  severity: 'medium',
  securityHubControl: 'GuardDuty.1',
  checkov: ['CKV2_AWS_3', 'CKV_AWS_238'],
  resourceTypes: [APP_RESOURCE_TYPE],
  evaluate(_app, context) {
    const missing = regionsMissing(context, (stack) =>
      context.resources('aws_guardduty_organization_configuration', stack).some((c) => c.config.auto_enable_organization_members === 'ALL'),
    );
    return missing.length === 0
      ? []
      : [{ message: `no aws_guardduty_organization_configuration auto-enabling ALL members in ${missing.join(', ')}` }];
  },
};
