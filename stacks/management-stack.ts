import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BaselineConfig } from '../config/schema';
import { AccessAnalyzerDelegatedAdmin } from '../modules/access-analyzer';
import { memberExecutionRolesTemplate } from '../modules/audit-roles';
import { CisMonitoring } from '../modules/cis-monitoring';
import { ConfigDelegatedAdmin } from '../modules/config-aggregator';
import { recorderRoleArnPattern } from '../modules/config-recording';
import {
  baselineRoleGuardrail,
  GuardrailDocument,
  GuardrailPolicies,
  logArchiveGuardrails,
  regionGuardrail,
  securityServiceGuardrails,
  STACKSET_EXECUTION_ROLE_PATTERN,
} from '../modules/guardrails';
import { roleArn, roleArnPattern, type ProviderRef } from '../modules/iam';
import { OrganizationTrustedAccess } from '../modules/organization';
import { CloudTrailDelegatedAdmin, OrganizationTrail } from '../modules/organization-trail';
import { OrganizationStackSet } from '../modules/stack-sets';
import { configureBackend, outputsOf } from './backend';
import type { BaselineStackProps } from './log-archive-stack';
import { BaselineNames, baselineNames, stackSetNames } from './names';
import { AUDIT_OUTPUTS, LOG_ARCHIVE_OUTPUTS, MANAGEMENT_OUTPUTS, publishOutput, readOutput } from './outputs';
import { providerFor } from './providers';

/**
 * Service principals the baseline itself needs trusted access for, added to those enabled today.
 * GuardDuty also needs `malware-protection.guardduty.amazonaws.com` so that its delegated
 * administrator can turn on GuardDuty-initiated malware scans in member accounts.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-guardduty.html
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/configure-malware-protection-guardduty-initiated-multi-account.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-securityhub.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-access-analyzer.html
 */
export const BASELINE_SERVICE_PRINCIPALS = [
  'cloudtrail.amazonaws.com',
  'guardduty.amazonaws.com',
  'malware-protection.guardduty.amazonaws.com',
  'securityhub.amazonaws.com',
  'access-analyzer.amazonaws.com',
] as const;

/**
 * Trusted access AWS Config and its delegated administrator need (aggregator; organization rules
 * and conformance packs).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/aggregated-register-delegated-administrator.html
 */
export const CONFIG_SERVICE_PRINCIPALS = ['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com'] as const;

/**
 * Trusted access service-managed StackSets need to deploy to member accounts.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-cloudformation.html
 */
export const STACKSETS_SERVICE_PRINCIPALS = ['member.org.stacksets.cloudformation.amazonaws.com'] as const;

/** Every service principal the configuration needs trusted access for, before the additional ones. */
export function baselineServicePrincipals(cfg: BaselineConfig): string[] {
  return [
    ...BASELINE_SERVICE_PRINCIPALS,
    ...(cfg.awsConfig.enabled ? CONFIG_SERVICE_PRINCIPALS : []),
    ...(cfg.awsConfig.enabled || cfg.auditRoles.enabled ? STACKSETS_SERVICE_PRINCIPALS : []),
  ];
}

/**
 * The management account: trusted access, the log-archive account as CloudTrail delegated
 * administrator, the organization trail with its CloudWatch Logs delivery, the CIS section-4
 * alarms on it, and the guardrail SCPs that keep the evidence and the detectors on.
 */
export class ManagementStack extends TerraformStack {
  readonly trail: OrganizationTrail;
  readonly trustedAccess?: OrganizationTrustedAccess;
  readonly cis?: CisMonitoring;
  readonly guardrails?: GuardrailPolicies;
  readonly configDelegatedAdmin?: ConfigDelegatedAdmin;
  /** The member execution roles of the audit roles (one StackSet, IAM is global: home region only). */
  readonly auditExecutionRoles?: OrganizationStackSet;
  readonly accessAnalyzerAdmin?: AccessAnalyzerDelegatedAdmin;

