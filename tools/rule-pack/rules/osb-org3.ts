import { APP_RESOURCE_TYPE, Rule } from '../rule';
import { isFalse } from '../terraform';

/** OSB-ORG3: GuardDuty is enabled, with organization auto-enable or at least one enabled detector. */
export const OSB_ORG3: Rule = {
  id: 'OSB-ORG3',
  title: 'GuardDuty is enabled',
  description:
    'GuardDuty analyses CloudTrail, VPC flow and DNS logs for threats; without it nobody reads the trail for compromise. ' +
    'Not part of this baseline yet, so its absence is reported as low.',
  help:
    'Make the audit account GuardDuty delegated administrator (aws_guardduty_organization_admin_account) and auto-enable members ' +
    '(aws_guardduty_organization_configuration with auto_enable_organization_members = "ALL").',
  severity: 'low',
  securityHubControl: 'GuardDuty.1',
  checkov: ['CKV2_AWS_3', 'CKV_AWS_238'],
  resourceTypes: [APP_RESOURCE_TYPE],
  evaluate(_app, context) {
    const detector = context.resources('aws_guardduty_detector').some((d) => !isFalse(d.config.enable));
    const orgAuto = context
      .resources('aws_guardduty_organization_configuration')
      // "NEW" leaves the existing members without a detector; the deprecated auto_enable = true means "NEW" too.
      .some((c) => c.config.auto_enable_organization_members === 'ALL');
    return detector || orgAuto ? [] : [{ message: 'no stack creates an enabled aws_guardduty_detector or an auto-enabling aws_guardduty_organization_configuration' }];
  },
};
