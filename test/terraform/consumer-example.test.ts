import { spawn, spawnSync, SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findProviderMirror, runTerraform, terraformEnv, writeCliConfig } from './terraform-env';

/**
 * The library as a platform team gets it: `npm pack` of this repository, installed into a
 * scratch project made like `cdktf init --template=typescript` (the template's own tsconfig,
 * read from cdktf-cli), with examples/single-account-cis-trail/main.ts as its code. It must
 * compile under the template's CommonJS/node10 settings and under Node16 resolution,
 * synthesize, and pass `terraform validate` offline.
 *
 * Cost: about 15 s of CPU (npm pack ~2 s, npm install of the tarball ~3 s, three tsc runs ~3 s
 * each, synth ~0.5 s, terraform init + validate ~3 s); the Node16 check and the negative control
 * run beside the template build, so the three tsc runs take the wall time of about one and a half
 * on two idle cores. Network: only the npm registry, for the package's own dependencies (valibot, yaml)
 * when npm's cache does not hold them; the peers (cdktf, constructs, @cdktf/provider-aws) and
 * @types/node are symlinked from this repository's node_modules, as installing them would
 * download the 300 MB provider package (and npm 11's arborist fails on `file:` peers).
 */

jest.setTimeout(240_000);

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'single-account-cis-trail');
const TEMPLATE = path.join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'templates', 'typescript');
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const STACK = 'single-account-cis-trail';

let work: string;
let project: string;
/** The Node16 type check and the negative control, each on its own copy of the project, started in beforeAll. */
let node16Check: Promise<SpawnSyncReturns<string>>;
let noTypesVersionsCheck: Promise<SpawnSyncReturns<string>>;
let typesVersionsOfInstalled: unknown;

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
}

/** As {@link run}, without blocking: the type checks below run beside the template build. Never rejects. */
function runInBackground(cmd: string, args: readonly string[], cwd: string): Promise<SpawnSyncReturns<string>> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, timeout: 180_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const done = (status: number | null, signal: NodeJS.Signals | null, error?: Error) =>
      resolve({ pid: child.pid ?? 0, output: [], stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status, signal, error });
    child.on('error', (e) => done(null, null, e));
    child.on('close', (status, signal) => done(status, signal));
  });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}${r.error ? ` (${r.error.message})` : ''}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
  return r.stdout;
}

