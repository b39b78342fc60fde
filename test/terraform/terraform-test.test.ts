import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BaselineConfig } from '../../config/schema';
import { regionalStackName, STACK_NAMES, StackName, stackNames } from '../../stacks/backend';
import { baselineNames } from '../../stacks/names';
import { AUDIT_OUTPUTS, LOG_ARCHIVE_OUTPUTS, MANAGEMENT_OUTPUTS } from '../../stacks/outputs';
import { baselineStandardArns } from '../../modules/security-hub';
import { GUARDDUTY_FEATURES } from '../../modules/guardduty';
import { cloudTrailProjection } from '../../modules/log-query';
import { merge, testConfig } from '../helpers';
import { ALL_OPTIONS_PATCH, describeRun, findProviderMirror, runTerraform, synthToDir, terraformEnv, TerraformResult, writeCliConfig } from './terraform-env';
import {
  address,
  addresses,
  Assert,
  AwsProviderBlock,
  awsProviders,
  configAt,
  hclString as q,
  importTargets,
  MockValues,
  mockProvidersFor,
  Override,
  preventDestroyAddresses,
  ref,
  remoteStates,
  renderTfTest,
  Run,
  parseTestJson,
  diagnosticsText,
  TestFileResult,
  TestReport,
  StackJson,
  TfTestFile,
} from './tftest';

/**
 * `terraform test` of every synthesized stack, offline: `mock_provider "aws"` blocks stand in for
 * AWS, so plan and apply run against the real hashicorp/aws 5.100.0 schema (the provider still
 * validates every resource configuration, including values that only become known at apply)
 * without credentials or network. The test files are generated here from the synthesized JSON.
 *
 * What these tests found out about Terraform 1.11 and how they deal with it:
 *
 * - Remote state. `override_data` works on `data.terraform_remote_state.*`: the data source is not
 *   read (the local state files it points at do not exist) and `outputs` takes the override's
 *   value. `mock_data` cannot do it, since terraform_remote_state belongs to the built-in
 *   `terraform` provider, not to aws. The management plan asserts that the trail's `kms_key_id`
 *   equals the overridden ARN, which proves the override is what the stack read.
 *
 * - `prevent_destroy`. `terraform test` destroys what its apply runs created when the file ends;
 *   a resource with `prevent_destroy = true` makes that teardown fail ("Instance cannot be
 *   destroyed"), and the whole command exits 1 although every run passed. Terraform 1.11 has no
 *   `skip_cleanup`. So:
 *   - the example configuration, as shipped, is planned and applied for all three stacks; for the
 *     stacks that carry `prevent_destroy` (log-archive: key and buckets; management: the
 *     organization) the test then expects exit 1 with every run passed and the teardown refused
 *     for exactly the `prevent_destroy` resources: the guard works end to end.
 *   - the "all-options" variant also sets `logArchive.preventDestroy: false` and
 *     `organization.manageTrustedAccess: false`, so it applies and tears down cleanly.
 *     `manageTrustedAccess` must be off for that: `aws_organizations_organization` always has
 *     `prevent_destroy`, there is no config switch for it and there must not be one.
 *
 * - The `import` block (organization, `manageTrustedAccess: true`). A mock provider refuses
 *   imports ("Cannot import resources from mock providers. Use an `override_resource` block");
 *   with an `override_resource` on the imported address the plan imports the override's values.
 *   The example plan asserts the imported organization ID.
 *
 * - `allowed_account_ids` and `assume_role`. A mock provider is never configured, so neither the
 *   role (in fake accounts) nor the account pin is evaluated against AWS, and no credentials are
 *   needed. A control runs the same plan with the real provider and no credentials and shows it
 *   fails on credentials, i.e. the mocks are what make the suite offline.
 *
 * - Mock values. A mock provider invents random strings for computed attributes, but the real
 *   provider validates each configuration again at apply, once references are known: a random
 *   `aws_iam_role.arn` fails `aws_cloudtrail.cloud_watch_logs_role_arn` ("invalid ARN"), a random
 *   `aws_sns_topic.arn` fails the topic policy's `arn` and the subscription's `topic_arn`, and the
 *   empty `roots` list mocked for `data.aws_organizations_organization` fails `roots[0]` at plan.
 *   The `mock_resource`/`mock_data` defaults below give such attributes real-looking values (the
 *   other defaults are not needed for validity; they make the apply asserts meaningful).
 *
 * - Plan asserts may only read values the configuration or an override fixes: a condition on a
 *   value known after apply fails the plan run with "Unknown condition value". Hence separate
 *   plan and apply assert lists.
 */

jest.setTimeout(300_000);

/** Switches that make a stack destroyable, so `terraform test` can clean up after apply. */
const DISPOSABLE = { organization: { manageTrustedAccess: false }, logArchive: { preventDestroy: false }, notifications: { preventDestroy: false } } as const;

/** Every optional code path on (as in validate.test.ts), made destroyable. */
const ALL_OPTIONS = merge(ALL_OPTIONS_PATCH, DISPOSABLE);

const VARIANTS = {
  /** The example configuration unchanged: `prevent_destroy` everywhere it ships, the organization imported. */
  example: () => testConfig(),
  'all-options': () => testConfig(ALL_OPTIONS),
  /** The example configuration against an organization that already uses everything (see BROWNFIELD). */
  brownfield: () => testConfig(),
} as const;
type Variant = keyof typeof VARIANTS;
const VARIANT_NAMES = Object.keys(VARIANTS) as Variant[];

/** What the organization already has before the baseline's first apply (mocked data sources and import). */
interface OrganizationState {
  readonly enabledPolicyTypes: readonly string[];
  readonly servicePrincipals: readonly string[];
  /** SCP IDs attached to the root today (FullAWSAccess included). */
  readonly attachedScps: readonly string[];
}

const GREENFIELD: OrganizationState = { enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'], servicePrincipals: [], attachedScps: ['p-FullAWSAccess'] };

/**
 * Every policy type AWS Organizations offers today (EnablePolicyType's PolicyType values), most of
 * which provider 5.100.0 cannot represent in `enabled_policy_types`.
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html
 */
const ALL_POLICY_TYPES_TODAY = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'BACKUP_POLICY',
  'TAG_POLICY',
  'CHATBOT_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'SECURITYHUB_POLICY',
  'INSPECTOR_POLICY',
  'BEDROCK_POLICY',
  'S3_POLICY',
  'UPGRADE_ROLLOUT_POLICY',
  'NETWORK_SECURITY_DIRECTOR_POLICY',
];

/** An organization run by other teams first: every policy type, other services' trusted access, SCPs attached. */
const BROWNFIELD: OrganizationState = {
  enabledPolicyTypes: ALL_POLICY_TYPES_TODAY,
  servicePrincipals: [
    'sso.amazonaws.com',
    'controltower.amazonaws.com',
    'member.org.stacksets.cloudformation.amazonaws.com',
    'guardduty.amazonaws.com',
    'securityhub.amazonaws.com',
    'config.amazonaws.com',
    'inspector2.amazonaws.com',
  ],
  attachedScps: ['p-FullAWSAccess', 'p-aaaa1111', 'p-bbbb2222'],
};

const ORGANIZATION_STATE: Record<Variant, OrganizationState> = { example: GREENFIELD, 'all-options': GREENFIELD, brownfield: BROWNFIELD };

