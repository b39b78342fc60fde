import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubConfigurationPolicy } from '@cdktf/provider-aws/lib/securityhub-configuration-policy';
import { SecurityhubConfigurationPolicyAssociation } from '@cdktf/provider-aws/lib/securityhub-configuration-policy-association';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubOrganizationAdminAccount } from '@cdktf/provider-aws/lib/securityhub-organization-admin-account';
import { SecurityhubOrganizationConfiguration } from '@cdktf/provider-aws/lib/securityhub-organization-configuration';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { isAccountId, ProviderRef, throwIfInvalid } from '../iam';
import { baselineStandardArns } from './standards';

/** A control the configuration policy disables, and why. */
export interface DisabledControl {
  /** Security Hub control ID, e.g. `IAM.6`. */
  readonly id: string;
  /** Why the control does not apply: at least 10 characters. */
  readonly reason: string;
  /** Last day (`YYYY-MM-DD`) the exception is meant to hold. @default - none */
  readonly expires?: string;
}

/** Shortest accepted reason for a disabled control. */
export const MIN_DISABLED_CONTROL_REASON = 10;

export interface SecurityHubOrganizationProps {
  /** Provider of the management account in the home region. */
  readonly managementProvider: ProviderRef;
  /** Provider of the delegated administrator (audit) account in the home region. */
  readonly auditProvider: ProviderRef;
  /** The delegated administrator (the audit account; never the management account). */
  readonly adminAccountId: string;
  /** The home region: aggregation, central configuration and the policy live here. */
  readonly homeRegion: string;
  /** Regions linked to the home region (every other governed region); may be empty. */
  readonly linkedRegions: readonly string[];
  /** Where the configuration policy is associated: `"root"` (looked up), root, OU or account IDs. */
  readonly policyTargets: readonly string[];
  /** Controls disabled by the policy, each with a reason. @default [] */
  readonly disabledControls?: readonly DisabledControl[];
  /** Name of the configuration policy. @default "baseline" */
  readonly policyName?: string;
  /** Must exist first (trusted access for securityhub.amazonaws.com). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Security Hub for the whole organization from the home region: the audit account enabled and
 * registered as delegated administrator, a finding aggregator linking every other governed
 * region, central configuration, and one configuration policy (FSBP and CIS v3.0, controls
 * disabled only with a reason) associated with the root or the configured OUs. Central
 * configuration needs the aggregator first, and the delegated administrator designated in the
 * home region, which Security Hub then sets in every linked region itself.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/start-central-configuration.html
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/securityhub_organization_configuration
 */
export class SecurityHubOrganization extends Construct {
  readonly account: SecurityhubAccount;
  readonly registration: SecurityhubOrganizationAdminAccount;
  readonly aggregator: SecurityhubFindingAggregator;
  readonly configuration: SecurityhubOrganizationConfiguration;
  readonly policy: SecurityhubConfigurationPolicy;
  readonly associations: readonly SecurityhubConfigurationPolicyAssociation[];
  /** The standards the policy enables. */
  readonly standardArns: readonly string[];

  constructor(scope: Construct, id: string, props: SecurityHubOrganizationProps) {
    super(scope, id);
    const disabled = props.disabledControls ?? [];
    const problems: string[] = [];
    if (!isAccountId(props.adminAccountId)) problems.push(`adminAccountId "${props.adminAccountId}" is not a 12-digit account ID`);
    if (props.linkedRegions.includes(props.homeRegion)) problems.push(`linkedRegions must not include the home region "${props.homeRegion}"`);
    if (props.policyTargets.length === 0) problems.push('policyTargets must name at least one root, OU or account');
    for (const c of disabled) {
      if (c.reason.trim().length < MIN_DISABLED_CONTROL_REASON) problems.push(`disabled control ${c.id} needs a reason of at least ${MIN_DISABLED_CONTROL_REASON} characters`);
    }
    const ids = disabled.map((c) => c.id);
    ids.filter((c, i) => ids.indexOf(c) !== i).forEach((c) => problems.push(`control ${c} is disabled twice`));
    throwIfInvalid('SecurityHubOrganization', this, problems);

    const audit = props.auditProvider;
    // Enabled in the audit account before the designation, so the designation finds it on and
    // the aggregator (which needs Security Hub on in its account) can follow.
    this.account = new SecurityhubAccount(this, 'admin_account', {
      provider: audit,
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
    });
    this.registration = new SecurityhubOrganizationAdminAccount(this, 'registration', {
      provider: props.managementProvider,
      adminAccountId: props.adminAccountId,
      dependsOn: [...(props.dependsOn ?? []), this.account],
    });
    this.aggregator = new SecurityhubFindingAggregator(this, 'aggregator', {
      provider: audit,
      // A home region without linked regions is allowed for central configuration.
      // https://docs.aws.amazon.com/securityhub/latest/userguide/aggregation-central-configuration.html
      linkingMode: props.linkedRegions.length > 0 ? 'SPECIFIED_REGIONS' : 'NO_REGIONS',
      specifiedRegions: props.linkedRegions.length > 0 ? [...props.linkedRegions] : undefined,
      dependsOn: [this.registration],
    });
    this.configuration = new SecurityhubOrganizationConfiguration(this, 'organization', {
      provider: audit,
      autoEnable: false,
      autoEnableStandards: 'NONE',
      organizationConfiguration: { configurationType: 'CENTRAL' },
      dependsOn: [this.aggregator],
    });
    this.standardArns = baselineStandardArns(props.homeRegion);
    this.policy = new SecurityhubConfigurationPolicy(this, 'policy', {
      provider: audit,
      name: props.policyName ?? 'baseline',
      description: `Security Hub on with ${this.standardArns.length} standards (FSBP, CIS v3.0)${disabled.length > 0 ? `; disabled: ${ids.join(', ')}` : ''}`,
      configurationPolicy: {
        serviceEnabled: true,
        enabledStandardArns: [...this.standardArns],
        securityControlsConfiguration: { disabledControlIdentifiers: [...ids] },
      },
      dependsOn: [this.configuration],
    });
    let rootId: string | undefined;
    this.associations = props.policyTargets.map((t) => {
      if (t === 'root') rootId ??= new DataAwsOrganizationsOrganization(this, 'organization_root', { provider: props.managementProvider }).roots.get(0).id;
      return new SecurityhubConfigurationPolicyAssociation(this, `association_${t.replace(/-/g, '_')}`, {
        provider: audit,
        policyId: this.policy.id,
        targetId: t === 'root' ? rootId! : t,
      });
    });
  }
}