  constructor(scope: Construct, id: 'management', props: BaselineStackProps) {
    super(scope, id);
    const cfg = props.config;
    const org = cfg.organization;
    const names = baselineNames(cfg);
    configureBackend(this, id, cfg.backend);
    const provider = providerFor(this, cfg, 'management');
    const logArchiveState = outputsOf(this, 'log-archive', cfg.backend);

    if (org.manageTrustedAccess) {
      this.trustedAccess = new OrganizationTrustedAccess(this, 'trusted_access', {
        provider,
        organizationId: org.id,
        servicePrincipals: [...baselineServicePrincipals(cfg), ...org.additionalServiceAccessPrincipals],
        requiredPolicyTypes: org.enabledPolicyTypes,
      });
    }
    const afterTrustedAccess = this.trustedAccess ? [this.trustedAccess.organization] : [];

    new CloudTrailDelegatedAdmin(this, 'cloudtrail_delegated_admin', {
      provider,
      accountId: cfg.accounts.logArchive.id,
      dependsOn: afterTrustedAccess,
    });

    if (cfg.accessAnalyzer.enabled) {
      // Global, so registered once here; the regional stacks create the analyzers after it.
      this.accessAnalyzerAdmin = new AccessAnalyzerDelegatedAdmin(this, 'access_analyzer_delegated_admin', {
        provider,
        adminAccountId: cfg.accounts.audit.id,
        dependsOn: afterTrustedAccess,
      });
    }

    this.trail = new OrganizationTrail(this, 'organization_trail', {
      provider,
      trailName: cfg.trail.name,
      organizationId: org.id,
      managementAccountId: org.managementAccountId,
      region: org.homeRegion,
      bucketName: names.logBucketName,
      s3KeyPrefix: cfg.trail.s3KeyPrefix,
      kmsKeyArn: readOutput(logArchiveState, LOG_ARCHIVE_OUTPUTS.logKeyArn),
      logRetentionDays: cfg.trail.cloudWatchLogsRetentionDays,
      dataEvents: cfg.trail.dataEvents,
      excludeDataEventBucketArns: [names.logBucketArn, names.accessLogBucketArn],
      dependsOn: afterTrustedAccess,
    });

    if (cfg.cis.enabled) {
      const topic = cfg.cis.alarmTopicArn ?? readOutput(outputsOf(this, 'audit', cfg.backend), AUDIT_OUTPUTS.securityTopicArn);
      this.cis = new CisMonitoring(this, 'cis', {
        provider,
        logGroupName: this.trail.logGroup.name,
        alarmTopicArn: topic,
        controls: cfg.cis.controls,
      });
    }

    if (cfg.awsConfig.enabled) {
      // The aggregator (regional stack of the home region, after this stack) needs it.
      this.configDelegatedAdmin = new ConfigDelegatedAdmin(this, 'config_delegated_admin', {
        provider,
        accountId: cfg.accounts.audit.id,
        dependsOn: afterTrustedAccess,
      });
    }

    if (cfg.auditRoles.enabled) {
      this.auditExecutionRoles = new OrganizationStackSet(this, 'audit_execution_roles', {
        provider,
        name: stackSetNames(cfg).auditRoles,
        description: 'Audit execution roles in every member account (cdktf-org-security-baseline)',
        template: memberExecutionRolesTemplate({ ...cfg.auditRoles, auditAccountId: cfg.accounts.audit.id }),
        organizationalUnitIds: stackSetTargetIds(cfg.auditRoles.targets, () => this.organizationRead(provider)),
        regions: [org.homeRegion],
        namedIam: true,
        dependsOn: afterTrustedAccess,
      });
    }

    if (cfg.guardrails.enabled) {
      this.guardrails = new GuardrailPolicies(this, 'guardrails', {
        provider,
        namePrefix: cfg.guardrails.policyNamePrefix,
        documents: guardrailDocuments(cfg, names),
        targetIds: scpTargets(cfg.guardrails.targets, () => this.organizationRead(provider)),
        dependsOn: afterTrustedAccess,
      });
    }

    publishOutput(this, MANAGEMENT_OUTPUTS.trailArn, this.trail.trailArn, 'ARN of the organization trail');
    publishOutput(this, MANAGEMENT_OUTPUTS.trailLogGroupName, this.trail.logGroupName, "Name of the trail's CloudWatch Logs group");
    publishOutput(this, MANAGEMENT_OUTPUTS.trailLogGroupArn, this.trail.logGroupArn, "ARN of the trail's CloudWatch Logs group");
    publishOutput(this, MANAGEMENT_OUTPUTS.cloudWatchLogsRoleArn, this.trail.deliveryRole.arn, 'ARN of the CloudWatch Logs delivery role');
  }

