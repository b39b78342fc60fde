import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { STACK_NAMES } from '../stacks/backend';
import { REPORT_MARKER } from '../tools/review/report';
import { editJson, ScratchRepo, scratchRepo } from './support/scratch-repo';

/** The shipped pull-request workflow: linted with GitHub's parser, and its commands run locally. */

const ROOT = path.join(__dirname, '..');
const WORKFLOW = path.join(ROOT, '.github', 'workflows', 'baseline-review.yml');
const stickyComment = require('../.github/scripts/sticky-comment.js') as (o: Record<string, unknown>) => Promise<{ action: string; id: number; length: number }>;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
const workflow = parse(readFileSync(WORKFLOW, 'utf8'));
const job = workflow.jobs.review as { env: Record<string, string>; steps: Step[] };

/** Lints the files in one run of the linter (it loads GitHub's parser once); errors by file. */
function lint(...files: string[]): Record<string, string[]> {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'support', 'lint-workflow.mjs'), ...files], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`workflow linter failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('the workflow file', () => {
  // The shipped workflow and a broken one, linted together.
  let dir: string;
  let bad: string;
  let errors: Record<string, string[]>;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wf-'));
    bad = path.join(dir, 'bad.yml');
    writeFileSync(bad, 'on: pull_request\njobs:\n  b:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: echo ${{ github.base_ref( }}\n');
    errors = lint(WORKFLOW, bad);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("passes GitHub's own workflow parser (@actions/workflow-parser)", () => {
    expect(errors[WORKFLOW]).toEqual([]);
  });

  test('the linter is not vacuous: it rejects an unknown key and a broken expression', () => {
    expect(errors[bad]).toEqual(expect.arrayContaining([expect.stringContaining("Unexpected value 'runs-onn'"), expect.stringContaining("Unexpected symbol: '('")]));
  });

  test('runs on pull requests with the permissions its steps need', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'security-events': 'write', 'id-token': 'write' });
  });

  test('uploads the SARIF the rule-pack step writes, and posts the sticky comment even when a step failed', () => {
    const check = job.steps.find((s) => s.id === 'check')!;
    expect(check.run).toContain('--format table,sarif --output osb.txt --output osb.sarif');
    const upload = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with).toMatchObject({ sarif_file: 'osb.sarif' });
    expect(upload.if).toContain('always()');
    const comment = job.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    expect(comment.if).toContain('always()');
    expect(String(comment.with!.script)).toContain("require('./.github/scripts/sticky-comment.js')");
  });

  test('runs cdktf diff once per stack, only when OIDC to AWS or an HCP Terraform token is configured', () => {
    const diff = job.steps.find((s) => s.name === 'cdktf diff per stack')!;
    expect(diff.run).toContain(`for stack in ${STACK_NAMES.join(' ')}; do`);
    expect(diff.run).toContain('npx cdktf diff "$stack"');
    expect(diff.if).toBe("${{ env.AWS_PLAN_ROLE_ARN != '' || env.HAS_TFC_TOKEN == 'true' }}");
    expect(job.env).toMatchObject({ AWS_PLAN_ROLE_ARN: '${{ vars.AWS_PLAN_ROLE_ARN }}', HAS_TFC_TOKEN: "${{ secrets.TF_API_TOKEN != '' }}" });
    const aws = job.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(aws).toMatchObject({ if: "${{ env.AWS_PLAN_ROLE_ARN != '' }}", with: { 'role-to-assume': '${{ vars.AWS_PLAN_ROLE_ARN }}' } });
  });
});

describe('the sticky comment script', () => {
  const fake = (existing: Array<{ id: number; body: string }>) => {
    const calls: Array<[string, any]> = [];
    const github = {
      paginate: async (_fn: unknown, args: unknown) => {
        calls.push(['list', args]);
        return existing;
      },
      rest: {
        issues: {
          listComments: () => undefined,
          createComment: async (args: any) => (calls.push(['create', args]), { data: { id: 99 } }),
          updateComment: async (args: any) => (calls.push(['update', args]), {}),
        },
      },
    };
    return { github, calls, context: { repo: { owner: 'o', repo: 'r' }, issue: { number: 7 } } };
  };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sticky-'));
    writeFileSync(path.join(dir, 'review.md'), `${REPORT_MARKER}\n## report`);
    writeFileSync(path.join(dir, 'diff.txt'), 'x'.repeat(70_000));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('uses the report marker of tools/review/report.ts', () => {
    expect(readFileSync(path.join(ROOT, '.github', 'scripts', 'sticky-comment.js'), 'utf8')).toContain(`const MARKER = '${REPORT_MARKER}';`);
  });

  test('creates the comment once, then updates that same comment; never over the size limit', async () => {
    const first = fake([{ id: 1, body: 'unrelated' }]);
    const created = await stickyComment({ github: first.github, context: first.context, review: path.join(dir, 'review.md'), diff: path.join(dir, 'diff.txt') });
    expect(created).toMatchObject({ action: 'created', id: 99 });
    expect(first.calls[1]).toEqual(['create', expect.objectContaining({ owner: 'o', repo: 'r', issue_number: 7, body: expect.stringContaining('cdktf diff omitted') })]);
    const second = fake([{ id: 1, body: 'unrelated' }, { id: 5, body: `${REPORT_MARKER}\nold` }]);
    const updated = await stickyComment({ github: second.github, context: second.context, review: path.join(dir, 'review.md'), diff: path.join(dir, 'nothing.txt') });
    expect(updated).toMatchObject({ action: 'updated', id: 5 });
    expect(second.calls[1]).toEqual(['update', expect.objectContaining({ comment_id: 5, body: `${REPORT_MARKER}\n## report` })]);
    expect(created.length).toBeLessThanOrEqual(65_536);
  });
});

