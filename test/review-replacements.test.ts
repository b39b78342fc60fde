import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildReview, StackSet, synthHead } from '../tools/review/cli';
import { diffStack, planActions, protectedDestroys, valueChanges } from '../tools/review/diff';
import { FORCE_NEW, FORCE_NEW_PROVIDER, forcingAttributes } from '../tools/review/force-new';
import { failureReasons } from '../tools/review/report';
import { testConfig } from './helpers';

/** Replacements: the provider's ForceNew table (offline) and `terraform show -json` plans. */

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const withObjectLock = testConfig({ logArchive: { objectLock: { mode: 'GOVERNANCE', days: 30 } } });
const base: StackSet = synthHead(testConfig());
const renamed: StackSet = synthHead(testConfig({ logArchive: { bucketNamePrefix: 'team-logs' } }));

describe('the ForceNew table', () => {
  const synthesizedTypes = [...new Set([base, synthHead(withObjectLock)].flatMap((s) => Object.values(s).flatMap((j) => Object.keys(j.resource ?? {}))))].sort();

  test('has an entry, with its provider source file and commit, for every resource type the stacks synthesize', () => {
    expect(synthesizedTypes.length).toBeGreaterThan(20);
    expect(synthesizedTypes.filter((t) => !FORCE_NEW[t])).toEqual([]);
    for (const t of synthesizedTypes) {
      expect(FORCE_NEW[t].source.file).toMatch(/^internal\/service\/[a-z0-9]+\/[a-z0-9_]+\.go$/);
      expect(FORCE_NEW[t].source.commit).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  test(`names only attributes that exist in hashicorp/aws ${FORCE_NEW_PROVIDER.version} (as @cdktf/provider-aws binds it)`, () => {
    const missing: string[] = [];
    for (const [type, entry] of Object.entries(FORCE_NEW)) {
      const lib = path.join(path.dirname(require.resolve('@cdktf/provider-aws/package.json')), 'lib', type.replace(/^aws_/, '').replace(/_/g, '-'), 'index.js');
      const code = readFileSync(lib, 'utf8');
      for (const a of [...entry.attributes, ...(entry.conditional ?? []).map((c) => c.attribute)]) {
        if (!new RegExp(`\\b${a}: `).test(code)) missing.push(`${type}.${a}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('a conditional replacement applies only in the direction the provider forces', () => {
    expect(forcingAttributes('aws_organizations_organization', ['feature_set'], { feature_set: 'ALL' }, { feature_set: 'CONSOLIDATED_BILLING' })).toEqual(['feature_set (from ALL to CONSOLIDATED_BILLING)']);
    expect(forcingAttributes('aws_organizations_organization', ['feature_set'], { feature_set: 'CONSOLIDATED_BILLING' }, { feature_set: 'ALL' })).toEqual([]);
    expect(forcingAttributes('aws_not_a_type', ['x'], {}, {})).toBeUndefined();
  });
});

describe('replacements offline', () => {
  const d = diffStack('log-archive', base['log-archive'], renamed['log-archive']);

  test('a renamed bucket is a replacement, refused by prevent_destroy, and so are the resources whose ForceNew bucket refers to it', () => {
    const bucket = d.changed.find((c) => c.ref.path === 'log-archive/log_archive/bucket/bucket')!;
    expect(bucket.replacement).toEqual({ reason: 'force-new', because: ['bucket'] });
    const policy = d.changed.find((c) => c.ref.path === 'log-archive/log_archive/bucket/policy')!;
    expect(policy.replacement).toEqual({ reason: 'cascade', because: [expect.stringMatching(/^bucket refers to aws_s3_bucket\.log_archive_bucket_[0-9A-F]+, which is replaced$/)] });
    expect(protectedDestroys(d).map((l) => [l.kind, l.ref.path, l.refused])).toEqual(
      expect.arrayContaining([['replace', 'log-archive/log_archive/bucket/bucket', true]]),
    );
  });

  test('a retention change alone is an in-place update', () => {
    const shorter = synthHead(testConfig({ logArchive: { retentionDays: 180 } }));
    const r = diffStack('log-archive', base['log-archive'], shorter['log-archive']);
    expect(r.changed.map((c) => [c.ref.path, c.replacement])).toEqual([['log-archive/log_archive/bucket/lifecycle', undefined]]);
    expect(r.changed[0].values).toEqual([{ path: 'rule[0].expiration[0].days', before: 365, after: 180 }]);
  });
});

describe('replacements from a terraform show -json plan', () => {
  const bucketAddress = (s: StackSet) => `aws_s3_bucket.${Object.keys(s['log-archive'].resource.aws_s3_bucket).find((k) => k.startsWith('log_archive_bucket_'))}`;

  test('the plan decides: its actions win over the table both ways', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        { address: bucketAddress(renamed), change: { actions: ['update'] } },
        { address: 'aws_kms_key.log_archive_key_key_x', change: { actions: ['create', 'delete'] } },
      ],
    };
    const head = clone(renamed);
    const keyId = Object.keys(head['log-archive'].resource.aws_kms_key)[0];
    head['log-archive'].resource.aws_kms_key[keyId].description = 'changed';
    plan.resource_changes[1].address = `aws_kms_key.${keyId}`;
    const d = diffStack('log-archive', base['log-archive'], head['log-archive'], planActions(plan));
    expect(d.replacementSource).toBe('plan');
    expect(d.changed.find((c) => c.ref.type === 'aws_s3_bucket' && c.ref.path.endsWith('bucket/bucket'))!.replacement).toBeUndefined();
    expect(d.changed.find((c) => c.ref.type === 'aws_kms_key')!.replacement).toEqual({ reason: 'plan', because: ['["create","delete"]'] });
  });

  test('the report says which source it used; a file that is not a plan is rejected', async () => {
    const plan = { resource_changes: [{ address: bucketAddress(renamed), change: { actions: ['delete', 'create'] } }] };
    const r = await buildReview({ base, head: renamed, config: testConfig(), baseLabel: 'a', headLabel: 'b', plans: { 'log-archive': plan } });
    expect(r.markdown).toContain('Replacements: from the plans given for log-archive; offline from the ForceNew/RequiresReplace attributes read from the hashicorp/aws provider source');
    expect(r.failures).toContain('replacement of protected aws_s3_bucket `log-archive/log_archive/bucket/bucket` (prevent_destroy: Terraform refuses this plan)');
    expect(() => planActions({ planned_values: {} })).toThrow('not a `terraform show -json` plan');
  }, 60_000);
});

describe('values', () => {
  test('a sensitive value is never printed, only that it changed', () => {
    expect(valueChanges({ token: 'abc', rule: [{ days: 1 }] }, { token: 'xyz', rule: [{ days: 2 }] })).toEqual([
      { path: 'rule[0].days', before: 1, after: 2 },
      { path: 'token', before: '(sensitive)', after: '(sensitive)' },
    ]);
    expect(valueChanges({ assume_role: [{ session_token: 'a' }] }, {})).toEqual([{ path: 'assume_role[0].session_token', before: '(sensitive)', after: undefined }]);
  });
});

describe('--fail-on for new findings', () => {
  const stacks = [{ diff: { stack: 's', added: [], removed: [], changed: [], unknownTypes: [], replacementSource: 'table' as const }, policies: [] }];
  const finding = (severity: string, isNew = true) => ({ ruleId: 'OSB-X', severity, address: 's/a.b', message: 'm', isNew });

  test('defaults to high: a new high finding fails, a new medium one does not, an old high one does not', () => {
    const reasons = failureReasons({ baseLabel: 'a', headLabel: 'b', stacks, findings: [finding('high'), finding('medium'), finding('critical', false)] });
    expect(reasons).toEqual(['new high finding `OSB-X` on `s/a.b` (--fail-on high)']);
  });

  test('a lower threshold catches more; none turns the finding gate off', () => {
    expect(failureReasons({ baseLabel: 'a', headLabel: 'b', stacks, findings: [finding('medium')], failOn: 'medium' })).toHaveLength(1);
    expect(failureReasons({ baseLabel: 'a', headLabel: 'b', stacks, findings: [finding('critical')], failOn: 'none' })).toEqual([]);
  });
});
