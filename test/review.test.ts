import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareStatement, diffPolicies, diffStack, protectedDestroys } from '../tools/review/diff';
import { buildReview, main, RevisionSynth, rulePackFindings, StackSet, synthHead, synthRevision } from '../tools/review/cli';
import { MAX_COMMENT_CHARACTERS, renderReport, REPORT_MARKER } from '../tools/review/report';
import { testConfig } from './helpers';
import { editJson, ScratchRepo, scratchRepo } from './support/scratch-repo';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** A real synthesis (with construct-path metadata, which Testing.synth strips): once per file, a copy per caller. */
let example: StackSet | undefined;
function exampleStacks(): { config: ReturnType<typeof testConfig>; stacks: StackSet } {
  const config = testConfig();
  example ??= synthHead(config);
  return { config, stacks: clone(example) };
}

/** Applies a change to one statement of the log bucket policy. */
function editLogBucketStatement(stacks: StackSet, sid: string, edit: (s: Record<string, any>) => void): StackSet {
  const out = clone(stacks);
  for (const p of Object.values(out['log-archive'].resource.aws_s3_bucket_policy as Record<string, any>)) {
    const doc = JSON.parse(p.policy);
    const s = doc.Statement.find((x: any) => x.Sid === sid);
    if (s) {
      edit(s);
      p.policy = JSON.stringify(doc);
    }
  }
  return out;
}