/**
 * The workflow's `run:` steps, in order, in a throwaway repository whose pull request changes only
 * the team's config file: retention cut and the bucket prefix renamed. `uses:` steps are GitHub's
 * (checkout, setup, SARIF upload, credentials); `npm ci` is replaced by the linked node_modules
 * (offline); the sticky comment runs with a fake client. Expressions are evaluated from a table,
 * and an expression the table does not know fails the test.
 */
describe("the workflow's commands on a throwaway repository", () => {
  let repo: ScratchRepo;
  const outputs: Record<string, Record<string, string>> = {};
  const ran: Array<{ name: string; status: number | null }> = [];
  const skipped: string[] = [];
  const envFile: Record<string, string> = {};
  const context: Record<string, string> = {
    'github.base_ref': 'main',
    'github.event.pull_request.number': '7',
    'vars.LZ_CONFIG': 'config/team.json',
    'vars.AWS_PLAN_ROLE_ARN': '',
    "secrets.TF_API_TOKEN != ''": 'false',
  };
  const expr = (text: string) =>
    text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, e: string) => {
      const step = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
      if (step) return outputs[step[1]]?.[step[2]] ?? '';
      if (!(e in context)) throw new Error(`expression the test cannot evaluate: ${e}`);
      return context[e];
    });
  const needsCredentials = (s: Step) => /AWS_PLAN_ROLE_ARN|HAS_TFC_TOKEN/.test(s.if ?? '');

  beforeAll(async () => {
    repo = scratchRepo((dir) => writeFileSync(path.join(dir, 'config', 'team.json'), readFileSync(path.join(dir, 'config', 'example.json'))));
    repo.branch('pr', 'main', (dir) =>
      editJson(dir, 'config/team.json', (c) => {
        c.logArchive.retentionDays = 180;
        c.logArchive.bucketNamePrefix = 'team-logs';
      }),
    );
    const jobEnv = Object.fromEntries(Object.entries(job.env).map(([k, v]) => [k, expr(String(v))]));
    for (const step of job.steps) {
      const name = step.name ?? step.uses ?? '?';
      if (!step.run || step.run.trim() === 'npm ci' || needsCredentials(step)) {
        skipped.push(name);
        continue;
      }
      const out = path.join(repo.dir, `.step-${ran.length}.out`);
      const ghEnv = path.join(repo.dir, `.step-${ran.length}.env`);
      writeFileSync(out, '');
      writeFileSync(ghEnv, '');
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expr(String(v))]));
      // This process's LZ_CONFIG must not leak in: only what the workflow sets counts.
      const env: NodeJS.ProcessEnv = { ...process.env, LZ_CONFIG: undefined, ...jobEnv, ...envFile, ...stepEnv, GITHUB_OUTPUT: out, GITHUB_ENV: ghEnv };
      if (env.LZ_CONFIG === undefined) delete env.LZ_CONFIG;
      // GitHub runs `run:` with `bash -e {0}`.
      const r = spawnSync('bash', ['-e', '-c', step.run], { cwd: repo.dir, env, encoding: 'utf8' });
      ran.push({ name, status: r.status });
      if (step.id) outputs[step.id] = Object.fromEntries(readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
      for (const line of readFileSync(ghEnv, 'utf8').split('\n').filter(Boolean)) {
        const [k, v] = line.split(/=(.*)/s);
        envFile[k] = v;
      }
    }
  }, 300_000);
  afterAll(() => repo?.remove());

  test('runs every command step except the install and the credentialed cdktf diff', () => {
    expect(ran.map((r) => r.name)).toEqual(['Select the configuration', 'Build', 'Review against the base branch', 'Rule pack', 'Fail when the review or the rule pack fails']);
    expect(skipped).toEqual(expect.arrayContaining(['Install', 'cdktf diff per stack']));
    expect(envFile.LZ_CONFIG).toBe('config/team.json');
    expect(ran.find((r) => r.name === 'Build')!.status).toBe(0);
  });

  test("the review's first screen shows the retention before -> after and the refused replacement of the log bucket", () => {
    const md = readFileSync(path.join(repo.dir, 'review.md'), 'utf8');
    const screen = md.split('<details>')[0];
    expect(screen).toContain('`log-archive/log_archive/bucket/lifecycle` `rule[0].expiration[0].days`: 365 → **180**');
    expect(screen).toMatch(/- \*\*replace\*\* `log-archive` `log-archive\/log_archive\/bucket\/bucket` \(aws_s3_bucket\): bucket forces replacement — \*\*refused\*\*/);
    expect(screen).toContain('> - replacement of protected aws_s3_bucket `log-archive/log_archive/bucket/bucket` (prevent_destroy: Terraform refuses this plan)');
    expect(screen).toContain('Configuration `config/team.json`: the base reads it from `origin/main`, the head from the working tree.');
  });

  test('the review exits 1, the rule pack writes SARIF, and the last step fails the job', () => {
    expect(outputs.review['exit-code']).toBe('1');
    expect(outputs.check['exit-code']).toBe('0');
    expect(JSON.parse(readFileSync(path.join(repo.dir, 'osb.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(existsSync(path.join(repo.dir, 'osb.txt'))).toBe(true);
    expect(ran.at(-1)).toEqual({ name: 'Fail when the review or the rule pack fails', status: 1 });
  });
});