/** Mocked IDs; fixed so asserts can name them. */
const MOCK = {
  keyId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  rootId: 'r-ab12',
  policyId: 'p-ab12cd34',
  roleUniqueId: 'AROAMOCKMOCKMOCKMOCK1',
  detectorId: '12abc34d567e8fa901bc2d34e56789f0',
  policyUuid: 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
} as const;

/** ARN of the log key the management stack reads from the log-archive state (override_data). */
function remoteLogKeyArn(cfg: BaselineConfig): string {
  return `arn:aws:kms:${cfg.organization.homeRegion}:${cfg.accounts.logArchive.id}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
}

/** The `outputs` each producer stack would leave in its state, by remote-state data source name. */
function remoteOutputs(cfg: BaselineConfig): Record<string, MockValues> {
  const names = baselineNames(cfg);
  const home = cfg.organization.homeRegion;
  return {
    remote_log_archive: {
      [LOG_ARCHIVE_OUTPUTS.logBucketName]: names.logBucketName,
      [LOG_ARCHIVE_OUTPUTS.logBucketArn]: names.logBucketArn,
      [LOG_ARCHIVE_OUTPUTS.accessLogBucketName]: names.accessLogBucketName,
      [LOG_ARCHIVE_OUTPUTS.logKeyArn]: remoteLogKeyArn(cfg),
      [LOG_ARCHIVE_OUTPUTS.logKeyAliasArn]: `arn:aws:kms:${home}:${cfg.accounts.logArchive.id}:${names.logKeyAlias}`,
    },
    remote_audit: {
      [AUDIT_OUTPUTS.securityTopicArn]: names.securityTopicArn,
      [AUDIT_OUTPUTS.allConfigTopicArn]: names.allConfigTopicArn,
      [AUDIT_OUTPUTS.notificationsKeyArn]: `arn:aws:kms:${home}:${cfg.accounts.audit.id}:key/5678efab-56ef-78ab-90cd-5678901234ef`,
    },
  };
}

function organizationValues(cfg: BaselineConfig, state: OrganizationState): MockValues {
  const org = cfg.organization;
  const orgArn = `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`;
  return {
    id: org.id,
    arn: orgArn,
    feature_set: 'ALL',
    master_account_id: org.managementAccountId,
    master_account_arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
    aws_service_access_principals: [...state.servicePrincipals],
    enabled_policy_types: [...state.enabledPolicyTypes],
    roots: [
      {
        id: MOCK.rootId,
        arn: `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${MOCK.rootId}`,
        name: 'Root',
        policy_types: state.enabledPolicyTypes.map((type) => ({ type, status: 'ENABLED' })),
      },
    ],
  };
}

/**
 * Defaults for computed attributes that must look real: ARNs the provider validates at apply, IDs
 * other resources validate, the organization root. Only the types a provider serves in a stack
 * are written into its mock_provider block.
 */
function mocksFor(cfg: BaselineConfig, state: OrganizationState) {
  return (p: AwsProviderBlock): { resources: Record<string, MockValues>; data: Record<string, MockValues> } => {
    const { region: r, accountId: a } = p;
    const org = organizationValues(cfg, state);
    return {
      resources: {
        aws_kms_key: { id: MOCK.keyId, key_id: MOCK.keyId, arn: `arn:aws:kms:${r}:${a}:key/${MOCK.keyId}` },
        aws_kms_alias: { arn: `arn:aws:kms:${r}:${a}:alias/mock`, target_key_arn: `arn:aws:kms:${r}:${a}:key/${MOCK.keyId}` },
        aws_s3_bucket: { id: `mock-bucket-${a}`, arn: `arn:aws:s3:::mock-bucket-${a}`, region: r },
        aws_sns_topic: { id: `arn:aws:sns:${r}:${a}:mock-topic`, arn: `arn:aws:sns:${r}:${a}:mock-topic`, owner: a },
        aws_iam_role: { id: 'mock-role', arn: `arn:aws:iam::${a}:role/mock-role`, unique_id: MOCK.roleUniqueId },
        aws_cloudwatch_log_group: { arn: `arn:aws:logs:${r}:${a}:log-group:mock` },
        aws_cloudwatch_metric_alarm: { arn: `arn:aws:cloudwatch:${r}:${a}:alarm:mock` },
        aws_cloudtrail: { arn: `arn:aws:cloudtrail:${r}:${a}:trail/mock`, home_region: r },
        aws_organizations_policy: {
          id: MOCK.policyId,
          arn: `arn:aws:organizations::${a}:policy/${cfg.organization.id}/service_control_policy/${MOCK.policyId}`,
        },
        aws_organizations_organization: org,
        aws_config_configuration_aggregator: { arn: `arn:aws:config:${r}:${a}:config-aggregator/config-aggregator-mock` },
        aws_cloudformation_stack_set: { arn: `arn:aws:cloudformation:${r}:${a}:stackset/mock:0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d` },
        aws_guardduty_detector: { id: MOCK.detectorId, account_id: a, arn: `arn:aws:guardduty:${r}:${a}:detector/${MOCK.detectorId}` },
        aws_accessanalyzer_analyzer: { arn: `arn:aws:access-analyzer:${r}:${a}:analyzer/mock` },
        aws_securityhub_configuration_policy: { id: MOCK.policyUuid, arn: `arn:aws:securityhub:${r}:${a}:configuration-policy/${MOCK.policyUuid}` },
        aws_securityhub_account: { arn: `arn:aws:securityhub:${r}:${a}:hub/default` },
        aws_cloudwatch_event_rule: { arn: `arn:aws:events:${r}:${a}:rule/mock` },
      },
      data: { aws_organizations_organization: org, aws_organizations_policies_for_target: { ids: [...state.attachedScps] } },
    };
  };
}

// ---------------------------------------------------------------------------------------------
// Asserts, per stack, from the synthesized JSON
// ---------------------------------------------------------------------------------------------

const all = (conditions: string[]) => `alltrue([\n    ${conditions.join(',\n    ')},\n  ])`;
const list = (addrs: string[]) => `[${addrs.join(', ')}]`;

interface StackAsserts {
  /** Hold at plan time: only values the configuration (or an override) fixes. */
  readonly plan: Assert[];
  /** Also need values computed at apply (mocked). */
  readonly apply: Assert[];
}

function logArchiveAsserts(json: StackJson, cfg: BaselineConfig): StackAsserts {
  const names = baselineNames(cfg);
  const key = address(json, 'aws_kms_key');
  const logBucket = address(json, 'aws_s3_bucket', (c) => c.bucket === names.logBucketName);
  const accessBucket = address(json, 'aws_s3_bucket', (c) => c.bucket === names.accessLogBucketName);
  const on = (type: string, bucket: string) => address(json, type, (c) => c.bucket === ref(bucket, 'id'));
  const buckets = [logBucket, accessBucket];
  const logSse = on('aws_s3_bucket_server_side_encryption_configuration', logBucket);
  const accessSse = on('aws_s3_bucket_server_side_encryption_configuration', accessBucket);
  const lifecycle = on('aws_s3_bucket_lifecycle_configuration', logBucket);
  const plan: Assert[] = [
    {
      condition: all(buckets.map((b) => `${on('aws_s3_bucket_versioning', b)}.versioning_configuration[0].status == "Enabled"`)),
      message: 'versioning must be Enabled on both log buckets',
    },
    {
      condition: all(buckets.map((b) => `${b}.force_destroy == false`)),
      message: 'log buckets must not be force-destroyable',
    },
    {
      condition: `length(${logSse}.rule) == 1 && ${all([`one(${logSse}.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms"`, `one(${logSse}.rule).bucket_key_enabled`])}`,
      message: 'the log bucket must be encrypted with SSE-KMS and bucket keys',
    },
    {
      condition: `one(${accessSse}.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "AES256"`,
      message: 'the access-log bucket must use SSE-S3 (server access logging cannot write SSE-KMS)',
    },
    {
      condition: all(
        buckets.flatMap((b) => {
          const pab = on('aws_s3_bucket_public_access_block', b);
          return ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].map((a) => `${pab}.${a} == true`);
        }),
      ),
      message: 'all four public access block settings must be true on both buckets',
    },
    {
      condition: all(buckets.map((b) => `${on('aws_s3_bucket_ownership_controls', b)}.rule[0].object_ownership == "BucketOwnerEnforced"`)),
      message: 'ACLs must be disabled (BucketOwnerEnforced) on both buckets',
    },
    { condition: `${key}.enable_key_rotation == true`, message: 'the log key must rotate' },
    {
      condition: `${lifecycle}.rule[0].expiration[0].days == ${cfg.logArchive.retentionDays}`,
      message: `log objects must expire after retentionDays (${cfg.logArchive.retentionDays})`,
    },
    {
      condition: `${on('aws_s3_bucket_logging', logBucket)}.target_bucket == ${accessBucket}.bucket`,
      message: 'the log bucket must log access to the access-log bucket',
    },
  ];
  const lock = cfg.logArchive.objectLock;
  if (lock) {
    const ol = on('aws_s3_bucket_object_lock_configuration', logBucket);
    plan.push({
      condition: `${logBucket}.object_lock_enabled && ${ol}.rule[0].default_retention[0].mode == ${q(lock.mode)} && ${ol}.rule[0].default_retention[0].days == ${lock.days}`,
      message: `object lock must be ${lock.mode} for ${lock.days} days`,
    });
  }
  const keyArnPrefix = `arn:aws:kms:${cfg.organization.homeRegion}:${cfg.accounts.logArchive.id}:key/`;
  const apply: Assert[] = [
    ...plan,
    {
      condition: `one(${logSse}.rule).apply_server_side_encryption_by_default[0].kms_master_key_id == ${key}.arn`,
      message: 'the log bucket must be encrypted with the log key',
    },
    {
      condition: `startswith(${key}.arn, ${q(keyArnPrefix)}) && output.${LOG_ARCHIVE_OUTPUTS.logKeyArn} == ${key}.arn`,
      message: 'the published log key ARN must be the key\u2019s ARN',
    },
    {
      condition: `${address(json, 'aws_kms_alias')}.target_key_id == ${key}.key_id`,
      message: 'the alias must point at the log key',
    },
  ];
  return { plan, apply };
}

const underPath = (prefix: string) => (c: Record<string, any>) => String(c['//']?.metadata?.path ?? '').startsWith(prefix);

/** The log-query resources of the audit stack (none when `logQuery.enabled` is false). */
function logQueryAsserts(json: StackJson, cfg: BaselineConfig): StackAsserts {
  if (!cfg.logQuery.enabled) return { plan: [], apply: [] };
  const names = baselineNames(cfg);
  const wg = address(json, 'aws_athena_workgroup');
  const table = address(json, 'aws_glue_catalog_table');
  const resultsKey = address(json, 'aws_kms_key', underPath('audit/log_query/'));
  const results = address(json, 'aws_s3_bucket', (c) => c.bucket === names.queryResultsBucketName);
  const sse = address(json, 'aws_s3_bucket_server_side_encryption_configuration', (c) => c.bucket === ref(results, 'id'));
  const template = cloudTrailProjection({
    bucketName: names.logBucketName,
    organizationId: cfg.organization.id,
    trailKeyPrefix: cfg.trail.s3KeyPrefix,
    regions: [],
    days: 1,
  })['storage.location.template'];
  const queries = addresses(json, 'aws_athena_named_query');
  const plan: Assert[] = [
    {
      condition: all([
        `${wg}.configuration[0].enforce_workgroup_configuration == true`,
        `${wg}.configuration[0].bytes_scanned_cutoff_per_query == ${cfg.logQuery.bytesScannedCutoffPerQuery}`,
        `${wg}.configuration[0].result_configuration[0].output_location == ${q(`s3://${names.queryResultsBucketName}/results/`)}`,
      ]),
      message: 'the workgroup must enforce its scan limit and results location',
    },
    {
      // Terraform must read the escaped $${...} as Athena's literal ${...} placeholders. Compared with
      // "$" swapped for "#", so the expected value in the test file holds no "${" of its own.
      condition: `${table}.parameters["projection.enabled"] == "true" && replace(${table}.parameters["storage.location.template"], "$", "#") == ${q(template.replace(/\$/g, '#'))}`,
      message: 'the CloudTrail table must be projected over the trail prefix with literal Athena placeholders',
    },
    {
      condition: `length(${list(queries)}) == 6 && ${all(queries.map((n) => `strcontains(${n}.query, "account = ? AND day BETWEEN ? AND ?")`))}`,
      message: 'six named queries, each with the partition predicate',
    },
  ];
  const apply: Assert[] = [
    ...plan,
    {
      condition: all([
        `${wg}.configuration[0].result_configuration[0].encryption_configuration[0].kms_key_arn == ${resultsKey}.arn`,
        `one(${sse}.rule).apply_server_side_encryption_by_default[0].kms_master_key_id == ${resultsKey}.arn`,
      ]),
      message: 'query results must be encrypted with the results key, by the workgroup and by the bucket default',
    },
  ];
  return { plan, apply };
}

function auditAsserts(json: StackJson, cfg: BaselineConfig): StackAsserts {
  const names = baselineNames(cfg);
  const key = address(json, 'aws_kms_key', underPath('audit/notifications/'));
  const topics = addresses(json, 'aws_sns_topic');
  const security = address(json, 'aws_sns_topic', (c) => c.name === names.securityTopicName);
  const subscriptions = addresses(json, 'aws_sns_topic_subscription');
  const plan: Assert[] = [
    { condition: `${key}.enable_key_rotation == true`, message: 'the notifications key must rotate' },
    {
      condition: `toset(${list(topics.map((t) => `${t}.name`))}) == toset([${q(names.securityTopicName)}, ${q(names.allConfigTopicName)}])`,
      message: 'the two security topics must exist under their configured names',
    },
    {
      condition: `length(${list(subscriptions)}) == ${cfg.notifications.emails.length} && ${all(subscriptions.map((s) => `${s}.protocol == "email"`))}`,
      message: 'one email subscription per configured address',
    },
  ];
  const apply: Assert[] = [
    ...plan,
    {
      condition: `${security}.kms_master_key_id == ${key}.arn && ${address(json, 'aws_sns_topic', (c) => c.name === names.allConfigTopicName)}.kms_master_key_id == null`,
      message: 'AggregateSecurityNotifications must be encrypted with the notifications key; AllConfigNotifications must not be (AWS Config cannot publish to encrypted topics)',
    },
    {
      condition: all(subscriptions.map((s) => `${s}.topic_arn == ${security}.arn`)),
      message: 'subscriptions must be on the security topic',
    },
    {
      condition: all(addresses(json, 'aws_sns_topic_policy').map((p) => `contains(${list(topics.map((t) => `${t}.arn`))}, ${p}.arn)`)),
      message: 'each topic policy must be attached to one of the topics',
    },
    { condition: `output.${AUDIT_OUTPUTS.notificationsKeyArn} == ${key}.arn`, message: 'the published key ARN must be the key\u2019s ARN' },
  ];
  const logQuery = logQueryAsserts(json, cfg);
  return { plan: [...plan, ...logQuery.plan], apply: [...apply, ...logQuery.apply] };
}

function managementAsserts(json: StackJson, cfg: BaselineConfig): StackAsserts {
  const trail = address(json, 'aws_cloudtrail');
  const role = address(json, 'aws_iam_role');
  const alarms = addresses(json, 'aws_cloudwatch_metric_alarm');
  const filters = addresses(json, 'aws_cloudwatch_log_metric_filter');
  const attachments = addresses(json, 'aws_organizations_policy_attachment');
  const topic = cfg.cis.alarmTopicArn ?? baselineNames(cfg).securityTopicArn;
  const targets = cfg.guardrails.targets.map((t) => (t === 'root' ? MOCK.rootId : t));
  const plan: Assert[] = [
    {
      condition: all(['is_organization_trail', 'is_multi_region_trail', 'enable_log_file_validation', 'include_global_service_events', 'enable_logging'].map((a) => `${trail}.${a} == true`)),
      message: 'the trail must be an enabled, multi-region organization trail with log file validation',
    },
    {
      condition: `${trail}.kms_key_id == ${q(remoteLogKeyArn(cfg))}`,
      message: 'the trail must encrypt with the log key read from the log-archive state',
    },
    {
      condition: `${trail}.s3_bucket_name == ${q(baselineNames(cfg).logBucketName)}`,
      message: 'the trail must deliver to the central log bucket',
    },
    {
      condition: `length(distinct(${list(alarms.map((a) => `${a}.alarm_name`))})) == ${cfg.cis.controls.length}`,
      message: `one CloudWatch alarm per CIS control (${cfg.cis.controls.length})`,
    },
    {
      condition: all(alarms.map((a) => `${a}.alarm_actions == toset([${q(topic)}])`)),
      message: 'every alarm must notify the security topic',
    },
    {
      condition: `alltrue([for a in ${list(alarms)} : contains(${list(filters.map((f) => `${f}.metric_transformation[0].name`))}, a.metric_name)])`,
      message: 'every alarm must watch a metric that one of the metric filters produces',
    },
    {
      // One attachment resource per SCP, with one instance (for_each) per target.
      condition: all(attachments.map((a) => `toset([for k, v in ${a} : v.target_id]) == toset([${targets.map(q).join(', ')}])`)),
      message: `every guardrail SCP must be attached to ${targets.join(', ')}`,
    },
    {
      condition: `${address(json, 'aws_cloudtrail_organization_delegated_admin_account')}.account_id == ${q(cfg.accounts.logArchive.id)}`,
      message: 'the log-archive account must be the CloudTrail delegated administrator',
    },
  ];
  for (const org of importTargets(json)) {
    plan.push({
      condition: `${org}.id == ${q(cfg.organization.id)} && ${org}.feature_set == "ALL" && contains(${org}.aws_service_access_principals, "cloudtrail.amazonaws.com")`,
      message: 'the imported organization must keep all features and trust CloudTrail',
    });
  }
  const apply: Assert[] = [
    ...plan,
    {
      condition: `${trail}.cloud_watch_logs_role_arn == ${role}.arn && output.${MANAGEMENT_OUTPUTS.cloudWatchLogsRoleArn} == ${role}.arn`,
      message: 'the trail must deliver to CloudWatch Logs through the delivery role',
    },
    {
      condition: all(attachments.map((a) => `alltrue([for k, v in ${a} : v.policy_id == ${q(MOCK.policyId)}])`)),
      message: 'every attachment must carry a policy ID',
    },
  ];
  return { plan, apply };
}

/**
 * AWS Config of a regional stack (`security-<region>`). The region is the one its
 * management provider is configured for.
 */
function regionalConfigAsserts(json: StackJson, cfg: BaselineConfig): StackAsserts {
  if (!cfg.awsConfig.enabled) return { plan: [], apply: [] };
  const region = awsProviders(json).find((p) => p.alias?.startsWith('management'))!.region;
  const topic = `arn:aws:sns:${region}:${cfg.accounts.audit.id}:${cfg.notifications.topicNamePrefix}-AllConfigNotifications`;
  const status = address(json, 'aws_config_configuration_recorder_status');
  const channel = address(json, 'aws_config_delivery_channel');
  const instance = address(json, 'aws_cloudformation_stack_set_instance');
  const stackSet = address(json, 'aws_cloudformation_stack_set');
  const plan: Assert[] = [
    { condition: `${status}.is_enabled == true`, message: 'the management account recorder must be on' },
    {
      condition: `${channel}.sns_topic_arn == ${q(topic)} && ${channel}.s3_kms_key_arn == ${q(remoteLogKeyArn(cfg))}`,
      message: 'the management channel must notify the same region topic and encrypt with the log key',
    },
    {
      condition: `${instance}.region == ${q(region)} && ${stackSet}.permission_model == "SERVICE_MANAGED" && ${stackSet}.auto_deployment[0].enabled == true`,
      message: 'the member StackSet must be service-managed, auto-deploying, with its instance in this region',
    },
    {
      condition: `jsondecode(${stackSet}.template_body).Resources.DeliveryChannel.Properties.S3KmsKeyArn == ${q(remoteLogKeyArn(cfg))}`,
      message: 'the member template must carry the log key read from the log-archive state, as valid JSON',
    },
  ];
  if (region === cfg.organization.homeRegion) {
    const agg = address(json, 'aws_config_configuration_aggregator');
    plan.push({
      condition: `toset(${agg}.organization_aggregation_source[0].regions) == toset([${cfg.organization.governedRegions.map(q).join(', ')}])`,
      message: 'the aggregator must cover exactly the governed regions',
    });
  }
  return { plan, apply: plan };
}

/**
 * On an organization that already has everything: trusted access keeps every service enabled
 * today and adds CloudTrail; the enabled policy types (most unknown to provider 5.100.0) stay
 * exactly as they are, in plan and after apply.
 */
function brownfieldAsserts(json: StackJson, state: OrganizationState): Assert[] {
  const [org] = importTargets(json);
  const current = `data.aws_organizations_organization.${Object.keys((json.data as any).aws_organizations_organization)[0]}`;
  return [
    {
      condition: `toset(${current}.enabled_policy_types) == toset(${list(state.enabledPolicyTypes.map(q))})`,
      message: 'the mocked organization must report every policy type AWS offers today',
    },
    {
      condition: `alltrue([for p in ${list([...state.servicePrincipals, 'cloudtrail.amazonaws.com'].map(q))} : contains(${org}.aws_service_access_principals, p)])`,
      message: 'trusted access must keep every service enabled today and add CloudTrail',
    },
    {
      // A mocked import carries only computed attributes, so the types are not in the mocked
      // state; what matters is that the baseline never writes them (ignore_changes keeps AWS's).
      condition: `${org}.enabled_policy_types == null`,
      message: 'the baseline must never write enabled_policy_types (provider 5.100.0 would reject or disable the types it cannot represent)',
    },
  ];
}


/** A governed region's stack: GuardDuty and the analyzer everywhere; Security Hub and the findings rule at home. */
function regionalAsserts(json: StackJson, cfg: BaselineConfig): StackAsserts {
  const names = baselineNames(cfg);
  const auditId = cfg.accounts.audit.id;
  const home = awsProviders(json)[0].region === cfg.organization.homeRegion;
  const plan: Assert[] = [];
  const apply: Assert[] = [];
  if (cfg.guardDuty.enabled) {
    const gd = cfg.guardDuty;
    const detector = address(json, 'aws_guardduty_detector', (c) => !String(c.provider).startsWith('aws.management'));
    const orgConfig = address(json, 'aws_guardduty_organization_configuration');
    const destination = address(json, 'aws_guardduty_publishing_destination');
    const features = GUARDDUTY_FEATURES.map((f) => ({ f, addr: address(json, 'aws_guardduty_organization_configuration_feature', (c) => c.name === f.name) }));
    plan.push(
      {
        condition: `${address(json, 'aws_guardduty_organization_admin_account')}.admin_account_id == ${q(auditId)}`,
        message: 'the audit account must be the GuardDuty delegated administrator in this region',
      },
      {
        condition: `${orgConfig}.auto_enable_organization_members == "ALL"`,
        message: 'GuardDuty must be auto-enabled for ALL accounts of the organization',
      },
      {
        condition: `${detector}.enable == true && ${detector}.finding_publishing_frequency == ${q(gd.findingPublishingFrequency)}`,
        message: `the administrator's detector must be on and publish every ${gd.findingPublishingFrequency}`,
      },
      {
        condition: all(features.map(({ f, addr }) => `${addr}.auto_enable == ${q(gd.features[f.key] ? 'ALL' : 'NONE')}`)),
        message: 'each protection plan must be auto-enabled (ALL) exactly when the configuration turns it on',
      },
      {
        condition: `${destination}.kms_key_arn == ${q(remoteLogKeyArn(cfg))} && ${destination}.destination_arn == ${q(`${names.logBucketArn}/${gd.exportKeyPrefix}`)} && ${destination}.destination_type == "S3"`,
        message: 'findings must be exported to the log bucket under their prefix with the log key read from the log-archive state',
      },
    );
    apply.push({
      condition: `${orgConfig}.detector_id == ${detector}.id && ${destination}.detector_id == ${detector}.id && ${all(features.map(({ addr }) => `${addr}.detector_id == ${detector}.id`))}`,
      message: 'the organization configuration, its features and the export must belong to the administrator\u2019s detector',
    });
  }
  if (cfg.accessAnalyzer.enabled) {
    const external = address(json, 'aws_accessanalyzer_analyzer', (c) => c.type === 'ORGANIZATION');
    plan.push({ condition: `${external}.type == "ORGANIZATION"`, message: 'an organization external-access analyzer must exist in this region' });
    for (const rule of addresses(json, 'aws_accessanalyzer_archive_rule')) {
      apply.push({ condition: `${rule}.analyzer_name == ${external}.analyzer_name`, message: 'archive rules must belong to the external-access analyzer' });
    }
  }
  if (home && cfg.securityHub.enabled) {
    const aggregator = address(json, 'aws_securityhub_finding_aggregator');
    const policy = address(json, 'aws_securityhub_configuration_policy');
    const associations = addresses(json, 'aws_securityhub_configuration_policy_association');
    const linked = cfg.organization.governedRegions.filter((r) => r !== cfg.organization.homeRegion);
    const targets = cfg.securityHub.policyTargets.map((t) => (t === 'root' ? MOCK.rootId : t));
    plan.push(
      {
        condition: `${address(json, 'aws_securityhub_organization_admin_account')}.admin_account_id == ${q(auditId)}`,
        message: 'the audit account must be the Security Hub delegated administrator',
      },
      {
        condition: `${address(json, 'aws_securityhub_organization_configuration')}.organization_configuration[0].configuration_type == "CENTRAL"`,
        message: 'Security Hub must use central configuration',
      },
      {
        condition:
          linked.length > 0
            ? `${aggregator}.linking_mode == "SPECIFIED_REGIONS" && ${aggregator}.specified_regions == toset([${linked.map(q).join(', ')}])`
            : `${aggregator}.linking_mode == "NO_REGIONS"`,
        message: 'the finding aggregator must link every other governed region',
      },
      {
        condition: `${policy}.configuration_policy[0].service_enabled == true && ${policy}.configuration_policy[0].enabled_standard_arns == toset([${baselineStandardArns(cfg.organization.homeRegion).map(q).join(', ')}])`,
        message: 'the configuration policy must turn Security Hub on with FSBP and CIS v3.0',
      },
      {
        // Compared as one joined string: an empty literal list or set has no element type and never equals a set of strings.
        condition: `join(",", sort(${policy}.configuration_policy[0].security_controls_configuration[0].disabled_control_identifiers)) == ${q(cfg.securityHub.disabledControls.map((c) => c.id).sort().join(','))}`,
        message: 'exactly the configured controls must be disabled',
      },
      {
        condition: `toset(${list(associations.map((a) => `${a}.target_id`))}) == toset([${targets.map(q).join(', ')}])`,
        message: `the configuration policy must be associated with ${targets.join(', ')}`,
      },
    );
    apply.push({ condition: all(associations.map((a) => `${a}.policy_id == ${policy}.id`)), message: 'every association must carry the policy' });
    if (cfg.findings.enabled) {
      const rule = address(json, 'aws_cloudwatch_event_rule');
      const target = address(json, 'aws_cloudwatch_event_target');
      plan.push(
        {
          condition: `${rule}.name == ${q(names.findingsRuleName)} && jsondecode(${rule}.event_pattern).detail.findings.Severity.Label == ${hclList(cfg.findings.severities)} && jsondecode(${rule}.event_pattern).detail.findings.Workflow.Status == ["NEW", "NOTIFIED"] && jsondecode(${rule}.event_pattern).detail.findings.RecordState == ["ACTIVE"]`,
          message: 'the findings rule must match active, unsuppressed findings at the configured severities',
        },
        {
          condition: `${target}.arn == ${q(names.securityTopicArn)} && ${target}.role_arn == null && length(${target}.input_transformer) == 1`,
          message: 'the findings rule must send to the security topic (no role) through the input transformer',
        },
      );
      apply.push({ condition: `${target}.rule == ${rule}.name`, message: 'the target must belong to the findings rule' });
    }
  }
  const config = regionalConfigAsserts(json, cfg);
  return { plan: [...plan, ...config.plan], apply: [...plan, ...apply, ...config.apply] };
}

