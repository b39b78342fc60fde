import { Testing } from 'cdktf';
import { validateConfig } from '../../config/schema';
import { workspaceSubject } from '../../modules/hcp-terraform';
import { buildApp } from '../../stacks/app';
import { STACK_NAMES } from '../../stacks/backend';
import { STACK_ACCOUNTS, STACK_READS } from '../../stacks/hcp-bootstrap-stack';
import { PROVIDER_ALIASES } from '../../stacks/providers';
import { exampleInput, merge, onlyResource, parsePolicy, statement, testConfig } from '../helpers';

const CLOUD = { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline', project: 'Security', dynamicCredentials: true, bootstrap: true };
const ROLES = { management: { roleName: 'BaselineDeployer' }, logArchive: { roleName: 'BaselineDeployer' }, audit: { roleName: 'AuditDeployer' } };

function build(patch: Record<string, unknown> = { backend: CLOUD, accounts: ROLES }) {
  const config = testConfig(patch);
  const stacks = buildApp(config, { outdir: Testing.app().outdir });
  const json = Object.fromEntries([stacks.logArchive, stacks.audit, stacks.management, ...stacks.hcpBootstrap].map((s) => [s.node.id, JSON.parse(Testing.synth(s))]));
  return { config, stacks, json };
}

describe('GIVEN backend.cloud with bootstrap: true', () => {
  const { config, json } = build();
  const cfgAccount = { management: config.organization.managementAccountId, logArchive: config.accounts.logArchive.id, audit: config.accounts.audit.id };

  test('THEN one bootstrap stack per account is synthesized next to the three stacks, each with one provider', () => {
    expect(Object.keys(json).sort()).toEqual(['audit', 'hcp-bootstrap-audit', 'hcp-bootstrap-log-archive', 'hcp-bootstrap-management', 'hcp-workspaces', 'log-archive', 'management']);
    for (const name of ['hcp-bootstrap-audit', 'hcp-bootstrap-log-archive', 'hcp-bootstrap-management']) expect(json[name].provider.aws).toHaveLength(1);
  });

  test.each(['management', 'logArchive', 'audit'] as const)('THEN the %s run role trusts only the workspaces of the stacks that deploy there, for the AWS audience', (role) => {
    const stack = json[`hcp-bootstrap-${PROVIDER_ALIASES[role].replace(/_/g, '-')}`];
    const account = cfgAccount[role];
    const iamRole = onlyResource(stack, 'aws_iam_role');
    expect(iamRole.name).toBe(ROLES[role].roleName);
    const trust = statement(parsePolicy(iamRole.assume_role_policy), 'AllowHcpTerraformWorkspaceRuns');
    expect(trust.Principal).toEqual({ Federated: `arn:aws:iam::${account}:oidc-provider/app.terraform.io` });
    expect(trust.Action).toBe('sts:AssumeRoleWithWebIdentity');
    const workspaces = STACK_NAMES.filter((s) => STACK_ACCOUNTS[s].includes(role));
    expect(workspaces.length).toBeGreaterThan(0);
    expect(trust.Condition).toEqual({
      StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' },
      StringLike: { 'app.terraform.io:sub': workspaces.map((s) => `organization:acme:project:Security:workspace:baseline-${s}:run_phase:*`).join() },
    });
    expect(onlyResource(stack, 'aws_iam_openid_connect_provider')).toMatchObject({ url: 'https://app.terraform.io', client_id_list: ['aws.workload.identity'] });
  });

  test('THEN the run role ARNs are the deployer ARNs the stacks already trust (roleName agrees by construction)', () => {
    const runRoleArn = json['hcp-bootstrap-log-archive'].output.workspace_environment.value.TFC_AWS_RUN_ROLE_ARN_log_archive;
    expect(runRoleArn).toBe(`arn:aws:iam::${cfgAccount.logArchive}:role/BaselineDeployer`);
    // The log archive lets only its deployer (and break-glass) change the bucket's protection.
    expect(JSON.stringify(json['log-archive'].resource.aws_s3_bucket_policy)).toContain(runRoleArn);
    expect(json['hcp-bootstrap-audit'].output.workspace_environment.value).toEqual({
      TFC_AWS_PROVIDER_AUTH_audit: 'true',
      TFC_AWS_RUN_ROLE_ARN_audit: `arn:aws:iam::${cfgAccount.audit}:role/AuditDeployer`,
    });
  });

  test('THEN member accounts are bootstrapped through OrganizationAccountAccessRole and the management account with the caller\u2019s credentials, never dynamic credentials', () => {
    const member = json['hcp-bootstrap-audit'].provider.aws[0];
    expect(member.assume_role[0].role_arn).toBe(`arn:aws:iam::${cfgAccount.audit}:role/OrganizationAccountAccessRole`);
    expect(member).not.toHaveProperty('shared_config_files');
    const mgmt = json['hcp-bootstrap-management'].provider.aws[0];
    expect(mgmt).not.toHaveProperty('assume_role');
    expect(mgmt).not.toHaveProperty('shared_config_files');
    expect(json['hcp-bootstrap-management'].terraform.backend).toEqual({ local: { path: '../../../state/hcp-bootstrap-management.tfstate' } });
  });

  test('THEN hcp-workspaces creates one workspace per stack in the project, with the dynamic-credential variables of each account it deploys to', () => {
    const ws = json['hcp-workspaces'];
    expect(ws.provider.tfe).toEqual([{ hostname: 'app.terraform.io', organization: 'acme' }]);
    expect(Object.values<any>(ws.data.tfe_project)).toMatchObject([{ name: 'Security', organization: 'acme' }]);
    expect(Object.values<any>(ws.resource.tfe_workspace).map((w) => w.name).sort()).toEqual(['baseline-audit', 'baseline-log-archive', 'baseline-management']);
    const vars = Object.values<any>(ws.resource.tfe_variable).map((v) => [v.workspace_id.replace(/^\$\{tfe_workspace\.(\w+)\.id\}$/, '$1'), v.category, v.key, v.value]);
    expect(vars.sort()).toEqual(
      [
        ['audit', 'env', 'TFC_AWS_PROVIDER_AUTH_audit', 'true'],
        ['audit', 'env', 'TFC_AWS_RUN_ROLE_ARN_audit', `arn:aws:iam::${cfgAccount.audit}:role/AuditDeployer`],
        ['log_archive', 'env', 'TFC_AWS_PROVIDER_AUTH_log_archive', 'true'],
        ['log_archive', 'env', 'TFC_AWS_RUN_ROLE_ARN_log_archive', `arn:aws:iam::${cfgAccount.logArchive}:role/BaselineDeployer`],
        ['management', 'env', 'TFC_AWS_PROVIDER_AUTH_management', 'true'],
        ['management', 'env', 'TFC_AWS_RUN_ROLE_ARN_management', `arn:aws:iam::${cfgAccount.management}:role/BaselineDeployer`],
      ].sort(),
    );
  });

  test('THEN state is shared only with the reading workspaces and each reader runs after its sources', () => {
    const ws = json['hcp-workspaces'];
    const ref = (id: string) => id.replace(/^\$\{tfe_workspace\.(\w+)\.id\}$/, '$1');
    const settings = Object.values<any>(ws.resource.tfe_workspace_settings).map((s) => [ref(s.workspace_id), s.global_remote_state, (s.remote_state_consumer_ids ?? []).map(ref)]);
    expect(settings.sort()).toEqual([
      ['audit', false, ['management']],
      ['log_archive', false, ['management']],
      ['management', false, []],
    ]);
    const triggers = Object.values<any>(ws.resource.tfe_run_trigger).map((t) => `${ref(t.sourceable_id)} -> ${ref(t.workspace_id)}`);
    expect(triggers.sort()).toEqual(['audit -> management', 'log_archive -> management']);
  });

  test('THEN STACK_READS is exactly the remote state each baseline stack reads', () => {
    for (const s of STACK_NAMES) {
      const remote = Object.values<any>(json[s].data?.terraform_remote_state ?? {}).map((d) => d.config.workspaces.name.replace(/^baseline-/, '')).sort();
      expect([s, remote]).toEqual([s, [...STACK_READS[s]].sort()]);
    }
  });

  test('THEN STACK_ACCOUNTS is exactly the set of provider aliases each baseline stack holds', () => {
    for (const s of STACK_NAMES) {
      const aliases = (json[s].provider.aws as Array<{ alias: string }>).map((p) => p.alias).sort();
      expect([s, aliases]).toEqual([s, STACK_ACCOUNTS[s].map((r) => PROVIDER_ALIASES[r]).sort()]);
    }
  });
});

test('GIVEN no bootstrap THEN no bootstrap stack is synthesized', () => {
  // Dynamic credentials still need the log-archive run role named (the bucket and key exempt it).
  const { stacks } = build({ backend: { ...CLOUD, bootstrap: false }, accounts: { logArchive: { roleName: 'BaselineDeployer' } } });
  expect(stacks.hcpBootstrap).toEqual([]);
});

test('a workspace subject names organization, project and workspace, any run phase', () => {
  expect(workspaceSubject({ organization: 'o', workspace: 'w' })).toBe('organization:o:project:Default Project:workspace:w:run_phase:*');
});

test('GIVEN bootstrap without dynamic credentials and with default role names THEN config validation lists each problem', () => {
  const r = validateConfig(merge(exampleInput(), { backend: { ...CLOUD, dynamicCredentials: false }, accounts: { logArchive: { roleName: 'OrganizationAccountAccessRole' } } }));
  expect(r.ok).toBe(false);
  const paths = r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  expect(paths).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^backend.dynamicCredentials: must be true when backend.bootstrap is true/),
      expect.stringMatching(/^accounts.management.roleName: must name the run role the bootstrap creates .*be left to its default/),
      expect.stringMatching(/^accounts.logArchive.roleName: must name the run role .*"OrganizationAccountAccessRole", which AWS Organizations owns/),
      expect.stringMatching(/^accounts.audit.roleName: must name the run role/),
    ]),
  );
});
