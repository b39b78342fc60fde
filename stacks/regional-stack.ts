import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BaselineConfig } from '../config/schema';
import { OrganizationAccessAnalyzer } from '../modules/access-analyzer';
import { OrganizationConfigAggregator } from '../modules/config-aggregator';
import { AccountConfigRecorder, configRecordingTemplate, ConfigNotificationTopic, RecordingSettings } from '../modules/config-recording';
import { FindingsRouting } from '../modules/findings-routing';
import { GuardDutyDelegatedAdmin, GuardDutyOrganization } from '../modules/guardduty';
import { SecurityHubOrganization } from '../modules/security-hub';
import { OrganizationStackSet } from '../modules/stack-sets';
import { configureBackend, outputsOf, regionalStackName, RegionalStackName } from './backend';
import { stackSetTargetIds } from './management-stack';
import { allConfigTopicArnIn, baselineNames, configAggregatorName, stackSetNames } from './names';
import { LOG_ARCHIVE_OUTPUTS, readOutput } from './outputs';
import { providerFor } from './providers';

/** Placeholder of the log key's ARN in the recording template: generated, read from the log-archive stack's state. */
const LOG_KEY_ARN = '@@LOG_KEY_ARN@@';

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
 * With `awsConfig.enabled`, AWS Config of every account in every governed region (and, in the
 * home region, the organization aggregator).
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
  /** AWS Config of this region, when `awsConfig.enabled`. */
  readonly config?: RegionalConfig;
  private readonly cfg: BaselineConfig;

  constructor(scope: Construct, id: RegionalStackName, props: RegionalSecurityStackProps) {
    if (id !== regionalStackName(props.region)) throw new Error(`regional stack id "${id}" must be "${regionalStackName(props.region)}"`);
    super(scope, id);
    this.region = props.region;
    this.cfg = props.config;
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
          kmsKeyArn: this.logKeyArn,
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

    if (cfg.awsConfig.enabled) this.config = this.buildConfig();
  }

  private logKeyArnRead?: string;

  /** The log key's ARN, read from the log-archive stack's state (one remote state, on first use). */
  private get logKeyArn(): string {
    this.logKeyArnRead ??= readOutput(outputsOf(this, 'log-archive', this.cfg.backend), LOG_ARCHIVE_OUTPUTS.logKeyArn);
    return this.logKeyArnRead;
  }

  /** The management account's provider in this region (created on first use). */
  get managementProvider(): AwsProvider {
    return providerFor(this, this.cfg, 'management', this.region);
  }

  /** The audit account's provider in this region (created on first use). */
  get auditProvider(): AwsProvider {
    return providerFor(this, this.cfg, 'audit', this.region);
  }

  /**
   * AWS Config in this region: the region's `AllConfigNotifications` (the home region's is the
   * audit stack's), one service-managed StackSet that records every member account here, the
   * management account's own recorder, and, in the home region, the organization aggregator.
   */
  private buildConfig(): RegionalConfig {
    const cfg = this.cfg;
    const org = cfg.organization;
    const names = baselineNames(cfg);
    const topicArn = allConfigTopicArnIn(cfg, this.region);
    // Home region: the topic is the audit stack's `all_config_topic_arn` (same derived ARN).
    const topic = this.isHomeRegion
      ? undefined
      : new ConfigNotificationTopic(this, 'all_config_topic', {
          provider: this.auditProvider,
          accountId: cfg.accounts.audit.id,
          region: this.region,
          organizationId: org.id,
          topicName: names.allConfigTopicName,
          // As the audit stack's topic: the baseline's own accounts may record with the service-linked role.
          configSourceAccountIds: [org.managementAccountId, cfg.accounts.audit.id, cfg.accounts.logArchive.id],
          emails: cfg.notifications.allConfigEmails,
        });
    const settings: RecordingSettings = {
      namePrefix: cfg.awsConfig.namePrefix,
      region: this.region,
      recordGlobalResources: this.isHomeRegion,
      bucketName: names.logBucketName,
      keyPrefix: cfg.logArchive.configKeyPrefix,
      kmsKeyArn: this.logKeyArn,
      kmsKeyArnPattern: names.logArchiveKeysPattern,
      topicArn,
      snapshotDeliveryFrequency: cfg.awsConfig.snapshotDeliveryFrequency,
    };
    const afterTopic = topic ? [topic.topic] : [];
    let organization: DataAwsOrganizationsOrganization | undefined;
    const members = new OrganizationStackSet(this, 'config_recording', {
      provider: this.managementProvider,
      name: stackSetNames(cfg).configRecording(this.region),
      description: `AWS Config recording in ${this.region} for every member account (cdktf-org-security-baseline)`,
      template: configRecordingTemplate({ ...settings, kmsKeyArn: LOG_KEY_ARN }),
      substitutions: { [LOG_KEY_ARN]: settings.kmsKeyArn },
      organizationalUnitIds: stackSetTargetIds(cfg.awsConfig.targets, () => {
        organization ??= new DataAwsOrganizationsOrganization(this, 'organization', { provider: this.managementProvider });
        return organization;
      }),
      regions: [this.region],
      namedIam: true,
      dependsOn: afterTopic,
    });
    const management = new AccountConfigRecorder(this, 'management_recorder', {
      ...settings,
      provider: this.managementProvider,
      accountId: org.managementAccountId,
      dependsOn: afterTopic,
    });
    const aggregator = this.isHomeRegion
      ? new OrganizationConfigAggregator(this, 'config_aggregator', {
          provider: this.auditProvider,
          accountId: cfg.accounts.audit.id,
          name: configAggregatorName(cfg),
          regions: org.governedRegions,
        })
      : undefined;
    return { topic, members, management, aggregator };
  }
}

/** AWS Config resources of one regional stack. */
export interface RegionalConfig {
  /** This region's `AllConfigNotifications`; undefined in the home region (the audit stack's). */
  readonly topic?: ConfigNotificationTopic;
  /** The StackSet recording every member account in this region. */
  readonly members: OrganizationStackSet;
  /** The management account's recorder in this region. */
  readonly management: AccountConfigRecorder;
  /** The organization aggregator (home region only). */
  readonly aggregator?: OrganizationConfigAggregator;
}
