import { ConfigConfigurationAggregator } from '@cdktf/provider-aws/lib/config-configuration-aggregator';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ConditionKeys, PolicyStatement, ProviderRef, renderTrustPolicy, throwIfInvalid } from '../iam';
import { AGGREGATOR_MANAGED_POLICY, CONFIG_DELEGATED_ADMIN_PRINCIPALS } from './perms';

export interface OrganizationConfigAggregatorProps {
  /** Provider of the delegated administrator (audit) account in the home region. */
  readonly provider: ProviderRef;
  /** The audit account ID. */
  readonly accountId: string;
  /** Aggregator name; the role is `<name>-role`. */
  readonly name: string;
  /** Regions to aggregate: the governed regions, never "all regions". */
  readonly regions: readonly string[];
  /** Must exist first (the delegated-administrator registration). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The aggregator's role may be assumed only by AWS Config acting for the audit account.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html#iam-trust-policy
 */
export function aggregatorTrustStatements(accountId: string): PolicyStatement[] {
  return [
    {
      sid: 'AllowConfigForAuditAccount',
      effect: 'Allow',
      principals: { service: ['config.amazonaws.com'] },
      actions: ['sts:AssumeRole'],
      conditions: { StringEquals: { [ConditionKeys.SourceAccount]: [accountId] } },
    },
  ];
}

/**
 * An organization aggregator in the delegated administrator account: every account of the
 * organization, in the governed regions only, through a role with `AWSConfigRoleForOrganizations`.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-cli.html
 */
export class OrganizationConfigAggregator extends Construct {
  readonly aggregator: ConfigConfigurationAggregator;
  readonly role: IamRole;
  readonly trustStatements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: OrganizationConfigAggregatorProps) {
    super(scope, id);
    throwIfInvalid('OrganizationConfigAggregator', this, props.regions.length === 0 ? ['regions: name at least one region (the governed regions)'] : []);
    this.trustStatements = aggregatorTrustStatements(props.accountId);
    this.role = new IamRole(this, 'role', {
      provider: props.provider,
      name: `${props.name}-role`,
      description: 'AWS Config organization aggregator',
      assumeRolePolicy: renderTrustPolicy(this.trustStatements),
    });
    const attachment = new IamRolePolicyAttachment(this, 'policy', { provider: props.provider, role: this.role.name, policyArn: AGGREGATOR_MANAGED_POLICY });
    this.aggregator = new ConfigConfigurationAggregator(this, 'aggregator', {
      provider: props.provider,
      name: props.name,
      organizationAggregationSource: { allRegions: false, regions: [...props.regions], roleArn: this.role.arn },
      dependsOn: [attachment, ...(props.dependsOn ?? [])],
    });
  }
}

export interface ConfigDelegatedAdminProps {
  /** Provider of the management account. */
  readonly provider: ProviderRef;
  /** The account to register (the audit account). */
  readonly accountId: string;
  /** Must exist first (trusted access for the Config principals). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Registers the audit account as delegated administrator of AWS Config for the organization:
 * the aggregator, and organization rules and conformance packs.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/aggregated-register-delegated-administrator.html
 */
export class ConfigDelegatedAdmin extends Construct {
  readonly registrations: readonly OrganizationsDelegatedAdministrator[];

  constructor(scope: Construct, id: string, props: ConfigDelegatedAdminProps) {
    super(scope, id);
    const dependsOn = props.dependsOn?.length ? [...props.dependsOn] : undefined;
    this.registrations = CONFIG_DELEGATED_ADMIN_PRINCIPALS.map(
      (servicePrincipal) =>
        new OrganizationsDelegatedAdministrator(this, servicePrincipal.split('.')[0].replace(/-/g, '_'), {
          provider: props.provider,
          accountId: props.accountId,
          servicePrincipal,
          dependsOn,
        }),
    );
  }
}
