import * as v from 'valibot';
// The modules' name functions (their cdktf-free files, so validation loads no provider classes):
// the cross-field rules check the very names the constructs will create.
import { accessLogBucketName, logBucketName } from '../modules/log-archive/names';
import { DEFAULT_READER_ROLE_NAME, queryResultsBucketName } from '../modules/log-query/names';
import { deliveryRoleName, MAX_ROLE_NAME_LENGTH } from '../modules/organization-trail/names';
import { subscriptionIdSuffix } from '../modules/security-notifications/names';
import { detectionEntries, OPT_IN_REGIONS } from './detection-schema';

/**
 * The one source of truth for the baseline's configuration: its TypeScript types and every
 * validation rule. `load.ts` reads a file and feeds it here; nothing else parses config.
 *
 * Written with valibot: it validates like zod (every issue with its path, custom messages,
 * defaults) but loads in about 7 ms instead of zod's 40, and validation runs on every synth.
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
/** An exempt role: name or path pattern (`*` allowed), or a role ARN pattern in an account or all (`*`). */
const EXEMPT_ROLE = /^(?:arn:aws:iam::(?:\d{12}|\*):role\/)?(?:[\w+=,.@*-]+\/)*[\w+=,.@*-]{1,64}$/;
/** A role name with an optional IAM path (`path/to/Name`), as it appears after `role/` in an ARN. */
const ROLE_NAME_WITH_PATH = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
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

const KEY_PREFIX_MESSAGE = 'expected an S3 key prefix without leading or trailing "/"';

const accountId = (what: string) =>
  v.pipe(v.string(`expected the ${what} as a string of 12 digits`), v.regex(ACCOUNT_ID, `expected the ${what} as exactly 12 digits, e.g. "123456789012"`));

const region = v.picklist(AWS_REGIONS, 'expected an AWS commercial region name such as "ap-northeast-1" or "us-east-1"');

const roleName = (what: string) =>
  v.pipe(v.string(`expected ${what} as an IAM role name`), v.regex(ROLE_NAME, `expected ${what} as an IAM role name (1-64 characters of letters, digits and +=,.@_-)`));

/**
 * Largest day count S3 accepts: lifecycle `Days`/`NoncurrentDays` and Object Lock `Days` are
 * `Integer` in the S3 API (32-bit signed); larger values would also reach the JSON as `1e+300`.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_NoncurrentVersionExpiration.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_DefaultRetention.html
 */
export const MAX_S3_DAYS = 2_147_483_647;

const positiveDays = (what: string) =>
  v.pipe(
    v.number(`expected ${what} as a whole number of days`),
    v.integer(`expected ${what} as a whole number of days`),
    v.minValue(1, `expected ${what} to be a positive number of days`),
    v.maxValue(MAX_S3_DAYS, `expected ${what} to be at most ${MAX_S3_DAYS} days (S3 takes a 32-bit integer)`),
  );

/**
 * S3 object keys are at most 1,024 bytes; a prefix may take 768 of them, leaving room for what
 * CloudTrail, Config and Terraform append (`/AWSLogs/<account>/...`, `/<stack>.tfstate`).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
 */
const MAX_KEY_PREFIX = 768;
/**
 * CloudTrail's `S3KeyPrefix`: "The maximum length is 200 characters."
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
 */
const MAX_TRAIL_KEY_PREFIX = 200;

const keyPrefixOf = (max: number, why: string) =>
  v.pipe(v.string(KEY_PREFIX_MESSAGE), v.regex(KEY_PREFIX, KEY_PREFIX_MESSAGE), v.maxLength(max, `expected at most ${max} characters (${why})`));
const keyPrefix = keyPrefixOf(MAX_KEY_PREFIX, 'S3 keys are at most 1,024 bytes');

/**
 * AWS tag limits: at most 50 user tags per resource, keys of 1-128 and values of 0-256 Unicode
 * characters from letters, digits, spaces and `_ . : / = + - @`; the `aws:` prefix is reserved.
 * The tags are provider `default_tags`, and no resource here adds tags of its own, so all 50 are
 * available to them.
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
 * @see https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/allocation-tag-restrictions.html
 */
export const MAX_TAGS = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_TEXT_MESSAGE = 'may hold only letters, digits, spaces and _ . : / = + - @';
/** Keys JavaScript objects cannot carry (valibot drops them, so would every object spread): rejected rather than lost. */
const UNSAFE_KEYS = ['__proto__', 'constructor', 'prototype'];


/** The role AWS Organizations creates in member accounts it creates. */
const ORGANIZATION_ACCESS_ROLE = 'OrganizationAccountAccessRole';

const memberAccountEntries = (what: string) => ({
  /** The account's 12-digit ID. */
  id: accountId(`${what} account ID`),
  /**
   * Role that Terraform assumes in this account.
   * @default "OrganizationAccountAccessRole"
   */
  roleName: v.optional(roleName('the role to assume'), ORGANIZATION_ACCESS_ROLE),
});

const organizationSchema = v.strictObject(
  {
    id: v.pipe(
      v.string('expected the organization ID as a string like "o-a1b2c3d4e5"'),
      v.regex(ORG_ID, 'expected an organization ID matching o-[a-z0-9]{10,32}, e.g. "o-a1b2c3d4e5"'),
    ),
    managementAccountId: accountId('management account ID'),
    homeRegion: region,
    governedRegions: v.pipe(v.array(region, 'expected a list of region names'), v.minLength(1, 'expected at least one governed region')),
    /**
     * Manage the organization's trusted-access list (`aws_organizations_organization`, imported by
     * its ID). Turn off where another tool owns the organization resource; then enable trusted
     * access for CloudTrail yourself before deploying.
     * @default true
     */
    manageTrustedAccess: v.optional(v.boolean('expected true or false'), true),
    /**
     * Service principals to enable besides the ones the baseline needs; added to those enabled
     * today, never replacing them.
     * @default []
     */
    additionalServiceAccessPrincipals: v.optional(
      v.array(v.pipe(v.string(), v.regex(/^[a-z0-9.-]+\.amazonaws\.com$/, 'expected a service principal like "sso.amazonaws.com"'))),
      [],
    ),
    /**
     * Organization policy types that must be enabled on the root when `manageTrustedAccess` is on.
     * Checked at plan time, never changed: a missing one fails the plan with the command that
     * enables it, and types enabled today (any AWS offers) stay as they are.
     * @default ["SERVICE_CONTROL_POLICY"]
     */
    enabledPolicyTypes: v.optional(
      v.array(v.pipe(v.string('expected an organization policy type'), v.regex(/^[A-Z0-9_]+_POLICY(?:_[A-Z0-9]+)?$/, 'expected an organization policy type such as "SERVICE_CONTROL_POLICY"'))),
      ['SERVICE_CONTROL_POLICY'],
    ),
  },
  'expected object',
);

