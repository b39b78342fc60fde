import { APP_RESOURCE_TYPE, Rule } from '../rule';
import { isTrue } from '../terraform';

/** True when a StackSet template deploys an AWS Config recorder (the O(1) way to cover member accounts). */
function stackSetRecorder(template: unknown): boolean {
  return typeof template === 'string' && template.includes('AWS::Config::ConfigurationRecorder');
}

/** OSB-ORG2: AWS Config records resources, either directly or through a StackSet for the members. */
export const OSB_ORG2: Rule = {
  id: 'OSB-ORG2',
  title: 'AWS Config records resource configurations',
  description:
    'Without a configuration recorder there is no resource inventory or history, and Security Hub cannot evaluate most of its ' +
    'controls. OSB-ORG4 checks that every governed region is covered; this rule only that recording exists at all.',
  help:
    'Add an aws_config_configuration_recorder with an enabled aws_config_configuration_recorder_status, or a service-managed ' +
    'aws_cloudformation_stack_set whose template creates AWS::Config::ConfigurationRecorder.',
  severity: 'low',
  securityHubControl: 'Config.1',
  checkov: ['CKV2_AWS_45'],
  resourceTypes: [APP_RESOURCE_TYPE],
  evaluate(_app, context) {
    const recorders = context.resources('aws_config_configuration_recorder');
    const enabled = context.resources('aws_config_configuration_recorder_status').some((s) => isTrue(s.config.is_enabled));
    const stackSet = context.resources('aws_cloudformation_stack_set').some((s) => stackSetRecorder(s.config.template_body));
    if (stackSet || (recorders.length > 0 && enabled)) return [];
    return [
      {
        message:
          recorders.length > 0
            ? 'an aws_config_configuration_recorder exists, but no aws_config_configuration_recorder_status has is_enabled = true'
            : 'no stack creates an AWS Config configuration recorder (directly or through a StackSet)',
      },
    ];
  },
};
