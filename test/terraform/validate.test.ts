import { lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BaselineConfig } from '../../config/schema';
import { regionalStackName, STACK_NAMES, stackNames } from '../../stacks/backend';
import { testConfig } from '../helpers';
import {
  ALL_OPTIONS_PATCH,
  AWS_PROVIDER_SOURCE,
  AWS_PROVIDER_VERSION,
  findProviderMirror,
  runTerraform,
  StackDir,
  synthToDir,
  terraformEnv,
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
 * Each `terraform validate` costs about 2.5 s of provider start-up on two cores, so only what
 * no other run covers is validated here: every stack of the example config, and for the s3 and
 * cloud backends the management stack, the only one whose remote-state data sources differ by
 * backend (the provider blocks of all three stacks have the same shape). The all-options variant
 * is planned and applied by terraform-test.test.ts, and `terraform test` validates first.
 * With the cloud backend, the stacks that read others (management, security-<region>) hold the
 * `tfe` provider (tfe_outputs), which is not in the offline mirror: the cloud variant validates
 * log-archive instead (cloud block, dynamic-credential providers and variable), and
 * test/stacks/cloud-variant.test.ts shows the readers equal their local variant but for the
 * backend, the readers, the tfe provider and the credential attributes.
 */
const VALIDATE_CASES: Array<[variant: string, stack: string]> = [
  ...STACK_NAMES.map((s): [string, string] => ['example', s]),
  ['s3-backend', 'management'],
  ['cloud-dynamic-credentials', 'log-archive'],
  // The HCP Terraform bootstrap of a member account (OIDC provider, run role, assume-role provider);
  // the other two bootstrap stacks have the same resources.
  ['cloud-dynamic-credentials', 'hcp-bootstrap-log-archive'],
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

function describeRun(what: string, r: TerraformResult): string {
  return `${what} exited ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

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
  test.each(VALIDATE_CASES)('%s: %s stack is valid', (variant, stack) => {
    const { dir } = stackDir(variant, stack);
    init(dir);
    const { run, json } = validate(dir);
    const report = `${variant}/${stack}: terraform validate reported\n${formatDiagnostics(json)}\n${run.stderr}`;
    if (!(run.status === 0 && json.valid === true && json.error_count === 0)) throw new Error(report);
    expect(json.valid).toBe(true);
    expect(json.error_count).toBe(0);
  });

  test('the provider that validated is the mirror\u2019s hashicorp/aws 5.100.0', () => {
    const { dir } = stackDir('example', 'log-archive');
    init(dir);

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