const accountsSchema = v.strictObject(
  {
    logArchive: v.strictObject(
      {
        ...memberAccountEntries('log-archive'),
        /**
         * Role in the log-archive account that alone may delete log objects or change the log
         * bucket's protection (policy, lifecycle, versioning, encryption, object lock).
         * @default "LogArchiveBreakGlass"
         */
        breakGlassRoleName: v.optional(roleName('the break-glass role'), 'LogArchiveBreakGlass'),
      },
      'expected object',
    ),
    audit: v.strictObject(memberAccountEntries('audit'), 'expected object'),
    management: v.optional(
      v.strictObject(
        {
          /**
           * Role to assume in the management account; omit to use the caller's own credentials.
           * @default - no role is assumed
           */
          roleName: v.optional(roleName('the role to assume')),
        },
        'expected object',
      ),
      {},
    ),
  },
  'expected object',
);

const dataEventScope = v.picklist(['none', 'write', 'all'], 'expected "none", "write" or "all"');

/** Log-archive fields that cross-field rules also read on their own (so one bad sibling never hides them). */
const bucketNamePrefixField = v.optional(
  v.pipe(
    v.string('expected lower-case letters, digits and hyphens'),
    v.regex(NAME_PREFIX, 'expected lower-case letters, digits and hyphens, starting and ending with a letter or digit'),
    v.check((p) => !p.startsWith('xn--') && !p.startsWith('sthree-') && !p.includes('--'), 'must not start with "xn--" or "sthree-" nor contain "--" (S3 reserves them)'),
  ),
  'org-logs',
);
const retentionDaysField = v.optional(positiveDays('retentionDays'), 365);
const glacierTransitionDaysField = v.optional(positiveDays('glacierTransitionDays'), 90);
const objectLockField = v.optional(
  v.strictObject(
    {
      mode: v.picklist(['GOVERNANCE', 'COMPLIANCE'], 'expected "GOVERNANCE" or "COMPLIANCE"'),
      days: positiveDays('objectLock.days'),
    },
    'expected object',
  ),
);

const logArchiveSchema = v.optional(
  v.strictObject(
    {
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
      noncurrentVersionExpirationDays: v.optional(positiveDays('noncurrentVersionExpirationDays'), 90),
      /** @default 365 */
      accessLogRetentionDays: v.optional(positiveDays('accessLogRetentionDays'), 365),
      /**
       * S3 Object Lock on the log bucket (write-once). Absent means off; once on it cannot be turned off.
       * A create-time choice: on a deployed log archive it plans a replacement of the bucket, which
       * `prevent_destroy` refuses (see the README for enabling it on the existing bucket first).
       * @default - no object lock
       */
      objectLock: objectLockField,
      /** Prefix under which AWS Config delivers. @default "config" */
      configKeyPrefix: v.optional(keyPrefix, 'config'),
      /**
       * Name (optionally with a path, e.g. `service-role/ConfigRecorder`) of the IAM role the AWS
       * Config recorders of member accounts use; Config delivers to the log bucket as that role,
       * which the bucket and key admit in every account of the organization. Only for recorders
       * of your own, while `awsConfig.enabled` is false; refused otherwise.
       * @default "OrgConfigRecorderRole"
       * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
       */
      configRecorderRoleName: v.optional(
        v.pipe(v.string('expected an IAM role name, optionally with a path'), v.regex(ROLE_NAME_WITH_PATH, 'expected an IAM role name, optionally with a path like "service-role/Name"')),
        'OrgConfigRecorderRole',
      ),
      /**
       * `lifecycle { prevent_destroy = true }` on the buckets and the key. Turn off only for
       * throw-away test organizations.
       * @default true
       */
      preventDestroy: v.optional(v.boolean('expected true or false'), true),
    },
    'expected object',
  ),
  {},
);

const trailSchema = v.optional(
  v.strictObject(
    {
      /** @default "org-trail" */
      name: v.optional(
        v.pipe(
          v.string('expected a trail name'),
          v.regex(TRAIL_NAME, 'expected 3-128 letters, digits, ".", "_" or "-", starting and ending with a letter or digit'),
          v.check((n) => !/[._-]{2}/.test(n), 'must not have adjacent ".", "_" or "-" (CloudTrail rejects names like "my--trail")'),
        ),
        'org-trail',
      ),
      /**
       * Prefix for the trail's objects in the log bucket.
       * @default - none (objects land under `AWSLogs/`)
       */
      s3KeyPrefix: v.optional(keyPrefixOf(MAX_TRAIL_KEY_PREFIX, 'CloudTrail allows 200')),
      /** Retention of the trail's CloudWatch Logs group. @default 365 */
      cloudWatchLogsRetentionDays: v.optional(
        v.pipe(
          v.number(`expected one of the values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`),
          v.check((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), `expected one of the values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`),
        ),
        365,
      ),
      /**
       * Data events per resource type: `none`, `write` (write-only) or `all`.
       * @default { s3: "write", lambda: "none", dynamodb: "none" }
       * @see https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-22 (CIS 3.8)
       */
      dataEvents: v.optional(
        v.strictObject(
          {
            s3: v.optional(dataEventScope, 'write'),
            lambda: v.optional(dataEventScope, 'none'),
            dynamodb: v.optional(dataEventScope, 'none'),
          },
          'expected object',
        ),
        {},
      ),
    },
    'expected object',
  ),
  {},
);