describe('statement comparison', () => {
  const allow = { Sid: 'A', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:SourceArn': 'arn:t' } } };
  const deny = { Sid: 'D', Effect: 'Deny', Principal: '*', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'], Resource: 'arn:aws:s3:::b/*' };

  test('an Allow that loses a condition widens', () => {
    expect(compareStatement(allow, { ...allow, Condition: {} })).toEqual({ movement: 'widened', details: ['- conditions: StringEquals aws:SourceArn arn:t'] });
  });

  test('an Allow to more principals widens; to fewer resources narrows', () => {
    expect(compareStatement(allow, { ...allow, Principal: '*' }).movement).toBe('widened');
    expect(compareStatement({ ...allow, Resource: ['a', 'b'] }, { ...allow, Resource: ['a'] }).movement).toBe('narrowed');
  });

  test('a Deny that covers fewer actions widens access', () => {
    expect(compareStatement(deny, { ...deny, Action: ['s3:DeleteObject'] }).movement).toBe('widened');
    expect(compareStatement({ ...deny, Action: ['s3:DeleteObject'] }, deny).movement).toBe('narrowed');
  });

  test('a change in both directions is reported as changed, an identical one as unchanged', () => {
    expect(compareStatement({ ...allow, Resource: ['a'] }, { ...allow, Resource: ['b'] }).movement).toBe('changed');
    expect(compareStatement(allow, clone(allow)).movement).toBe('unchanged');
  });
});

describe('stack comparison by construct path', () => {
  const { stacks } = exampleStacks();

  test('identical syntheses have no changes', () => {
    const d = diffStack('log-archive', stacks['log-archive'], clone(stacks['log-archive']));
    expect([d.added, d.removed, d.changed]).toEqual([[], [], []]);
  });

  test('removing the log bucket is a protected destroy', () => {
    const head = clone(stacks['log-archive']);
    const id = Object.keys(head.resource.aws_s3_bucket).find((k) => k.startsWith('log_archive_bucket_'))!;
    delete head.resource.aws_s3_bucket[id];
    const d = diffStack('log-archive', stacks['log-archive'], head);
    expect(d.removed.map((r) => r.path)).toEqual(['log-archive/log_archive/bucket/bucket']);
    expect(protectedDestroys(d).map((r) => [r.kind, r.ref.type, r.refused])).toEqual([['destroy', 'aws_s3_bucket', true]]);
  });

  test('a new logical ID at the same construct path is a replace of a protected resource', () => {
    const head = clone(stacks.management);
    const [id, trail] = Object.entries(head.resource.aws_cloudtrail)[0] as [string, any];
    delete head.resource.aws_cloudtrail[id];
    head.resource.aws_cloudtrail.renamed_trail_1234 = trail;
    const d = diffStack('management', stacks.management, head);
    expect(d.changed).toEqual([expect.objectContaining({ addressChanged: true })]);
    expect(protectedDestroys(d)).toHaveLength(1);
  });

  test('policy changes are listed per statement', () => {
    const head = editLogBucketStatement(stacks, 'AWSCloudTrailWrite', (s) => delete s.Condition.StringEquals['aws:SourceArn']);
    const p = diffPolicies('log-archive', stacks['log-archive'], head['log-archive']);
    expect(p).toEqual([
      expect.objectContaining({
        path: 'log-archive/log_archive/bucket/policy',
        changes: [expect.objectContaining({ sid: 'AWSCloudTrailWrite', kind: 'modified', movement: 'widened' })],
      }),
    ]);
  });
});

describe('regional stacks in the review', () => {
  test('a newly governed region shows as a whole stack added, and a dropped one as a stack removed', async () => {
    const { config, stacks } = exampleStacks();
    const threeRegions = testConfig({ organization: { governedRegions: ['ap-northeast-1', 'us-east-1', 'eu-west-1'] } });
    const head = synthHead(threeRegions);
    const added = (await buildReview({ base: stacks, head, config: threeRegions, baseLabel: 'main', headLabel: 'pr' })).markdown;
    const count = Object.values(head['security-eu-west-1'].resource as Record<string, object>).reduce((n, byId) => n + Object.keys(byId).length, 0);
    expect(count).toBeGreaterThan(0);
    expect(added).toContain(`| security-eu-west-1 | ${count} | 0 | 0 | 0 |`);
    const removed = (await buildReview({ base: head, head: stacks, config, baseLabel: 'main', headLabel: 'pr' })).markdown;
    expect(removed).toContain(`| security-eu-west-1 | 0 | 0 | 0 | ${count} |`);
  }, 120_000);
});

describe('the review of a deliberate mistake', () => {
  let markdown: string;
  beforeAll(async () => {
    const { config, stacks } = exampleStacks();
    const head = editLogBucketStatement(stacks, 'AWSCloudTrailWrite', (s) => delete s.Condition.StringEquals['aws:SourceArn']);
    markdown = (await buildReview({ base: stacks, head, config, baseLabel: 'main', headLabel: 'pr', findings: rulePackFindings })).markdown;
  }, 60_000);

  test('says in words that an outside trail can now write logs', () => {
    expect(markdown).toContain('> [!WARNING]');
    expect(markdown).toContain('CloudTrail for a trail of an outside account can now **write a trail log file under AWSLogs/&lt;orgId>/**');
  });

  test('names the widened statement', () => {
    expect(markdown).toContain('**1 policy statement(s) widened access:**');
    expect(markdown).toMatch(/`AWSCloudTrailWrite` \(Allow, modified\): \*\*widened\*\*/);
    expect(markdown).toContain('- conditions: StringEquals aws:SourceArn arn:aws:cloudtrail:ap-northeast-1:111111111111:trail/org-trail');
  });

  test('lists the rule-pack finding the mistake introduces as new', () => {
    expect(markdown).toMatch(/Rule pack: \d+ open finding\(s\), 1 new in this change/);
    expect(markdown).toMatch(/\| new \| `OSB-IAM2` \| high \|/);
  });

  test('starts with the marker a workflow updates in place', () => {
    expect(markdown.startsWith(REPORT_MARKER)).toBe(true);
  });
});

