import { providerRegions, regionOf, stackSetTemplate, templateResources } from '../config-coverage';
import { APP_RESOURCE_TYPE, Rule } from '../rule';
import { isTrue, str } from '../terraform';

/**
 * OSB-ORG4: in every governed region, AWS Config records the management account (its own
 * recorder, enabled) and the member accounts (a service-managed StackSet with automatic
 * deployment and a recorder in its template, with an instance in that region).
 */
export const OSB_ORG4: Rule = {
  id: 'OSB-ORG4',
  title: 'AWS Config records every account in every governed region',
  description:
    'A region without a recorder is a region where changes leave no configuration history; service-managed StackSets never reach ' +
    'the management account, so it needs its own recorder. Governed regions are the regions of the stacks\' AWS providers.',
  help: 'Keep awsConfig.enabled on: every regional stack then holds the management recorder and the member StackSet of its region.',
  severity: 'high',
  securityHubControl: 'Config.1',
  checkov: ['CKV2_AWS_45'],
  resourceTypes: [APP_RESOURCE_TYPE],
  evaluate(_app, context) {
    const regions = providerRegions(context.stacks);
    const enabledRecorders = new Set(
      context
        .resources('aws_config_configuration_recorder_status')
        .filter((s) => isTrue(s.config.is_enabled))
        .map((s) => regionOf(s, context.stacks)),
    );
    const memberStackSets = context
      .resources('aws_cloudformation_stack_set')
      .filter(
        (s) =>
          s.config.permission_model === 'SERVICE_MANAGED' &&
          [s.config.auto_deployment].flat().some((a) => a && isTrue((a as Record<string, unknown>).enabled)) &&
          templateResources(stackSetTemplate(s), 'AWS::Config::ConfigurationRecorder').length > 0,
      );
    const memberRegions = new Set(
      context
        .resources('aws_cloudformation_stack_set_instance')
        .filter((i) => memberStackSets.some((s) => str(i.config.stack_set_name)?.includes(`aws_cloudformation_stack_set.${s.logicalId}.`) && i.stack === s.stack))
        .map((i) => str(i.config.region) ?? regionOf(i, context.stacks)),
    );
    const v = [];
    for (const r of regions) {
      if (!enabledRecorders.has(r)) v.push({ message: `${r}: no enabled aws_config_configuration_recorder_status for the management account's recorder` });
      if (!memberRegions.has(r)) v.push({ message: `${r}: no service-managed StackSet instance deploys an AWS Config recorder to the member accounts` });
    }
    return v;
  },
};