const email = (example: string) => v.pipe(v.string(`expected an e-mail address like "${example}"`), v.email(`expected an e-mail address like "${example}"`));

const notificationsSchema = v.strictObject(
  {
    /** Subscribers of `AggregateSecurityNotifications`. */
    emails: v.pipe(
      v.array(email('security@example.com'), 'expected a list of e-mail addresses'),
      v.minLength(1, 'expected at least one e-mail address to receive security notifications'),
    ),
    /**
     * Subscribers of `AllConfigNotifications` (every Config change: noisy, usually for tooling).
     * @default []
     */
    allConfigEmails: v.optional(v.array(email('config@example.com'), 'expected a list of e-mail addresses'), []),
    /** Topic names are `<prefix>-AllConfigNotifications` and `<prefix>-AggregateSecurityNotifications`. @default "org" */
    topicNamePrefix: v.optional(v.pipe(v.string(), v.regex(TOPIC_PREFIX, 'expected letters, digits, "_" or "-"')), 'org'),
    /**
     * `lifecycle { prevent_destroy = true }` on the topics and their key. Turn off only for
     * throw-away test organizations.
     * @default true
     */
    preventDestroy: v.optional(v.boolean('expected true or false'), true),
  },
  'expected object',
);

const CIS_IDS = ['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15'] as const;

const cisSchema = v.optional(
  v.strictObject(
    {
      /** Metric filters and alarms on the trail's log group. @default true */
      enabled: v.optional(v.boolean('expected true or false'), true),
      /**
       * Controls to monitor.
       * @default every control 4.1-4.15
       * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
       */
      controls: v.optional(
        // Repeats are a cross-field rule, so an invalid item never hides them.
        v.array(v.picklist(CIS_IDS, `expected a CIS section-4 control id: ${CIS_IDS.join(', ')}`), 'expected a list of control ids'),
        [...CIS_IDS],
      ),
      /**
       * Topic the alarms notify.
       * @default - the audit stack's AggregateSecurityNotifications topic (read from its remote state)
       */
      alarmTopicArn: v.optional(v.pipe(v.string('expected an SNS topic ARN'), v.regex(/^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/, 'expected an SNS topic ARN'))),
    },
    'expected object',
  ),
  {},
);

/** Athena refuses a per-query data usage limit below 10 MB. */
const MIN_BYTES_SCANNED_CUTOFF = 10_485_760;
/** IAM principals a role trust policy may name here: account roots, roles and users, no wildcards. */
const TRUST_PRINCIPAL = /^arn:aws:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;
const TRUST_PRINCIPAL_MESSAGE = 'expected an IAM principal ARN: "arn:aws:iam::<12 digits>:root", ":role/<name>" or ":user/<name>", without wildcards';

const logQuerySchema = v.optional(
  v.strictObject(
    {
      /**
       * Athena over the organization trail in the audit account: a projected CloudTrail table,
       * a workgroup with a scan limit, named queries and the reader role. Costs nothing until a
       * query runs, except the results key (about 1 USD a month).
       * @default true
       */
      enabled: v.optional(v.boolean('expected true or false'), true),
      /**
       * Bytes one query may scan before Athena cancels it (Athena's minimum is 10 MB).
       * @default 10737418240 (10 GiB, about 0.05 USD a query)
       * @see https://docs.aws.amazon.com/athena/latest/ug/workgroups-setting-control-limits-cloudwatch.html
       */
      bytesScannedCutoffPerQuery: v.optional(
        v.pipe(
          v.number('expected a whole number of bytes'),
          v.integer('expected a whole number of bytes'),
          v.minValue(MIN_BYTES_SCANNED_CUTOFF, `expected at least ${MIN_BYTES_SCANNED_CUTOFF} bytes (10 MB), Athena's smallest per-query limit`),
        ),
        10_737_418_240,
      ),
      /** Days query results are kept in the results bucket. @default 7 */
      resultsRetentionDays: v.optional(positiveDays('resultsRetentionDays'), 7),
      /**
       * Who may assume the reader role (ARNs; must be in the organization).
       * @default - the audit account root: principals of the audit account whose IAM policies allow sts:AssumeRole on it
       */
      readerTrustPrincipals: v.optional(
        v.pipe(
          v.array(v.pipe(v.string(TRUST_PRINCIPAL_MESSAGE), v.regex(TRUST_PRINCIPAL, TRUST_PRINCIPAL_MESSAGE)), 'expected a list of IAM principal ARNs'),
          v.minLength(1, 'expected at least one principal, or leave the field out for the audit account root'),
        ),
      ),
      /** Name of the reader role in the audit account. @default "LogQueryReader" */
      readerRoleName: v.optional(roleName('the reader role name'), DEFAULT_READER_ROLE_NAME),
    },
    'expected object',
  ),
  {},
);

