import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BaselineConfig } from '../config/schema';
import { AccessAnalyzerDelegatedAdmin } from '../modules/access-analyzer';
import { CisMonitoring } from '../modules/cis-monitoring';
import { GuardrailDocument, GuardrailPolicies, logArchiveGuardrails, regionGuardrail, securityServiceGuardrails } from '../modules/guardrails';
import { roleArn, roleArnPattern, type ProviderRef } from '../modules/iam';
import { OrganizationTrustedAccess } from '../modules/organization';
import { CloudTrailDelegatedAdmin, OrganizationTrail } from '../modules/organization-trail';
import { configureBackend, remoteStateOf } from './backend';
import type { BaselineStackProps } from './log-archive-stack';
import { BaselineNames, baselineNames } from './names';
import { AUDIT_OUTPUTS, LOG_ARCHIVE_OUTPUTS, MANAGEMENT_OUTPUTS, publishOutput, readOutput } from './outputs';
import { providerFor } from './providers';

/** The role service-managed StackSets run as in member accounts. */
export const STACKSETS_EXECUTION_ROLE_PATTERN = 'arn:aws:iam::*:role/stacksets-exec-*';

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
 * The management account: trusted access, the log-archive account as CloudTrail delegated
 * administrator, the organization trail with its CloudWatch Logs delivery, the CIS section-4
 * alarms on it, and the guardrail SCPs that keep the evidence and the detectors on.
 */
export class ManagementStack extends TerraformStack {
  readonly trail: OrganizationTrail;
  readonly trustedAccess?: OrganizationTrustedAccess;
  readonly cis?: CisMonitoring;
  readonly guardrails?: GuardrailPolicies;
  readonly accessAnalyzerAdmin?: AccessAnalyzerDelegatedAdmin;

  constructor(scope: Construct, id: 'management', props: BaselineStackProps) {
    super(scope, id);
    const cfg = props.config;
    const org = cfg.organization;
    const names = baselineNames(cfg);
    configureBackend(this, id, cfg.backend);
    const provider = providerFor(this, cfg, 'management');
    const logArchiveState = remoteStateOf(this, 'log-archive', cfg.backend);

    if (org.manageTrustedAccess) {
      this.trustedAccess = new OrganizationTrustedAccess(this, 'trusted_access', {
        provider,
        organizationId: org.id,
        servicePrincipals: [...BASELINE_SERVICE_PRINCIPALS, ...org.additionalServiceAccessPrincipals],
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
      const topic = cfg.cis.alarmTopicArn ?? readOutput(remoteStateOf(this, 'audit', cfg.backend), AUDIT_OUTPUTS.securityTopicArn);
      this.cis = new CisMonitoring(this, 'cis', {
        provider,
        logGroupName: this.trail.logGroup.name,
        alarmTopicArn: topic,
        controls: cfg.cis.controls,
      });
    }

    if (cfg.guardrails.enabled) {
      this.guardrails = new GuardrailPolicies(this, 'guardrails', {
        provider,
        namePrefix: cfg.guardrails.policyNamePrefix,
        documents: guardrailDocuments(cfg, names),
        targetIds: scpTargets(this, provider, cfg.guardrails.targets, this.trustedAccess?.current),
        dependsOn: afterTrustedAccess,
      });
    }

    publishOutput(this, MANAGEMENT_OUTPUTS.trailArn, this.trail.trailArn, 'ARN of the organization trail');
    publishOutput(this, MANAGEMENT_OUTPUTS.trailLogGroupName, this.trail.logGroupName, "Name of the trail's CloudWatch Logs group");
    publishOutput(this, MANAGEMENT_OUTPUTS.trailLogGroupArn, this.trail.logGroupArn, "ARN of the trail's CloudWatch Logs group");
    publishOutput(this, MANAGEMENT_OUTPUTS.cloudWatchLogsRoleArn, this.trail.deliveryRole.arn, 'ARN of the CloudWatch Logs delivery role');
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
    STACKSETS_EXECUTION_ROLE_PATTERN,
    ...cfg.guardrails.exemptRoleNames.map(roleArnPattern),
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
      guardrails: securityServiceGuardrails({ exemptRoleArns }),
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
  scope: Construct,
  provider: ProviderRef,
  targets: readonly string[],
  organization?: DataAwsOrganizationsOrganization,
): { key: string; id: string }[] {
  let rootId: string | undefined;
  return targets.map((t) => {
    if (t !== 'root') return { key: t, id: t };
    rootId ??= (organization ?? new DataAwsOrganizationsOrganization(scope, 'organization', { provider })).roots.get(0).id;
    return { key: 'root', id: rootId };
  });
}

