/**
 * Which attributes force Terraform to replace a resource, for every resource type the baseline
 * synthesizes: read from the hashicorp/aws provider's own schema definitions (`ForceNew: true`
 * in SDKv2 resources, `RequiresReplace()` plan modifiers in Plugin Framework resources, and
 * `customdiff.ForceNewIfChange` in `CustomizeDiff`). `terraform providers schema -json` does not
 * carry this, so the table is data with its source per entry; `test/review-force-new.test.ts`
 * checks that every resource type the stacks synthesize has an entry and that every attribute
 * named here exists in the provider version the stacks are written against.
 *
 * Only top-level attributes are listed (a nested ForceNew, such as
 * `additional_configuration[].name` of `aws_guardduty_detector_feature`, forces through its
 * top-level block only where the provider marks that block ForceNew too).
 *
 * Each entry names the commit of the source file it was read at; those are stored snapshots of
 * the provider repository, not all at the 5.100.0 tag, so an attribute whose ForceNew changed
 * between versions can be off. A `terraform show -json` plan (`--plan`) is authoritative and wins.
 */

/** The provider the stacks are written against (what @cdktf/provider-aws 20.1.0 binds). */
export const FORCE_NEW_PROVIDER = { source: 'hashicorp/aws', version: '5.100.0' } as const;

/** Where an entry was read: a file of github.com/hashicorp/terraform-provider-aws at a commit. */
export interface ForceNewSource {
  readonly file: string;
  readonly commit: string;
}

/** A replacement that depends on the values, not only on a change (a provider `CustomizeDiff`). */
export interface ConditionalForceNew {
  readonly attribute: string;
  /** In words, for the report. */
  readonly when: string;
  readonly test: (before: unknown, after: unknown) => boolean;
}

export interface ForceNewEntry {
  /** Top-level attributes whose change destroys and re-creates the resource. */
  readonly attributes: readonly string[];
  readonly conditional?: readonly ConditionalForceNew[];
  readonly source: ForceNewSource;
}

const repo = 'internal/service';
const empty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
const at = (file: string, commit: string): ForceNewSource => ({ file: `${repo}/${file}`, commit });