/** Roots (`r-`), OUs (`ou-`) or accounts (12 digits) an SCP can be attached to. */
const SCP_TARGET = /^(root|r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;
const SCP_TARGET_MESSAGE = 'expected "root", a root ID (r-...), an OU ID (ou-...-...) or a 12-digit account ID';

const guardrailsSchema = v.optional(
  v.strictObject(
    {
      /** Guardrail SCPs. @default true */
      enabled: v.optional(v.boolean('expected true or false'), true),
      /**
       * Where to attach the SCPs: `"root"` (the organization root, looked up), root IDs, OU IDs or account IDs.
       * @default ["root"]
       */
      targets: v.optional(
        v.pipe(
          v.array(v.pipe(v.string(SCP_TARGET_MESSAGE), v.regex(SCP_TARGET, SCP_TARGET_MESSAGE))),
          v.minLength(1, 'expected at least one target'),
        ),
        ['root'],
      ),
      /**
       * Roles exempt from the security-service (and region) guardrails, e.g. the roles that deploy
       * Config, GuardDuty and Security Hub: a role name (any account, no IAM path), a pattern with
       * its path (`aws-reserved/sso.amazonaws.com/*` + `/AWSReservedSSO_AdministratorAccess_*`), or a
       * role ARN (pattern). The audit and log-archive deployers and service-managed StackSets
       * (`stacksets-exec-*`) are always exempt. The log-archive deployer and break-glass roles are
       * always exempt from the log-archive guardrails, and only they.
       * @default []
       */
      exemptRoleNames: v.optional(
        v.array(
          v.pipe(
            v.string('expected an IAM role name, a path-aware pattern or a role ARN'),
            v.regex(EXEMPT_ROLE, 'expected an IAM role name, a path-aware pattern like "aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin_*" or a role ARN'),
          ),
        ),
        [],
      ),
      /**
       * Deny regional actions outside `organization.governedRegions` (global services excepted).
       * @default false
       */
      denyUngovernedRegions: v.optional(v.boolean('expected true or false'), false),
      /** SCP names are `<policyNamePrefix>-<key>`. @default "baseline" */
      policyNamePrefix: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected letters, digits, "_" or "-"')), 'baseline'),
    },
    'expected object',
  ),
  {},
);

/** StackSet deployment targets: the organization root or OU IDs (service-managed StackSets target OUs, never accounts). */
const STACKSET_TARGET = /^(root|r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const STACKSET_TARGET_MESSAGE = 'expected "root", a root ID (r-...) or an OU ID (ou-...-...)';

const stackSetTargets = v.optional(
  v.pipe(
    v.array(v.pipe(v.string(STACKSET_TARGET_MESSAGE), v.regex(STACKSET_TARGET, STACKSET_TARGET_MESSAGE))),
    v.minLength(1, 'expected at least one target'),
  ),
  ['root'],
);

/** The delivery frequencies AWS Config accepts for configuration snapshots. */
export const CONFIG_SNAPSHOT_FREQUENCIES = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'] as const;

const awsConfigSchema = v.optional(
  v.strictObject(
    {
      /**
       * AWS Config in every account and governed region: a recorder and delivery channel in each
       * member account through a service-managed StackSet per region, and in the management account
       * directly; the organization aggregator in the audit account.
       * @default true
       */
      enabled: v.optional(v.boolean('expected true or false'), true),
      /**
       * Where the StackSets deploy: `"root"` (every member account, looked up) or OU IDs. Accounts
       * that join later are covered automatically.
       * @default ["root"]
       */
      targets: stackSetTargets,
      /**
       * How often Config delivers a configuration snapshot to the log bucket.
       * @default "TwentyFour_Hours"
       * @see https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigSnapshotDeliveryProperties.html
       */
      snapshotDeliveryFrequency: v.optional(
        v.picklist(CONFIG_SNAPSHOT_FREQUENCIES, `expected one of ${CONFIG_SNAPSHOT_FREQUENCIES.join(', ')}`),
        'TwentyFour_Hours',
      ),
      /**
       * Names of the recorder role (`<namePrefix>-config-recorder-<region>`), the StackSets, the
       * recorder, the delivery channel and the aggregator.
       * @default "baseline"
       */
      namePrefix: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,24}$/, 'expected 1-24 letters, digits or "-"')), 'baseline'),
    },
    'expected object',
  ),
  {},
);

/** An exact IAM role ARN (no wildcards), e.g. a break-glass or automation role allowed into an audit role. */
const EXACT_ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** IAM Identity Center permission-set names: 1-32 characters of `[\w+=,.@-]`. */
const PERMISSION_SET = /^[\w+=,.@-]{1,32}$/;

const principalsOf = (what: string, permissionSet: string) => ({
  /**
   * IAM Identity Center permission sets (by name) whose roles in the audit account may assume
   * the role: `arn:aws:iam::<audit>:role/aws-reserved/sso.amazonaws.com/*\/AWSReservedSSO_<name>_*`.
   * @default ["AuditAdministrator"] for administrators, ["AuditReadOnly"] for readers
   */
  permissionSets: v.optional(v.array(v.pipe(v.string(), v.regex(PERMISSION_SET, 'expected an IAM Identity Center permission-set name'))), [permissionSet]),
  /** Exact role ARNs (no wildcards) that may assume the role. @default [] */
  roleArns: v.optional(v.array(v.pipe(v.string(), v.regex(EXACT_ROLE_ARN, `expected an exact IAM role ARN (no "*") allowed to assume the ${what} role`))), []),
});

const auditRolesSchema = v.optional(
  v.strictObject(
    {
      /** The audit roles (seed 002) and the member execution roles they assume. @default true */
      enabled: v.optional(v.boolean('expected true or false'), true),
      /** Role in the audit account that reaches member accounts as administrator. @default "AuditAdministratorRole" */
      administratorRoleName: v.optional(roleName('the audit administrator role'), 'AuditAdministratorRole'),
      /** Role in the audit account that reaches member accounts read-only. @default "AuditReadOnlyRole" */
      readOnlyRoleName: v.optional(roleName('the audit read-only role'), 'AuditReadOnlyRole'),
      /** Role in every member account that the audit administrator role assumes. @default "AdministratorExecutionRole" */
      memberAdministratorRoleName: v.optional(roleName('the member administrator role'), 'AdministratorExecutionRole'),
      /** Role in every member account that the audit read-only role assumes. @default "ReadOnlyExecutionRole" */
      memberReadOnlyRoleName: v.optional(roleName('the member read-only role'), 'ReadOnlyExecutionRole'),
      /**
       * Maximum session duration of all four roles, in seconds (IAM allows 3,600-43,200).
       * @default 3600
       */
      maxSessionDurationSeconds: v.optional(
        v.pipe(
          v.number('expected seconds between 3600 and 43200'),
          v.integer('expected whole seconds'),
          v.minValue(3600, 'expected at least 3600 seconds (IAM minimum)'),
          v.maxValue(43200, 'expected at most 43200 seconds (IAM maximum)'),
        ),
        3600,
      ),
      /** Who may assume the audit administrator role. @default { permissionSets: ["AuditAdministrator"], roleArns: [] } */
      administrators: v.optional(v.strictObject(principalsOf('administrator', 'AuditAdministrator'), 'expected object'), {}),
      /** Who may assume the audit read-only role. @default { permissionSets: ["AuditReadOnly"], roleArns: [] } */
      readers: v.optional(v.strictObject(principalsOf('read-only', 'AuditReadOnly'), 'expected object'), {}),
      /** Where the member execution roles are deployed (StackSet targets). @default ["root"] */
      targets: stackSetTargets,
    },
    'expected object',
  ),
  {},
);

