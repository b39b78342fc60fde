import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BaselineConfig } from '../../config/schema';
import { STACK_NAMES, StackName } from '../../stacks/backend';
import { baselineNames } from '../../stacks/names';
import { AUDIT_OUTPUTS, LOG_ARCHIVE_OUTPUTS, MANAGEMENT_OUTPUTS } from '../../stacks/outputs';
import { cloudTrailProjection } from '../../modules/log-query';
import { merge, testConfig } from '../helpers';
import { ALL_OPTIONS_PATCH, findProviderMirror, runTerraform, synthToDir, terraformEnv, TerraformResult, writeCliConfig } from './terraform-env';
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
const DISPOSABLE = { organization: { manageTrustedAccess: false }, logArchive: { preventDestroy: false } } as const;

/** Every optional code path on (as in validate.test.ts), made destroyable. */
const ALL_OPTIONS = merge(ALL_OPTIONS_PATCH, DISPOSABLE);

const VARIANTS = {
  /** The example configuration unchanged: `prevent_destroy` everywhere it ships, the organization imported. */
  example: () => testConfig(),
  'all-options': () => testConfig(ALL_OPTIONS),
} as const;
type Variant = keyof typeof VARIANTS;
const VARIANT_NAMES = Object.keys(VARIANTS) as Variant[];