describe('report size', () => {
  const bigStack = () => {
    const added = Array.from({ length: 3000 }, (_, i) => ({ stack: 's', path: `s/${'x'.repeat(40)}/${i}`, type: 'aws_s3_bucket_policy', address: `a.b${i}`, config: {} }));
    return { diff: { stack: 's', added, removed: [], changed: [], unknownTypes: [], replacementSource: 'table' as const }, policies: [] };
  };

  test('never exceeds the GitHub comment limit and says it was truncated', () => {
    const r = renderReport({ baseLabel: 'a', headLabel: 'b', stacks: [bigStack()], matrixChanges: [] });
    expect(r.markdown.length).toBeLessThanOrEqual(MAX_COMMENT_CHARACTERS);
    expect(r.truncated).toBe(true);
    expect(r.markdown).toContain('Report truncated');
    expect(r.markdown).toContain('| s | 3000 | 0 | 0 | 0 | 0 | 0 | 0 |');
  });

  test('a tiny limit still yields the summary head, never an empty comment', () => {
    const r = renderReport({ baseLabel: 'a', headLabel: 'b', stacks: [bigStack()], matrixChanges: [] }, 400);
    expect(r.markdown.length).toBeLessThanOrEqual(400);
    expect(r.markdown.startsWith(REPORT_MARKER)).toBe(true);
    expect(r.markdown).toContain('truncated');
  });
});

/** The first screen of a report: everything before the collapsed details. */
const firstScreen = (markdown: string) => markdown.split('<details>')[0];

