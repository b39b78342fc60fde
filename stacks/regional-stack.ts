import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BaselineConfig } from '../config/schema';
import { OrganizationConfigAggregator } from '../modules/config-aggregator';
import { AccountConfigRecorder, configRecordingTemplate, ConfigNotificationTopic, RecordingSettings } from '../modules/config-recording';
import { OrganizationStackSet } from '../modules/stack-sets';
import { configureBackend, regionalStackName, RegionalStackName, remoteStateOf } from './backend';
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

/**
 * What AWS makes regional, for one governed region: at most two AWS provider configurations
 * (the management and the audit account, both in this region), whatever the number of regions,
 * because each provider configuration is a plugin process of about 0.45 GB in every plan.
 * Regions fan out as stacks (one state or HCP Terraform workspace each), never as aliases.
 * Deployed after the three account stacks, whose outputs it may read through remote state.
 */
export class RegionalSecurityStack extends TerraformStack {
  /** The governed region of this stack. */
  readonly region: string;
  /** Whether this is the organization's home region. */
  readonly isHomeRegion: boolean;
  /** AWS Config of this region, when `awsConfig.enabled`. */
  readonly config?: RegionalConfig;
  private readonly cfg: BaselineConfig;

  constructor(scope: Construct, id: RegionalStackName, props: RegionalSecurityStackProps) {
    if (id !== regionalStackName(props.region)) throw new Error(`regional stack id "${id}" must be "${regionalStackName(props.region)}"`);
    super(scope, id);
    this.region = props.region;
    this.cfg = props.config;
    this.isHomeRegion = props.region === props.config.organization.homeRegion;
    configureBackend(this, id, props.config.backend);
    if (props.config.awsConfig.enabled) this.config = this.buildConfig();
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
          emails: cfg.notifications.allConfigEmails,
        });
    const settings: RecordingSettings = {
      namePrefix: cfg.awsConfig.namePrefix,
      region: this.region,
      recordGlobalResources: this.isHomeRegion,
      bucketName: names.logBucketName,
      keyPrefix: cfg.logArchive.configKeyPrefix,
      kmsKeyArn: readOutput(remoteStateOf(this, 'log-archive', cfg.backend), LOG_ARCHIVE_OUTPUTS.logKeyArn),
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
