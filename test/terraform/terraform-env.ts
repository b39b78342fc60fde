import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BaselineConfig } from '../../config/schema';
import { buildApp } from '../../stacks/app';

/**
 * Running the real `terraform` binary against synthesized stacks, offline: the hashicorp/aws
 * provider comes from a local filesystem mirror, never from the registry. Shared by the
 * validation suite and by `terraform test` suites.
 */

/** The provider every stack needs, as Terraform addresses it. */
export const AWS_PROVIDER_SOURCE = 'registry.terraform.io/hashicorp/aws';
/** The provider version the stacks are written against (the version @cdktf/provider-aws 20.1.0 binds). */
export const AWS_PROVIDER_VERSION = '5.100.0';
/** Environment variable that names the mirror explicitly. */
export const MIRROR_ENV_VAR = 'TF_PROVIDER_MIRROR';

/** Where a provider mirror is looked for when {@link MIRROR_ENV_VAR} is not set, in order. */
export function knownMirrorLocations(): string[] {
  return ['/opt/tf-plugins', path.join(os.homedir(), '.terraform.d', 'plugins'), '/usr/share/terraform/plugins'];
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The filesystem mirror directory holding the aws provider (layout
 * `<mirror>/registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/...`).
 * `TF_PROVIDER_MIRROR` wins when set; otherwise the first known location that holds
 * aws 5.100.0. Throws, saying what was searched, when there is none.
 */
export function findProviderMirror(): string {
  const fromEnv = process.env[MIRROR_ENV_VAR];
  if (fromEnv !== undefined && fromEnv !== '') {
    const mirror = path.resolve(fromEnv);
    const providerDir = path.join(mirror, AWS_PROVIDER_SOURCE);
    if (!isDir(mirror)) {
      throw new Error(`${MIRROR_ENV_VAR}=${fromEnv}: no such directory (expected a Terraform provider filesystem mirror)`);
    }
    if (!isDir(providerDir)) {
      throw new Error(`${MIRROR_ENV_VAR}=${fromEnv}: not a provider mirror for ${AWS_PROVIDER_SOURCE} (${providerDir} does not exist)`);
    }
    return mirror;
  }
  const searched = knownMirrorLocations();
  const found = searched.find((dir) => isDir(path.join(dir, AWS_PROVIDER_SOURCE, AWS_PROVIDER_VERSION)));
  if (found) return found;
  throw new Error(
    [
      `No filesystem mirror of ${AWS_PROVIDER_SOURCE} ${AWS_PROVIDER_VERSION} found; these tests run Terraform offline.`,
      `Searched for <dir>/${AWS_PROVIDER_SOURCE}/${AWS_PROVIDER_VERSION} in:`,
      ...searched.map((d) => `  - ${d}`),
      `Set ${MIRROR_ENV_VAR} to a mirror directory, e.g. one made with \`terraform providers mirror <dir>\`.`,
    ].join('\n'),
  );
}

/**
 * Writes a Terraform CLI configuration into `dir` that installs the aws provider from the mirror
 * only (every other provider would go to its registry, so an unexpected provider fails loudly
 * offline). Returns the file's path. Meant for a temporary directory, never the repository.
 */
export function writeCliConfig(dir: string, mirror: string = findProviderMirror()): string {
  const file = path.join(dir, 'terraform.tfrc');
  // JSON string literals are valid HCL string literals for any path without `${` or `%{`.
  const q = (s: string) => JSON.stringify(s);
  writeFileSync(
    file,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${q(mirror)}`,
      `    include = [${q(AWS_PROVIDER_SOURCE)}]`,
      '  }',
      '  direct {',
      `    exclude = [${q(AWS_PROVIDER_SOURCE)}]`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * Environment for a `terraform` child process: the given CLI config, non-interactive, no
 * checkpoint calls, no logging. Every inherited `TF_*` variable is dropped, not only `TF_LOG*`
 * and `TF_VAR_*`: `TF_CLI_ARGS*`, `TF_DATA_DIR`, `TF_WORKSPACE`, `TF_REATTACH_PROVIDERS` or a
 * stray `TF_PLUGIN_CACHE_DIR` would otherwise change what the tests run.
 */
export function terraformEnv(cliConfigPath: string, pluginCacheDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('TF_') && k !== 'CHECKPOINT_DISABLE') env[k] = v;
  }
  env.TF_CLI_CONFIG_FILE = cliConfigPath;
  env.TF_IN_AUTOMATION = '1';
  env.TF_INPUT = '0';
  env.CHECKPOINT_DISABLE = '1';
  // Go's collector runs terraform and the 675 MB provider at GOGC=100. At 400 it collects a
  // quarter as often: the terraform test suite took 39 s of CPU instead of 53 s, with a peak of
  // 3.6 GB instead of 3.4 GB over all terraform processes (measured together, one run each, on
  // the two-core machine). Child processes (the provider plugins) inherit it. A GOGC of the
  // caller's wins.
  env.GOGC = process.env.GOGC ?? TERRAFORM_GOGC;
  if (pluginCacheDir !== undefined) env.TF_PLUGIN_CACHE_DIR = pluginCacheDir;
  return env;
}

/** The Go GC target the test suites give terraform and its providers (see {@link terraformEnv}). */
export const TERRAFORM_GOGC = '400';

/** What a `terraform` run returned. `status` is null when the process could not run or was killed. */
export interface TerraformResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A terraform run for a failure message: what ran, its exit status, stdout and stderr. */
export function describeRun(what: string, r: TerraformResult): string {
  return `${what} exited ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

/**
 * Runs `terraform <args> -no-color` in `cwd` and waits for it. A failure to start (binary not
 * on PATH) or a timeout shows up as `status: null` with the reason in `stderr`.
 */
export function runTerraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 110_000): TerraformResult {
  const argv = args.includes('-no-color') ? [...args] : [...args, '-no-color'];
  const r = spawnSync('terraform', argv, { cwd, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  const failure = r.error ? `\n[terraform ${argv.join(' ')} failed to run: ${r.error.message}]` : r.signal ? `\n[terraform killed by ${r.signal}]` : '';
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + failure };
}

/** One synthesized stack: its name and the directory Terraform runs in. */
export interface StackDir {
  readonly name: string;
  readonly dir: string;
  /** The stack's Terraform JSON file. */
  readonly file: string;
}

/** Synthesizes every stack of the App for `config` into `dir` and returns each stack's directory, as listed in the manifest. */
export function synthToDir(config: BaselineConfig, dir: string): StackDir[] {
  buildApp(config, { outdir: dir }).app.synth();
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`cdktf synth wrote no manifest.json in ${dir}`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    stacks: Record<string, { name: string; workingDirectory: string; synthesizedStackPath: string }>;
  };
  return Object.values(manifest.stacks).map((s) => ({
    name: s.name,
    dir: path.join(dir, s.workingDirectory),
    file: path.join(dir, s.synthesizedStackPath),
  }));
}

/** A config patch that switches on every optional code path; shared by the validate and test suites. */
export const ALL_OPTIONS_PATCH = {
  organization: { manageTrustedAccess: false },
  accounts: { management: { roleName: 'BaselineDeployer' } },
  logArchive: { objectLock: { mode: 'COMPLIANCE', days: 365 } },
  trail: { s3KeyPrefix: 'cloudtrail', dataEvents: { s3: 'all', lambda: 'all', dynamodb: 'all' } },
  cis: { alarmTopicArn: 'arn:aws:sns:ap-northeast-1:111111111111:alarms', controls: ['4.1', '4.3'] },
  guardrails: { targets: ['ou-ab12-abcdefgh', '444444444444'], denyUngovernedRegions: true, exemptRoleNames: ['SecurityDeployer'] },
  guardDuty: {
    findingPublishingFrequency: 'SIX_HOURS',
    features: { lambdaNetworkLogs: false, runtimeMonitoringAgentManagement: false },
    exportKeyPrefix: 'findings/guardduty',
    enableInManagementAccount: false,
  },
  securityHub: {
    policyTargets: ['ou-ab12-abcdefgh', '444444444444'],
    disabledControls: [{ id: 'IAM.6', reason: 'Root user access is removed by centralized root access management; no root MFA device exists' }],
  },
  accessAnalyzer: {
    unusedAccessAgeDays: 90,
    archiveRules: [{ name: 'trusted-partner', filters: [{ criteria: 'principal.AWS', eq: ['444444444444'] }] }],
  },
  findings: { severities: ['MEDIUM', 'HIGH', 'CRITICAL'] },
  logQuery: {
    bytesScannedCutoffPerQuery: 1_073_741_824,
    resultsRetentionDays: 3,
    readerTrustPrincipals: ['arn:aws:iam::333333333333:role/Investigator'],
    readerRoleName: 'Investigations',
  },
} as const;