const s3BackendSchema = v.strictObject(
  {
    type: v.literal('s3'),
    bucket: v.pipe(v.string('expected the state bucket name'), v.minLength(3, 'expected the state bucket name')),
    region,
    /** State keys are `<keyPrefix>/<stack>.tfstate`. @default "org-security-baseline" */
    keyPrefix: v.optional(keyPrefix, 'org-security-baseline'),
    /** Terraform >= 1.10 native S3 locking. @default true */
    useLockfile: v.optional(v.boolean('expected true or false'), true),
    /** Legacy DynamoDB lock table. @default - none */
    dynamodbTable: v.optional(v.pipe(v.string('expected a table name'), v.minLength(3, 'expected a table name'))),
    /** Must stay on: state holds resource attributes. @default true */
    encrypt: v.optional(v.literal(true, 'state encryption cannot be turned off'), true),
    /** KMS key for state objects. @default - the bucket's default encryption */
    kmsKeyId: v.optional(v.pipe(v.string('expected a KMS key ID or ARN'), v.minLength(1, 'expected a KMS key ID or ARN'))),
    /** Role the backend assumes to reach the state bucket. @default - the caller's credentials */
    roleArn: v.optional(v.pipe(v.string('expected an IAM role ARN'), v.regex(/^arn:aws:iam::\d{12}:role\/.+$/, 'expected an IAM role ARN'))),
  },
  'expected object',
);

/** RFC 3339 in UTC, as `tfe_team_token.expired_at` takes it: `2027-06-30T00:00:00Z`. */
const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const cloudBackendSchema = v.strictObject(
  {
    type: v.literal('cloud'),
    organization: v.pipe(v.string('expected the Terraform Cloud organization name'), v.minLength(1, 'expected the Terraform Cloud organization name')),
    /** Workspaces are `<workspacePrefix>-<stack>`. */
    workspacePrefix: v.pipe(v.string('expected letters, digits, "_" or "-"'), v.regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, "_" or "-"')),
    /** @default "app.terraform.io" */
    hostname: v.optional(v.pipe(v.string('expected a host name'), v.minLength(1, 'expected a host name')), 'app.terraform.io'),
    /**
     * Use HCP Terraform dynamic provider credentials instead of assume-role from the run's own
     * credentials. Each alias then needs `TFC_AWS_PROVIDER_AUTH_<alias>` and
     * `TFC_AWS_RUN_ROLE_ARN_<alias>` workspace variables.
     * @default false
     */
    dynamicCredentials: v.optional(v.boolean('expected true or false'), false),
    /**
     * The HCP Terraform project of the workspaces (it appears in the run tokens' `sub` claim that
     * the run roles trust).
     * @default "Default Project"
     */
    project: v.optional(v.pipe(v.string('expected a project name'), v.regex(/^[^:*?]+$/, 'expected a project name without ":", "*" or "?"')), 'Default Project'),
    /**
     * Also synthesize the `hcp-bootstrap-<account>` stacks: in each account the OIDC provider for
     * the host and the run role named `accounts.<account>.roleName`, trusting only the workspaces
     * of the stacks that deploy there. Needs `dynamicCredentials`.
     * @default false
     */
    bootstrap: v.optional(v.boolean('expected true or false'), false),
    /**
     * The IAM quota "Role trust policy length" of the three accounts, in characters: the
     * bootstrap refuses a run role whose trust policy (one `sub` per workspace that deploys to the
     * account) would not fit. Raise the quota in Service Quotas first, then set it here: a value
     * above what the accounts were granted passes synth and fails at apply.
     * @default 2048
     * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
     */
    trustPolicyLengthQuota: v.optional(
      v.pipe(v.number('expected a number of characters'), v.integer('expected a whole number of characters'), v.minValue(2048, 'expected at least 2048, the IAM default')),
      2048,
    ),
    /**
     * With `bootstrap`, `hcp-workspaces` also gives the stacks that read others (`management`,
     * `security-<region>`) their `TFE_TOKEN`: one team, `<workspacePrefix>-output-readers`, with
     * custom access to each workspace some stack reads (state versions `read-outputs`, runs
     * `read`, the minimum, everything else none), a token of that team, and on each reading
     * workspace a sensitive environment variable `TFE_TOKEN` holding it. Off by default because
     * the token then sits in the local state `state/hcp-workspaces.tfstate`. Needs team
     * management, which HCP Terraform's Free edition lacks (Essentials, Plus and Premium have it),
     * and an owners-team token (or one that may manage teams) to apply `hcp-workspaces`.
     * @default false
     * @see https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/teams
     * @see https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/resources/team_access
     * @see https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/resources/team_token
     */
    readerTeamToken: v.optional(v.boolean('expected true or false'), false),
    /**
     * When the readers' team token expires (`tfe_team_token.expired_at`), a UTC date and time like
     * `"2027-06-30T00:00:00Z"`. Changing it replaces the token, and the same apply of
     * `hcp-workspaces` puts the new one in the readers' `TFE_TOKEN`: that is the rotation. Needs
     * `readerTeamToken`.
     * @default - none set: "never expire" per the tfe 0.71.0 docs; the HCP Terraform API docs now say two years
     * @see https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/resources/team_token
     * @see https://developer.hashicorp.com/terraform/cloud-docs/api-docs/team-tokens
     */
    readerTeamTokenExpiresAt: v.optional(
      v.pipe(
        v.string('expected a UTC date and time like "2027-06-30T00:00:00Z"'),
        v.regex(UTC_DATE_TIME, 'expected a UTC date and time like "2027-06-30T00:00:00Z"'),
        // Only once the form is right (a pipe reports every failing step): the day must exist.
        v.check((t) => !UTC_DATE_TIME.test(t) || (!Number.isNaN(Date.parse(t)) && new Date(Date.parse(t)).toISOString().slice(0, 10) === t.slice(0, 10)), 'expected a date that exists'),
      ),
    ),
  },
  'expected object',
);

const backendSchema = v.optional(
  v.variant('type', [v.strictObject({ type: v.literal('local') }, 'expected object'), s3BackendSchema, cloudBackendSchema], 'expected backend.type to be "local", "s3" or "cloud"'),
  { type: 'local' as const },
);

/** The whole configuration file. Unknown keys anywhere are errors, so typos never pass silently. */
export const baselineConfigSchema = v.strictObject(
  {
    /** JSON-schema pointer for editors; ignored. */
    $schema: v.optional(v.string()),
    organization: organizationSchema,
    accounts: accountsSchema,
    notifications: notificationsSchema,
    logArchive: logArchiveSchema,
    trail: trailSchema,
    cis: cisSchema,
    guardrails: guardrailsSchema,
    awsConfig: awsConfigSchema,
    auditRoles: auditRolesSchema,
    ...detectionEntries,
    logQuery: logQuerySchema,
    /** Tags on every resource (provider `default_tags`). @default { ManagedBy: "cdktf-org-security-baseline" } */
    tags: v.optional(
      v.record(
        v.pipe(
          v.string(),
          v.check((k) => [...k].length >= 1 && [...k].length <= 128, 'expected a tag key of 1-128 characters'),
          v.regex(TAG_TEXT, `tag keys ${TAG_TEXT_MESSAGE}`),
          v.check((k) => !/^aws:/i.test(k), 'tag keys must not start with "aws:" (AWS reserves the prefix)'),
        ),
        v.pipe(
          v.string('expected a tag value'),
          v.check((t) => [...t].length <= 256, 'expected a tag value of at most 256 characters'),
          v.regex(TAG_TEXT, `tag values ${TAG_TEXT_MESSAGE}`),
        ),
        'expected an object of tag keys and values',
      ),
      { ManagedBy: 'cdktf-org-security-baseline' },
    ),
    /** @default { type: "local" } */
    backend: backendSchema,
  },
  'expected object: the configuration document must be a JSON or YAML object',
);

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
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    // valibot accepts arrays as objects; a document that is not a mapping has no fields to check.
    return { ok: false, issues: [{ path: '(root)', message: 'expected object: the configuration document must be a JSON or YAML mapping', received: input }] };
  }
  const parsed = v.safeParse(baselineConfigSchema, input);
  const issues: ConfigIssue[] = parsed.success ? [] : toIssues(parsed.issues, input);
  issues.push(...crossFieldIssues(input));
  if (issues.length > 0 || !parsed.success) {
    return { ok: false, issues: issues.sort((a, b) => comparePaths(a.path, b.path)) };
  }
  return { ok: true, config: parsed.output };
}