const hclList = (xs: readonly string[]) => `[${xs.map(q).join(', ')}]`;

const ASSERTS: Record<string, (json: StackJson, cfg: BaselineConfig) => StackAsserts> = {
  'log-archive': logArchiveAsserts,
  audit: auditAsserts,
  management: managementAsserts,
};

function assertsFor(stack: StackName): (json: StackJson, cfg: BaselineConfig) => StackAsserts {
  return ASSERTS[stack] ?? regionalAsserts;
}

// ---------------------------------------------------------------------------------------------
// Generating the files
// ---------------------------------------------------------------------------------------------

/** mock_provider blocks, override_data for remote state, override_resource for imports. */
function mocks(json: StackJson, cfg: BaselineConfig, state: OrganizationState = GREENFIELD): Pick<TfTestFile, 'mockProviders' | 'overrideData' | 'overrideResources'> {
  const outputs = remoteOutputs(cfg);
  const overrideData: Override[] = remoteStates(json).map((name) => {
    if (!(name in outputs)) throw new Error(`no mocked outputs for data.terraform_remote_state.${name}`);
    return { target: `data.terraform_remote_state.${name}`, values: { outputs: outputs[name] } };
  });
  // A mock provider cannot import; the override supplies what the import would read.
  const overrideResources: Override[] = importTargets(json).map((target) => {
    if (!target.startsWith('aws_organizations_organization.')) throw new Error(`no override for imported ${target}`);
    return { target, values: organizationValues(cfg, state) };
  });
  return { mockProviders: mockProvidersFor(json, mocksFor(cfg, state)), overrideData, overrideResources };
}

