import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BaselineConfig } from '../config/schema';
import { OrganizationAccessAnalyzer } from '../modules/access-analyzer';
import { FindingsRouting } from '../modules/findings-routing';
import { GuardDutyDelegatedAdmin, GuardDutyOrganization } from '../modules/guardduty';
import { SecurityHubOrganization } from '../modules/security-hub';
import { configureBackend, regionalStackName, RegionalStackName, remoteStateOf } from './backend';
import { baselineNames } from './names';
import { LOG_ARCHIVE_OUTPUTS, readOutput } from './outputs';
import { providerFor } from './providers';

/** Props of {@link RegionalSecurityStack}. */
export interface RegionalSecurityStackProps {
  /** The validated configuration. */
  readonly config: BaselineConfig;
  /** The governed region this stack deploys into. */
  readonly region: string;
}

/** Name of the organization external-access analyzer in every governed region. */
export function accessAnalyzerName(cfg: BaselineConfig): string {
  return `${cfg.notifications.topicNamePrefix}-organization`;
}

/**
 * What AWS makes regional, for one governed region: at most two AWS provider configurations
 * (the management and the audit account, both in this region), whatever the number of regions,
 * because each provider configuration is a plugin process of about 0.45 GB in every plan.
 * Regions fan out as stacks (one state or HCP Terraform workspace each), never as aliases.
 * Deployed after the three account stacks, whose outputs it may read through remote state.
 *
 * In every governed region: GuardDuty (the audit account as delegated administrator, its
 * detector, ALL members auto-enabled with the configured protection plans, findings exported to
 * the log archive) and the organization external-access analyzer. In the home region only:
 * Security Hub's delegated administrator, finding aggregator, central configuration and policy,
 * the optional unused-access analyzer, and the one findings rule to the security topic.
 */
export class RegionalSecurityStack extends TerraformStack {
  /** The governed region of this stack. */
  readonly region: string;
  /** Whether this is the organization's home region. */
  readonly isHomeRegion: boolean;
  readonly guardDuty?: { readonly admin: GuardDutyDelegatedAdmin; readonly organization: GuardDutyOrganization };
  readonly accessAnalyzer?: OrganizationAccessAnalyzer;
  readonly securityHub?: SecurityHubOrganization;
  readonly findings?: FindingsRouting;
  private readonly config: BaselineConfig;

  constructor(scope: Construct, id: RegionalStackName, props: RegionalSecurityStackProps) {
    if (id !== regionalStackName(props.region)) throw new Error(`regional stack id "${id}" must be "${regionalStackName(props.region)}"`);
    super(scope, id);
    this.region = props.region;
    this.config = props.config;
    const cfg = props.config;
    const org = cfg.organization;
    this.isHomeRegion = props.region === org.homeRegion;
    configureBackend(this, id, cfg.backend);
    const names = baselineNames(cfg);
    const auditId = cfg.accounts.audit.id;

    if (cfg.guardDuty.enabled) {
      const gd = cfg.guardDuty;
      const { runtimeMonitoringAgentManagement, ...features } = gd.features;
      const organization = new GuardDutyOrganization(this, 'guardduty', {
        provider: this.auditProvider,
        findingPublishingFrequency: gd.findingPublishingFrequency,
        features,
        runtimeMonitoringAgentManagement,
        export: {
          bucketName: names.logBucketName,
          keyPrefix: gd.exportKeyPrefix,
          kmsKeyArn: readOutput(remoteStateOf(this, 'log-archive', cfg.backend), LOG_ARCHIVE_OUTPUTS.logKeyArn),
        },
      });
      const admin = new GuardDutyDelegatedAdmin(this, 'guardduty_admin', {
        provider: this.managementProvider,
        adminAccountId: auditId,
        enableInManagementAccount: gd.enableInManagementAccount,
        findingPublishingFrequency: gd.findingPublishingFrequency,
        dependsOn: [organization.detector],
      });
      organization.afterRegistration(admin.registration);
      this.guardDuty = { admin, organization };
    }

    if (cfg.accessAnalyzer.enabled) {
      // The delegated administrator is registered once, globally, by the management stack.
      this.accessAnalyzer = new OrganizationAccessAnalyzer(this, 'access_analyzer', {
        provider: this.auditProvider,
        analyzerName: accessAnalyzerName(cfg),
        archiveRules: cfg.accessAnalyzer.archiveRules,
        unusedAccessAgeDays: this.isHomeRegion ? cfg.accessAnalyzer.unusedAccessAgeDays : undefined,
      });
    }

    if (this.isHomeRegion && cfg.securityHub.enabled) {
      this.securityHub = new SecurityHubOrganization(this, 'security_hub', {
        managementProvider: this.managementProvider,
        auditProvider: this.auditProvider,
        adminAccountId: auditId,
        homeRegion: org.homeRegion,
        linkedRegions: org.governedRegions.filter((r) => r !== org.homeRegion),
        policyTargets: cfg.securityHub.policyTargets,
        disabledControls: cfg.securityHub.disabledControls,
      });
      if (cfg.findings.enabled) {
        this.findings = new FindingsRouting(this, 'findings', {
          provider: this.auditProvider,
          homeRegion: org.homeRegion,
          ruleName: names.findingsRuleName,
          topicArn: names.securityTopicArn,
          severities: cfg.findings.severities,
          dependsOn: [this.securityHub.aggregator],
        });
      }
    }
  }

  /** The management account's provider in this region (created on first use). */
  get managementProvider(): AwsProvider {
    return providerFor(this, this.config, 'management', this.region);
  }

  /** The audit account's provider in this region (created on first use). */
  get auditProvider(): AwsProvider {
    return providerFor(this, this.config, 'audit', this.region);
  }
}