type Issue = v.BaseIssue<unknown>;
type AnySchema = v.BaseSchema<unknown, unknown, Issue> & Record<string, any>;

function keysOf(issue: Issue): Array<string | number> {
  return (issue.path ?? []).map((p) => p.key as string | number);
}

/** The schema that validates the value at `path`, to say what a missing field expects. */
function schemaAt(root: AnySchema, path: readonly (string | number)[], input: unknown): AnySchema | undefined {
  let schema: AnySchema | undefined = root;
  let value: unknown = input;
  for (const key of path) {
    schema = unwrap(schema);
    if (!schema) return undefined;
    if (schema.type === 'variant') {
      const discriminator = (value as Record<string, unknown> | undefined)?.[schema.key as string];
      schema = (schema.options as AnySchema[]).find((o) => o.entries?.[schema!.key as string]?.literal === discriminator) ?? (schema.options as AnySchema[])[0];
    }
    if (schema.entries) schema = schema.entries[key as string] as AnySchema | undefined;
    else if (schema.item) schema = schema.item as AnySchema;
    else return undefined;
    value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
  }
  return resolveVariant(unwrap(schema), value);
}

/** The option of a variant (e.g. `backend`) that the value's discriminator selects, so its keys are the known ones. */
function resolveVariant(schema: AnySchema | undefined, value: unknown): AnySchema | undefined {
  if (schema?.type !== 'variant') return schema;
  const discriminator = (value as Record<string, unknown> | undefined)?.[schema.key as string];
  return (schema.options as AnySchema[]).find((o) => o.entries?.[schema.key as string]?.literal === discriminator) ?? schema;
}

/** The shortest prefix of `keys` where the schema wants an object but the document has a list (`organization: []`). */
function listWhereObject(keys: readonly (string | number)[], input: unknown): (string | number)[] | undefined {
  for (let n = 0; n <= keys.length; n++) {
    const prefix = keys.slice(0, n);
    if (Array.isArray(n === 0 ? input : valueAt(input, prefix.map(String))) && schemaAt(baselineConfigSchema as AnySchema, prefix, input)?.entries) return prefix;
  }
  return undefined;
}

/** Orders paths field by field, list indexes as numbers: `a[2]` before `a[10]`, `a` before `a.b`. */
export function comparePaths(a: string, b: string): number {
  const parts = (p: string) => p.split(/[.[\]]+/).filter((x) => x !== '');
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    const c = na && nb ? Number(pa[i]) - Number(pb[i]) : na !== nb ? (na ? -1 : 1) : pa[i].localeCompare(pb[i]);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
  let s = schema;
  while (s && (s.type === 'optional' || s.type === 'nullish')) s = s.wrapped as AnySchema;
  return s;
}

function expectation(schema: AnySchema | undefined): string {
  if (!schema) return 'expected a value';
  if (typeof schema.message === 'string' && schema.message.startsWith('expected')) return schema.message;
  return `expected ${String(schema.expects ?? 'a value').toLowerCase()}`;
}

