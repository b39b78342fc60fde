import { z } from 'zod';

/**
 * The one source of truth for the baseline's configuration: its TypeScript types and every
 * validation rule. `load.ts` reads a file and feeds it here; nothing else parses config.
 */

/**
 * Commercial-partition (`aws`) regions the provider 5.100.0 knows. The baseline builds `arn:aws:`
 * ARNs, so GovCloud and China regions are rejected rather than silently producing wrong ARNs.
 * @see https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */
export const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

/** The retention values CloudWatch Logs accepts (`PutRetentionPolicy`); any other number is rejected by the API. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const ACCOUNT_ID = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
/** IAM role names: 1-64 characters of `[\w+=,.@-]`. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** Lower-case DNS-style label: bucket names are built from it. */
const NAME_PREFIX = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** CloudTrail trail names: 3-128 characters, letters, digits, `.`, `_`, `-`, starting and ending alphanumerically. */
const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,126})[A-Za-z0-9]$/;
/** SNS topic name prefix: topic names allow `[A-Za-z0-9_-]`, up to 256 characters. */
const TOPIC_PREFIX = /^[A-Za-z0-9_-]{1,200}$/;
/** S3 key prefixes as CloudTrail and Config accept them: no leading or trailing slash. */
const KEY_PREFIX = /^[A-Za-z0-9!_.*'()-]+(?:\/[A-Za-z0-9!_.*'()-]+)*$/;
/** Longest S3 bucket name. */
export const MAX_BUCKET_NAME_LENGTH = 63;

const accountId = (what: string) =>
  z.string({ error: `expected the ${what} as a string of 12 digits` }).regex(ACCOUNT_ID, {
    error: `expected the ${what} as exactly 12 digits, e.g. "123456789012"`,
  });

const region = z.enum(AWS_REGIONS, {
  error: 'expected an AWS commercial region name such as "ap-northeast-1" or "us-east-1"',
});

const roleName = (what: string) =>
  z.string().regex(ROLE_NAME, { error: `expected ${what} as an IAM role name (1-64 characters of letters, digits and +=,.@_-)` });

const positiveDays = (what: string) =>
  z
    .number({ error: `expected ${what} as a whole number of days` })
    .int({ error: `expected ${what} as a whole number of days` })
    .positive({ error: `expected ${what} to be a positive number of days` });

const memberAccountSchema = (what: string) =>
  z.strictObject({
    /** The account's 12-digit ID. */
    id: accountId(`${what} account ID`),
    /**
     * Role that Terraform assumes in this account.
     * @default "OrganizationAccountAccessRole"
     */
    roleName: roleName('the role to assume').default('OrganizationAccountAccessRole'),
  });

