import { APP_RESOURCE_TYPE, Rule } from '../rule';
import { asList, isTrue } from '../terraform';

const FSBP = /:securityhub:[a-z0-9-]+::standards\/aws-foundational-security-best-practices\/v\/1\.0\.0$/;
const CIS3 = /:securityhub:[a-z0-9-]+::standards\/cis-aws-foundations-benchmark\/v\/3\.0\.0$/;

/** OSB-SH1: Security Hub is centrally configured with FSBP and CIS v3.0 enabled for the organization. */
export const OSB_SH1: Rule = {
  id: 'OSB-SH1',
  title: 'Security Hub standards are on for the organization (central configuration)',
  description:
    'Security Hub checks every account against AWS Foundational Security Best Practices and the CIS AWS Foundations Benchmark ' +
    'v3.0 and aggregates GuardDuty and Access Analyzer findings. With central configuration, one policy associated with the root ' +
    'or OUs keeps it on in every account and linked region; without it, each account decides for itself.',
  help:
    'Make the audit account Security Hub delegated administrator, add a finding aggregator, an aws_securityhub_organization_configuration ' +
    'with configuration_type = "CENTRAL", and an associated aws_securityhub_configuration_policy with service_enabled = true and both standards.',
  severity: 'medium',
  securityHubControl: 'SecurityHub.1',
  resourceTypes: [APP_RESOURCE_TYPE],
  evaluate(_app, context) {
    const problems: string[] = [];
    const central = context
      .resources('aws_securityhub_organization_configuration')
      .some((c) => asList<Record<string, unknown>>(c.config.organization_configuration).some((o) => o.configuration_type === 'CENTRAL'));
    if (!central) problems.push('no aws_securityhub_organization_configuration with configuration_type CENTRAL');
    const policies = context.resources('aws_securityhub_configuration_policy').filter((p) =>
      asList<Record<string, unknown>>(p.config.configuration_policy).some((c) => {
        const arns = asList<string>(c.enabled_standard_arns);
        return isTrue(c.service_enabled) && arns.some((a) => FSBP.test(a)) && arns.some((a) => CIS3.test(a));
      }),
    );
    if (policies.length === 0) problems.push('no aws_securityhub_configuration_policy with Security Hub on, FSBP v1.0.0 and CIS v3.0.0 enabled');
    else if (context.resources('aws_securityhub_configuration_policy_association').length === 0) problems.push('the configuration policy is not associated with any target');
    return problems.map((message) => ({ message }));
  },
};
