import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { GuarddutyOrganizationAdminAccount } from '@cdktf/provider-aws/lib/guardduty-organization-admin-account';
import { GuarddutyOrganizationConfiguration } from '@cdktf/provider-aws/lib/guardduty-organization-configuration';
import { GuarddutyOrganizationConfigurationFeature } from '@cdktf/provider-aws/lib/guardduty-organization-configuration-feature';
import { GuarddutyPublishingDestination } from '@cdktf/provider-aws/lib/guardduty-publishing-destination';
import { IResolvable, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { bucketArn, isAccountId, ProviderRef, throwIfInvalid } from '../iam';
import { GUARDDUTY_FEATURES, GuardDutyFeatureSwitches, RUNTIME_MONITORING_AGENTS } from './features';

/** How often GuardDuty exports updated findings. */
export type FindingPublishingFrequency = 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';

/** `arn:aws:guardduty:<region>:<account>:detector/*`: every detector of an account in a region, known at plan time. */
export function detectorArnPattern(region: string, accountId: string): string {
  return `arn:aws:guardduty:${region}:${accountId}:detector/*`;
}

export interface GuardDutyDelegatedAdminProps {
  /** Provider of the management account in the region. */
  readonly provider: ProviderRef;
  /** The account to make GuardDuty's delegated administrator in this region (the audit account). */
  readonly adminAccountId: string;
  /**
   * Give the management account a detector of its own in this region, created before the
   * registration. Enabling GuardDuty there creates the service-linked role that the delegated
   * administrator needs to manage the management account as a member.
   * @default false
   * @see https://docs.aws.amazon.com/guardduty/latest/ug/delegated-admin-designate.html
   */
  readonly enableInManagementAccount?: boolean;
  /** Publishing frequency of the management account's detector. @default "FIFTEEN_MINUTES" */
  readonly findingPublishingFrequency?: FindingPublishingFrequency;
  /** Must exist first: the administrator's own detector and trusted access. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The management-account side of GuardDuty in one region: registers the delegated administrator
 * (GuardDuty's own API, which also registers it with AWS Organizations) and, optionally, the
 * management account's own detector.
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html
 */
export class GuardDutyDelegatedAdmin extends Construct {
  readonly registration: GuarddutyOrganizationAdminAccount;
  /** The management account's detector, when enabled. */
  readonly managementDetector?: GuarddutyDetector;

  constructor(scope: Construct, id: string, props: GuardDutyDelegatedAdminProps) {
    super(scope, id);
    throwIfInvalid('GuardDutyDelegatedAdmin', this, isAccountId(props.adminAccountId) ? [] : [`adminAccountId "${props.adminAccountId}" is not a 12-digit account ID`]);
    if (props.enableInManagementAccount) {
      this.managementDetector = new GuarddutyDetector(this, 'management_detector', {
        provider: props.provider,
        enable: true,
        findingPublishingFrequency: props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
      });
    }
    const dependsOn = [...(props.dependsOn ?? []), ...(this.managementDetector ? [this.managementDetector] : [])];
    this.registration = new GuarddutyOrganizationAdminAccount(this, 'registration', {
      provider: props.provider,
      adminAccountId: props.adminAccountId,
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    });
  }
}

export interface GuardDutyOrganizationProps {
  /** Provider of the delegated administrator (audit) account in the region. */
  readonly provider: ProviderRef;
  /** How often updated findings are exported. @default "FIFTEEN_MINUTES" */
  readonly findingPublishingFrequency?: FindingPublishingFrequency;
  /** Protection plans: on means auto-enabled for ALL accounts and enabled on the administrator's detector. */
  readonly features: GuardDutyFeatureSwitches;
  /** GuardDuty-managed agents under Runtime Monitoring. @default true */
  readonly runtimeMonitoringAgentManagement?: boolean;
  /** Findings export; the bucket and key policies must admit GuardDuty first (the log-archive grant). */
  readonly export: {
    readonly bucketName: string;
    /** Key prefix of exported findings. */
    readonly keyPrefix: string;
    /** The KMS key GuardDuty encrypts exported findings with (same region as the bucket). */
    readonly kmsKeyArn: string;
  };
}

/**
 * The delegated administrator's side of GuardDuty in one region: its detector, the organization
 * configuration that enables GuardDuty and every chosen protection plan in ALL accounts (existing
 * and new), the same plans on its own detector, and the findings export to the log archive.
 * Nothing here is per member account.
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html
 */
export class GuardDutyOrganization extends Construct {
  readonly detector: GuarddutyDetector;
  readonly configuration: GuarddutyOrganizationConfiguration;
  readonly features: readonly GuarddutyOrganizationConfigurationFeature[];
  readonly publishingDestination: GuarddutyPublishingDestination;

  constructor(scope: Construct, id: string, props: GuardDutyOrganizationProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.export.keyPrefix.startsWith('/') || props.export.keyPrefix.endsWith('/')) problems.push(`export.keyPrefix "${props.export.keyPrefix}" must not start or end with "/"`);
    if (!/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/|^\$\{/.test(props.export.kmsKeyArn)) problems.push(`export.kmsKeyArn "${props.export.kmsKeyArn}" is not a KMS key ARN`);
    throwIfInvalid('GuardDutyOrganization', this, problems);

    const provider = props.provider;
    const agents = props.runtimeMonitoringAgentManagement ?? true;
    this.detector = new GuarddutyDetector(this, 'detector', {
      provider,
      enable: true,
      findingPublishingFrequency: props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
    });
    // ALL: GuardDuty for every account of the organization, existing and new, including
    // accounts that were suspended or removed in GuardDuty.
    // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html
    this.configuration = new GuarddutyOrganizationConfiguration(this, 'organization', {
      provider,
      detectorId: this.detector.id,
      autoEnableOrganizationMembers: 'ALL',
    });
    this.features = GUARDDUTY_FEATURES.map((f) => {
      const on = props.features[f.key];
      const additional =
        f.name === 'RUNTIME_MONITORING' ? RUNTIME_MONITORING_AGENTS.map((name) => ({ name, autoEnable: on && agents ? 'ALL' : 'NONE' })) : undefined;
      new GuarddutyDetectorFeature(this, `detector_${f.name.toLowerCase()}`, {
        provider,
        detectorId: this.detector.id,
        name: f.name,
        status: on ? 'ENABLED' : 'DISABLED',
        additionalConfiguration: additional?.map((a) => ({ name: a.name, status: a.autoEnable === 'ALL' ? 'ENABLED' : 'DISABLED' })),
      });
      // NONE stops auto-enabling; it never disables the plan where it already runs.
      return new GuarddutyOrganizationConfigurationFeature(this, `organization_${f.name.toLowerCase()}`, {
        provider,
        detectorId: this.detector.id,
        name: f.name,
        autoEnable: on ? 'ALL' : 'NONE',
        additionalConfiguration: additional,
        dependsOn: [this.configuration],
      });
    });
    const destination = `${bucketArn(props.export.bucketName)}/${props.export.keyPrefix}`;
    this.publishingDestination = new GuarddutyPublishingDestination(this, 'export', {
      provider,
      detectorId: this.detector.id,
      destinationType: 'S3',
      destinationArn: destination,
      kmsKeyArn: props.export.kmsKeyArn,
    });
  }

  /**
   * Orders the organization configuration after the delegated-administrator registration of this
   * region. The registration itself must come after {@link detector}: GuardDuty enables itself in
   * a newly designated administrator, and a detector created afterwards would be refused as a
   * second one.
   */
  afterRegistration(registration: ITerraformDependable): void {
    // What cdktf does for a `dependsOn` given at construction: a bare address, without `${}`.
    const address: IResolvable = {
      creationStack: [],
      resolve: (context) => {
        context.suppressBraces = true;
        return registration.fqn;
      },
      toString: () => registration.fqn,
    };
    this.configuration.dependsOn = [...(this.configuration.dependsOn ?? []), Token.asString(address)];
  }
}
