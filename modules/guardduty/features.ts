/**
 * GuardDuty protection plans as the 5.100.0 provider and the GuardDuty API name them. The table is
 * data, so the construct, the stacks, the rule pack and the README read the same list.
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_OrganizationFeatureConfiguration.html
 */

/** Config switch names of the protection plans. */
export type GuardDutyFeatureKey = 's3DataEvents' | 'eksAuditLogs' | 'runtimeMonitoring' | 'ebsMalwareProtection' | 'rdsLoginEvents' | 'lambdaNetworkLogs';

export interface GuardDutyFeatureInfo {
  readonly key: GuardDutyFeatureKey;
  /** The API's feature name. */
  readonly name: string;
  /** What it protects, for reviewers. */
  readonly description: string;
}

/**
 * Every organization feature the baseline manages. `EKS_RUNTIME_MONITORING` is deliberately not
 * here: AWS rejects it together with `RUNTIME_MONITORING`, which already covers EKS.
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html
 */
export const GUARDDUTY_FEATURES: readonly GuardDutyFeatureInfo[] = [
  { key: 's3DataEvents', name: 'S3_DATA_EVENTS', description: 'S3 Protection: S3 data events' },
  { key: 'eksAuditLogs', name: 'EKS_AUDIT_LOGS', description: 'EKS Protection: Kubernetes audit logs' },
  { key: 'runtimeMonitoring', name: 'RUNTIME_MONITORING', description: 'Runtime Monitoring of EKS, ECS (Fargate) and EC2' },
  { key: 'ebsMalwareProtection', name: 'EBS_MALWARE_PROTECTION', description: 'Malware Protection for EC2: GuardDuty-initiated EBS scans' },
  { key: 'rdsLoginEvents', name: 'RDS_LOGIN_EVENTS', description: 'RDS Protection: Aurora login events' },
  { key: 'lambdaNetworkLogs', name: 'LAMBDA_NETWORK_LOGS', description: 'Lambda Protection: Lambda network activity' },
];

/**
 * The agents GuardDuty manages under Runtime Monitoring when agent management is on.
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_OrganizationAdditionalConfiguration.html
 */
export const RUNTIME_MONITORING_AGENTS = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'] as const;

/** Which protection plans are on. */
export type GuardDutyFeatureSwitches = Readonly<Record<GuardDutyFeatureKey, boolean>>;
