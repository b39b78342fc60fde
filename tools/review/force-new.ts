/**
 * Which attributes force Terraform to replace a resource, for every resource type the baseline
 * synthesizes: read from the hashicorp/aws provider's own schema definitions (`ForceNew: true`
 * in SDKv2 resources, `RequiresReplace()` plan modifiers in Plugin Framework resources, and
 * `customdiff.ForceNewIfChange` in `CustomizeDiff`). `terraform providers schema -json` does not
 * carry this, so the table is data with its source per entry; `test/review-force-new.test.ts`
 * checks that every resource type the stacks synthesize has an entry and that every attribute
 * named here exists in the provider version the stacks are written against.
 *
 * Only top-level attributes are listed: the baseline sets no nested attribute that forces
 * replacement (the one nested ForceNew on `aws_s3_bucket`, the deprecated
 * `object_lock_configuration.object_lock_enabled`, is not used).
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