  private organization?: DataAwsOrganizationsOrganization;

  /** The organization as read at plan time: the trusted access's own read, or one data source made on first use. */
  private organizationRead(provider: ProviderRef): DataAwsOrganizationsOrganization {
    this.organization ??= this.trustedAccess?.current ?? new DataAwsOrganizationsOrganization(this, 'organization', { provider });
    return this.organization;
  }
}

/** The guardrail SCPs for a configuration: log archive, security services, and optionally regions. */
export function guardrailDocuments(cfg: BaselineConfig, names: BaselineNames): GuardrailDocument[] {
  // The audit and log-archive deployers administer the security services for the organization
  // (delegated administration, detector features), and service-managed StackSets deploy them into
  // member accounts (as the stacksets-exec-* role AWS creates there), so they are always exempt;
  // more from config: names, path-aware patterns or ARNs.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html
  const exemptRoleArns = [
    roleArn(cfg.accounts.audit.id, cfg.accounts.audit.roleName),
    names.logArchiveDeployerRoleArn,
    STACKSET_EXECUTION_ROLE_PATTERN,
    ...cfg.guardrails.exemptRoleNames.map(roleArnPattern),
  ];
  // The baseline's own StackSets (AWS Config recording, the audit roles' member roles) create and
  // update the recorders and roles in member accounts through those same execution roles.
  const protectedRoles = [
    ...(cfg.awsConfig.enabled ? [recorderRoleArnPattern(cfg.awsConfig.namePrefix)] : []),
    ...(cfg.auditRoles.enabled ? [roleArn('*', cfg.auditRoles.memberAdministratorRoleName), roleArn('*', cfg.auditRoles.memberReadOnlyRoleName)] : []),
  ];
  const docs: GuardrailDocument[] = [
    {
      key: 'protect-log-archive',
      description: 'Keeps the organization trail on and the log buckets and key protected',
      guardrails: logArchiveGuardrails({
        trailArn: names.trailArn,
        bucketNames: [names.logBucketName, names.accessLogBucketName],
        keyArns: [names.logArchiveKeysPattern],
        adminRoleArns: [names.logArchiveDeployerRoleArn, names.breakGlassRoleArn],
        breakGlassRoleArns: [names.breakGlassRoleArn],
      }),
    },
    {
      key: 'protect-security-services',
      description: 'Keeps AWS Config, GuardDuty, Security Hub and Access Analyzer on and accounts in the organization',
      guardrails: [
        ...securityServiceGuardrails({ exemptRoleArns }),
        ...(protectedRoles.length > 0 ? [baselineRoleGuardrail({ roleArnPatterns: protectedRoles, exemptRoleArns })] : []),
      ],
    },
  ];
  if (cfg.guardrails.denyUngovernedRegions) {
    docs.push({
      key: 'deny-ungoverned-regions',
      description: 'Denies regional actions outside the governed regions',
      guardrails: [regionGuardrail({ governedRegions: cfg.organization.governedRegions, exemptRoleArns })],
    });
  }
  return docs;
}

/**
 * Resolves `"root"` to the organization root ID, from the organization data source the trusted
 * access already reads, or a new one; other targets are used as given.
 */
function scpTargets(
  targets: readonly string[],
  organization: () => DataAwsOrganizationsOrganization,
): { key: string; id: string }[] {
  return targets.map((t) => (t === 'root' ? { key: 'root', id: organization().roots.get(0).id } : { key: t, id: t }));
}

/** StackSet targets with `"root"` resolved to the organization root ID (read at plan time). */
export function stackSetTargetIds(
  targets: readonly string[],
  organization: () => DataAwsOrganizationsOrganization,
): string[] {
  return targets.map((t) => (t === 'root' ? organization().roots.get(0).id : t));
}

