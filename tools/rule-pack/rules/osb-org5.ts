import { providerRegions } from '../config-coverage';
import { APP_RESOURCE_TYPE, Rule } from '../rule';
import { blocks, isTrue } from '../terraform';

/** OSB-ORG5: an organization aggregator collects AWS Config data of every governed region. */
export const OSB_ORG5: Rule = {
  id: 'OSB-ORG5',
  title: 'The organization Config aggregator covers every governed region',
  description:
    'The aggregator is where the audit account sees the configuration of the whole organization; a governed region missing from ' +
    'it is recorded but never looked at. Governed regions are the regions of the stacks\' AWS providers.',
  help: 'Keep awsConfig.enabled on: the home regional stack holds an aws_config_configuration_aggregator over organization.governedRegions.',
  severity: 'medium',
  resourceTypes: [APP_RESOURCE_TYPE],
  evaluate(_app, context) {
    const regions = providerRegions(context.stacks);
    const sources = context.resources('aws_config_configuration_aggregator').flatMap((a) => blocks(a.config.organization_aggregation_source));
    if (sources.length === 0) return [{ message: 'no aws_config_configuration_aggregator aggregates the organization' }];
    const covered = (r: string) => sources.some((s) => isTrue(s.all_regions) || (Array.isArray(s.regions) && s.regions.includes(r)));
    const missing = regions.filter((r) => !covered(r));
    return missing.length === 0 ? [] : [{ message: `the organization aggregator does not cover ${missing.join(', ')}` }];
  },
};
