import { bucketArn, ConditionKeys, objectArn, PolicyStatement } from '../iam';
import {
  ACCESS_ANALYZER_TAMPER_ACTIONS,
  CONFIG_TAMPER_ACTIONS,
  DELEGATED_ADMIN_TAMPER_ACTIONS,
  GLOBAL_SERVICE_ACTIONS,
  GUARDDUTY_TAMPER_ACTIONS,
  LOG_BUCKET_TAMPER_ACTIONS,
  LOG_KEY_TAMPER_ACTIONS,
  LOG_OBJECT_DELETE_ACTIONS,
  ROLE_TAMPER_ACTIONS,
  SECURITYHUB_TAMPER_ACTIONS,
  TRAIL_TAMPER_ACTIONS,
} from './perms';

/** A guardrail: one SCP statement and why it exists, for reviewers and the README table. */
export interface Guardrail {
  readonly statement: PolicyStatement;
  /** Why the deny exists. */
  readonly reason: string;
  /** Who is still allowed (the exemption), in words. */
  readonly exempt: string;
}

/** SCPs may hold at most 5,120 characters. */
export const SCP_MAX_CHARACTERS = 5120;

function exceptRoles(roleArnPatterns: readonly string[]) {
  return roleArnPatterns.length > 0 ? { ArnNotLike: { [ConditionKeys.PrincipalArn]: roleArnPatterns } } : undefined;
}

export interface LogArchiveGuardrailOptions {
  /** The trail nobody but the admin roles may stop, delete or change. */
  readonly trailArn: string;
  /** The log buckets whose protection (policy, lifecycle, versioning, encryption) and objects are guarded. */
  readonly bucketNames: readonly string[];
  /** Keys to protect; an ARN pattern such as `arn:aws:kms:*:<logArchiveId>:key/*` keeps the SCP known at plan time. */
  readonly keyArns: readonly string[];
  /** Roles that may change the buckets and key (deployer, break-glass), as ARN patterns. */
  readonly adminRoleArns: readonly string[];
  /** Roles that may delete log objects (break-glass), as ARN patterns. */
  readonly breakGlassRoleArns: readonly string[];
}

/** Denies that keep the evidence: the trail stays on, the log buckets and key keep their protection. */
export function logArchiveGuardrails(o: LogArchiveGuardrailOptions): Guardrail[] {
  const admins = exceptRoles(o.adminRoleArns);
  return [
    {
      statement: { sid: 'DenyTrailTampering', effect: 'Deny', actions: TRAIL_TAMPER_ACTIONS, resources: [o.trailArn], conditions: admins },
      reason: 'the organization trail must never stop or record less',
      exempt: 'deployer and break-glass roles of the log-archive account',
    },
    {
      statement: {
        sid: 'DenyLogBucketTampering',
        effect: 'Deny',
        actions: LOG_BUCKET_TAMPER_ACTIONS,
        resources: o.bucketNames.map(bucketArn),
        conditions: admins,
      },
      reason: 'the log buckets keep their policy, lifecycle, versioning, encryption and object lock',
      exempt: 'deployer and break-glass roles of the log-archive account',
    },
    {
      statement: {
        sid: 'DenyLogDeletion',
        effect: 'Deny',
        actions: LOG_OBJECT_DELETE_ACTIONS,
        resources: o.bucketNames.map((b) => objectArn(b, '*')),
        conditions: exceptRoles(o.breakGlassRoleArns),
      },
      reason: 'log objects are evidence; only lifecycle expiry removes them',
      exempt: 'break-glass role of the log-archive account',
    },
    {
      statement: { sid: 'DenyLogKeyTampering', effect: 'Deny', actions: LOG_KEY_TAMPER_ACTIONS, resources: o.keyArns, conditions: admins },
      reason: 'a disabled or deleted key makes every log unreadable',
      exempt: 'deployer and break-glass roles of the log-archive account',
    },
  ];
}