const organizationSchema = z.strictObject({
  id: z
    .string({ error: 'expected the organization ID as a string like "o-a1b2c3d4e5"' })
    .regex(ORG_ID, { error: 'expected an organization ID matching o-[a-z0-9]{10,32}, e.g. "o-a1b2c3d4e5"' }),
  managementAccountId: accountId('management account ID'),
  homeRegion: region,
  governedRegions: z
    .array(region, { error: 'expected a list of region names' })
    .min(1, { error: 'expected at least one governed region' }),
  /**
   * Manage the organization's trusted-access list (`aws_organizations_organization`, imported by
   * its ID). Turn off where another tool owns the organization resource; then enable trusted
   * access for CloudTrail yourself before deploying.
   * @default true
   */
  manageTrustedAccess: z.boolean().default(true),
  /**
   * Service principals to keep trusted besides the ones the baseline needs. When
   * `manageTrustedAccess` is on, any principal enabled today and missing from the final list is
   * disabled: list every one you use (for example `sso.amazonaws.com`).
   * @default []
   */
  additionalServiceAccessPrincipals: z
    .array(z.string().regex(/^[a-z0-9.-]+\.amazonaws\.com$/, { error: 'expected a service principal like "sso.amazonaws.com"' }))
    .default([]),
  /**
   * Organization policy types that stay enabled when `manageTrustedAccess` is on.
   * @default ["SERVICE_CONTROL_POLICY"]
   */
  enabledPolicyTypes: z
    .array(z.enum(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY', 'CHATBOT_POLICY', 'DECLARATIVE_POLICY_EC2']))
    .default(['SERVICE_CONTROL_POLICY']),
});

const accountsSchema = z.strictObject({
  logArchive: memberAccountSchema('log-archive').extend({
    /**
     * Role in the log-archive account that alone may delete log objects or change the log
     * bucket's protection (policy, lifecycle, versioning, encryption, object lock).
     * @default "LogArchiveBreakGlass"
     */
    breakGlassRoleName: roleName('the break-glass role').default('LogArchiveBreakGlass'),
  }),
  audit: memberAccountSchema('audit'),
  management: z
    .strictObject({
      /**
       * Role to assume in the management account; omit to use the caller's own credentials.
       * @default - no role is assumed
       */
      roleName: roleName('the role to assume').optional(),
    })
    .prefault({}),
});

const dataEventScope = z.enum(['none', 'write', 'all'], { error: 'expected "none", "write" or "all"' });

/** Log-archive fields that cross-field rules also read on their own (so one bad sibling never hides them). */
const bucketNamePrefixField = z
  .string()
  .regex(NAME_PREFIX, { error: 'expected lower-case letters, digits and hyphens, starting and ending with a letter or digit' })
  .refine((p) => !p.startsWith('xn--') && !p.startsWith('sthree-') && !p.includes('--'), {
    error: 'must not start with "xn--" or "sthree-" nor contain "--" (S3 reserves them)',
  })
  .default('org-logs');
const retentionDaysField = positiveDays('retentionDays').default(365);
const glacierTransitionDaysField = positiveDays('glacierTransitionDays').default(90);
const objectLockField = z
  .strictObject({
    mode: z.enum(['GOVERNANCE', 'COMPLIANCE'], { error: 'expected "GOVERNANCE" or "COMPLIANCE"' }),
    days: positiveDays('objectLock.days'),
  })
  .optional();

const logArchiveSchema = z
  .strictObject({
    /**
     * Bucket names are `<prefix>-<logArchiveAccountId>-<homeRegion>` (and `-access` for the
     * access-log bucket), so they are globally unique and known at plan time.
     * @default "org-logs"
     */
    bucketNamePrefix: bucketNamePrefixField,
    /** @default 365 */
    retentionDays: retentionDaysField,
    /** @default 90 */
    glacierTransitionDays: glacierTransitionDaysField,
    /** @default 90 */
    noncurrentVersionExpirationDays: positiveDays('noncurrentVersionExpirationDays').default(90),
    /** @default 365 */
    accessLogRetentionDays: positiveDays('accessLogRetentionDays').default(365),
    /**
     * S3 Object Lock on the log bucket (write-once). Absent means off; once on it cannot be turned off.
     * @default - no object lock
     */
    objectLock: objectLockField,
    /** Prefix under which AWS Config delivers. @default "config" */
    configKeyPrefix: z.string().regex(KEY_PREFIX, { error: 'expected an S3 key prefix without leading or trailing "/"' }).default('config'),
    /**
     * `lifecycle { prevent_destroy = true }` on the buckets and the key. Turn off only for
     * throw-away test organizations.
     * @default true
     */
    preventDestroy: z.boolean().default(true),
  })
  .prefault({});

const trailSchema = z
  .strictObject({
    /** @default "org-trail" */
    name: z
      .string()
      .regex(TRAIL_NAME, { error: 'expected 3-128 letters, digits, ".", "_" or "-", starting and ending with a letter or digit' })
      .refine((n) => !/[._-]{2}/.test(n), { error: 'must not have adjacent ".", "_" or "-" (CloudTrail rejects names like "my--trail")' })
      .default('org-trail'),
    /**
     * Prefix for the trail's objects in the log bucket.
     * @default - none (objects land under `AWSLogs/`)
     */
    s3KeyPrefix: z.string().regex(KEY_PREFIX, { error: 'expected an S3 key prefix without leading or trailing "/"' }).optional(),
    /** Retention of the trail's CloudWatch Logs group. @default 365 */
    cloudWatchLogsRetentionDays: z
      .number()
      .refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), {
        error: `expected one of the values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(365),
    /**
     * Data events per resource type: `none`, `write` (write-only) or `all`.
     * @default { s3: "write", lambda: "none", dynamodb: "none" }
     * @see https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-22 (CIS 3.8)
     */
    dataEvents: z
      .strictObject({
        s3: dataEventScope.default('write'),
        lambda: dataEventScope.default('none'),
        dynamodb: dataEventScope.default('none'),
      })
      .prefault({}),
  })
  .prefault({});

const notificationsSchema = z.strictObject({
  /** Subscribers of `AggregateSecurityNotifications`. */
  emails: z
    .array(z.email({ error: 'expected an e-mail address like "security@example.com"' }))
    .min(1, { error: 'expected at least one e-mail address to receive security notifications' }),
  /**
   * Subscribers of `AllConfigNotifications` (every Config change: noisy, usually for tooling).
   * @default []
   */
  allConfigEmails: z.array(z.email({ error: 'expected an e-mail address like "config@example.com"' })).default([]),
  /** Topic names are `<prefix>-AllConfigNotifications` and `<prefix>-AggregateSecurityNotifications`. @default "org" */
  topicNamePrefix: z.string().regex(TOPIC_PREFIX, { error: 'expected letters, digits, "_" or "-"' }).default('org'),
});

const CIS_IDS = ['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15'] as const;

const cisSchema = z
  .strictObject({
    /** Metric filters and alarms on the trail's log group. @default true */
    enabled: z.boolean().default(true),
    /**
     * Controls to monitor.
     * @default every control 4.1-4.15
     * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
     */
    controls: z
      .array(z.enum(CIS_IDS, { error: `expected a CIS section-4 control id: ${CIS_IDS.join(', ')}` }))
      .refine((ids) => new Set(ids).size === ids.length, { error: 'lists a control twice' })
      .default([...CIS_IDS]),
    /**
     * Topic the alarms notify.
     * @default - the audit stack's AggregateSecurityNotifications topic (read from its remote state)
     */
    alarmTopicArn: z.string().regex(/^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/, { error: 'expected an SNS topic ARN' }).optional(),
  })
  .prefault({});

/** Roots (`r-`), OUs (`ou-`) or accounts (12 digits) an SCP can be attached to. */
const SCP_TARGET = /^(root|r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

const guardrailsSchema = z
  .strictObject({
    /** Guardrail SCPs. @default true */
    enabled: z.boolean().default(true),
    /**
     * Where to attach the SCPs: `"root"` (the organization root, looked up), root IDs, OU IDs or account IDs.
     * @default ["root"]
     */
    targets: z
      .array(z.string().regex(SCP_TARGET, { error: 'expected "root", a root ID (r-...), an OU ID (ou-...-...) or a 12-digit account ID' }))
      .min(1, { error: 'expected at least one target' })
      .refine((t) => new Set(t).size === t.length, { error: 'lists a target twice' })
      .default(['root']),
    /**
     * Role names (in any member account) exempt from the security-service guardrails, e.g. the
     * roles that deploy Config, GuardDuty and Security Hub. The log-archive deployer and
     * break-glass roles are always exempt from the log-archive guardrails, and only they.
     * @default []
     */
    exemptRoleNames: z.array(z.string().regex(ROLE_NAME, { error: 'expected an IAM role name' })).default([]),
    /**
     * Deny regional actions outside `organization.governedRegions` (global services excepted).
     * @default false
     */
    denyUngovernedRegions: z.boolean().default(false),
    /** SCP names are `<policyNamePrefix>-<key>`. @default "baseline" */
    policyNamePrefix: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'expected letters, digits, "_" or "-"' }).default('baseline'),
  })
  .prefault({});

const s3BackendSchema = z.strictObject({
  type: z.literal('s3'),
  bucket: z.string().min(3, { error: 'expected the state bucket name' }),
  region,
  /** State keys are `<keyPrefix>/<stack>.tfstate`. @default "org-security-baseline" */
  keyPrefix: z.string().regex(KEY_PREFIX, { error: 'expected an S3 key prefix without leading or trailing "/"' }).default('org-security-baseline'),
  /** Terraform >= 1.10 native S3 locking. @default true */
  useLockfile: z.boolean().default(true),
  /** Legacy DynamoDB lock table. @default - none */
  dynamodbTable: z.string().min(3).optional(),
  /** Must stay on: state holds resource attributes. @default true */
  encrypt: z.literal(true, { error: 'state encryption cannot be turned off' }).default(true),
  /** KMS key for state objects. @default - the bucket's default encryption */
  kmsKeyId: z.string().min(1).optional(),
  /** Role the backend assumes to reach the state bucket. @default - the caller's credentials */
  roleArn: z.string().regex(/^arn:aws:iam::\d{12}:role\/.+$/, { error: 'expected an IAM role ARN' }).optional(),
});

const cloudBackendSchema = z.strictObject({
  type: z.literal('cloud'),
  organization: z.string().min(1, { error: 'expected the Terraform Cloud organization name' }),
  /** Workspaces are `<workspacePrefix>-<stack>`. */
  workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'expected letters, digits, "_" or "-"' }),
  /** @default "app.terraform.io" */
  hostname: z.string().min(1).default('app.terraform.io'),
  /**
   * Use HCP Terraform dynamic provider credentials instead of assume-role from the run's own
   * credentials. Each alias then needs `TFC_AWS_PROVIDER_AUTH_<alias>` and
   * `TFC_AWS_RUN_ROLE_ARN_<alias>` workspace variables.
   * @default false
   */
  dynamicCredentials: z.boolean().default(false),
});

const backendSchema = z.discriminatedUnion(
  'type',
  [z.strictObject({ type: z.literal('local') }), s3BackendSchema, cloudBackendSchema],
  { error: 'expected backend.type to be "local", "s3" or "cloud"' },
);

/** The whole configuration file. Unknown keys anywhere are errors, so typos never pass silently. */
export const baselineConfigSchema = z.strictObject({
  /** JSON-schema pointer for editors; ignored. */
  $schema: z.string().optional(),
  organization: organizationSchema,
  accounts: accountsSchema,
  notifications: notificationsSchema,
  logArchive: logArchiveSchema,
  trail: trailSchema,
  cis: cisSchema,
  guardrails: guardrailsSchema,
  /** Tags on every resource (provider `default_tags`). @default { ManagedBy: "cdktf-org-security-baseline" } */
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({ ManagedBy: 'cdktf-org-security-baseline' }),
  /** @default { type: "local" } */
  backend: backendSchema.prefault({ type: 'local' }),
});

/** One problem in a configuration: where, what was found, what was expected. */
export interface ConfigIssue {
  /** Dotted field path, e.g. `accounts.audit.id` (`(root)` for the document itself). */
  readonly path: string;
  /** What is expected there, or why the value is wrong. */
  readonly message: string;
  /** The offending value, when there is one. */
  readonly received?: unknown;
}

/** The outcome of {@link validateConfig}: a complete config, or every problem found. */
export type ValidationResult =
  | { readonly ok: true; readonly config: BaselineConfig }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/**
 * Validates a parsed document against every rule at once: the schema (types, formats, unknown
 * keys) and the rules that span fields (distinct accounts, home region governed, lifecycle
 * order, bucket-name length). Cross-field rules run on whatever parts are valid, so one bad
 * field never hides another problem.
 */
export function validateConfig(input: unknown): ValidationResult {
  const parsed = baselineConfigSchema.safeParse(input);
  const issues: ConfigIssue[] = parsed.success ? [] : parsed.error.issues.map((i) => toIssue(i, input));
  issues.push(...crossFieldIssues(input));
  if (issues.length > 0 || !parsed.success) {
    return { ok: false, issues: issues.sort((a, b) => a.path.localeCompare(b.path)) };
  }
  return { ok: true, config: parsed.data };
}

function toIssue(issue: z.core.$ZodIssue, input: unknown): ConfigIssue {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return {
      path: formatPath(path),
      message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove ${issue.keys.length > 1 ? 'them' : 'it'} or check the spelling`,
    };
  }
  const received = valueAt(input, path);
  let message = issue.message;
  if (received === undefined) {
    message = `is required: ${message.replace(/^Invalid input: /, '')}`;
  }
  return received === undefined ? { path: formatPath(path), message } : { path: formatPath(path), message, received };
}

function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' || /^\d+$/.test(String(p)) ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** The parsed value when `value` satisfies `schema`, else undefined (its own issue is reported by the schema). */
function validPart<T extends z.ZodType>(schema: T, value: unknown): z.output<T> | undefined {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

function crossFieldIssues(input: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const at = (path: string) => valueAt(input, path.split('.'));
  const id = (path: string) => validPart(z.string().regex(ACCOUNT_ID), at(path));

  const ids = ['organization.managementAccountId', 'accounts.logArchive.id', 'accounts.audit.id'];
  ids.forEach((later, j) => {
    const first = ids.slice(0, j).find((earlier) => id(earlier) !== undefined && id(earlier) === id(later));
    if (first) {
      issues.push({
        path: later,
        message: `must differ from ${first}: the management, log-archive and audit accounts are three distinct accounts`,
        received: at(later),
      });
    }
  });

  const home = validPart(region, at('organization.homeRegion'));
  const governedRaw = at('organization.governedRegions');
  const governed = Array.isArray(governedRaw) ? governedRaw.filter((r): r is string => validPart(region, r) !== undefined) : [];
  if (home && governed.length > 0 && !governed.includes(home)) {
    issues.push({ path: 'organization.governedRegions', message: `must include the home region "${home}"`, received: governedRaw });
  }
  if (Array.isArray(governedRaw)) {
    governedRaw.forEach((r, i) => {
      if (validPart(region, r) !== undefined && governedRaw.indexOf(r) !== i) {
        issues.push({ path: `organization.governedRegions[${i}]`, message: 'is listed twice: list each region once', received: r });
      }
    });
  }

  const manage = validPart(z.boolean().default(true), at('organization.manageTrustedAccess'));
  const types = validPart(z.array(z.string()).default(['SERVICE_CONTROL_POLICY']), at('organization.enabledPolicyTypes'));
  const scps = validPart(z.boolean().default(true), at('guardrails.enabled'));
  if (manage && scps && types && !types.includes('SERVICE_CONTROL_POLICY')) {
    issues.push({
      path: 'organization.enabledPolicyTypes',
      message: 'must include "SERVICE_CONTROL_POLICY" while guardrails are enabled: the apply would otherwise disable the SCPs it attaches',
      received: types,
    });
  }

  const retention = validPart(retentionDaysField, at('logArchive.retentionDays'));
  const transition = validPart(glacierTransitionDaysField, at('logArchive.glacierTransitionDays'));
  if (retention !== undefined && transition !== undefined && transition >= retention) {
    const explicit = at('logArchive.glacierTransitionDays') !== undefined;
    issues.push({
      path: 'logArchive.glacierTransitionDays',
      message: explicit
        ? `must be less than logArchive.retentionDays (${retention}): objects move to Glacier before they expire`
        : `defaults to ${transition}, which is not less than logArchive.retentionDays (${retention}): set it below the retention`,
      ...(explicit ? { received: transition } : {}),
    });
  }
  const lockDays = validPart(positiveDays('objectLock.days'), at('logArchive.objectLock.days'));
  if (retention !== undefined && lockDays !== undefined && lockDays > retention) {
    issues.push({
      path: 'logArchive.objectLock.days',
      message: `must not exceed logArchive.retentionDays (${retention}): the lifecycle cannot expire objects that are still locked`,
      received: lockDays,
    });
  }
  const prefix = validPart(bucketNamePrefixField, at('logArchive.bucketNamePrefix'));
  const logArchiveId = id('accounts.logArchive.id');
  if (prefix && logArchiveId && home) {
    const longest = `${prefix}-${logArchiveId}-${home}-access`;
    if (longest.length > MAX_BUCKET_NAME_LENGTH) {
      issues.push({
        path: 'logArchive.bucketNamePrefix',
        message: `is too long: bucket name "${longest}" has ${longest.length} characters, S3 allows ${MAX_BUCKET_NAME_LENGTH}`,
        received: prefix,
      });
    }
  }
  return issues;
}

/** What the file may contain (defaults optional). */
export type BaselineConfigInput = z.input<typeof baselineConfigSchema>;
/** A validated configuration with every default filled in. */
export type BaselineConfig = z.output<typeof baselineConfigSchema>;
export type BackendConfig = BaselineConfig['backend'];
export type DataEventScope = z.output<typeof dataEventScope>;
export type AwsRegion = (typeof AWS_REGIONS)[number];
