import { lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BaselineConfig } from '../../config/schema';
import { regionalStackName, stackNames } from '../../stacks/backend';
import { bootstrapStackName } from '../../stacks/hcp-bootstrap-stack';
import { TFC_DYNAMIC_CREDENTIALS_VARIABLE } from '../../stacks/providers';
import { testConfig } from '../helpers';
import {
  ALL_OPTIONS_PATCH,
  AWS_PROVIDER_SOURCE,
  AWS_PROVIDER_VERSION,
  describeRun,
  findProviderMirror,
  runTerraform,
  StackDir,
  synthToDir,
  terraformEnv,
  TERRAFORM_GOGC,
  TerraformResult,
  writeCliConfig,
} from './terraform-env';

/**
 * `terraform validate` of every synthesized stack against the real hashicorp/aws 5.100.0 schema,
 * for the example configuration and variants that switch on the optional code paths.
 */

jest.setTimeout(120_000);

const VARIANTS: Record<string, () => BaselineConfig> = {
  example: () => testConfig(),
  's3-backend': () => testConfig({ backend: { type: 's3', bucket: 'state-bucket', region: 'ap-northeast-1' } }),
  'cloud-dynamic-credentials': () =>
    testConfig({
      backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline', dynamicCredentials: true, bootstrap: true },
      accounts: { management: { roleName: 'BaselineDeployer' }, logArchive: { roleName: 'BaselineDeployer' }, audit: { roleName: 'BaselineDeployer' } },
    }),
  'all-options': () => testConfig(ALL_OPTIONS_PATCH),
  /** One governed region: Security Hub's aggregator links no region (linking_mode NO_REGIONS). */
  'one-region': () => testConfig({ organization: { governedRegions: ['ap-northeast-1'] } }),
};

const CASES: Array<[variant: string, stack: string]> = Object.entries(VARIANTS).flatMap(([v, config]) =>
  stackNames(config().organization.governedRegions).map((s): [string, string] => [v, s]),
);

/**
 * What `terraform validate` checks here is what no `terraform test` run covers (every run of
 * terraform-test.test.ts validates its stack first: the example's stacks, the every-option
 * variant's account stacks and home-region stack, the brownfield management stack): the s3
 * backend's remote-state sources in the management stack and a regional stack, the cloud
 * backend's dynamic-credential providers and variable, the HCP Terraform bootstrap of a member account (the other two have the same resources), and the
 * one-region regional stack (Security Hub links no region).
 *
 * All of them in one `terraform validate` of a root module that calls each stack as a child
 * module: each terraform process spends about 3 s loading the hashicorp/aws schema before its
 * first check (measured: 9 stacks in 9 processes took 36 s, 27 stacks in one took 26 s).
 *
 * As children, the stacks keep everything but two things Terraform allows only in a root module:
 * their backend (ignored with a warning, and checked by the tests that synthesize it) and `import`
 * blocks, which the copies below drop. The import block is validated where it is the root: the
 * example management stack in terraform-test.test.ts; a test here checks that every variant's
 * import blocks are that one's.
 */
const VALIDATE_CASES: Array<[variant: string, stack: string]> = [
  ['s3-backend', 'management'],
  ['s3-backend', regionalStackName('us-east-1')],
  // With the cloud backend the readers (management, security-<region>) hold the `tfe` provider
  // (tfe_outputs), which is not in the offline mirror: log-archive carries the cloud block, the
  // dynamic-credential provider and its variable, and test/stacks/cloud-variant.test.ts shows the
  // readers equal their local variant but for the backend, the readers, the tfe provider and the
  // credential attributes.
  ['cloud-dynamic-credentials', 'log-archive'],
  ['cloud-dynamic-credentials', bootstrapStackName('logArchive')],
  ['one-region', regionalStackName('ap-northeast-1')],
];

interface ValidateJson {
  valid: boolean;
  error_count: number;
  warning_count: number;
  diagnostics: Array<{ severity: string; summary: string; detail?: string; range?: { filename: string; start: { line: number } } }>;
}

let workDir: string;
let mirror: string;
let env: NodeJS.ProcessEnv;
const stackDirs = new Map<string, StackDir>();
const inits = new Map<string, TerraformResult>();

const key = (variant: string, stack: string) => `${variant}/${stack}`;

