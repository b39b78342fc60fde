import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ruleTable } from '../../tools/rule-pack/docs';
import { evaluateRule } from '../../tools/rule-pack/engine';
import { Finding, Rule, SEVERITIES } from '../../tools/rule-pack/rule';
import { RULES } from '../../tools/rule-pack/rules';
import {
  ACCESS_BUCKET,
  addResource,
  editPolicy,
  exampleStacks,
  handWritten,
  idsOf,
  LOG_BUCKET,
  mutated,
  removeResource,
  resource,
  RESULTS_BUCKET,
  sid,
  stackJson,
  Stacks,
  stacksFor,
} from './fixtures';

jest.setTimeout(60_000);

const RULES_DIR = path.join(__dirname, '..', '..', 'tools', 'rule-pack', 'rules');
const TRAIL = 'organization_trail_';

function rule(id: string): Rule {
  const r = RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

function run(id: string, stacks: Stacks): Finding[] {
  return evaluateRule(rule(id), stacks);
}

/**
 * A compliant fixture (the rule reports nothing at all) and a non-compliant one for every rule;
 * `at` is the start of the address the non-compliant finding must name.
 */
interface Case {
  readonly compliant: () => Stacks;
  readonly nonCompliant: () => Stacks;
  readonly at: string;
}

const trail = (s: Stacks) => resource(s, 'management', 'aws_cloudtrail', TRAIL);
const logBucketPolicy = (s: Stacks) => resource(s, 'log-archive', 'aws_s3_bucket_policy', LOG_BUCKET);
const logKey = (s: Stacks) => resource(s, 'log-archive', 'aws_kms_key');
const securityTopicPolicy = (s: Stacks) => resource(s, 'audit', 'aws_sns_topic_policy', 'notifications_security_');
const addAccessLogging = (s: Stacks) => {
  addResource(s, 'log-archive', 'aws_s3_bucket_logging', 'access_logs_logging', {
    bucket: `\${aws_s3_bucket.${idsOf(s, 'log-archive', 'aws_s3_bucket', ACCESS_BUCKET)[0]}.id}`,
    target_bucket: 'some-other-bucket',
  });
  // The audit stack's query-results bucket is the other unlogged bucket (suppressed in the pack).
  addResource(s, 'audit', 'aws_s3_bucket_logging', 'results_logging', {
    bucket: `\${aws_s3_bucket.${idsOf(s, 'audit', 'aws_s3_bucket', RESULTS_BUCKET)[0]}.id}`,
    target_bucket: 'some-other-bucket',
  });
};

const CASES: Record<string, Case> = {
  'OSB-CT1': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => (trail(s).is_multi_region_trail = false)),
    at: 'aws_cloudtrail.organization_trail_',
  },
  'OSB-CT2': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => delete trail(s).kms_key_id),
    at: 'aws_cloudtrail.organization_trail_',
  },
  'OSB-CT3': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => (trail(s).enable_log_file_validation = false)),
    at: 'aws_cloudtrail.organization_trail_',
  },
  'OSB-CT4': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => delete trail(s).cloud_watch_logs_role_arn),
    at: 'aws_cloudtrail.organization_trail_',
  },
  'OSB-CT5': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => (resource(s, 'log-archive', 'aws_s3_bucket_public_access_block', LOG_BUCKET).restrict_public_buckets = false)),
    at: 'aws_cloudtrail.organization_trail_',
  },
  'OSB-CT6': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => idsOf(s, 'log-archive', 'aws_s3_bucket_logging').forEach((id) => removeResource(s, 'log-archive', 'aws_s3_bucket_logging', id))),
    at: 'aws_cloudtrail.organization_trail_',
  },
  'OSB-CT7': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => (trail(s).advanced_event_selector = trail(s).advanced_event_selector.slice(0, 1))),
    at: 'aws_cloudtrail.organization_trail_',
  },
  'OSB-CT8': {
    // Dropping the readOnly field makes the S3 selector record reads and writes.
    compliant: mutated((s) => {
      const sel = trail(s).advanced_event_selector[1];
      sel.field_selector = sel.field_selector.filter((f: { field: string }) => f.field !== 'readOnly');
    }),
    nonCompliant: exampleStacks,
    at: 'aws_cloudtrail.organization_trail_',
  },
  'OSB-S1': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => editPolicy(logBucketPolicy(s), (d) => (d.Statement = d.Statement.filter((x) => x.Sid !== 'DenyInsecureTransport')))),
    at: `aws_s3_bucket.${LOG_BUCKET}`,
  },
  'OSB-S2': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => idsOf(s, 'log-archive', 'aws_s3_bucket_public_access_block', ACCESS_BUCKET).forEach((id) => removeResource(s, 'log-archive', 'aws_s3_bucket_public_access_block', id))),
    at: `aws_s3_bucket.${ACCESS_BUCKET}`,
  },
  'OSB-S3': {
    compliant: mutated(addAccessLogging),
    nonCompliant: mutated((s) => {
      addAccessLogging(s);
      idsOf(s, 'log-archive', 'aws_s3_bucket_logging', LOG_BUCKET).forEach((id) => removeResource(s, 'log-archive', 'aws_s3_bucket_logging', id));
    }),
    at: `aws_s3_bucket.${LOG_BUCKET}`,
  },
  'OSB-S4': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => (resource(s, 'log-archive', 'aws_s3_bucket_versioning', LOG_BUCKET).versioning_configuration.status = 'Suspended')),
    at: `aws_s3_bucket.${LOG_BUCKET}`,
  },
  'OSB-S5': {
    compliant: mutated((s) =>
      ['log-archive', 'audit'].forEach((stack) => idsOf(s, stack, 'aws_s3_bucket').forEach((id) => (resource(s, stack, 'aws_s3_bucket', id).object_lock_enabled = true))),
    ),
    nonCompliant: mutated((s) => (resource(s, 'log-archive', 'aws_s3_bucket', ACCESS_BUCKET).object_lock_enabled = true)),
    at: `aws_s3_bucket.${LOG_BUCKET}`,
  },
  'OSB-S6': {
    compliant: mutated((s) => {
      resource(s, 'log-archive', 'aws_s3_bucket_server_side_encryption_configuration', ACCESS_BUCKET).rule[0].apply_server_side_encryption_by_default = {
        sse_algorithm: 'aws:kms',
        kms_master_key_id: 'arn:aws:kms:ap-northeast-1:222222222222:key/x',
      };
    }),
    nonCompliant: mutated((s) => {
      resource(s, 'log-archive', 'aws_s3_bucket_server_side_encryption_configuration', ACCESS_BUCKET).rule[0].apply_server_side_encryption_by_default = {
        sse_algorithm: 'aws:kms',
      };
      resource(s, 'log-archive', 'aws_s3_bucket_server_side_encryption_configuration', LOG_BUCKET).rule[0].apply_server_side_encryption_by_default = {
        sse_algorithm: 'AES256',
      };
    }),
    at: `aws_s3_bucket.${LOG_BUCKET}`,
  },
  'OSB-KMS1': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) =>
      editPolicy(logKey(s), (d) =>
        d.Statement.push({ Sid: 'AdminRole', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:role/Admin' }, Action: 'kms:*', Resource: '*' }),
      ),
    ),
    at: 'aws_kms_key.log_archive_key_',
  },
  'OSB-KMS2': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => (logKey(s).enable_key_rotation = false)),
    at: 'aws_kms_key.log_archive_key_',
  },
  'OSB-SNS1': {
    // AllConfigNotifications (the audit stack's in the home region, a regional stack's elsewhere) is
    // unencrypted by necessity (AWS Config cannot publish to an encrypted topic) and suppressed in
    // tools/rule-pack/suppressions.ts; the rule itself still fires on it.
    compliant: mutated((s) => {
      resource(s, 'audit', 'aws_sns_topic', 'notifications_all_config_').kms_master_key_id = 'alias/x';
      resource(s, 'security-us-east-1', 'aws_sns_topic', 'all_config_topic').kms_master_key_id = 'alias/x';
    }),
    nonCompliant: mutated((s) => delete resource(s, 'audit', 'aws_sns_topic', 'notifications_security_').kms_master_key_id),
    at: 'aws_sns_topic.notifications_security_',
  },
  'OSB-SNS2': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => editPolicy(securityTopicPolicy(s), (d) => delete sid(d, 'AllowOrganizationPublish').Condition)),
    at: 'aws_sns_topic_policy.notifications_security_policy_',
  },
  'OSB-CW1': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => (resource(s, 'management', 'aws_cloudwatch_log_group').retention_in_days = 90)),
    at: 'aws_cloudwatch_log_group.organization_trail_log_group_',
  },
  'OSB-IAM1': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => editPolicy(logBucketPolicy(s), (d) => delete sid(d, 'AccessAnalyzerReadTrailLogs').Condition)),
    at: `aws_s3_bucket_policy.${LOG_BUCKET}`,
  },
  'OSB-IAM2': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => editPolicy(logBucketPolicy(s), (d) => delete sid(d, 'AWSCloudTrailAclCheck').Condition)),
    at: `aws_s3_bucket_policy.${LOG_BUCKET}`,
  },
  'OSB-IAM3': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => (resource(s, 'management', 'aws_iam_role_policy').policy = '${data.aws_iam_policy_document.delivery.json}')),
    at: 'aws_iam_role_policy.organization_trail_delivery_policy_',
  },
  'OSB-IAM4': {
    compliant: exampleStacks,
    // The mistake this rule exists for: CloudTrail does not send aws:SourceArn when it assumes the delivery role.
    nonCompliant: mutated((s) =>
      editPolicy(
        resource(s, 'management', 'aws_iam_role'),
        (d) => (sid(d, 'AllowCloudTrailAssumeRole').Condition = { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:ap-northeast-1:111111111111:trail/org-trail' } }),
        'assume_role_policy',
      ),
    ),
    at: 'aws_iam_role.organization_trail_delivery_role_',
  },
  'OSB-ORG1': {
    compliant: exampleStacks,
    // One governed region loses its analyzer: that region is not analyzed.
    nonCompliant: mutated((s) => delete stackJson(s, 'security-us-east-1').resource.aws_accessanalyzer_analyzer),
    at: 'cdktf_app.app',
  },
  'OSB-ORG2': {
    compliant: exampleStacks,
    nonCompliant: () => stacksFor({ awsConfig: { enabled: false } }),
    at: 'cdktf_app.app',
  },
  'OSB-ORG4': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => {
      const id = idsOf(s, 'security-us-east-1', 'aws_cloudformation_stack_set_instance')[0];
      removeResource(s, 'security-us-east-1', 'aws_cloudformation_stack_set_instance', id);
    }),
    at: 'cdktf_app.app',
  },
  'OSB-ORG5': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => (resource(s, 'security-ap-northeast-1', 'aws_config_configuration_aggregator').organization_aggregation_source.regions = ['ap-northeast-1'])),
    at: 'cdktf_app.app',
  },
  'OSB-IAM5': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) =>
      editPolicy(resource(s, 'audit', 'aws_iam_role', 'audit_roles_read_only'), (d) => (d.Statement[0].Principal = { AWS: '*' }), 'assume_role_policy'),
    ),
    at: 'aws_iam_role.audit_roles_read_only',
  },
  'OSB-ORG3': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => delete stackJson(s, 'security-us-east-1').resource.aws_guardduty_organization_configuration),
    at: 'cdktf_app.app',
  },
  'OSB-SH1': {
    compliant: exampleStacks,
    nonCompliant: mutated((s) => {
      const policy = resource(s, 'security-ap-northeast-1', 'aws_securityhub_configuration_policy');
      policy.configuration_policy.enabled_standard_arns = policy.configuration_policy.enabled_standard_arns.filter((a: string) => !a.includes('cis-aws'));
    }),
    at: 'cdktf_app.app',
  },
};

