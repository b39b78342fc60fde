import { DataTfeOutputs } from '@cdktf/provider-tfe/lib/data-tfe-outputs';
import { DataTfeProject } from '@cdktf/provider-tfe/lib/data-tfe-project';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { RunTrigger } from '@cdktf/provider-tfe/lib/run-trigger';
import { Team, teamOrganizationAccessToTerraform } from '@cdktf/provider-tfe/lib/team';
import { TeamAccess, teamAccessPermissionsToTerraform } from '@cdktf/provider-tfe/lib/team-access';
import { TeamToken } from '@cdktf/provider-tfe/lib/team-token';
import { Variable } from '@cdktf/provider-tfe/lib/variable';
import { Workspace } from '@cdktf/provider-tfe/lib/workspace';
import { WorkspaceSettings } from '@cdktf/provider-tfe/lib/workspace-settings';
import { readFileSync } from 'node:fs';
import { App, TerraformStack, Testing } from 'cdktf';
import type { BaselineConfig } from '../../config/schema';
import { buildApp } from '../../stacks/app';
import { StackName, stackNames } from '../../stacks/backend';
import { testConfig } from '../helpers';

/**
 * The `tfe` provider is not in the offline provider mirror, so `terraform validate` cannot run
 * on a cloud-backend stack that reads another (it holds `tfe_outputs` and the `tfe` provider).
 * What keeps it checked offline:
 * 1. each such stack equals its local-backend twin once backend, readers, tfe provider and the
 *    credential attributes are set aside, so everything else is covered by the local variant's
 *    `terraform validate` (test/terraform/validate.test.ts) and `terraform test`;
 * 2. every tfe attribute written is one the @cdktf/provider-tfe bindings (generated from the tfe
 *    0.71.0 schema) define, and every output read is one its producer publishes, unsensitive.
 */

const ROLES = { management: { roleName: 'BaselineDeployer' }, logArchive: { roleName: 'BaselineDeployer' }, audit: { roleName: 'BaselineDeployer' } };
// readerTeamToken on, with an expiry, so hcp-workspaces writes every tfe type and attribute it can.
const CLOUD = testConfig({
  backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline', dynamicCredentials: true, bootstrap: true, readerTeamToken: true, readerTeamTokenExpiresAt: '2027-06-30T00:00:00Z' },
  accounts: ROLES,
});
const LOCAL = testConfig({ accounts: ROLES });

function synth(config: BaselineConfig): Record<string, any> {
  const s = buildApp(config, { outdir: Testing.app().outdir });
  return Object.fromEntries([s.logArchive, s.audit, s.management, ...s.regional, ...s.hcpBootstrap].map((st) => [st.node.id, JSON.parse(Testing.synth(st))]));
}

const cloud = synth(CLOUD);
const local = synth(LOCAL);
const names = stackNames(CLOUD.organization.governedRegions);