/** Mocked IDs; fixed so asserts can name them. */
const MOCK = {
  keyId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  rootId: 'r-ab12',
  policyId: 'p-ab12cd34',
  roleUniqueId: 'AROAMOCKMOCKMOCKMOCK1',
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

function organizationValues(cfg: BaselineConfig): MockValues {
  const org = cfg.organization;
  const orgArn = `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`;
  return {
    id: org.id,
    arn: orgArn,
    master_account_id: org.managementAccountId,
    master_account_arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
    roots: [
      {
        id: MOCK.rootId,
        arn: `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${MOCK.rootId}`,
        name: 'Root',
        policy_types: [{ type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' }],
      },
    ],
  };
}

/**
 * Defaults for computed attributes that must look real: ARNs the provider validates at apply, IDs
 * other resources validate, the organization root. Only the types a provider serves in a stack
 * are written into its mock_provider block.
 */
function mocksFor(cfg: BaselineConfig) {
  return (p: AwsProviderBlock): { resources: Record<string, MockValues>; data: Record<string, MockValues> } => {
    const { region: r, accountId: a } = p;
    const org = organizationValues(cfg);
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
      },
      data: { aws_organizations_organization: org },
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
      condition: all(topics.map((t) => `${t}.kms_master_key_id == ${key}.arn`)),
      message: 'both topics must be encrypted with the notifications key',
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

const ASSERTS: Record<StackName, (json: StackJson, cfg: BaselineConfig) => StackAsserts> = {
  'log-archive': logArchiveAsserts,
  audit: auditAsserts,
  management: managementAsserts,
};

// ---------------------------------------------------------------------------------------------
// Generating the files
// ---------------------------------------------------------------------------------------------

/** mock_provider blocks, override_data for remote state, override_resource for imports. */
function mocks(json: StackJson, cfg: BaselineConfig): Pick<TfTestFile, 'mockProviders' | 'overrideData' | 'overrideResources'> {
  const outputs = remoteOutputs(cfg);
  const overrideData: Override[] = remoteStates(json).map((name) => {
    if (!(name in outputs)) throw new Error(`no mocked outputs for data.terraform_remote_state.${name}`);
    return { target: `data.terraform_remote_state.${name}`, values: { outputs: outputs[name] } };
  });
  // A mock provider cannot import; the override supplies what the import would read.
  const overrideResources: Override[] = importTargets(json).map((target) => {
    if (!target.startsWith('aws_organizations_organization.')) throw new Error(`no override for imported ${target}`);
    return { target, values: organizationValues(cfg) };
  });
  return { mockProviders: mockProvidersFor(json, mocksFor(cfg)), overrideData, overrideResources };
}

interface Generated {
  readonly variant: Variant;
  readonly stack: StackName;
  readonly dir: string;
  readonly json: StackJson;
  readonly config: BaselineConfig;
  /** The runs of `tests/<stack>.tftest.hcl`, in order. */
  readonly runs: Run[];
}

function mainTestFile(g: Omit<Generated, 'runs'>): { file: TfTestFile; runs: Run[] } {
  const asserts = ASSERTS[g.stack](g.json, g.config);
  const guarded = preventDestroyAddresses(g.json);
  const runs: Run[] = [
    { name: 'plan', command: 'plan', asserts: asserts.plan },
    { name: 'apply', command: 'apply', asserts: asserts.apply },
  ];
  const header = [
    `Generated by test/terraform/terraform-test.test.ts for the "${g.variant}" configuration; not committed.`,
    guarded.length === 0
      ? 'Planned and applied against mocked AWS; terraform test destroys the mocked resources at the end.'
      : `Planned and applied against mocked AWS; the teardown must then be refused: prevent_destroy on ${guarded.join(', ')}.`,
  ];
  return { file: { header, ...mocks(g.json, g.config), runs }, runs };
}

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------

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

/** Terraform wraps diagnostics at 78 columns; compare messages with whitespace collapsed. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ');

function describeRun(what: string, r: TerraformResult): string {
  return `${what} exited ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

function timed(label: string, args: string[], dir: string, e: NodeJS.ProcessEnv = env): TerraformResult {
  const start = Date.now();
  const r = runTerraform(args, dir, e, 240_000);
  timings.push(`${label}: terraform ${args[0]} ${((Date.now() - start) / 1000).toFixed(1)}s`);
  return r;
}

const inits = new Set<string>();
function init(dir: string): void {
  if (inits.has(dir)) return;
  const r = timed(`${path.relative(workDir, dir)}`, ['init', '-backend=false', '-input=false'], dir);
  if (r.status !== 0) throw new Error(describeRun(`terraform init in ${dir}`, r));
  inits.add(dir);
}

function terraformTest(g: Generated, testDirectory = 'tests', e: NodeJS.ProcessEnv = env): TerraformResult {
  init(g.dir);
  return timed(`${g.variant}/${g.stack} (${testDirectory})`, ['test', `-test-directory=${testDirectory}`], g.dir, e);
}

function writeTest(dir: string, testDirectory: string, name: string, text: string): string {
  mkdirSync(path.join(dir, testDirectory), { recursive: true });
  const file = path.join(dir, testDirectory, `${name}.tftest.hcl`);
  writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'tf-test-'));
  env = terraformEnv(writeCliConfig(workDir, findProviderMirror()));
  for (const variant of VARIANT_NAMES) {
    const config = VARIANTS[variant]();
    for (const s of synthToDir(config, path.join(workDir, variant))) {
      const stack = s.name as StackName;
      const json = JSON.parse(readFileSync(s.file, 'utf8')) as StackJson;
      const { file, runs } = mainTestFile({ variant, stack, dir: s.dir, json, config });
      writeTest(s.dir, 'tests', stack, renderTfTest(file));
      generated.set(key(variant, stack), { variant, stack, dir: s.dir, json, config, runs });
    }
  }
});

afterAll(() => {
  if (timings.length > 0) process.stdout.write(`terraform test timings:\n  ${timings.join('\n  ')}\n`);
  // KEEP_TFTEST_DIR=1 keeps the synthesized stacks and generated .tftest.hcl files for reading.
  if (workDir && process.env.KEEP_TFTEST_DIR === '1') process.stdout.write(`kept ${workDir}\n`);
  else if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const CASES: Array<[Variant, StackName]> = VARIANT_NAMES.flatMap((v) => STACK_NAMES.map((s): [Variant, StackName] => [v, s]));

describe('generated test files', () => {
  test('every stack gets one mock_provider per provider alias it declares', () => {
    for (const [variant, stack] of CASES) {
      const g = get(variant, stack);
      const text = readFileSync(path.join(g.dir, 'tests', `${stack}.tftest.hcl`), 'utf8');
      const aliases = awsProviders(g.json).map((p) => p.alias);
      expect(aliases.length).toBeGreaterThan(0);
      const declared = [...text.matchAll(/^mock_provider "aws" \{\n {2}alias = "([^"]+)"/gm)].map((m) => m[1]);
      expect(declared).toEqual(aliases);
    }
  });

  test('remote state is overridden wherever the stack reads it, and only there', () => {
    expect(remoteStates(get('example', 'management').json)).toEqual(['remote_audit', 'remote_log_archive']);
    // all-options gives the alarm topic in config, so the audit state is not read.
    expect(remoteStates(get('all-options', 'management').json)).toEqual(['remote_log_archive']);
    for (const [variant, stack] of CASES) {
      const g = get(variant, stack);
      const text = readFileSync(path.join(g.dir, 'tests', `${stack}.tftest.hcl`), 'utf8');
      const overridden = [...text.matchAll(/^ {2}target = data\.terraform_remote_state\.(\w+)$/gm)].map((m) => m[1]).sort();
      expect(overridden).toEqual(remoteStates(g.json));
    }
  });

  test('every stack is planned and applied; only the shipped example carries prevent_destroy', () => {
    for (const [variant, stack] of CASES) expect(get(variant, stack).runs.map((r) => r.command)).toEqual(['plan', 'apply']);
    expect(preventDestroyAddresses(get('example', 'log-archive').json)).toHaveLength(3);
    expect(preventDestroyAddresses(get('example', 'management').json)).toEqual([importTargets(get('example', 'management').json)[0]]);
    expect(preventDestroyAddresses(get('example', 'audit').json)).toEqual([]);
    for (const stack of STACK_NAMES) expect(preventDestroyAddresses(get('all-options', stack).json)).toEqual([]);
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
   * archive and organization), terraform test's teardown must then be refused for exactly those
   * resources: the guard works end to end, and the command exits 1 for that reason alone.
   */
  test.each(CASES)('%s: %s stack passes every run', (variant, stack) => {
    const g = get(variant, stack);
    const r = terraformTest(g);
    const out = r.stdout + r.stderr;
    for (const run of g.runs) expect(out).toContain(`run "${run.name}"... pass`);
    const guarded = preventDestroyAddresses(g.json);
    if (guarded.length === 0) {
      if (r.status !== 0) throw new Error(describeRun(`terraform test (${variant}/${stack})`, r));
      expect(out).toContain(`Success! ${g.runs.length} passed, 0 failed.`);
    } else {
      expect(r.status).toBe(1);
      expect(out).toContain(`Failure! ${g.runs.length} passed, 0 failed.`);
      const refused = [...oneLine(out).matchAll(/Resource (\S+) has lifecycle\.prevent_destroy set/g)].map((m) => m[1]).sort();
      expect(refused).toEqual(guarded);
    }
  });

  test('negative control: a false assertion fails the run that holds it', () => {
    const g = get('all-options', 'log-archive');
    const versioning = addresses(g.json, 'aws_s3_bucket_versioning')[0];
    writeTest(
      g.dir,
      'negative-tests',
      'log-archive',
      renderTfTest({
        ...mocks(g.json, g.config),
        runs: [
          { name: 'plan_passes', command: 'plan', asserts: [{ condition: `${versioning}.versioning_configuration[0].status == "Enabled"`, message: 'control' }] },
          {
            name: 'versioning_suspended',
            command: 'apply',
            asserts: [{ condition: `${versioning}.versioning_configuration[0].status == "Suspended"`, message: 'NEGATIVE CONTROL: versioning is not Suspended' }],
          },
        ],
      }),
    );
    const r = terraformTest(g, 'negative-tests');
    const out = r.stdout + r.stderr;
    expect(r.status).toBe(1);
    expect(out).toContain('run "plan_passes"... pass');
    expect(out).toContain('run "versioning_suspended"... fail');
    expect(oneLine(out)).toContain('NEGATIVE CONTROL: versioning is not Suspended');
    expect(out).toContain('Failure! 1 passed, 1 failed.');
  });

  test('control: without mock_provider the same plan needs AWS credentials (so the mocks skip assume_role)', () => {
    const g = get('all-options', 'audit');
    writeTest(g.dir, 'real-provider-tests', 'audit', renderTfTest({ mockProviders: [], runs: [{ name: 'plan_real_provider', command: 'plan', asserts: [] }] }));
    // No credentials and no way to find any: nothing from the environment, no shared files, no IMDS.
    const noCredentials: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('AWS_')));
    const missing = path.join(workDir, 'no-such-aws-file');
    Object.assign(noCredentials, { AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: missing, AWS_SHARED_CREDENTIALS_FILE: missing });
    const r = terraformTest(g, 'real-provider-tests', noCredentials);
    const out = r.stdout + r.stderr;
    expect(r.status).toBe(1);
    expect(out).toContain('run "plan_real_provider"... fail');
    expect(oneLine(out)).toContain('No valid credential sources found');
    expect(out).toContain('provider["registry.terraform.io/hashicorp/aws"].audit');
  });
});