interface Generated {
  readonly variant: Variant;
  readonly stack: StackName;
  /** The stack's directory (its `cdk.tf.json`). */
  readonly dir: string;
  readonly json: StackJson;
  readonly config: BaselineConfig;
  /** The runs of its test file, in order. */
  readonly runs: Run[];
  /** Its test file, as `terraform test` names it in its batch (`<test directory>/<name>.tftest.hcl`). */
  readonly testFile: string;
}

/**
 * The file's one `apply` run. An apply run plans first, so the plan, every precondition and the
 * provider's validation of the planned values all run before the apply asserts; the asserts that
 * need only configured values are among them. (A separate plan run cost a second walk and
 * provider start-ups per stack and proved nothing the apply run does not.)
 */
function mainRuns(g: Pick<Generated, 'variant' | 'stack' | 'json' | 'config'>, module: string | undefined): Run[] {
  const base = assertsFor(g.stack)(g.json, g.config);
  const extra = g.variant === 'brownfield' ? brownfieldAsserts(g.json, BROWNFIELD) : [];
  return [{ name: 'apply', command: 'apply', module, asserts: [...base.apply, ...extra] }];
}

function mainTestFile(g: Omit<Generated, 'runs' | 'testFile'>, runs: Run[]): TfTestFile {
  const guarded = preventDestroyAddresses(g.json);
  const header = [
    `Generated by test/terraform/terraform-test.test.ts for the "${g.variant}" configuration, ${g.stack} stack; not committed.`,
    guarded.length === 0
      ? 'Applied against mocked AWS; terraform test destroys the mocked resources at the end.'
      : `Applied against mocked AWS; the teardown must then be refused: prevent_destroy on ${guarded.join(', ')}.`,
  ];
  return { header, ...mocks(g.json, g.config, ORGANIZATION_STATE[g.variant]), runs };
}