/** `producer` of a reader data source: from the cloud workspace name or the local state path. */
function producerOf(d: any): string {
  if (d.workspace) return String(d.workspace).replace(/^baseline-/, '');
  return String(d.config.path).replace(/^\.\.\/\.\.\/\.\.\/state\//, '').replace(/\.tfstate$/, '');
}

/**
 * The stack without what legitimately differs by backend: backend / cloud block, the tfe provider
 * and its requirement, the credential attributes of the aws providers (assume_role with a local
 * backend, shared_config_files and their variable with dynamic credentials), and the reader data
 * sources, which become `{ id: producer }` with every reference `READ(<id>.<output>)`.
 */
function normalize(json: any): any {
  const j = structuredClone(json);
  delete j['//'];
  delete j.terraform.backend;
  delete j.terraform.cloud;
  delete j.terraform.required_providers.tfe;
  delete j.provider.tfe;
  for (const p of j.provider.aws ?? []) {
    delete p.assume_role;
    delete p.shared_config_files;
  }
  if (j.variable) {
    delete j.variable.tfc_aws_dynamic_credentials;
    if (Object.keys(j.variable).length === 0) delete j.variable;
  }
  const readers: Record<string, string> = {};
  for (const type of ['terraform_remote_state', 'tfe_outputs']) {
    for (const [id, d] of Object.entries<any>(j.data?.[type] ?? {})) readers[id] = producerOf(d);
    if (j.data) delete j.data[type];
  }
  if (j.data && Object.keys(j.data).length === 0) delete j.data;
  if (Object.keys(readers).length > 0) j.readers = readers;
  const text = JSON.stringify(j)
    .replace(/\$\{data\.tfe_outputs\.(\w+)\.nonsensitive_values\[\\"(\w+)\\"\]\}/g, 'READ($1.$2)')
    .replace(/\$\{data\.terraform_remote_state\.(\w+)\.outputs\.(\w+)\}/g, 'READ($1.$2)');
  return JSON.parse(text);
}

describe('GIVEN the same configuration with the cloud backend (dynamic credentials) and the local backend', () => {
  test.each(names)('THEN %s is the same stack but for backend, readers, tfe provider and credentials', (name) => {
    expect(normalize(cloud[name])).toEqual(normalize(local[name]));
  });

  test('THEN the comparison is not vacuous: the readers differ before normalization and are matched after', () => {
    expect(JSON.stringify(cloud.management)).toContain('data.tfe_outputs.remote_log_archive.nonsensitive_values');
    expect(JSON.stringify(local.management)).toContain('data.terraform_remote_state.remote_log_archive.outputs');
    expect(normalize(cloud.management).readers).toEqual({ remote_log_archive: 'log-archive', remote_audit: 'audit' });
    expect(JSON.stringify(normalize(cloud.management))).toContain('READ(remote_log_archive.log_key_arn)');
    // A change outside the set-aside parts is caught.
    const changed = structuredClone(cloud.management);
    Object.values<any>(changed.resource.aws_cloudtrail)[0].is_multi_region_trail = false;
    expect(normalize(changed)).not.toEqual(normalize(local.management));
  });
});

/** Attribute names the bindings of a tfe type define (`synthesizeAttributes` lists every one). */
function bindingAttributes(make: (stack: TerraformStack) => unknown): string[] {
  const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'scratch');
  const construct = make(stack) as { synthesizeAttributes(): Record<string, unknown> };
  return Object.keys(construct.synthesizeAttributes()).sort();
}

const BINDINGS: Record<string, string[]> = {
  'provider.tfe': bindingAttributes((s) => new TfeProvider(s, 'p', {})),
  'data.tfe_outputs': bindingAttributes((s) => new DataTfeOutputs(s, 'd', { workspace: 'w' })),
  'data.tfe_project': bindingAttributes((s) => new DataTfeProject(s, 'd', { name: 'n' })),
  'resource.tfe_workspace': bindingAttributes((s) => new Workspace(s, 'r', { name: 'n' })),
  'resource.tfe_variable': bindingAttributes((s) => new Variable(s, 'r', { key: 'k', value: 'v', category: 'env' })),
  'resource.tfe_workspace_settings': bindingAttributes((s) => new WorkspaceSettings(s, 'r', { workspaceId: 'w' })),
  'resource.tfe_run_trigger': bindingAttributes((s) => new RunTrigger(s, 'r', { workspaceId: 'w', sourceableId: 's' })),
  'resource.tfe_team': bindingAttributes((s) => new Team(s, 'r', { name: 'n' })),
  'resource.tfe_team_access': bindingAttributes((s) => new TeamAccess(s, 'r', { teamId: 't', workspaceId: 'w' })),
  'resource.tfe_team_token': bindingAttributes((s) => new TeamToken(s, 'r', { teamId: 't' })),
};
/** Attributes of the nested blocks written, from the bindings' own converters (they map every field). */
const NESTED: Record<string, string[]> = {
  'resource.tfe_team.organization_access': Object.keys(teamOrganizationAccessToTerraform({})).sort(),
  'resource.tfe_team_access.permissions': Object.keys(teamAccessPermissionsToTerraform({} as never)).sort(),
};
/** Terraform meta-arguments, not provider attributes. */
const META = new Set(['provider', 'depends_on', 'lifecycle', 'count', 'for_each']);