function toIssues(issues: readonly Issue[], input: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const unknownByParent = new Map<string, string[]>();
  const listsReported = new Set<string>();
  for (const issue of issues) {
    const keys = keysOf(issue);
    const list = listWhereObject(keys, input);
    if (list) {
      // One problem at the list itself, not "unknown key 0" or every field "is required".
      const path = formatPath(list);
      if (!listsReported.has(path)) out.push({ path, message: 'expected an object of keys and values, got a list' });
      listsReported.add(path);
      continue;
    }
    if (issue.type === 'strict_object' && issue.expected === 'never') {
      // An unknown key. valibot reports the first one per object; name every one, in one issue.
      const parentKeys = keys.slice(0, -1);
      const known = schemaAt(baselineConfigSchema as AnySchema, parentKeys, input)?.entries ?? {};
      const object = parentKeys.length === 0 ? input : valueAt(input, parentKeys.map(String));
      const unknown = object && typeof object === 'object' ? Object.keys(object).filter((k) => !(k in known)) : [String(keys[keys.length - 1])];
      unknownByParent.set(formatPath(parentKeys), unknown.length > 0 ? unknown : [String(keys[keys.length - 1])]);
      continue;
    }
    const path = formatPath(keys);
    const received = valueAt(input, keys.map(String));
    if (received === undefined && keys.length > 0) {
      out.push({ path, message: `is required: ${expectation(schemaAt(baselineConfigSchema as AnySchema, keys, input))}` });
      continue;
    }
    out.push(received === undefined ? { path, message: issue.message } : { path, message: issue.message, received });
  }
  for (const [path, keys] of unknownByParent) {
    const many = keys.length > 1;
    out.push({ path, message: `unknown key${many ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}: remove ${many ? 'them' : 'it'} or check the spelling` });
  }
  return out;
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
function validPart<T extends v.GenericSchema>(schema: T, value: unknown): v.InferOutput<T> | undefined {
  const r = v.safeParse(schema, value);
  return r.success ? r.output : undefined;
}

function crossFieldIssues(input: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const at = (path: string) => valueAt(input, path.split('.'));
  const id = (path: string) => validPart(v.pipe(v.string(), v.regex(ACCOUNT_ID)), at(path));

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
    const seen = new Set<unknown>();
    governedRaw.forEach((r, i) => {
      const repeated = seen.has(r);
      seen.add(r);
      if (validPart(region, r) !== undefined && repeated) {
        issues.push({ path: `organization.governedRegions[${i}]`, message: 'is listed twice: list each region once', received: r });
      }
    });
  }

  // With HCP Terraform dynamic credentials, Terraform runs as TFC_AWS_RUN_ROLE_ARN_<alias>, not as
  // accounts.logArchive.roleName; the bucket and key policies exempt only roleName (and
  // break-glass) from their deny statements, so the default would lock the deployment out of
  // its own bucket and make KMS refuse the key policy.
  if (at('backend.type') === 'cloud' && at('backend.dynamicCredentials') === true && at('accounts.logArchive.roleName') === undefined) {
    issues.push({
      path: 'accounts.logArchive.roleName',
      message:
        'must be set when backend.dynamicCredentials is true: name the role HCP Terraform assumes in the log-archive account ' +
        '(the role of TFC_AWS_RUN_ROLE_ARN_log_archive); with the default "OrganizationAccountAccessRole" the bucket and key policies ' +
        'would deny that role every later change to its own bucket and key',
      received: undefined,
    });
  }

  const manage = validPart(v.optional(v.boolean(), true), at('organization.manageTrustedAccess'));
  const types = validPart(v.optional(v.array(v.string()), ['SERVICE_CONTROL_POLICY']), at('organization.enabledPolicyTypes'));
  const scps = validPart(v.optional(v.boolean(), true), at('guardrails.enabled'));
  if (manage && scps && types && !types.includes('SERVICE_CONTROL_POLICY')) {
    issues.push({
      path: 'organization.enabledPolicyTypes',
      message: 'must include "SERVICE_CONTROL_POLICY" while guardrails are enabled: the guardrails attach SCPs, which need that policy type enabled',
      received: types,
    });
  }

  // Lists whose repeats are reported here, on the valid items only, so a bad item never hides a repeat.
  const repeats: Array<[string, v.GenericSchema, string]> = [
    ['cis.controls', v.picklist(CIS_IDS), 'is listed twice: list each control once'],
    ['guardrails.targets', v.pipe(v.string(), v.regex(SCP_TARGET)), 'is listed twice: list each target once'],
    ['awsConfig.targets', v.pipe(v.string(), v.regex(STACKSET_TARGET)), 'is listed twice: list each target once'],
    ['auditRoles.targets', v.pipe(v.string(), v.regex(STACKSET_TARGET)), 'is listed twice: list each target once'],
    ['logQuery.readerTrustPrincipals', v.pipe(v.string(), v.regex(TRUST_PRINCIPAL)), 'is listed twice: list each principal once'],
  ];
  for (const [path, item, message] of repeats) {
    const list = at(path);
    if (!Array.isArray(list)) continue;
    const seen = new Set<unknown>();
    list.forEach((x, i) => {
      if (validPart(item, x) === undefined) return;
      if (seen.has(x)) issues.push({ path: `${path}[${i}]`, message, received: x });
      seen.add(x);
    });
  }

  // Subscriptions are named after the address (modules/security-notifications/names.ts), so two
  // addresses that differ only in punctuation or case would be one construct.
  for (const path of ['notifications.emails', 'notifications.allConfigEmails']) {
    const list = at(path);
    if (!Array.isArray(list)) continue;
    const firstBySuffix = new Map<string, number>();
    list.forEach((address, i) => {
      if (validPart(email(''), address) === undefined) return;
      const suffix = subscriptionIdSuffix(address as string);
      const j = firstBySuffix.get(suffix);
      if (j === undefined) {
        firstBySuffix.set(suffix, i);
      } else if ((list[j] as string).toLowerCase() === (address as string).toLowerCase()) {
        issues.push({ path: `${path}[${i}]`, message: `is listed twice (as ${path}[${j}]): list each address once`, received: address });
      } else {
        issues.push({
          path: `${path}[${i}]`,
          message: `collides with ${path}[${j}] (${JSON.stringify(list[j])}): subscriptions are named after the address with every character but letters and digits replaced by "_", so both would be "${suffix}". Keep one of them`,
          received: address,
        });
      }
    });
  }

  const tags = at('tags');
  if (tags !== null && typeof tags === 'object' && !Array.isArray(tags)) {
    const keys = Object.keys(tags);
    for (const key of keys.filter((k) => UNSAFE_KEYS.includes(k))) {
      issues.push({ path: `tags.${key}`, message: `"${key}" cannot be used as a tag key here (JavaScript objects would drop it silently): rename the tag` });
    }
    if (keys.length > MAX_TAGS) {
      issues.push({ path: 'tags', message: `has ${keys.length} tags; AWS allows at most ${MAX_TAGS} per resource: remove ${keys.length - MAX_TAGS}` });
    }
  }

  const auditOn = validPart(v.optional(v.boolean(), true), at('auditRoles.enabled'));
  for (const who of ['administrators', 'readers'] as const) {
    const sets = validPart(v.optional(v.array(v.string()), []), at(`auditRoles.${who}.permissionSets`));
    const arns = validPart(v.optional(v.array(v.string()), []), at(`auditRoles.${who}.roleArns`));
    const given = at(`auditRoles.${who}`) !== undefined;
    if (auditOn && given && sets !== undefined && arns !== undefined && sets.length + arns.length === 0) {
      issues.push({
        path: `auditRoles.${who}`,
        message: 'must name at least one permission set or role ARN: a role nobody may assume is a role nobody can use (turn auditRoles.enabled off instead)',
        received: at(`auditRoles.${who}`),
      });
    }
  }
  const findingsOn = validPart(v.optional(v.boolean(), true), at('findings.enabled'));
  const securityHubOn = validPart(v.optional(v.boolean(), true), at('securityHub.enabled'));
  if (findingsOn && securityHubOn === false) {
    issues.push({
      path: 'findings.enabled',
      message: 'must be false while securityHub.enabled is false: the findings rule sends the findings Security Hub aggregates',
      received: at('findings.enabled') ?? true,
    });
  }

  // The log bucket admits one recorder role: the baseline's own while it records Config itself.
  const awsConfigOn = validPart(v.optional(v.boolean(), true), at('awsConfig.enabled'));
  if (awsConfigOn && at('logArchive.configRecorderRoleName') !== undefined) {
    issues.push({
      path: 'logArchive.configRecorderRoleName',
      message:
        'is not used while awsConfig.enabled is true: the log bucket then admits only the baseline\'s own recorder roles (<awsConfig.namePrefix>-config-recorder-<region>); ' +
        'remove it, or set awsConfig.enabled to false to bring your own recorders',
      received: at('logArchive.configRecorderRoleName'),
    });
  }

  const guardDutyOn = validPart(v.optional(v.boolean(), true), at('guardDuty.enabled'));
  if (guardDutyOn && home && OPT_IN_REGIONS.includes(home) && governed.some((r) => r !== home)) {
    issues.push({
      path: 'organization.homeRegion',
      message:
        `is an opt-in region, and GuardDuty cannot export findings of other regions to a bucket there (the log bucket is in the home region): ` +
        `choose a home region enabled by default, govern only "${home}", or set guardDuty.enabled to false`,
      received: home,
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
  const trailName = validPart(v.string(), at('trail.name'));
  const roleName = trailName ? deliveryRoleName(trailName) : undefined;
  if (trailName && roleName && roleName.length > MAX_ROLE_NAME_LENGTH) {
    issues.push({
      path: 'trail.name',
      message: `is too long for the delivery role name "${roleName}" (IAM allows ${MAX_ROLE_NAME_LENGTH} characters): use at most ${MAX_ROLE_NAME_LENGTH - (roleName.length - trailName.length)}`,
      received: trailName,
    });
  }
  if (at('backend.type') === 'cloud' && at('backend.readerTeamToken') === true && at('backend.bootstrap') !== true) {
    issues.push({
      path: 'backend.readerTeamToken',
      message: 'needs backend.bootstrap true: the hcp-workspaces stack of the bootstrap creates the team, its token and the TFE_TOKEN variables',
      received: true,
    });
  }
  if (at('backend.type') === 'cloud' && at('backend.readerTeamTokenExpiresAt') !== undefined && at('backend.readerTeamToken') !== true) {
    issues.push({
      path: 'backend.readerTeamTokenExpiresAt',
      message: 'is set but backend.readerTeamToken is not true: there is no readers\' team token to expire',
      received: at('backend.readerTeamTokenExpiresAt'),
    });
  }
  if (at('backend.type') === 'cloud' && at('backend.bootstrap') === true) {
    if (at('backend.dynamicCredentials') !== true) {
      issues.push({ path: 'backend.dynamicCredentials', message: 'must be true when backend.bootstrap is true: the bootstrap creates the roles that dynamic credentials assume', received: at('backend.dynamicCredentials') });
    }
    for (const account of ['management', 'logArchive', 'audit']) {
      const name = at(`accounts.${account}.roleName`);
      if (name === undefined || name === ORGANIZATION_ACCESS_ROLE) {
        issues.push({
          path: `accounts.${account}.roleName`,
          message: `must name the run role the bootstrap creates (e.g. "BaselineDeployer"), not ${name === undefined ? 'be left to its default' : `"${ORGANIZATION_ACCESS_ROLE}", which AWS Organizations owns`}: with dynamic credentials it is the role HCP Terraform assumes`,
          ...(name === undefined ? {} : { received: name }),
        });
      }
    }
  }
  const prefix = validPart(bucketNamePrefixField, at('logArchive.bucketNamePrefix'));
  const logArchiveId = id('accounts.logArchive.id');
  if (prefix && logArchiveId && home) {
    // The longest bucket name the prefix makes: the access-log bucket, or the query-results bucket
    // in the audit account (the same length today; measured, not assumed).
    const auditId = id('accounts.audit.id');
    const longest = [
      accessLogBucketName(logBucketName({ prefix, accountId: logArchiveId, region: home })),
      ...(auditId ? [queryResultsBucketName({ prefix, accountId: auditId, region: home })] : []),
    ].reduce((a, b) => (b.length > a.length ? b : a));
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
export type BaselineConfigInput = v.InferInput<typeof baselineConfigSchema>;
/** A validated configuration with every default filled in. */
export type BaselineConfig = v.InferOutput<typeof baselineConfigSchema>;
export type BackendConfig = BaselineConfig['backend'];
export type DataEventScope = v.InferOutput<typeof dataEventScope>;
export type AwsRegion = (typeof AWS_REGIONS)[number];