// ---------------------------------------------------------------------------------------------
// Running: two `terraform test` processes for every stack and control
// ---------------------------------------------------------------------------------------------

/**
 * Each `terraform` process spends about 3 s loading the configuration and the hashicorp/aws
 * schema before its first run (measured with TF_LOG=debug: 0.85 s, then 2.0 s for the first
 * provider start; later starts in the same process take 0.3-0.4 s). So the stacks are tested in
 * two batches, each one `terraform init` and one `terraform test -json`, whose test files point
 * their runs at the stacks with `module { source = ... }`.
 *
 * A stack with an `import` block must be the directory terraform runs in: Terraform refuses
 * import blocks anywhere but the root module, and an alternate `module` of a run counts as a
 * child ("Import blocks are only allowed in the root module"). Hence one batch per management
 * stack that imports the organization: the example's, and the brownfield one's.
 */
const TEST_DIRECTORY = 'batch-tests';
interface Batch {
  /** The stack whose directory terraform runs in. */
  readonly root: readonly [Variant, StackName];
  /** Every file of the batch, by name (`<name>.tftest.hcl`). */
  readonly files: Map<string, string>;
}

let workDir: string;
let env: NodeJS.ProcessEnv;
const generated = new Map<string, Generated>();
const key = (variant: Variant, stack: StackName) => `${variant}/${stack}`;
const timings: string[] = [];