describe('pull requests on a scratch repository (base and head each built from their own files)', () => {
  const TEAM = 'config/team.json';
  const loc = { rel: TEAM };
  let repo: ScratchRepo;
  let base: RevisionSynth;
  const review = async (ref: string) => {
    const head = synthRevision(repo.dir, ref, loc);
    return buildReview({ base: base.stacks, head: head.stacks, config: head.config!, baseConfig: base.config, baseLabel: 'main', headLabel: ref, findings: rulePackFindings, context: [base.configLine] });
  };
  let configPr: Awaited<ReturnType<typeof review>>;
  let codePr: Awaited<ReturnType<typeof review>>;

  beforeAll(async () => {
    repo = scratchRepo((dir) => writeFileSync(path.join(dir, TEAM), readFileSync(path.join(dir, 'config', 'example.json'))));
    base = synthRevision(repo.dir, 'main', loc);
    // Config only: retention cut, a cost-center tag on every resource (provider default_tags).
    repo.branch('config-pr', 'main', (dir) =>
      editJson(dir, TEAM, (c) => {
        c.logArchive.retentionDays = 180;
        c.tags = { ManagedBy: 'cdktf-org-security-baseline', CostCenter: 'sec-42' };
      }),
    );
    // Code: a new reader account, an SCP statement removed, a key statement widened.
    repo.branch('code-pr', 'main', () => {
      repo.edit('stacks/log-archive-stack.ts', (t) => t.replace('readerAccountIds: [cfg.accounts.audit.id]', "readerAccountIds: [cfg.accounts.audit.id, '444455556666']"));
      repo.edit('modules/guardrails/policies.ts', (t) => t.replace(/ {4}\{\n {6}statement: \{ sid: 'DenyLeaveOrganization'[\s\S]*?\n {4}\},\n/, ''));
      repo.edit('modules/log-archive/policies.ts', (t) =>
        t.replace('StringEquals: { [ConditionKeys.SourceArn]: [o.trailArn], [CLOUDTRAIL_ENCRYPTION_CONTEXT_KEY]: [o.trailArn] },', 'StringEquals: { [CLOUDTRAIL_ENCRYPTION_CONTEXT_KEY]: [o.trailArn] },'),
      );
    });
    configPr = await review('config-pr');
    codePr = await review('code-pr');
  }, 240_000);
  afterAll(() => repo?.remove());

  test('the base reads the config file from the base revision, so a config-only change shows', () => {
    expect(base.configLine).toBe('Configuration `config/team.json`: the base reads it from `main`, the head from the working tree.');
    expect(firstScreen(configPr.markdown)).toContain('`log-archive/log_archive/bucket/lifecycle` `rule[0].expiration[0].days`: 365 → **180**');
  });

  test('a tag change in the provider default_tags shows before -> after on the first screen, and passes', () => {
    expect(firstScreen(configPr.markdown)).toContain('`log-archive` provider `aws.log_archive` `default_tags[0].tags.CostCenter`: (unset) → **sec-42**');
    expect(configPr.failures).toEqual([]);
    expect(configPr.markdown).toContain('**Check passes**');
  });

  test('the command line writes JSON to stdout with --output -, the summary to stderr, and exits 0 for the config-only PR', async () => {
    repo.git('checkout', '-q', 'config-pr');
    let out = '';
    let err = '';
    const code = await main(['--base', 'main', '--format', 'json', '--output', '-'], {
      cwd: repo.dir,
      env: { ...process.env, LZ_CONFIG: TEAM },
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
    });
    expect({ code, err: err.split('\n')[0] }).toEqual({ code: 0, err: 'review passes: 0 protected destroy/replace, 0 widened statement(s)' });
    const json = JSON.parse(out);
    expect(json).toMatchObject({ exitCode: 0, failures: [], protectedDestroys: 0, widenedStatements: 0, truncated: false });
    expect(json.markdown).toContain('`rule[0].expiration[0].days`: 365 → **180**');
  }, 120_000);

  test('a config file that does not exist at the base makes an empty base: everything is new', () => {
    const none = synthRevision(repo.dir, 'main', { rel: 'config/other.json' });
    expect(none.stacks).toEqual({});
    expect(none.configLine).toBe('Configuration `config/other.json` does not exist at `main`: the base is empty and every resource is new.');
  });

  test('a new reader account is named literally on the first screen and fails the check', () => {
    const screen = firstScreen(codePr.markdown);
    expect(screen).toMatch(/statement `LogReadersRead` \(Allow, modified\): gains AWS:arn:aws:iam::444455556666:root — account\(s\) 444455556666/);
    expect(codePr.failures).toEqual(expect.arrayContaining([expect.stringMatching(/^widened access to the logs or the key: `LogReadersRead` \(modified\) in `log-archive\/log_archive\/bucket\/policy` gives AWS:arn:aws:iam::444455556666:root/)]));
  });

  test('a widened key statement names who gains and fails the check', () => {
    expect(firstScreen(codePr.markdown)).toContain('statement `AllowCloudTrailEncryptLogs` (Allow, modified): gains Service:cloudtrail.amazonaws.com without the condition StringEquals aws:SourceArn');
    expect(codePr.failures.some((f) => f.includes('`AllowCloudTrailEncryptLogs` (modified) in `log-archive/log_archive/key/key`'))).toBe(true);
  });

  test('a removed SCP statement is a removed guardrail and fails the check', () => {
    expect(firstScreen(codePr.markdown)).toMatch(/guardrail \(Deny\) statement\(s\) removed:\*\* `DenyLeaveOrganization` from `management\//);
    expect(codePr.failures.some((f) => /^guardrail weakened: Deny `DenyLeaveOrganization` removed/.test(f))).toBe(true);
    expect(codePr.markdown).toContain('> [!CAUTION]\n> **Check fails');
  });
});

describe('npm run review usage', () => {
  const cli = path.join(__dirname, '..', 'dist', 'tools', 'review', 'cli.js');
  test('rejects a missing --base with usage and exit code 2', () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
    const r = spawnSync(process.execPath, [cli], { cwd: path.join(__dirname, '..'), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: review --base <git-ref>');
  });

  test('rejects an unknown --fail-on and a malformed --plan', () => {
    for (const argv of [['--base', 'HEAD', '--fail-on', 'severe'], ['--base', 'HEAD', '--plan', 'nofile']]) {
      const r = spawnSync(process.execPath, [cli, ...argv], { cwd: path.join(__dirname, '..'), encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/unknown severity "severe"|--plan nofile: expected <stack>=<file>/);
    }
  });
});
