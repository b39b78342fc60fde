import { Testing } from 'cdktf';
import type { BaselineConfig } from '../../config/schema';
import { validateConfig } from '../../config/schema';
import { MAX_ROLE_DESCRIPTION_LENGTH, runRoleDescription, trustPolicySize, workspaceSubject } from '../../modules/hcp-terraform';
import { ValidationError } from '../../modules/iam';
import { buildApp } from '../../stacks/app';
import { StackName, stackNames } from '../../stacks/backend';
import { stackDeployments } from '../../stacks/hcp-bootstrap-stack';
import { accountIdOf, AccountRole, PROVIDER_ALIASES } from '../../stacks/providers';
import { exampleInput, merge, onlyResource, parsePolicy, statement, testConfig } from '../helpers';

const CLOUD = { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline', project: 'Security', dynamicCredentials: true, bootstrap: true };
const ROLES = { management: { roleName: 'BaselineDeployer' }, logArchive: { roleName: 'BaselineDeployer' }, audit: { roleName: 'AuditDeployer' } };

function build(patch: Record<string, unknown> = { backend: CLOUD, accounts: ROLES }) {
  const config = testConfig(patch);
  const stacks = buildApp(config, { outdir: Testing.app().outdir });
  const json = Object.fromEntries(
    [stacks.logArchive, stacks.audit, stacks.management, ...stacks.regional, ...stacks.hcpBootstrap].map((s) => [s.node.id, JSON.parse(Testing.synth(s))]),
  );
  return { config, stacks, json };
}

/** The accounts a synthesized stack deploys to, from its AWS providers' `allowed_account_ids`. */
function accountsInJson(config: BaselineConfig, stack: Record<string, any>): AccountRole[] {
  const byId = new Map((['management', 'logArchive', 'audit'] as const).map((r) => [accountIdOf(config, r), r]));
  return [...new Set((stack.provider?.aws ?? []).map((p: { allowed_account_ids: string[] }) => byId.get(p.allowed_account_ids[0])!))].sort() as AccountRole[];
}

/** The stacks a synthesized stack reads, from its `tfe_outputs` (cloud) or `terraform_remote_state` (local, s3) data sources. */
function readsInJson(config: BaselineConfig, stack: Record<string, any>): string[] {
  const tfe = Object.values<any>(stack.data?.tfe_outputs ?? {}).map((d) => d.workspace);
  const remote = Object.values<any>(stack.data?.terraform_remote_state ?? {}).map((d) => d.config.path ?? d.config.key ?? d.config.workspaces?.name);
  const prefix = config.backend.type === 'cloud' ? `${config.backend.workspacePrefix}-` : '';
  return [...tfe, ...remote].map((n: string) => n.replace(/^\.\.\/\.\.\/\.\.\/state\//, '').replace(/^.*\//, '').replace(/\.tfstate$/, '').replace(prefix, '')).sort();
}

describe('GIVEN backend.cloud with bootstrap: true', () => {
  const { config, json } = build();
  const cfgAccount = { management: config.organization.managementAccountId, logArchive: config.accounts.logArchive.id, audit: config.accounts.audit.id };

  test('THEN one bootstrap stack per account is synthesized next to the three stacks, each with one provider', () => {
    expect(Object.keys(json).sort()).toEqual([
      'audit', 'hcp-bootstrap-audit', 'hcp-bootstrap-log-archive', 'hcp-bootstrap-management', 'hcp-workspaces', 'log-archive', 'management', 'security-ap-northeast-1', 'security-us-east-1',
    ]);
    for (const name of ['hcp-bootstrap-audit', 'hcp-bootstrap-log-archive', 'hcp-bootstrap-management']) expect(json[name].provider.aws).toHaveLength(1);
  });

  const TRUSTED: Record<AccountRole, string[]> = {
    management: ['management', 'security-ap-northeast-1', 'security-us-east-1'],
    logArchive: ['log-archive'],
    audit: ['audit', 'security-ap-northeast-1', 'security-us-east-1'],
  };

  test.each(['management', 'logArchive', 'audit'] as const)('THEN the %s run role trusts only the workspaces of the stacks that deploy there (regional ones included), for the AWS audience', (role) => {
    expect(config.organization.governedRegions).toEqual(['ap-northeast-1', 'us-east-1']);
    const stack = json[`hcp-bootstrap-${PROVIDER_ALIASES[role].replace(/_/g, '-')}`];
    const account = cfgAccount[role];
    const iamRole = onlyResource(stack, 'aws_iam_role');
    expect(iamRole.name).toBe(ROLES[role].roleName);
    const trust = statement(parsePolicy(iamRole.assume_role_policy), 'AllowHcpTerraformWorkspaceRuns');
    expect(trust.Principal).toEqual({ Federated: `arn:aws:iam::${account}:oidc-provider/app.terraform.io` });
    expect(trust.Action).toBe('sts:AssumeRoleWithWebIdentity');
    const subjects = TRUSTED[role].map((s) => `organization:acme:project:Security:workspace:baseline-${s}:run_phase:*`);
    expect(trust.Condition).toEqual({
      StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' },
      StringLike: { 'app.terraform.io:sub': subjects.length === 1 ? subjects[0] : subjects },
    });
    expect(onlyResource(stack, 'aws_iam_openid_connect_provider')).toMatchObject({ url: 'https://app.terraform.io', client_id_list: ['aws.workload.identity'] });
  });

  test('THEN the trusted workspaces are exactly the stacks whose synthesized providers reach that account', () => {
    for (const role of ['management', 'logArchive', 'audit'] as const) {
      const deploying = stackNames(config.organization.governedRegions).filter((s) => accountsInJson(config, json[s]).includes(role));
      expect([role, deploying]).toEqual([role, TRUSTED[role]]);
    }
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

  test('THEN hcp-workspaces creates one workspace per stack (regional ones included) in the project, with the dynamic-credential variables of each account it deploys to', () => {
    const ws = json['hcp-workspaces'];
    expect(ws.provider.tfe).toEqual([{ hostname: 'app.terraform.io', organization: 'acme' }]);
    expect(Object.values<any>(ws.data.tfe_project)).toMatchObject([{ name: 'Security', organization: 'acme' }]);
    expect(Object.values<any>(ws.resource.tfe_workspace).map((w) => w.name).sort()).toEqual(
      ['baseline-audit', 'baseline-log-archive', 'baseline-management', 'baseline-security-ap-northeast-1', 'baseline-security-us-east-1'],
    );
    const vars = Object.values<any>(ws.resource.tfe_variable).map((v) => [v.workspace_id.replace(/^\$\{tfe_workspace\.(\w+)\.id\}$/, '$1'), v.category, v.key, v.value]);
    const pair = (ws: string, tag: string, arn: string) => [
      [ws, 'env', `TFC_AWS_PROVIDER_AUTH_${tag}`, 'true'],
      [ws, 'env', `TFC_AWS_RUN_ROLE_ARN_${tag}`, arn],
    ];
    const auditRole = `arn:aws:iam::${cfgAccount.audit}:role/AuditDeployer`;
    const mgmtRole = `arn:aws:iam::${cfgAccount.management}:role/BaselineDeployer`;
    expect(vars.sort()).toEqual(
      [
        ...pair('audit', 'audit', auditRole),
        ...pair('log_archive', 'log_archive', `arn:aws:iam::${cfgAccount.logArchive}:role/BaselineDeployer`),
        ...pair('management', 'management', mgmtRole),
        // A regional workspace uses the account tags whatever its region (its aliases are management_<region>, audit_<region>).
        ...pair('security_ap_northeast_1', 'audit', auditRole),
        ...pair('security_ap_northeast_1', 'management', mgmtRole),
        ...pair('security_us_east_1', 'audit', auditRole),
        ...pair('security_us_east_1', 'management', mgmtRole),
      ].sort(),
    );
  });

  test('THEN each regional stack reads its dynamic credentials through the account tags the workspace variables set', () => {
    const files = (json['security-us-east-1'].provider.aws as Array<{ shared_config_files: string[] }>).map((p) => p.shared_config_files[0]).sort();
    expect(files).toEqual(['${var.tfc_aws_dynamic_credentials.aliases["audit"].shared_config_file}', '${var.tfc_aws_dynamic_credentials.aliases["management"].shared_config_file}']);
  });

  test('THEN no workspace shares its state (tfe_outputs needs no sharing) and each reader runs after its sources', () => {
    const ws = json['hcp-workspaces'];
    const ref = (id: string) => id.replace(/^\$\{tfe_workspace\.(\w+)\.id\}$/, '$1');
    const settings = Object.values<any>(ws.resource.tfe_workspace_settings).map((s) => [ref(s.workspace_id), s.global_remote_state, s.remote_state_consumer_ids]);
    expect(settings.sort()).toEqual(['audit', 'log_archive', 'management', 'security_ap_northeast_1', 'security_us_east_1'].map((w) => [w, false, []]));
    const triggers = Object.values<any>(ws.resource.tfe_run_trigger).map((t) => `${ref(t.sourceable_id)} -> ${ref(t.workspace_id)}`);
    expect(triggers.sort()).toEqual(['audit -> management', 'log_archive -> management', 'log_archive -> security_ap_northeast_1', 'log_archive -> security_us_east_1']);
  });

  test('THEN the readers use tfe_outputs (nonsensitive values) with one tfe provider each, never terraform_remote_state', () => {
    for (const s of ['management', 'security-ap-northeast-1', 'security-us-east-1']) {
      expect([s, json[s].data.terraform_remote_state]).toEqual([s, undefined]);
      expect(json[s].provider.tfe).toEqual([{ hostname: 'app.terraform.io' }]);
      expect(json[s].terraform.required_providers.tfe).toEqual({ source: 'hashicorp/tfe', version: '0.71.0' });
    }
    expect(json.management.data.tfe_outputs).toEqual({
      remote_log_archive: { provider: 'tfe', organization: 'acme', workspace: 'baseline-log-archive' },
      remote_audit: { provider: 'tfe', organization: 'acme', workspace: 'baseline-audit' },
    });
    expect(JSON.stringify(json.management.resource.aws_cloudtrail)).toContain('${data.tfe_outputs.remote_log_archive.nonsensitive_values[\\"log_key_arn\\"]}');
    // A stack that reads nothing holds no tfe provider.
    expect(json['log-archive'].provider.tfe).toBeUndefined();
    expect(json['log-archive'].terraform.required_providers.tfe).toBeUndefined();
  });

});

describe.each<[string, Record<string, unknown>]>([
  ['cloud with bootstrap', { backend: CLOUD, accounts: ROLES }],
  ['local backend', {}],
  ['cloud, no GuardDuty or Config (regional stacks read nothing), CIS alarms to a given topic (management reads no audit output)', {
    backend: CLOUD,
    accounts: ROLES,
    guardDuty: { enabled: false },
    awsConfig: { enabled: false },
    cis: { alarmTopicArn: 'arn:aws:sns:ap-northeast-1:333333333333:existing-topic' },
  }],
])('GIVEN %s', (_name, patch) => {
  const { config, stacks, json } = build(patch);
  const deployments = stackDeployments(config, [stacks.logArchive, stacks.audit, stacks.management, ...stacks.regional]);
  const names = stackNames(config.organization.governedRegions);

  test('THEN the deployments name every stack of the configuration, regional ones included', () => {
    expect(Object.keys(deployments.accounts).sort()).toEqual([...names].sort());
    expect(Object.keys(deployments.reads).sort()).toEqual([...names].sort());
    expect(names.filter((n) => n.startsWith('security-'))).toHaveLength(config.organization.governedRegions.length);
  });

  test('THEN deployments.reads is exactly the outputs each stack reads in its synthesized JSON', () => {
    for (const s of names) expect([s, readsInJson(config, json[s])]).toEqual([s, [...deployments.reads[s as StackName]].sort()]);
  });

  test('THEN every stack deploys after each stack it reads (cdktf stack dependencies, transitively)', () => {
    const byName = new Map([stacks.logArchive, stacks.audit, stacks.management, ...stacks.regional].map((s) => [s.node.id, s]));
    const after = (name: string): Set<string> => {
      const seen = new Set<string>();
      const visit = (n: string) => {
        for (const d of byName.get(n)!.dependencies) {
          if (seen.has(d.node.id)) continue;
          seen.add(d.node.id);
          visit(d.node.id);
        }
      };
      visit(name);
      return seen;
    };
    let pairs = 0;
    for (const s of names) {
      for (const p of deployments.reads[s as StackName]) {
        pairs++;
        expect([s, p, after(s).has(p)]).toEqual([s, p, true]);
      }
    }
    expect(pairs).toBeGreaterThan(0);
  });

  test('THEN deployments.accounts is exactly the accounts of the providers each stack holds', () => {
    for (const s of names) expect([s, accountsInJson(config, json[s])]).toEqual([s, [...deployments.accounts[s as StackName]].sort()]);
  });
});

test('GIVEN fewer regional readers THEN the reads shrink with them (the check above can fail)', () => {
  const { config, stacks } = build({ backend: CLOUD, accounts: ROLES, guardDuty: { enabled: false }, awsConfig: { enabled: false }, cis: { alarmTopicArn: 'arn:aws:sns:ap-northeast-1:333333333333:existing-topic' } });
  const { reads } = stackDeployments(config, [stacks.logArchive, stacks.audit, stacks.management, ...stacks.regional]);
  expect(reads).toEqual({ 'log-archive': [], audit: [], management: ['log-archive'], 'security-ap-northeast-1': [], 'security-us-east-1': [] });
});

const SEVENTEEN = [
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-north-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
];

describe('GIVEN 17 governed regions and ordinary names (organization "acme-security-platform", project "Default Project")', () => {
  const backend = { ...CLOUD, organization: 'acme-security-platform', project: 'Default Project' };
  const patch = { backend, accounts: ROLES, organization: { governedRegions: SEVENTEEN } };

  test('THEN with short names the same 17 regions fit the default quota (the size is what counts, not the region count)', () => {
    const { json } = build({ ...patch, backend: CLOUD });
    const policy = onlyResource(json['hcp-bootstrap-management'], 'aws_iam_role').assume_role_policy as string;
    expect(trustPolicySize(policy)).toBeLessThanOrEqual(2048);
  });

  test('THEN the default quota (2,048) refuses the first run role built (management) at synth, naming construct, prop, size and what to do', () => {
    let err: unknown;
    try {
      build(patch);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const v = err as ValidationError;
    expect(v.constructPath).toBe('hcp-bootstrap-management/run_role');
    expect(v.message).toMatch(/^HcpTerraformRunRole "hcp-bootstrap-management\/run_role" has invalid props:/);
    expect(v.problems).toHaveLength(1);
    expect(v.problems[0]).toMatch(/^workspaces: the trust policy of role "BaselineDeployer" is \d{4} characters .* for its 18 workspaces, over trustPolicyLengthQuota 2048, the account's IAM quota "Role trust policy length"/);
    expect(v.problems[0]).toContain('Raise that quota of account');
    expect(v.problems[0]).toContain('set trustPolicyLengthQuota');
  });

  test('THEN with backend.trustPolicyLengthQuota 4096 every run role is built, trusting each of the 18 workspaces by exact name, within the quota', () => {
    const { json } = build({ ...patch, backend: { ...backend, trustPolicyLengthQuota: 4096 } });
    for (const [stack, n] of [['hcp-bootstrap-management', 18], ['hcp-bootstrap-audit', 18], ['hcp-bootstrap-log-archive', 1]] as const) {
      const policy = onlyResource(json[stack], 'aws_iam_role').assume_role_policy as string;
      const sub = statement(parsePolicy(policy), 'AllowHcpTerraformWorkspaceRuns').Condition.StringLike['app.terraform.io:sub'];
      const subs = ([] as string[]).concat(sub);
      expect([stack, subs.length]).toEqual([stack, n]);
      for (const s of subs) expect(s).toMatch(/^organization:acme-security-platform:project:Default Project:workspace:baseline-[a-z0-9-]+:run_phase:\*$/);
      const size = trustPolicySize(policy);
      expect(size).toBeLessThanOrEqual(4096);
      // IAM takes at most 1,000 characters of description; this one grows with the regions too.
      expect((onlyResource(json[stack], 'aws_iam_role').description as string).length).toBeLessThanOrEqual(MAX_ROLE_DESCRIPTION_LENGTH);
      if (n === 18) expect(size).toBeGreaterThan(2048);
    }
    expect(Object.keys(json['hcp-workspaces'].resource.tfe_workspace)).toHaveLength(20);
  });
});

test('GIVEN no bootstrap THEN no bootstrap stack is synthesized', () => {
  // Dynamic credentials still need the log-archive run role named (the bucket and key exempt it).
  const { stacks } = build({ backend: { ...CLOUD, bootstrap: false }, accounts: { logArchive: { roleName: 'BaselineDeployer' } } });
  expect(stacks.hcpBootstrap).toEqual([]);
});

test('the run role description lists its workspaces while they fit IAM\u2019s 1,000 characters, else counts them', () => {
  const ws = (n: number, name: (i: number) => string) => Array.from({ length: n }, (_, i) => ({ organization: 'acme-security-platform', workspace: name(i) }));
  expect(runRoleDescription(ws(2, (i) => `baseline-${i}`))).toBe('HCP Terraform runs of baseline-0, baseline-1');
  // 28 regions under a long prefix: the list alone would be about 1,300 characters.
  const many = ws(29, (i) => `acme-security-baseline-security-region-${String(i).padStart(2, '0')}`);
  expect(`HCP Terraform runs of ${many.map((w) => w.workspace).join(', ')}`.length).toBeGreaterThan(MAX_ROLE_DESCRIPTION_LENGTH);
  expect(runRoleDescription(many)).toBe('HCP Terraform runs of 29 workspaces of acme-security-platform; the trust policy names each');
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