function get(variant: Variant, stack: StackName): Generated {
  const g = generated.get(key(variant, stack));
  if (!g) throw new Error(`stack ${stack} was not synthesized for ${variant}`);
  return g;
}

function timed(label: string, args: string[], dir: string): TerraformResult {
  const start = Date.now();
  const r = runTerraform(args, dir, env, 240_000);
  timings.push(`${label}: terraform ${args[0]} ${((Date.now() - start) / 1000).toFixed(1)}s`);
  return r;
}

/**
 * Which stacks run: every stack of the example (the three account stacks and each governed
 * region's), and for the every-option config the account stacks and the home region's stack,
 * the only regional stack whose options differ from another region's (the regional stacks of
 * the other regions are the example's shape).
 */
const RUN_STACKS: Record<Variant, (cfg: BaselineConfig) => StackName[]> = {
  example: (cfg) => stackNames(cfg.organization.governedRegions),
  'all-options': (cfg) => [...STACK_NAMES, regionalStackName(cfg.organization.homeRegion)],
  // Only the management stack touches the organization.
  brownfield: () => ['management'],
};
const CASES: Array<[Variant, StackName]> = VARIANT_NAMES.flatMap((v) => RUN_STACKS[v](VARIANTS[v]()).map((s): [Variant, StackName] => [v, s]));

/** Which batch each variant's stacks join: the example alone; all-options with the brownfield management stack as root. */
const BATCH_OF: Record<Variant, 'example' | 'brownfield'> = { example: 'example', 'all-options': 'brownfield', brownfield: 'brownfield' };
const batches: Record<'example' | 'brownfield', Batch> = {
  example: { root: ['example', 'management'], files: new Map() },
  brownfield: { root: ['brownfield', 'management'], files: new Map() },
};

/** Each synthesized stack's directory, by `variant/stack`. */
const stackDirs = new Map<string, string>();

function rootDir(batch: Batch): string {
  const dir = stackDirs.get(key(...batch.root));
  if (!dir) throw new Error(`batch root ${key(...batch.root)} was not synthesized`);
  return dir;
}

/** Adds a file to a batch; returns its path as terraform reports it. */
function addFile(batch: 'example' | 'brownfield', name: string, file: TfTestFile): string {
  const b = batches[batch];
  if (b.files.has(name)) throw new Error(`duplicate test file ${name}`);
  b.files.set(name, renderTfTest(file));
  return `${TEST_DIRECTORY}/${name}.tftest.hcl`;
}

/** The `module` source that makes a run test `dir` from the batch's root, or undefined for the root itself. */
function moduleFrom(batch: 'example' | 'brownfield', dir: string): string | undefined {
  const root = rootDir(batches[batch]);
  return dir === root ? undefined : path.relative(root, dir).split(path.sep).join('/');
}

const reports = new Map<string, { report: TestReport; run: TerraformResult }>();
function runBatch(name: 'example' | 'brownfield'): { report: TestReport; run: TerraformResult } {
  const done = reports.get(name);
  if (done) return done;
  const b = batches[name];
  const dir = rootDir(b);
  mkdirSync(path.join(dir, TEST_DIRECTORY), { recursive: true });
  for (const [file, text] of b.files) writeFileSync(path.join(dir, TEST_DIRECTORY, `${file}.tftest.hcl`), text);
  const init = timed(`${name} batch`, ['init', '-backend=false', '-input=false', `-test-directory=${TEST_DIRECTORY}`], dir);
  if (init.status !== 0) throw new Error(describeRun(`terraform init in ${dir}`, init));
  const run = timed(`${name} batch (${b.files.size} files)`, ['test', '-json', `-test-directory=${TEST_DIRECTORY}`], dir);
  let report: TestReport;
  try {
    report = parseTestJson(run.stdout);
  } catch (e) {
    throw new Error(describeRun(`terraform test -json in ${dir} printed no JSON lines (${(e as Error).message})`, run));
  }
  if (report.diagnostics.some((d) => d.severity === 'error')) throw new Error(`terraform test in ${dir} failed outside any file:\n${diagnosticsText(report.diagnostics)}`);
  const result = { report, run };
  reports.set(name, result);
  return result;
}

