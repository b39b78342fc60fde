import * as v from 'valibot';

/**
 * Configuration of the detective services (GuardDuty, Security Hub, IAM Access Analyzer) and of
 * the findings rule. Part of the one configuration schema (`schema.ts` composes it); kept in its
 * own file so each capability's fields stay together.
 */

const bool = v.boolean('expected true or false');
const on = v.optional(bool, true);

/** GuardDuty's `finding_publishing_frequency` values. */
export const FINDING_PUBLISHING_FREQUENCIES = ['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS'] as const;

/** Security Hub severity labels, lowest first. */
export const SEVERITY_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

/** Security Hub control IDs such as `IAM.6`, `S3.11`, `CloudTrail.7`. */
const CONTROL_ID = /^[A-Za-z0-9]+\.[0-9]+$/;
/** OU (`ou-...`), root (`r-...`) or account (12 digits) targets of a configuration policy. */
const POLICY_TARGET = /^(root|r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;
const POLICY_TARGET_MESSAGE = 'expected "root", a root ID (r-...), an OU ID (ou-...-...) or a 12-digit account ID';
const ANALYZER_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,254}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Regions AWS disables by default (opt-in). GuardDuty cannot export findings of another region to
 * a bucket in one of them, so the log bucket's (home) region must not be one when other regions
 * are governed.
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html#guardduty-export-findings-considerations
 * @see https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */
export const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
];

/** Shortest accepted reason for disabling a control (the rule pack's suppression rule, too). */
export const MIN_DISABLE_REASON_LENGTH = 10;

const guardDutySchema = v.optional(
  v.strictObject(
    {
      /** GuardDuty for the organization in every governed region. @default true */
      enabled: on,
      /**
       * How often updated findings are exported to EventBridge and S3.
       * @default "FIFTEEN_MINUTES"
       * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html#guardduty_exportfindings-frequency
       */
      findingPublishingFrequency: v.optional(v.picklist(FINDING_PUBLISHING_FREQUENCIES, `expected one of ${FINDING_PUBLISHING_FREQUENCIES.join(', ')}`), 'FIFTEEN_MINUTES'),
      /**
       * Protection plans auto-enabled for every account of the organization (all on by default).
       * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_OrganizationFeatureConfiguration.html
       */
      features: v.optional(
        v.strictObject(
          {
            /** S3 Protection (`S3_DATA_EVENTS`). @default true */
            s3DataEvents: on,
            /** EKS Protection (`EKS_AUDIT_LOGS`). @default true */
            eksAuditLogs: on,
            /** Runtime Monitoring (`RUNTIME_MONITORING`, which includes EKS). @default true */
            runtimeMonitoring: on,
            /** GuardDuty-managed security agents for EKS, ECS Fargate and EC2 under Runtime Monitoring. @default true */
            runtimeMonitoringAgentManagement: on,
            /** Malware Protection for EC2 (`EBS_MALWARE_PROTECTION`). @default true */
            ebsMalwareProtection: on,
            /** RDS Protection (`RDS_LOGIN_EVENTS`). @default true */
            rdsLoginEvents: on,
            /** Lambda Protection (`LAMBDA_NETWORK_LOGS`). @default true */
            lambdaNetworkLogs: on,
          },
          'expected object',
        ),
        {},
      ),
      /** Prefix under which findings are exported to the log bucket. @default "guardduty" */
      exportKeyPrefix: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9!_.*'()-]+(?:\/[A-Za-z0-9!_.*'()-]+)*$/, 'expected an S3 key prefix without leading or trailing "/"')), 'guardduty'),
      /**
       * Enable GuardDuty in the management account itself in every governed region (a detector of
       * its own), which also creates the service-linked role the delegated administrator needs to
       * manage the management account as a member.
       * @default true
       * @see https://docs.aws.amazon.com/guardduty/latest/ug/delegated-admin-designate.html
       */
      enableInManagementAccount: on,
    },
    'expected object',
  ),
  {},
);