/** Denies that keep detection on in member accounts, and members in the organization. */
export function securityServiceGuardrails(o: { readonly exemptRoleArns: readonly string[] }): Guardrail[] {
  const exempt = exceptRoles(o.exemptRoleArns);
  const who = o.exemptRoleArns.length > 0 ? 'the audit and log-archive deployer roles, service-managed StackSets (`stacksets-exec-*`), and `guardrails.exemptRoleNames`' : 'nobody';
  return [
    {
      statement: { sid: 'DenyConfigTampering', effect: 'Deny', actions: CONFIG_TAMPER_ACTIONS, resources: ['*'], conditions: exempt },
      reason: 'AWS Config recording and delivery stay on and unchanged',
      exempt: who,
    },
    {
      statement: { sid: 'DenyGuardDutyTampering', effect: 'Deny', actions: GUARDDUTY_TAMPER_ACTIONS, resources: ['*'], conditions: exempt },
      reason: 'GuardDuty detectors, the organization auto-enable and the findings export stay on, attached to the administrator; findings are not filtered away',
      exempt: who,
    },
    {
      statement: { sid: 'DenySecurityHubTampering', effect: 'Deny', actions: SECURITYHUB_TAMPER_ACTIONS, resources: ['*'], conditions: exempt },
      reason: 'Security Hub, its aggregator, central configuration and standards stay on, attached to the administrator',
      exempt: who,
    },
    {
      statement: { sid: 'DenyAccessAnalyzerTampering', effect: 'Deny', actions: ACCESS_ANALYZER_TAMPER_ACTIONS, resources: ['*'], conditions: exempt },
      reason: 'Access Analyzer analyzers stay, and findings are archived only by the baseline\'s own rules',
      exempt: who,
    },
    {
      statement: { sid: 'DenyDelegatedAdminChanges', effect: 'Deny', actions: DELEGATED_ADMIN_TAMPER_ACTIONS, resources: ['*'], conditions: exempt },
      reason:
        'the delegated administrators stay the audit account (SCPs never bind the management account, where these calls are made; ' +
        'this covers accounts with delegated Organizations administration)',
      exempt: who,
    },
    {
      statement: { sid: 'DenyLeaveOrganization', effect: 'Deny', actions: ['organizations:LeaveOrganization'], resources: ['*'] },
      reason: 'an account that leaves takes itself out of every guardrail',
      exempt: 'nobody',
    },
  ];
}

/** Denies regional actions outside the governed regions, except global services. */
export function regionGuardrail(o: { readonly governedRegions: readonly string[]; readonly exemptRoleArns: readonly string[] }): Guardrail {
  return {
    statement: {
      sid: 'DenyUngovernedRegions',
      effect: 'Deny',
      notActions: GLOBAL_SERVICE_ACTIONS,
      resources: ['*'],
      conditions: {
        StringNotEquals: { 'aws:RequestedRegion': o.governedRegions },
        ...(exceptRoles(o.exemptRoleArns) ?? {}),
      },
    },
    reason: 'workloads run only where logging, Config and GuardDuty are governed',
    exempt:
      o.exemptRoleArns.length > 0
        ? 'the audit and log-archive deployer roles, service-managed StackSets (`stacksets-exec-*`), and `guardrails.exemptRoleNames`; global services'
        : 'global services',
  };
}

/**
 * The execution roles CloudFormation creates in every target account of a service-managed
 * StackSet (`stacksets-exec-<id>`): the path by which the baseline's StackSets create and update
 * the recorders and roles they own, so the guardrails must let it through.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-custom-execution-role.html
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudFormationStackSetsOrgAdminServiceRolePolicy.html
 */
export const STACKSET_EXECUTION_ROLE_PATTERN = 'arn:aws:iam::*:role/stacksets-exec-*';

/** Denies changing or deleting the roles the baseline deploys into member accounts, except through the exempt roles. */
export function baselineRoleGuardrail(o: { readonly roleArnPatterns: readonly string[]; readonly exemptRoleArns: readonly string[] }): Guardrail {
  return {
    statement: {
      sid: 'DenyBaselineRoleTampering',
      effect: 'Deny',
      actions: ROLE_TAMPER_ACTIONS,
      resources: o.roleArnPatterns,
      conditions: exceptRoles(o.exemptRoleArns),
    },
    reason: 'the Config recorder roles and the audit execution roles stay as the StackSets deployed them',
    exempt: 'the StackSet execution roles (`stacksets-exec-*`), the audit and log-archive deployer roles, and `guardrails.exemptRoleNames`',
  };
}