/** A file's result from its batch (running the batch on first use). */
function resultOf(batch: 'example' | 'brownfield', file: string): TestFileResult {
  const { report, run } = runBatch(batch);
  const r = report.files[file];
  if (!r) throw new Error(describeRun(`terraform test reported nothing for ${file}`, run));
  return r;
}

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'tf-test-'));
  // The mocks need no credentials, and the real-provider control must find none: nothing from the
  // environment, no shared files, no IMDS, for the whole process.
  const missing = path.join(workDir, 'no-such-aws-file');
  env = {
    ...Object.fromEntries(Object.entries(terraformEnv(writeCliConfig(workDir, findProviderMirror()))).filter(([k]) => !k.startsWith('AWS_'))),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: missing,
    AWS_SHARED_CREDENTIALS_FILE: missing,
  };
  const synthesized: Array<Omit<Generated, 'runs' | 'testFile'>> = [];
  for (const variant of VARIANT_NAMES) {
    const config = VARIANTS[variant]();
    for (const s of synthToDir(config, path.join(workDir, variant))) {
      const stack = s.name as StackName;
      if (!RUN_STACKS[variant](config).includes(stack)) continue;
      const json = JSON.parse(readFileSync(s.file, 'utf8')) as StackJson;
      synthesized.push({ variant, stack, dir: s.dir, json, config });
      stackDirs.set(key(variant, stack), s.dir);
    }
  }
  for (const g of synthesized) {
    const batch = BATCH_OF[g.variant];
    const runs = mainRuns(g, moduleFrom(batch, g.dir));
    const testFile = addFile(batch, `${g.variant}--${g.stack}`, mainTestFile(g, runs));
    generated.set(key(g.variant, g.stack), { ...g, runs, testFile });
  }
  addControls();
});