function stackDir(variant: string, stack: string): StackDir {
  const s = stackDirs.get(key(variant, stack));
  if (!s) throw new Error(`stack ${stack} was not synthesized for variant ${variant}`);
  return s;
}

/** `terraform init` once per directory; later callers reuse the result. */
function init(dir: string): TerraformResult {
  let r = inits.get(dir);
  if (!r) {
    r = runTerraform(['init', '-backend=false', '-input=false'], dir, env);
    inits.set(dir, r);
  }
  if (r.status !== 0) throw new Error(describeRun(`terraform init in ${dir}`, r));
  return r;
}

function validate(dir: string): { run: TerraformResult; json: ValidateJson } {
  const run = runTerraform(['validate', '-json'], dir, env);
  let json: ValidateJson;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    throw new Error(describeRun(`terraform validate -json in ${dir} printed no JSON:`, run));
  }
  return { run, json };
}

/** The root module that calls every stack to validate, and where each child's files are. */
let batchDir: string;
const childDirs = new Map<string, string>();
let batch: { run: TerraformResult; json: ValidateJson } | undefined;

/** Builds the batch root: one module block per case, a copy without `import` blocks where the stack has them. */
function writeBatch(): void {
  batchDir = path.join(workDir, 'validate-all');
  mkdirSync(batchDir);
  const modules: Record<string, Record<string, unknown>> = {};
  for (const [variant, stack] of VALIDATE_CASES) {
    const s = stackDir(variant, stack);
    const json = JSON.parse(readFileSync(s.file, 'utf8'));
    const name = `${variant}__${stack}`.replace(/[^A-Za-z0-9_]/g, '_');
    let dir = s.dir;
    if (json.import !== undefined) {
      dir = path.join(batchDir, 'children', name);
      mkdirSync(dir, { recursive: true });
      delete json.import;
      writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json));
    }
    childDirs.set(key(variant, stack), dir);
    const inputs: Record<string, unknown> = {};
    // A declared variable without default must be passed by the caller; HCP Terraform fills this one.
    for (const [v, decl] of Object.entries<any>(json.variable ?? {})) {
      if (decl.default !== undefined) continue;
      if (v !== TFC_DYNAMIC_CREDENTIALS_VARIABLE) throw new Error(`${variant}/${stack}: no value to pass for variable ${v}`);
      inputs[v] = { default: { shared_config_file: '/hcp/default' }, aliases: Object.fromEntries(json.provider.aws.map((p: { alias: string }) => [p.alias, { shared_config_file: `/hcp/${p.alias}` }])) };
    }
    modules[name] = { source: `./${path.relative(batchDir, dir).split(path.sep).join('/')}`, ...inputs };
  }
  writeFileSync(
    path.join(batchDir, 'main.tf.json'),
    JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER_VERSION } } }, module: modules }, null, 2),
  );
}

/** One `terraform validate -json` of the batch root, on first use. */
function validateBatch(): { run: TerraformResult; json: ValidateJson } {
  if (!batch) {
    init(batchDir);
    batch = validate(batchDir);
  }
  return batch;
}

function formatDiagnostics(json: ValidateJson): string {
  return json.diagnostics
    .map((d) => `${d.severity}: ${d.summary}${d.range ? ` (${d.range.filename}:${d.range.start.line})` : ''}${d.detail ? `\n  ${d.detail}` : ''}`)
    .join('\n');
}

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'tf-validate-'));
  mirror = findProviderMirror();
  env = terraformEnv(writeCliConfig(workDir, mirror));
  for (const [variant, config] of Object.entries(VARIANTS)) {
    for (const s of synthToDir(config(), path.join(workDir, variant))) stackDirs.set(key(variant, s.name), s);
  }
  writeBatch();
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('every variant synthesizes the three account stacks, one stack per governed region, and the HCP Terraform bootstrap stacks where asked', () => {
  for (const [variant, config] of Object.entries(VARIANTS)) {
    const names = [...stackDirs.keys()].filter((k) => k.startsWith(`${variant}/`)).map((k) => k.slice(variant.length + 1));
    const regions = config().organization.governedRegions;
    // hcp-workspaces (tfe provider) is synthesized but not validated: the tfe provider is not in the offline mirror.
    const bootstrap = variant === 'cloud-dynamic-credentials' ? ['hcp-bootstrap-audit', 'hcp-bootstrap-log-archive', 'hcp-bootstrap-management', 'hcp-workspaces'] : [];
    expect(names.sort()).toEqual([...stackNames(regions), ...bootstrap].sort());
    expect(names.filter((n) => n.startsWith('security-'))).toHaveLength(regions.length);
  }
});