describe('every rule has a compliant and a non-compliant fixture', () => {
  test('the case table covers exactly the rules of the pack', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  describe.each(RULES.map((r) => [r.id]))('%s', (id) => {
    const c = CASES[id];

    test('does not fire on its compliant fixture', () => {
      expect(run(id, c.compliant())).toEqual([]);
    });

    test('fires on its non-compliant fixture, naming the resource', () => {
      const findings = run(id, c.nonCompliant());
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => f.ruleId === id && f.severity === rule(id).severity)).toBe(true);
      expect(findings.some((f) => f.address.startsWith(c.at))).toBe(true);
    });
  });
});

describe('rule edge cases', () => {
  test('OSB-CT1: a management selector limited to write events does not record all management events', () => {
    const s = exampleStacks();
    trail(s).advanced_event_selector[0].field_selector.push({ field: 'readOnly', equals: ['false'] });
    expect(run('OSB-CT1', s).map((f) => f.message)).toEqual([expect.stringContaining('all management events')]);
  });

  test('OSB-CT1: a trail without selectors records all management events', () => {
    const s = exampleStacks();
    delete trail(s).advanced_event_selector;
    expect(run('OSB-CT1', s)).toEqual([]);
  });

  test('OSB-CT7: excluding a bucket that is not a log bucket makes S3 write coverage partial', () => {
    const s = exampleStacks();
    trail(s).advanced_event_selector[1].field_selector.find((f: { field: string }) => f.field === 'resources.ARN').not_starts_with.push('arn:aws:s3:::payroll/');
    expect(run('OSB-CT7', s)).toHaveLength(1);
  });

  test('OSB-CT7: a legacy event selector on every bucket complies', () => {
    const s = exampleStacks();
    delete trail(s).advanced_event_selector;
    trail(s).event_selector = [{ read_write_type: 'WriteOnly', data_resource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }];
    expect(run('OSB-CT7', s)).toEqual([]);
    expect(run('OSB-CT8', s)).toHaveLength(1);
  });

  test('OSB-CT5: a trail whose bucket is nowhere in the app cannot be proven private', () => {
    const s = [handWritten('management', { aws_cloudtrail: { t: { name: 't', s3_bucket_name: 'elsewhere', is_multi_region_trail: true } } })];
    expect(run('OSB-CT5', s).map((f) => f.message)).toEqual([expect.stringContaining('cannot be ruled out')]);
  });

  test('OSB-CT5: an unresolvable trail bucket falls back to every bucket of the log-archive stack', () => {
    const s = exampleStacks();
    trail(s).s3_bucket_name = '${var.bucket}';
    expect(run('OSB-CT5', s)).toEqual([]);
    removeResource(s, 'log-archive', 'aws_s3_bucket_public_access_block', idsOf(s, 'log-archive', 'aws_s3_bucket_public_access_block', ACCESS_BUCKET)[0]);
    expect(run('OSB-CT5', s).map((f) => f.message)).toEqual([expect.stringContaining('-access')]);
  });

  test('OSB-IAM1: a condition that does not narrow the caller (aws:SecureTransport) does not count', () => {
    const s = exampleStacks();
    editPolicy(logBucketPolicy(s), (d) => (sid(d, 'AccessAnalyzerReadTrailLogs').Condition = { Bool: { 'aws:SecureTransport': 'true' } }));
    expect(run('OSB-IAM1', s)).toHaveLength(1);
  });

  test('OSB-IAM1: ...IfExists and negated operators do not narrow the caller either', () => {
    for (const Condition of [{ StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }, { StringNotEquals: { 'aws:PrincipalOrgID': 'o-other' } }]) {
      const s = exampleStacks();
      editPolicy(logBucketPolicy(s), (d) => (sid(d, 'AccessAnalyzerReadTrailLogs').Condition = Condition));
      expect(run('OSB-IAM1', s)).toHaveLength(1);
    }
  });

  test('OSB-IAM1: an Allow with NotPrincipal is public', () => {
    const s = [
      handWritten('x', {
        aws_s3_bucket_policy: { p: { bucket: 'b', policy: JSON.stringify({ Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 's3:GetObject', Resource: '*' }] }) } },
      }),
    ];
    expect(run('OSB-IAM1', s)).toHaveLength(1);
  });

  test('OSB-KMS1: kms:* to the root of another account, or to a service, is flagged', () => {
    for (const Principal of [{ AWS: 'arn:aws:iam::999999999999:root' }, { Service: 'cloudtrail.amazonaws.com' }, '*']) {
      const s = exampleStacks();
      editPolicy(logKey(s), (d) => d.Statement.push({ Sid: 'Extra', Effect: 'Allow', Principal, Action: 'kms:*', Resource: '*' }));
      expect(run('OSB-KMS1', s).map((f) => f.message)).toEqual([expect.stringContaining('"Extra"')]);
    }
  });

  test('OSB-KMS2: asymmetric keys cannot rotate and are skipped', () => {
    const s = [handWritten('x', { aws_kms_key: { k: { customer_master_key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY' } } })];
    expect(run('OSB-KMS2', s)).toEqual([]);
  });

  test('OSB-CW1: a log group without retention keeps events forever and complies', () => {
    const s = [handWritten('x', { aws_cloudwatch_log_group: { g: { name: 'g' } } })];
    expect(run('OSB-CW1', s)).toEqual([]);
  });

  test('OSB-ORG1: an ACCOUNT analyzer is not an organization analyzer, and the finding names the region', () => {
    const s = exampleStacks();
    delete stackJson(s, 'security-us-east-1').resource.aws_accessanalyzer_analyzer;
    addResource(s, 'security-us-east-1', 'aws_accessanalyzer_analyzer', 'acct', { analyzer_name: 'acct', type: 'ACCOUNT' });
    expect(run('OSB-ORG1', s).map((f) => f.message)).toEqual(['no aws_accessanalyzer_analyzer of type ORGANIZATION in security-us-east-1']);
  });

  test('OSB-ORG1 / OSB-ORG3: an app without regional stacks needs one analyzer / auto-enabling configuration anywhere', () => {
    const s = [handWritten('x', { aws_accessanalyzer_analyzer: { a: { analyzer_name: 'a', type: 'ORGANIZATION' } } })];
    expect(run('OSB-ORG1', s)).toEqual([]);
    expect(run('OSB-ORG3', s)).toHaveLength(1);
  });

  test('OSB-SH1: LOCAL configuration or an unassociated policy is reported', () => {
    const s = exampleStacks();
    resource(s, 'security-ap-northeast-1', 'aws_securityhub_organization_configuration').organization_configuration.configuration_type = 'LOCAL';
    delete stackJson(s, 'security-ap-northeast-1').resource.aws_securityhub_configuration_policy_association;
    expect(run('OSB-SH1', s).map((f) => f.message)).toEqual([
      'no aws_securityhub_organization_configuration with configuration_type CENTRAL',
      'the configuration policy is not associated with any target',
    ]);
  });

  test('OSB-ORG2: a service-managed StackSet that deploys a recorder complies', () => {
    const s = exampleStacks();
    addResource(s, 'management', 'aws_cloudformation_stack_set', 'config', {
      permission_model: 'SERVICE_MANAGED',
      template_body: JSON.stringify({ Resources: { Recorder: { Type: 'AWS::Config::ConfigurationRecorder' } } }),
    });
    expect(run('OSB-ORG2', s)).toEqual([]);
  });

  test('OSB-ORG4: without the management recorder of a region, that region is named', () => {
    const s = exampleStacks();
    resource(s, 'security-us-east-1', 'aws_config_configuration_recorder_status').is_enabled = false;
    expect(run('OSB-ORG4', s).map((f) => f.message)).toEqual([expect.stringMatching(/^us-east-1: no enabled aws_config_configuration_recorder_status/)]);
  });

  test('OSB-ORG4: a StackSet without automatic deployment does not cover the members', () => {
    const s = exampleStacks();
    resource(s, 'security-ap-northeast-1', 'aws_cloudformation_stack_set').auto_deployment = { enabled: false };
    expect(run('OSB-ORG4', s).map((f) => f.message)).toEqual([expect.stringMatching(/^ap-northeast-1: no service-managed StackSet instance/)]);
  });

  test('OSB-ORG5: no aggregator at all is reported', () => {
    expect(run('OSB-ORG5', stacksFor({ awsConfig: { enabled: false } })).map((f) => f.message)).toEqual(['no aws_config_configuration_aggregator aggregates the organization']);
  });

  test('OSB-IAM5: a StackSet template role that trusts "*" is reported at the StackSet', () => {
    const s = exampleStacks();
    const ss = resource(s, 'management', 'aws_cloudformation_stack_set');
    ss.template_body = ss.template_body.replace('"Principal":{"AWS":"arn:aws:iam::333333333333:role/AuditReadOnlyRole"}', '"Principal":{"AWS":"*"}');
    const f = run('OSB-IAM5', s);
    expect(f.map((x) => x.message)).toEqual(['template role ReadOnlyExecutionRole: statement AllowAuditRole lets "*" assume the role']);
    expect(f[0].address).toMatch(/^aws_cloudformation_stack_set\.audit_execution_roles/);
  });

  test('OSB-ORG3: auto-enabling only NEW members in one region leaves its existing accounts uncovered', () => {
    const s = exampleStacks();
    resource(s, 'security-ap-northeast-1', 'aws_guardduty_organization_configuration').auto_enable_organization_members = 'NEW';
    expect(run('OSB-ORG3', s).map((f) => f.message)).toEqual(['no aws_guardduty_organization_configuration auto-enabling ALL members in security-ap-northeast-1']);
  });
});

describe('rule metadata', () => {
  test('IDs are unique and follow OSB-<FAMILY><NUMBER>', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^OSB-[A-Z]+[0-9]+$/);
  });

  test('each rule lives in its own file under rules/, named after its ID, and is registered', () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(RULES.map((r) => r.id.toLowerCase()).sort());
    for (const f of files) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = Object.values(require(path.join(RULES_DIR, f)) as Record<string, Rule>);
      expect(exported.map((r) => r.id)).toEqual([f.replace(/\.ts$/, '').toUpperCase()]);
      expect(RULES).toContain(exported[0]);
    }
  });

  test.each(RULES.map((r) => [r.id, r]))('%s documents itself and its cross-references', (_id, r) => {
    expect(r.title.length).toBeGreaterThan(10);
    expect(r.description.length).toBeGreaterThan(40);
    expect(r.help.length).toBeGreaterThan(20);
    expect(SEVERITIES).toContain(r.severity);
    expect(r.resourceTypes.length).toBeGreaterThan(0);
    if (r.securityHubControl !== undefined) expect(r.securityHubControl).toMatch(/^[A-Za-z0-9]+\.[0-9]+$/);
    for (const c of r.checkov ?? []) expect(c).toMatch(/^CKV2?_AWS_[0-9]+$/);
    for (const t of r.trivy ?? []) expect(t).toMatch(/^AVD-AWS-[0-9]{4}$/);
  });
});

describe('documentation', () => {
  test('the rule table of docs/rule-pack.md has one row per rule, in pack order', () => {
    const rows = ruleTable().split('\n').slice(2);
    expect(rows.map((r) => /^\| `(OSB-[A-Z]+[0-9]+)`/.exec(r)?.[1])).toEqual(RULES.map((r) => r.id));
    expect(rows.find((r) => r.includes('OSB-CT5'))).toContain('| critical (9.5) | CloudTrail.6 |');
  });
});