afterAll(() => {
  if (timings.length > 0) process.stdout.write(`terraform test timings:\n  ${timings.join('\n  ')}\n`);
  // KEEP_TFTEST_DIR=1 keeps the synthesized stacks and generated .tftest.hcl files for reading.
  if (workDir && process.env.KEEP_TFTEST_DIR === '1') process.stdout.write(`kept ${workDir}\n`);
  else if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Terraform wraps diagnostics at 78 columns; compare messages with whitespace collapsed. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ');

// ---------------------------------------------------------------------------------------------
// Controls: files in the brownfield batch whose runs must fail, each for its own reason
// ---------------------------------------------------------------------------------------------

const CONTROL = {
  missingScpType: 'control--missing_scp_type',
  scpQuotaFull: 'control--scp_quota_full',
  union: 'control--union',
  negative: 'control--negative',
  realProvider: 'control--real_provider',
} as const;
const controlFiles = new Map<string, string>();

function addControls(): void {
  const brownfield = get('brownfield', 'management');
  // The brownfield management stack against organizations its guards must stop.
  const guards: Array<[file: string, run: string, state: OrganizationState, command: 'plan' | 'apply']> = [
    [CONTROL.missingScpType, 'missing_scp_type', { ...BROWNFIELD, enabledPolicyTypes: BROWNFIELD.enabledPolicyTypes.filter((t) => t !== 'SERVICE_CONTROL_POLICY') }, 'plan'],
    [CONTROL.scpQuotaFull, 'scp_quota_full', { ...BROWNFIELD, attachedScps: ['p-FullAWSAccess', 'p-aaaa1111', 'p-bbbb2222', 'p-cccc3333'] }, 'apply'],
  ];
  for (const [file, run, state, command] of guards) {
    controlFiles.set(file, addFile('brownfield', file, { ...mocks(brownfield.json, brownfield.config, state), runs: [{ name: run, command, asserts: [] }] }));
  }

  // Writing the union of enabled policy types back, as the baseline used to. A copy of the
  // brownfield management stack; its import block goes (only a batch's root may import), so
  // the organization is planned as new: the provider validates enabled_policy_types the same way.
  const unionDir = path.join(path.dirname(brownfield.dir), 'management-union');
  mkdirSync(unionDir, { recursive: true });
  const json = JSON.parse(JSON.stringify(brownfield.json)) as StackJson;
  const [org] = importTargets(json);
  const current = `data.aws_organizations_organization.${Object.keys(json.data.aws_organizations_organization)[0]}`;
  const resource = json.resource.aws_organizations_organization[org.split('.')[1]];
  resource.enabled_policy_types = `\${sort(setunion(tolist(${current}.enabled_policy_types), ["SERVICE_CONTROL_POLICY"]))}`;
  delete resource.lifecycle;
  delete json.import;
  writeFileSync(path.join(unionDir, 'cdk.tf.json'), JSON.stringify(json));
  const unionMocks = mocks(json, brownfield.config, BROWNFIELD);
  controlFiles.set(
    CONTROL.union,
    addFile('brownfield', CONTROL.union, { ...unionMocks, runs: [{ name: 'union', command: 'plan', module: moduleFrom('brownfield', unionDir), asserts: [] }] }),
  );

  // A false assertion fails the run that holds it.
  const logArchive = get('all-options', 'log-archive');
  const versioning = addresses(logArchive.json, 'aws_s3_bucket_versioning')[0];
  const module = moduleFrom('brownfield', logArchive.dir);
  controlFiles.set(
    CONTROL.negative,
    addFile('brownfield', CONTROL.negative, {
      ...mocks(logArchive.json, logArchive.config),
      runs: [
        { name: 'plan_passes', command: 'plan', module, asserts: [{ condition: `${versioning}.versioning_configuration[0].status == "Enabled"`, message: 'control' }] },
        {
          name: 'versioning_suspended',
          command: 'apply',
          module,
          asserts: [{ condition: `${versioning}.versioning_configuration[0].status == "Suspended"`, message: 'NEGATIVE CONTROL: versioning is not Suspended' }],
        },
      ],
    }),
  );

  // Without mock_provider the same plan needs AWS credentials (so the mocks are what skip assume_role).
  const audit = get('all-options', 'audit');
  controlFiles.set(
    CONTROL.realProvider,
    addFile('brownfield', CONTROL.realProvider, { mockProviders: [], runs: [{ name: 'plan_real_provider', command: 'plan', module: moduleFrom('brownfield', audit.dir), asserts: [] }] }),
  );
}

function control(name: string): TestFileResult {
  return resultOf('brownfield', controlFiles.get(name)!);
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('generated test files', () => {
  const text = (g: Generated) => batches[BATCH_OF[g.variant]].files.get(path.basename(g.testFile, '.tftest.hcl'))!;

  test('every stack gets one mock_provider per provider alias it declares', () => {
    for (const [variant, stack] of CASES) {
      const g = get(variant, stack);
      const aliases = awsProviders(g.json).map((p) => p.alias);
      expect(aliases.length).toBeGreaterThan(0);
      const declared = [...text(g).matchAll(/^mock_provider "aws" \{\n {2}alias = "([^"]+)"/gm)].map((m) => m[1]);
      expect(declared).toEqual(aliases);
    }
  });

  test('remote state is overridden wherever the stack reads it, and only there', () => {
    expect(remoteStates(get('example', 'management').json)).toEqual(['remote_audit', 'remote_log_archive']);
    // all-options gives the alarm topic in config, so the audit state is not read.
    expect(remoteStates(get('all-options', 'management').json)).toEqual(['remote_log_archive']);
    for (const [variant, stack] of CASES) {
      const g = get(variant, stack);
      const overridden = [...text(g).matchAll(/^ {2}target = data\.terraform_remote_state\.(\w+)$/gm)].map((m) => m[1]).sort();
      expect(overridden).toEqual(remoteStates(g.json));
    }
  });

  test('each run tests its own stack: the batch root itself, or the stack directory named in its module block', () => {
    for (const [variant, stack] of CASES) {
      const g = get(variant, stack);
      const batch = batches[BATCH_OF[variant]];
      const source = [...text(g).matchAll(/^ {2}module \{\n {4}source = "([^"]+)"/gm)].map((m) => m[1]);
      if (g.dir === rootDir(batch)) expect(source).toEqual([]);
      else expect(source.map((s) => path.resolve(rootDir(batch), s))).toEqual(g.runs.map(() => g.dir));
    }
    // Only the two stacks that import the organization are batch roots.
    expect(CASES.filter(([v, s]) => importTargets(get(v, s).json).length > 0)).toEqual([batches.example.root, batches.brownfield.root]);
  });

  test('every stack is applied; only the shipped example carries prevent_destroy', () => {
    for (const [variant, stack] of CASES) expect(get(variant, stack).runs.map((r) => r.command)).toEqual(['apply']);
    expect(preventDestroyAddresses(get('example', 'log-archive').json)).toHaveLength(3);
    expect(preventDestroyAddresses(get('example', 'management').json)).toEqual([importTargets(get('example', 'management').json)[0]]);
    // The notifications key and both topics.
    expect(preventDestroyAddresses(get('example', 'audit').json)).toHaveLength(3);
    for (const [, stack] of CASES.filter(([v]) => v === 'all-options')) expect(preventDestroyAddresses(get('all-options', stack).json)).toEqual([]);
    for (const stack of stackNames(testConfig().organization.governedRegions).slice(3)) expect(preventDestroyAddresses(get('example', stack).json)).toEqual([]);
  });

  test('the example management stack has 15 CIS alarms and imports the organization', () => {
    const json = get('example', 'management').json;
    expect(addresses(json, 'aws_cloudwatch_metric_alarm')).toHaveLength(15);
    expect(importTargets(json)).toEqual([expect.stringMatching(/^aws_organizations_organization\./)]);
    expect(configAt(json, address(json, 'aws_cloudtrail')).kms_key_id).toBe(ref('data.terraform_remote_state.remote_log_archive', 'outputs.log_key_arn'));
  });
});

describe('terraform test with mocked hashicorp/aws 5.100.0', () => {
  /**
   * Every run must pass. Where the configuration ships `prevent_destroy` (the example's log
   * archive, notifications and organization), terraform test's teardown must then be refused for
   * those resources: the guard works end to end, and the file errors for that reason alone.
   */
  test.each(CASES)('%s: %s stack passes every run', (variant, stack) => {
    const g = get(variant, stack);
    const r = resultOf(BATCH_OF[variant], g.testFile);
    const diagnostics = diagnosticsText(r.diagnostics);
    expect({ file: g.testFile, runs: r.runs, diagnostics: r.runs.apply === 'pass' ? '' : diagnostics }).toEqual({
      file: g.testFile,
      runs: Object.fromEntries(g.runs.map((run) => [run.name, 'pass'])),
      diagnostics: '',
    });
    const guarded = preventDestroyAddresses(g.json);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (guarded.length === 0) {
      expect({ status: r.status, errors: diagnosticsText(errors) }).toEqual({ status: 'pass', errors: '' });
    } else {
      expect(r.status).toBe('error');
      // Every error is a refused teardown of a guarded resource. Terraform refuses the guarded
      // resources it reaches; one that only its dependents' refusal keeps from being reached (the
      // notifications key, under its topics) is not named again.
      const refused = errors.map((d) => /Resource (\S+) has lifecycle\.prevent_destroy set/.exec(oneLine(d.detail))?.[1] ?? `unexpected: ${d.summary}: ${oneLine(d.detail)}`);
      expect(refused.length).toBeGreaterThan(0);
      expect(guarded).toEqual(expect.arrayContaining(refused));
    }
  });

  test('both batches ran every file they hold, and nothing else', () => {
    for (const name of ['example', 'brownfield'] as const) {
      const { report } = runBatch(name);
      expect(Object.keys(report.files).sort()).toEqual([...batches[name].files.keys()].map((f) => `${TEST_DIRECTORY}/${f}.tftest.hcl`).sort());
    }
  });

  test('brownfield: a required policy type that is not enabled fails the plan with the command that enables it', () => {
    const r = control(CONTROL.missingScpType);
    expect(r.runs).toEqual({ missing_scp_type: 'error' });
    const out = oneLine(diagnosticsText(r.diagnostics));
    expect(out).toContain(`Policy type(s) SERVICE_CONTROL_POLICY must be enabled on the organization root ${MOCK.rootId} first.`);
    expect(out).toContain(`aws organizations enable-policy-type --root-id ${MOCK.rootId} --policy-type <TYPE>`);
  });

  test('brownfield: a root that already has 4 SCPs fails before the attachment would exceed the quota of 5', () => {
    const r = control(CONTROL.scpQuotaFull);
    expect(r.runs).toEqual({ scp_quota_full: 'error' });
    expect(oneLine(diagnosticsText(r.diagnostics))).toContain(`Target root (${MOCK.rootId}) has 4 other SCPs attached; with the baseline's 2 it would exceed the 5 SCPs a target takes.`);
  });

  test('control: writing the union of enabled policy types back, as the baseline used to, fails the brownfield plan', () => {
    const r = control(CONTROL.union);
    expect(r.runs).toEqual({ union: 'error' });
    // Provider 5.100.0: "expected enabled_policy_types to be one of [SERVICE_CONTROL_POLICY ... DECLARATIVE_POLICY_EC2], got BEDROCK_POLICY"
    const unknown = ALL_POLICY_TYPES_TODAY.filter((t) => !['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY', 'CHATBOT_POLICY', 'DECLARATIVE_POLICY_EC2'].includes(t));
    expect(oneLine(diagnosticsText(r.diagnostics))).toMatch(new RegExp(`expected enabled_policy_types to be one of \\[[^\\]]*\\], got (${unknown.join('|')})`));
  });

  test('negative control: a false assertion fails the run that holds it', () => {
    const r = control(CONTROL.negative);
    expect(r.runs).toEqual({ plan_passes: 'pass', versioning_suspended: 'fail' });
    expect(r.status).toBe('fail');
    expect(oneLine(diagnosticsText(r.diagnostics))).toContain('NEGATIVE CONTROL: versioning is not Suspended');
  });

  test('control: without mock_provider the same plan needs AWS credentials (so the mocks skip assume_role)', () => {
    const r = control(CONTROL.realProvider);
    expect(r.runs).toEqual({ plan_real_provider: 'error' });
    const out = oneLine(diagnosticsText(r.diagnostics));
    expect(out).toContain('No valid credential sources found');
  });
});