test('each variant exercises the code path it is there for', () => {
  const json = (variant: string, stack: string) => JSON.parse(readFileSync(stackDir(variant, stack).file, 'utf8'));
  const example = json('example', 'management');
  expect(example.terraform.backend).toHaveProperty('local');
  expect(example.resource).toHaveProperty('aws_organizations_organization');

  expect(json('s3-backend', 'log-archive').terraform.backend.s3).toMatchObject({ bucket: 'state-bucket', region: 'ap-northeast-1' });

  const cloud = json('cloud-dynamic-credentials', 'management');
  expect(cloud.terraform.cloud).toMatchObject({ organization: 'acme', workspaces: { name: 'baseline-management' } });
  expect(cloud.variable).toHaveProperty('tfc_aws_dynamic_credentials');
  expect(cloud.provider.aws[0]).toHaveProperty('shared_config_files');

  const all = json('all-options', 'management');
  expect(all.resource).not.toHaveProperty('aws_organizations_organization');
  expect(all.provider.aws[0].assume_role[0].role_arn).toBe('arn:aws:iam::111111111111:role/BaselineDeployer');
  expect(Object.values<any>(all.resource.aws_cloudtrail)[0].s3_key_prefix).toBe('cloudtrail');
  expect(json('all-options', 'log-archive').resource).toHaveProperty('aws_s3_bucket_object_lock_configuration');
  expect(Object.keys(all.resource.aws_organizations_policy)).toHaveLength(3);
  expect(Object.keys(all.resource.aws_cloudwatch_metric_alarm)).toHaveLength(2);

  const cloudRegional = json('cloud-dynamic-credentials', regionalStackName('us-east-1'));
  expect(cloudRegional.provider.aws.map((p: { alias: string }) => p.alias).sort()).toEqual(['audit_us_east_1', 'management_us_east_1']);
  expect(cloudRegional.data.tfe_outputs).toHaveProperty('remote_log_archive');
  expect(Object.values<any>(json('one-region', regionalStackName('ap-northeast-1')).resource.aws_securityhub_finding_aggregator)[0].linking_mode).toBe('NO_REGIONS');
});