describe('GIVEN every stack of the cloud configuration, hcp-workspaces included', () => {
  test('THEN every tfe block written is a type the bindings know, with only attributes the bindings define', () => {
    const problems: string[] = [];
    let blocks = 0;
    let nestedBlocks = 0;
    for (const [stack, json] of Object.entries<any>(cloud)) {
      for (const p of json.provider?.tfe ?? []) {
        blocks++;
        for (const k of Object.keys(p)) if (!BINDINGS['provider.tfe'].includes(k)) problems.push(`${stack}: provider.tfe.${k}`);
      }
      for (const kind of ['data', 'resource']) {
        for (const [type, byId] of Object.entries<any>(json[kind] ?? {})) {
          if (!type.startsWith('tfe_')) continue;
          const known = BINDINGS[`${kind}.${type}`];
          if (!known) {
            problems.push(`${stack}: ${kind}.${type} has no binding in this test`);
            continue;
          }
          for (const [id, block] of Object.entries<any>(byId)) {
            blocks++;
            for (const k of Object.keys(block)) if (!META.has(k) && !known.includes(k)) problems.push(`${stack}: ${kind}.${type}.${id}.${k}`);
            for (const [k, v] of Object.entries<any>(block)) {
              const nested = NESTED[`${kind}.${type}.${k}`];
              if (!nested) {
                const isBlock = [v].flat().some((x) => x !== null && typeof x === 'object');
                if (isBlock && !META.has(k)) problems.push(`${stack}: ${kind}.${type}.${id}.${k} is a block this test does not check`);
                continue;
              }
              for (const item of [v].flat()) {
                nestedBlocks++;
                for (const n of Object.keys(item)) if (!nested.includes(n)) problems.push(`${stack}: ${kind}.${type}.${id}.${k}.${n}`);
              }
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(blocks).toBeGreaterThan(20);
    // hcp-workspaces' team, team accesses (one per producer: log-archive, audit) and token are among them.
    for (const type of ['tfe_team', 'tfe_team_access', 'tfe_team_token']) expect([type, Object.keys(cloud['hcp-workspaces'].resource[type] ?? {}).length > 0]).toEqual([type, true]);
    expect(nestedBlocks).toBe(3); // the team's organization_access and two permissions blocks
    // The check can fail: the bindings do not know a made-up attribute.
    expect(BINDINGS['data.tfe_outputs']).toEqual(['organization', 'workspace']);
    expect(NESTED['resource.tfe_team_access.permissions']).toEqual(['run_tasks', 'runs', 'sentinel_mocks', 'state_versions', 'variables', 'workspace_locking']);
    expect(BINDINGS['resource.tfe_team_token']).toEqual(expect.arrayContaining(['expired_at', 'description', 'team_id']));
  });

  test('THEN the attribute read, nonsensitive_values, is one the tfe_outputs binding defines as computed', () => {
    const source = readFileSync(require.resolve('@cdktf/provider-tfe/lib/data-tfe-outputs'), 'utf8');
    expect(source).toContain('// nonsensitive_values - computed: true');
    expect(source).toContain('new cdktf.AnyMap(this, "nonsensitive_values")');
  });

  test('THEN every output a reader takes from nonsensitive_values is one its producer publishes, not sensitive', () => {
    const reads: string[] = [];
    for (const name of names) {
      const json = cloud[name];
      for (const [id, d] of Object.entries<any>(json.data?.tfe_outputs ?? {})) {
        const producer = producerOf(d) as StackName;
        for (const m of JSON.stringify(json).matchAll(new RegExp(`data\\.tfe_outputs\\.${id}\\.nonsensitive_values\\[\\\\"(\\w+)\\\\"\\]`, 'g'))) {
          const output = cloud[producer].output?.[m[1]];
          reads.push(`${name} <- ${producer}.${m[1]}: ${output === undefined ? 'not published' : output.sensitive ? 'sensitive' : 'ok'}`);
        }
      }
    }
    expect(reads.length).toBeGreaterThan(3);
    expect(reads.filter((r) => !r.endsWith(': ok'))).toEqual([]);
  });
});