const disabledControl = v.strictObject(
  {
    /** Security Hub control ID, e.g. `IAM.6`. */
    id: v.pipe(v.string('expected a Security Hub control ID like "IAM.6"'), v.regex(CONTROL_ID, 'expected a Security Hub control ID like "IAM.6"')),
    /** Why the control does not apply: at least 10 characters, shown in reviews. */
    reason: v.pipe(
      v.string(`expected a reason of at least ${MIN_DISABLE_REASON_LENGTH} characters`),
      v.check((r) => r.trim().length >= MIN_DISABLE_REASON_LENGTH, `expected a reason of at least ${MIN_DISABLE_REASON_LENGTH} characters`),
    ),
    /** Last day (`YYYY-MM-DD`) the exception is meant to hold; the rule pack reports it after that. @default - none */
    expires: v.optional(v.pipe(v.string('expected a date YYYY-MM-DD'), v.regex(DATE, 'expected a date YYYY-MM-DD'))),
  },
  'expected object',
);

const securityHubSchema = v.optional(
  v.strictObject(
    {
      /** Security Hub with central configuration from the home region. @default true */
      enabled: on,
      /**
       * Where the configuration policy is associated: `"root"` (looked up), root, OU or account IDs.
       * @default ["root"]
       */
      policyTargets: v.optional(
        v.pipe(
          v.array(v.pipe(v.string(POLICY_TARGET_MESSAGE), v.regex(POLICY_TARGET, POLICY_TARGET_MESSAGE))),
          v.minLength(1, 'expected at least one target'),
          v.check((l) => new Set(l).size === l.length, 'lists a target twice'),
        ),
        ['root'],
      ),
      /**
       * Controls the configuration policy disables, each with a written reason.
       * @default []
       */
      disabledControls: v.optional(
        v.pipe(
          v.array(disabledControl, 'expected a list of { id, reason }'),
          v.check((l) => new Set(l.map((c) => c.id)).size === l.length, 'lists a control twice'),
        ),
        [],
      ),
    },
    'expected object',
  ),
  {},
);

const archiveFilter = v.strictObject(
  {
    /** Finding attribute, e.g. `principal.AWS`, `isPublic`, `resourceType`. */
    criteria: v.pipe(v.string('expected a finding attribute'), v.minLength(1, 'expected a finding attribute')),
    eq: v.optional(v.array(v.string())),
    neq: v.optional(v.array(v.string())),
    contains: v.optional(v.array(v.string())),
    exists: v.optional(v.picklist(['true', 'false'], 'expected "true" or "false"')),
  },
  'expected object',
);

const accessAnalyzerSchema = v.optional(
  v.strictObject(
    {
      /** An organization external-access analyzer in every governed region. @default true */
      enabled: on,
      /**
       * Days without use after which an organization unused-access analyzer (home region only, a
       * paid feature) reports access; absent means no unused-access analyzer.
       * @default - none
       */
      unusedAccessAgeDays: v.optional(
        v.pipe(v.number('expected a number of days'), v.integer('expected a whole number of days'), v.minValue(1, 'expected 1-365 days'), v.maxValue(365, 'expected 1-365 days')),
      ),
      /**
       * Archive rules of every external-access analyzer: findings matching all filters of a rule
       * are archived (e.g. access from trusted accounts).
       * @default []
       */
      archiveRules: v.optional(
        v.pipe(
          v.array(
            v.strictObject(
              {
                name: v.pipe(v.string('expected a rule name'), v.regex(ANALYZER_NAME, 'expected letters, digits, ".", "_" or "-", starting with a letter')),
                filters: v.pipe(v.array(archiveFilter), v.minLength(1, 'expected at least one filter')),
              },
              'expected object',
            ),
          ),
          v.check((l) => new Set(l.map((r) => r.name)).size === l.length, 'lists a rule name twice'),
        ),
        [],
      ),
    },
    'expected object',
  ),
  {},
);

const findingsSchema = v.optional(
  v.strictObject(
    {
      /** The EventBridge rule that e-mails findings through AggregateSecurityNotifications. @default true */
      enabled: on,
      /**
       * Severity labels that are e-mailed.
       * @default ["HIGH", "CRITICAL"]
       */
      severities: v.optional(
        v.pipe(
          v.array(v.picklist(SEVERITY_LABELS, `expected a severity label: ${SEVERITY_LABELS.join(', ')}`)),
          v.minLength(1, 'expected at least one severity'),
          v.check((l) => new Set(l).size === l.length, 'lists a severity twice'),
        ),
        ['HIGH', 'CRITICAL'],
      ),
    },
    'expected object',
  ),
  {},
);

/** The detective-services sections of the configuration file. */
export const detectionEntries = {
  guardDuty: guardDutySchema,
  securityHub: securityHubSchema,
  accessAnalyzer: accessAnalyzerSchema,
  findings: findingsSchema,
};