/** ForceNew attributes per resource type, as the provider source declares them. */
export const FORCE_NEW: Readonly<Record<string, ForceNewEntry>> = {
  aws_cloudtrail: { attributes: ['name'], source: at('cloudtrail/trail.go', '0a9af16a978467b3f82b89fa32e83c06ca152652') },
  aws_cloudtrail_organization_delegated_admin_account: {
    attributes: ['account_id'],
    source: at('cloudtrail/organization_delegated_admin_account.go', '0a3cb2c7978e792661b3157f98bc187b81ddb9db'),
  },
  aws_cloudwatch_log_group: { attributes: ['log_group_class', 'name', 'name_prefix'], source: at('logs/group.go', '0073593e7d6993ba482409f4dc35438daaa79bb3') },
  aws_cloudwatch_log_metric_filter: { attributes: ['log_group_name', 'name'], source: at('logs/metric_filter.go', '0f14e6f61f915a586756281ad21fd57e25f57daf') },
  aws_cloudwatch_metric_alarm: { attributes: ['alarm_name'], source: at('cloudwatch/metric_alarm.go', '055611a654738da73e7b1e2b5d2b7672c6d4d531') },
  aws_iam_role: { attributes: ['name', 'name_prefix', 'path'], source: at('iam/role.go', '0040ea6911af00bea2cca6dbb14e86829826ad8e') },
  aws_iam_role_policy: { attributes: ['name', 'name_prefix', 'role'], source: at('iam/role_policy.go', '02f97af85f89a04e8ed89f5e8b64a9a67f3cfe07') },
  aws_kms_alias: { attributes: ['name', 'name_prefix'], source: at('kms/alias.go', '01c08000ddb14181b5bd19201d8fca311dc570e4') },
  aws_kms_key: {
    attributes: ['custom_key_store_id', 'customer_master_key_spec', 'key_usage', 'multi_region', 'xks_key_id'],
    source: at('kms/key.go', '00a35305dc1b297a6fcdecdfbba33f1e63c3da39'),
  },
  aws_organizations_organization: {
    attributes: [],
    conditional: [
      {
        attribute: 'feature_set',
        when: 'from ALL to CONSOLIDATED_BILLING',
        test: (b, a) => (b ?? 'ALL') === 'ALL' && a === 'CONSOLIDATED_BILLING',
      },
    ],
    source: at('organizations/organization.go', '01f431114674c27cf790fafb67ac274bf8f765e1'),
  },
  aws_organizations_policy: { attributes: ['type'], source: at('organizations/policy.go', '00a35305dc1b297a6fcdecdfbba33f1e63c3da39') },
  aws_organizations_policy_attachment: {
    attributes: ['policy_id', 'target_id'],
    source: at('organizations/policy_attachment.go', '090344804c490a98599aee521af0ce5ac61b9cb1'),
  },
  // `bucket`/`bucket_prefix` read at 0070bcd…; `object_lock_enabled` (ForceNew, Computed) at a later
  // version of the same file (the attribute moved to the top level in provider 4.0).
  aws_s3_bucket: { attributes: ['bucket', 'bucket_prefix', 'object_lock_enabled'], source: at('s3/bucket.go', '0070bcd12c952f14c5434a6f351ef7b6fa791226') },
  aws_s3_bucket_lifecycle_configuration: {
    attributes: ['bucket', 'expected_bucket_owner'],
    source: at('s3/bucket_lifecycle_configuration.go', '01606926a0c0ab9174aec440f976a48b0baee722'),
  },
  aws_s3_bucket_logging: { attributes: ['bucket', 'expected_bucket_owner'], source: at('s3/bucket_logging.go', '01f431114674c27cf790fafb67ac274bf8f765e1') },
  aws_s3_bucket_object_lock_configuration: {
    attributes: ['bucket', 'expected_bucket_owner', 'object_lock_enabled'],
    source: at('s3/bucket_object_lock_configuration.go', '01c08000ddb14181b5bd19201d8fca311dc570e4'),
  },
  aws_s3_bucket_ownership_controls: { attributes: ['bucket'], source: at('s3/bucket_ownership_controls.go', '01c08000ddb14181b5bd19201d8fca311dc570e4') },
  aws_s3_bucket_policy: { attributes: ['bucket'], source: at('s3/bucket_policy.go', '0073593e7d6993ba482409f4dc35438daaa79bb3') },
  aws_s3_bucket_public_access_block: { attributes: ['bucket'], source: at('s3/bucket_public_access_block.go', '01606926a0c0ab9174aec440f976a48b0baee722') },
  aws_s3_bucket_server_side_encryption_configuration: {
    attributes: ['bucket', 'expected_bucket_owner'],
    source: at('s3/bucket_server_side_encryption_configuration.go', '01606926a0c0ab9174aec440f976a48b0baee722'),
  },
  aws_s3_bucket_versioning: { attributes: ['bucket', 'expected_bucket_owner'], source: at('s3/bucket_versioning.go', '01c08000ddb14181b5bd19201d8fca311dc570e4') },
  // Types the open branches add (GuardDuty, Security Hub, Access Analyzer, Config, StackSets,
  // EventBridge, Athena/Glue, OIDC), read ahead so the table covers them when they land.
  aws_accessanalyzer_analyzer: { attributes: ['analyzer_name', 'configuration', 'type'], source: at('accessanalyzer/analyzer.go', '00a35305dc1b297a6fcdecdfbba33f1e63c3da39') },
  aws_accessanalyzer_archive_rule: { attributes: ['analyzer_name', 'rule_name'], source: at('accessanalyzer/archive_rule.go', '00a35305dc1b297a6fcdecdfbba33f1e63c3da39') },
  aws_athena_named_query: {
    attributes: ['database', 'description', 'name', 'query', 'workgroup'],
    source: at('athena/named_query.go', '088e0878080a74fcf1e35d901992372e4c041214'),
  },
  aws_athena_workgroup: { attributes: ['name'], source: at('athena/workgroup.go', '0148137dc6fb802b97b74036846777ab15c0f9ad') },
  aws_cloudformation_stack_set: { attributes: ['auto_deployment', 'name'], source: at('cloudformation/stack_set.go', '01e31657e16f7079f81fb3709122005855f20ab1') },
  aws_cloudformation_stack_set_instance: {
    attributes: ['account_id', 'deployment_targets', 'region', 'stack_set_name'],
    source: at('cloudformation/stack_set_instance.go', '01f431114674c27cf790fafb67ac274bf8f765e1'),
  },
  aws_cloudwatch_event_rule: { attributes: ['event_bus_name', 'name', 'name_prefix'], source: at('events/rule.go', '0cdab4ae09a963535e03dde0bff4784afe8e3517') },
  // The same three in every stored version of the file.
  aws_cloudwatch_event_target: { attributes: ['event_bus_name', 'rule', 'target_id'], source: at('events/target.go', 'bf84f8e534d8ff47c25b6f4ecd0dca4f01d73796') },
  aws_config_configuration_aggregator: {
    attributes: ['name'],
    conditional: [
      { attribute: 'account_aggregation_source', when: 'from none to set', test: (b, a) => empty(b) && !empty(a) },
      { attribute: 'organization_aggregation_source', when: 'from none to set', test: (b, a) => empty(b) && !empty(a) },
    ],
    source: at('configservice/configuration_aggregator.go', '16e76651d0ed21d5e881d070bbc881fb5c81bd67'),
  },
  aws_config_configuration_recorder: { attributes: ['name'], source: at('configservice/configuration_recorder.go', '090344804c490a98599aee521af0ce5ac61b9cb1') },
  aws_config_configuration_recorder_status: { attributes: [], source: at('configservice/configuration_recorder_status.go', '013f1736b90439e5a19567a87d3e5cd11858c420') },
  aws_config_delivery_channel: { attributes: ['name'], source: at('configservice/delivery_channel.go', '0593466d96e383de3f75587805537f6e590ebf4e') },
  // The same three in every stored version of the file.
  aws_glue_catalog_table: { attributes: ['catalog_id', 'database_name', 'name'], source: at('glue/catalog_table.go', '6c6ae512efa86dccdb1a5401d5c71a672b839792') },
  aws_glue_catalog_database: { attributes: ['catalog_id', 'name', 'target_database'], source: at('glue/catalog_database.go', '0075c7864e9415d7cb404160187eeb9257b34ca6') },
  aws_guardduty_detector: { attributes: [], source: at('guardduty/detector.go', '0060af23131fd93812a12d7c4e50f41712f39c46') },
  aws_guardduty_detector_feature: { attributes: ['detector_id', 'name'], source: at('guardduty/detector_feature.go', '0f87934c9fc067e97a69accd14f07fbdc539e379') },
  aws_guardduty_organization_admin_account: {
    attributes: ['admin_account_id'],
    source: at('guardduty/organization_admin_account.go', '013f1736b90439e5a19567a87d3e5cd11858c420'),
  },
  aws_guardduty_organization_configuration: {
    attributes: ['detector_id'],
    source: at('guardduty/organization_configuration.go', '01f431114674c27cf790fafb67ac274bf8f765e1'),
  },
  aws_guardduty_organization_configuration_feature: {
    attributes: ['additional_configuration', 'detector_id', 'name'],
    source: at('guardduty/organization_configuration_feature.go', '01f431114674c27cf790fafb67ac274bf8f765e1'),
  },
  aws_guardduty_publishing_destination: { attributes: ['detector_id'], source: at('guardduty/publishing_destination.go', '01606926a0c0ab9174aec440f976a48b0baee722') },
  aws_iam_openid_connect_provider: { attributes: ['url'], source: at('iam/openid_connect_provider.go', '01606926a0c0ab9174aec440f976a48b0baee722') },
  aws_iam_role_policy_attachment: { attributes: ['policy_arn', 'role'], source: at('iam/role_policy_attachment.go', '04c79849dbe7fbe76c3054b364357bcdaade9ac5') },
  aws_organizations_delegated_administrator: {
    attributes: ['account_id', 'service_principal'],
    source: at('organizations/delegated_administrator.go', '0c13352b9dda23e8267eabdddc6f57fe2a81fccd'),
  },
  aws_securityhub_account: { attributes: ['enable_default_standards'], source: at('securityhub/account.go', '0527d6a8cc68ae24169d2c8f770105e2ec946983') },
  aws_securityhub_configuration_policy: { attributes: [], source: at('securityhub/configuration_policy.go', '0527d6a8cc68ae24169d2c8f770105e2ec946983') },
  aws_securityhub_configuration_policy_association: {
    attributes: ['target_id'],
    source: at('securityhub/configuration_policy_association.go', '07e0d0b940f57c782f8fcc9ccfd8b19f59383b51'),
  },
  aws_securityhub_finding_aggregator: { attributes: [], source: at('securityhub/finding_aggregator.go', '01f431114674c27cf790fafb67ac274bf8f765e1') },
  aws_securityhub_organization_admin_account: {
    attributes: ['admin_account_id'],
    source: at('securityhub/organization_admin_account.go', '088c13f1d9b339ac5849b207be4d104a232b1993'),
  },
  aws_securityhub_organization_configuration: { attributes: [], source: at('securityhub/organization_configuration.go', '15c350faa62c74cd0bbc9979a297f3dc1c31ee84') },
  aws_sns_topic: { attributes: ['fifo_topic', 'name', 'name_prefix'], source: at('sns/topic.go', '00a35305dc1b297a6fcdecdfbba33f1e63c3da39') },
  aws_sns_topic_policy: { attributes: ['arn'], source: at('sns/topic_policy.go', '00a35305dc1b297a6fcdecdfbba33f1e63c3da39') },
  aws_sns_topic_subscription: { attributes: ['endpoint', 'protocol', 'topic_arn'], source: at('sns/topic_subscription.go', '04a2e6e5bc625ec85ea8c678219b483fc674877e') },
};

/** How the report names this source. */
export const FORCE_NEW_SOURCE_NAME = `ForceNew/RequiresReplace attributes read from the ${FORCE_NEW_PROVIDER.source} provider source (tools/review/force-new.ts, provider ${FORCE_NEW_PROVIDER.version})`;

/**
 * The attributes among `changed` that force a replacement of a `type`, with the conditional
 * ones tested against the values. `undefined` when the type is not in the table (unknown: the
 * caller must say so rather than call it an in-place update).
 */
export function forcingAttributes(
  type: string,
  changed: readonly string[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] | undefined {
  const entry = FORCE_NEW[type];
  if (!entry) return undefined;
  const out = changed.filter((a) => entry.attributes.includes(a));
  for (const c of entry.conditional ?? []) {
    if (changed.includes(c.attribute) && c.test(before[c.attribute], after[c.attribute])) out.push(`${c.attribute} (${c.when})`);
  }
  return out;
}
