import { Testing } from 'cdktf';
import { buildApp } from '../../stacks/app';
import { StackName, stackNames } from '../../stacks/backend';
import { stackDeployments } from '../../stacks/hcp-bootstrap-stack';
import { testConfig } from '../helpers';

/**
 * backend.readerTeamToken: the hcp-workspaces stack gives the reading workspaces their TFE_TOKEN
 * (a team with read-outputs access to the producing workspaces, its token, a sensitive variable).
 * The bindings check of the tfe attributes written is in cloud-variant.test.ts.
 */

const CLOUD = { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline', dynamicCredentials: true, bootstrap: true };
const ROLES = { management: { roleName: 'BaselineDeployer' }, logArchive: { roleName: 'BaselineDeployer' }, audit: { roleName: 'BaselineDeployer' } };
/** Regional stacks read nothing, management reads only log-archive (CIS alarms to a given topic). */
const FEWER_READS = { guardDuty: { enabled: false }, awsConfig: { enabled: false }, cis: { alarmTopicArn: 'arn:aws:sns:ap-northeast-1:333333333333:existing-topic' } };

function build(backend: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const config = testConfig({ backend: { ...CLOUD, ...backend }, accounts: ROLES, ...extra });
  const stacks = buildApp(config, { outdir: Testing.app().outdir });
  const ws = JSON.parse(Testing.synth(stacks.hcpBootstrap.find((s) => s.node.id === 'hcp-workspaces')!));
  const { reads } = stackDeployments(config, [stacks.logArchive, stacks.audit, stacks.management, ...stacks.regional]);
  const names = stackNames(config.organization.governedRegions);
  /** Construct id of a stack's tfe_workspace → stack name. */
  const workspaceKey = new Map<string, StackName>(Object.entries<any>(ws.resource.tfe_workspace).map(([key, w]) => [key, w.name.replace(/^baseline-/, '') as StackName]));
  const stackOfRef = (ref: string) => {
    const m = /^\$\{tfe_workspace\.(\w+)\.id\}$/.exec(ref);
    if (!m || !workspaceKey.has(m[1])) throw new Error(`not a workspace reference: ${ref}`);
    return workspaceKey.get(m[1])!;
  };
  return { config, ws, reads, names, stackOfRef };
}

const READER_RESOURCES = ['tfe_team', 'tfe_team_access', 'tfe_team_token'];

describe('GIVEN backend.readerTeamToken off (the default)', () => {
  test('THEN hcp-workspaces creates no team, team access, team token nor TFE_TOKEN variable', () => {
    const { config, ws } = build({});
    expect(config.backend).toMatchObject({ readerTeamToken: false });
    for (const type of READER_RESOURCES) expect([type, ws.resource[type]]).toEqual([type, undefined]);
    expect(Object.values<any>(ws.resource.tfe_variable).map((v) => v.key)).not.toContain('TFE_TOKEN');
    // Not vacuous: the workspaces and their other variables are there.
    expect(Object.keys(ws.resource.tfe_workspace)).toHaveLength(5);
    expect(Object.keys(ws.resource.tfe_variable).length).toBeGreaterThan(0);
  });
});

describe.each<[string, Record<string, unknown>, string[], string[]]>([
  ['every service on', {}, ['audit', 'log-archive'], ['management', 'security-ap-northeast-1', 'security-us-east-1']],
  ['regional stacks reading nothing and management only log-archive', FEWER_READS, ['log-archive'], ['management']],
])('GIVEN backend.readerTeamToken on, %s', (_name, extra, expectedProducers, expectedReaders) => {
  const { ws, reads, names, stackOfRef } = build({ readerTeamToken: true }, extra);
  const readers = names.filter((s) => reads[s].length > 0);
  const producers = names.filter((s) => readers.some((r) => reads[r].includes(s)));
  const teamKey = Object.keys(ws.resource.tfe_team ?? {})[0];
  const tokenKey = Object.keys(ws.resource.tfe_team_token ?? {})[0];

  test('THEN the producers and readers are the ones the stacks read (derived, and as expected here)', () => {
    expect([...producers].sort()).toEqual(expectedProducers);
    expect([...readers].sort()).toEqual(expectedReaders);
  });

  test('THEN exactly one team, <workspacePrefix>-output-readers, secret, without any organization permission', () => {
    expect(Object.keys(ws.resource.tfe_team)).toHaveLength(1);
    const team = ws.resource.tfe_team[teamKey];
    expect(team).toMatchObject({ name: 'baseline-output-readers', organization: 'acme', visibility: 'secret', allow_member_token_management: false });
    const orgAccess = team.organization_access;
    expect(Object.keys(orgAccess).length).toBe(15);
    expect(Object.entries(orgAccess).filter(([, v]) => v !== false)).toEqual([]);
  });

  test('THEN the team has access to exactly the producing workspaces, read-outputs on state and the most restrictive value of every other permission', () => {
    const accesses = Object.values<any>(ws.resource.tfe_team_access);
    expect(accesses.map((a) => stackOfRef(a.workspace_id)).sort()).toEqual([...producers].sort());
    for (const a of accesses) {
      expect(a.team_id).toBe(`\${tfe_team.${teamKey}.id}`);
      expect(a.access).toBeUndefined();
      expect(a.permissions).toEqual([
        {
          state_versions: 'read-outputs',
          // Most restrictive values (tfe 0.71.0 team_access): runs read|plan|apply, variables none|read|write,
          // sentinel_mocks none|read, the two booleans false.
          runs: 'read',
          variables: 'none',
          sentinel_mocks: 'none',
          workspace_locking: false,
          run_tasks: false,
        },
      ]);
    }
  });

  test('THEN one token of that team, and a sensitive env TFE_TOKEN holding it on exactly the reading workspaces', () => {
    expect(Object.keys(ws.resource.tfe_team_token)).toHaveLength(1);
    expect(ws.resource.tfe_team_token[tokenKey]).toMatchObject({ team_id: `\${tfe_team.${teamKey}.id}` });
    expect(ws.resource.tfe_team_token[tokenKey].expired_at).toBeUndefined();
    const tokens = Object.values<any>(ws.resource.tfe_variable).filter((v) => v.key === 'TFE_TOKEN');
    expect(tokens.map((v) => stackOfRef(v.workspace_id)).sort()).toEqual([...readers].sort());
    for (const v of tokens) {
      expect(v).toMatchObject({ category: 'env', sensitive: true, value: `\${tfe_team_token.${tokenKey}.token}` });
    }
    // No other variable carries the token or is called TFE_TOKEN.
    const others = Object.values<any>(ws.resource.tfe_variable).filter((v) => v.key !== 'TFE_TOKEN');
    expect(others.filter((v) => JSON.stringify(v).includes('tfe_team_token'))).toEqual([]);
  });
});

test('GIVEN backend.readerTeamTokenExpiresAt THEN the team token expires then', () => {
  const { ws } = build({ readerTeamToken: true, readerTeamTokenExpiresAt: '2027-06-30T00:00:00Z' });
  expect(Object.values<any>(ws.resource.tfe_team_token)).toMatchObject([{ expired_at: '2027-06-30T00:00:00Z' }]);
});

test('GIVEN another workspacePrefix THEN the team name follows it', () => {
  const { ws } = build({ readerTeamToken: true, workspacePrefix: 'org-sec' });
  expect(Object.values<any>(ws.resource.tfe_team).map((t) => t.name)).toEqual(['org-sec-output-readers']);
});