describe('terraform validate with hashicorp/aws 5.100.0', () => {
  /** A diagnostic's file, absolute (terraform prints it relative to the batch root). */
  const fileOf = (d: ValidateJson['diagnostics'][number]) => (d.range ? path.resolve(batchDir, d.range.filename) : undefined);
  const within = (dir: string, file: string | undefined) => file !== undefined && file.startsWith(`${dir}${path.sep}`);

  test.each(VALIDATE_CASES)('%s: %s stack is valid', (variant, stack) => {
    const { json } = validateBatch();
    const dir = childDirs.get(key(variant, stack))!;
    const mine = json.diagnostics.filter((d) => within(dir, fileOf(d)));
    const errors = mine.filter((d) => d.severity === 'error');
    expect(formatDiagnostics({ ...json, diagnostics: errors })).toBe('');
    // The one warning a child may get: its backend block is the root's business.
    for (const d of mine) expect(d.summary).toMatch(/^Backend configuration ignored$|^Cloud backend configuration ignored$/);
  });

  test('the batch is valid as a whole: no diagnostic outside a stack, no error anywhere, and every child was read', () => {
    const { run, json } = validateBatch();
    const dirs = [...childDirs.values()];
    const stray = json.diagnostics.filter((d) => !dirs.some((dir) => within(dir, fileOf(d))));
    expect(formatDiagnostics({ ...json, diagnostics: stray })).toBe('');
    if (!(run.status === 0 && json.valid === true && json.error_count === 0)) throw new Error(`terraform validate reported\n${formatDiagnostics(json)}\n${run.stderr}`);
    // `terraform init` records every module of the configuration it loaded; validate loads the same.
    const installed = JSON.parse(readFileSync(path.join(batchDir, '.terraform', 'modules', 'modules.json'), 'utf8')) as { Modules: Array<{ Key: string; Dir: string }> };
    const loaded = installed.Modules.filter((m) => m.Key !== '').map((m) => path.resolve(batchDir, m.Dir));
    expect(loaded.sort()).toEqual(dirs.map((d) => path.resolve(d)).sort());
    expect(dirs).toHaveLength(VALIDATE_CASES.length);
  });

  test('each child copy differs from its stack only by the import blocks the root validates', () => {
    const rootImports = JSON.parse(readFileSync(stackDir('example', 'management').file, 'utf8')).import;
    expect(rootImports).toHaveLength(1);
    expect(VALIDATE_CASES.filter(([v, s]) => childDirs.get(key(v, s)) !== stackDir(v, s).dir)).toEqual([['s3-backend', 'management']]);
    for (const [variant, stack] of VALIDATE_CASES) {
      const original = JSON.parse(readFileSync(stackDir(variant, stack).file, 'utf8'));
      const dir = childDirs.get(key(variant, stack))!;
      const child = JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
      const { import: imports, ...rest } = original;
      expect(child).toEqual(rest);
      if (imports !== undefined) expect(imports).toEqual(rootImports);
    }
  });

  test('the provider that validated is the mirror\u2019s hashicorp/aws 5.100.0', () => {
    const dir = batchDir;
    validateBatch();

    const version = runTerraform(['version', '-json'], dir, env);
    expect(version.status).toBe(0);
    expect(JSON.parse(version.stdout).provider_selections).toEqual({ [AWS_PROVIDER_SOURCE]: AWS_PROVIDER_VERSION });

    const lock = readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8');
    expect(lock).toContain(`provider "${AWS_PROVIDER_SOURCE}"`);
    expect(lock).toMatch(new RegExp(`version\\s*=\\s*"${AWS_PROVIDER_VERSION.replace(/\./g, '\\.')}"`));

    // Installed as a link into the unpacked mirror: nothing is copied, and the binary is the mirror's.
    const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
    const installed = path.join(dir, '.terraform', 'providers', AWS_PROVIDER_SOURCE, AWS_PROVIDER_VERSION, platform);
    expect(lstatSync(installed).isSymbolicLink()).toBe(true);
    expect(realpathSync(installed)).toBe(realpathSync(path.join(mirror, AWS_PROVIDER_SOURCE, AWS_PROVIDER_VERSION, platform)));
  });

  test('terraform and its providers run with GOGC 400 unless the caller sets GOGC; no inherited TF_* variable reaches them', () => {
    const saved = { GOGC: process.env.GOGC, TF_LOG: process.env.TF_LOG };
    try {
      delete process.env.GOGC;
      process.env.TF_LOG = 'TRACE';
      expect(terraformEnv('/x/terraform.tfrc')).toMatchObject({ GOGC: TERRAFORM_GOGC, TF_CLI_CONFIG_FILE: '/x/terraform.tfrc' });
      expect(terraformEnv('/x/terraform.tfrc')).not.toHaveProperty('TF_LOG');
      process.env.GOGC = '150';
      expect(terraformEnv('/x/terraform.tfrc').GOGC).toBe('150');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect(TERRAFORM_GOGC).toBe('400');
  });

  test('negative control: an attribute the schema lacks fails validation', () => {
    const dir = path.join(workDir, 'negative-control');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'main.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER_VERSION } } },
        provider: { aws: { region: 'ap-northeast-1' } },
        resource: { aws_s3_bucket: { control: { bucket: 'negative-control', not_an_attribute: true } } },
      }),
    );
    init(dir);
    const { run, json } = validate(dir);
    expect(run.status).not.toBe(0);
    expect(json.valid).toBe(false);
    expect(json.error_count).toBeGreaterThan(0);
    expect(formatDiagnostics(json)).toContain('not_an_attribute');
  });
});

describe('synthesized JSON is machine-independent', () => {
  test.each(CASES)('%s: %s stack holds no absolute machine path', (variant, stack) => {
    const text = readFileSync(stackDir(variant, stack).file, 'utf8');
    const forbidden = new Set([workDir, realpathSync(workDir), os.tmpdir(), process.cwd(), '/work/', '/root/', '/tmp/']);
    if (os.homedir() !== '/') forbidden.add(os.homedir());
    const found = [...forbidden].filter((p) => text.includes(p));
    expect(found).toEqual([]);
  });
});