function link(name: string): void {
  const target = path.join(project, 'node_modules', name);
  mkdirSync(path.dirname(target), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules', name), target, 'dir');
}

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  work = mkdtempSync(path.join(os.tmpdir(), 'consumer-example-'));
  ok(run('npm', ['pack', '--silent', '--pack-destination', work], ROOT), 'npm pack');
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${work}`);

  project = path.join(work, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  // --legacy-peer-deps: the peers come from the symlinks below, not from the registry.
  ok(
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', path.join(work, tarball)], project),
    'npm install <tarball>',
  );
  for (const peer of ['cdktf', 'constructs', '@cdktf/provider-aws', '@types/node']) link(peer);
  for (const f of ['main.ts', 'tsconfig.json', 'cdktf.json']) cpSync(path.join(EXAMPLE, f), path.join(project, f));
  // The root entry too, compiled along with main.ts (the template's tsconfig includes **/*.ts).
  writeFileSync(
    path.join(project, 'root-entry.ts'),
    `import { CisMonitoring, LogArchive, LogArchiveStack, OrganizationTrail, SecurityNotifications, ValidationError } from '${PKG.name}';\n` +
      'export const fromRoot = [CisMonitoring, LogArchive, LogArchiveStack, OrganizationTrail, SecurityNotifications, ValidationError];\n',
  );
  // The two type checks emit nothing and read only sources and node_modules: each runs on a copy
  // made before the template build (so neither sees its output), beside that build.
  const node16 = path.join(work, 'node16');
  cpSync(project, node16, { recursive: true, verbatimSymlinks: true });
  node16Check = runInBackground(process.execPath, [TSC, '-p', '.', '--module', 'node16', '--moduleResolution', 'node16', '--noEmit', '--incremental', 'false'], node16);
  const copy = path.join(work, 'no-types-versions');
  cpSync(project, copy, { recursive: true, verbatimSymlinks: true });
  const manifest = path.join(project, 'node_modules', PKG.name, 'package.json');
  const { typesVersions, ...rest } = JSON.parse(readFileSync(manifest, 'utf8'));
  typesVersionsOfInstalled = typesVersions;
  writeFileSync(path.join(copy, 'node_modules', PKG.name, 'package.json'), JSON.stringify(rest));
  noTypesVersionsCheck = runInBackground(process.execPath, [TSC, '-p', '.', '--noEmit', '--incremental', 'false'], copy);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the example's tsconfig is cdktf's TypeScript template, unchanged (module CommonJS, node10 resolution)", () => {
  const template = readFileSync(path.join(TEMPLATE, 'tsconfig.json'), 'utf8');
  expect(readFileSync(path.join(EXAMPLE, 'tsconfig.json'), 'utf8')).toBe(template);
  const options = JSON.parse(template).compilerOptions;
  expect(options.module).toBe('CommonJS');
  expect(options.moduleResolution).toBeUndefined();
});

test('the installed package holds the built entry points and declarations, and no TypeScript sources or tests', () => {
  const installed = path.join(project, 'node_modules', PKG.name);
  const files = readdirSync(installed, { recursive: true, encoding: 'utf8' });
  expect(files).toEqual(expect.arrayContaining([path.join('dist', 'index.js'), path.join('dist', 'index.d.ts'), path.join('dist', 'modules', 'log-archive', 'index.d.ts')]));
  expect(files.filter((f) => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.startsWith('test') || f.includes(`dist${path.sep}tools`))).toEqual([]);
});

describe('GIVEN the packed package installed into a project made like the cdktf TypeScript template', () => {
  test('WHEN compiled with the template tsconfig (CommonJS, node10 resolution) THEN the module subpaths and the root entry resolve and it builds', () => {
    ok(run(process.execPath, [TSC, '-p', '.'], project), 'tsc -p . (template tsconfig)');
    expect(existsSync(path.join(project, 'main.js'))).toBe(true);
    // The root entry loads at run time as well, and exports the constructs.
    const r = ok(run(process.execPath, ['-e', "console.log(require('./root-entry.js').fromRoot.map((c) => c.name).join(','))"], project), 'require root-entry.js');
    expect(r.trim()).toBe('CisMonitoring,LogArchive,LogArchiveStack,OrganizationTrail,SecurityNotifications,ValidationError');
  });

  test('WHEN type-checked with Node16 module resolution THEN the same imports resolve through `exports`', async () => {
    ok(await node16Check, 'tsc (Node16)');
  });

  test('WHEN the package had no typesVersions THEN the template build fails with TS2307 (negative control: the compile above proves something)', async () => {
    expect(typesVersionsOfInstalled).toBeDefined();
    const r = await noTypesVersionsCheck;
    expect(r.error).toBeUndefined();
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/TS2307: Cannot find module 'cdktf-org-security-baseline\/modules\/log-archive'/);
  });

  describe('WHEN synthesized with node main.js', () => {
    let stackDir: string;
    let json: any;

    beforeAll(() => {
      ok(run(process.execPath, ['main.js'], project), 'node main.js');
      stackDir = path.join(project, 'cdktf.out', 'stacks', STACK);
      json = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    });

    test('THEN the stack holds a single-account trail, its log archive delivery scoped to the account, and the CIS alarms', () => {
      const trail = Object.values<any>(json.resource.aws_cloudtrail)[0];
      expect(trail).toMatchObject({ name: 'cis-trail', is_organization_trail: false, is_multi_region_trail: true, enable_log_file_validation: true });
      const policy = JSON.parse(Object.values<any>(json.resource.aws_s3_bucket_policy).find((p) => p.policy.includes('AWSCloudTrailWrite')).policy);
      const write = policy.Statement.find((s: any) => s.Sid === 'AWSCloudTrailWrite');
      expect(write.Resource).toBe('arn:aws:s3:::cis-trail-123456789012-eu-west-1/AWSLogs/123456789012/*');
      expect(Object.keys(json.resource.aws_cloudwatch_metric_alarm)).toHaveLength(15);
      expect(Object.values<any>(json.resource.aws_sns_topic).map((t) => t.name)).toEqual(['cis-AggregateSecurityNotifications']);
      expect(JSON.stringify(json)).not.toMatch(/o-[a-z0-9]{10}|PrincipalOrgID|SourceOrgID/);
    });

    test('THEN terraform validate passes against the AWS provider 5.100.0 schema, offline', () => {
      const env = terraformEnv(writeCliConfig(work, findProviderMirror()));
      const init = runTerraform(['init', '-backend=false', '-input=false'], stackDir, env);
      expect({ status: init.status, stderr: init.stderr }).toEqual({ status: 0, stderr: '' });
      const validate = runTerraform(['validate', '-json'], stackDir, env);
      const result = JSON.parse(validate.stdout);
      expect({ valid: result.valid, diagnostics: result.diagnostics }).toEqual({ valid: true, diagnostics: [] });
    });
  });
});
