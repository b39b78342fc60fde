import { DataTfeProject } from '@cdktf/provider-tfe/lib/data-tfe-project';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { RunTrigger } from '@cdktf/provider-tfe/lib/run-trigger';
import { Team } from '@cdktf/provider-tfe/lib/team';
import { TeamAccess, TeamAccessPermissions } from '@cdktf/provider-tfe/lib/team-access';
import { TeamToken } from '@cdktf/provider-tfe/lib/team-token';
import { Variable } from '@cdktf/provider-tfe/lib/variable';
import { Workspace } from '@cdktf/provider-tfe/lib/workspace';
import { WorkspaceSettings } from '@cdktf/provider-tfe/lib/workspace-settings';
import { LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BaselineConfig } from '../config/schema';
import { localStatePath, readerTeamName, StackName, stackNames, workspaceName } from './backend';
import { runRoleArnOf, StackDeployments } from './hcp-bootstrap-stack';
import { PROVIDER_ALIASES } from './providers';

/** Name of the stack that creates the HCP Terraform workspaces. */
export const HCP_WORKSPACES_STACK = 'hcp-workspaces';

/**
 * The HCP Terraform side of the bootstrap, with the `tfe` provider: one CLI-driven workspace per
 * stack of the configuration (`<workspacePrefix>-<stack>`, in the configured project: the three
 * account stacks and one `security-<region>` per governed region), run triggers from each stack to
 * the stacks that read it, and the dynamic credentials variables (`TFC_AWS_PROVIDER_AUTH_<alias>`,
 * `TFC_AWS_RUN_ROLE_ARN_<alias>`) for every account the stack deploys to, with the run role ARNs
 * the `hcp-bootstrap-*` stacks create. No workspace shares its state: the readers use
 * `tfe_outputs`, to which remote state sharing does not apply (their `TFE_TOKEN` must be allowed
 * to read the producers' outputs instead; docs/terraform-cloud.md). With
 * `backend.readerTeamToken`, it also creates that token: see {@link ReaderTeamToken}.
 * Applied locally with an HCP Terraform token (`TFE_TOKEN` or `terraform login`); state under
 * `state/`. Not validated by terraform in the test suite: the `tfe` provider is not in the
 * offline mirror (test/stacks/tfe-schema.test.ts checks its attributes against the bindings).
 * @see https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/state#remote-state-access-controls
 */
export class HcpWorkspacesStack extends TerraformStack {
  /** The workspaces, by stack. */
  readonly workspaces: Readonly<Record<StackName, Workspace>>;
  /** The readers' team, its accesses and token, when `backend.readerTeamToken` is on and some stack reads another. */
  readonly readerTeamToken?: ReaderTeamToken;

  constructor(scope: Construct, props: { readonly config: BaselineConfig; readonly deployments: StackDeployments }) {
    super(scope, HCP_WORKSPACES_STACK);
    const cfg = props.config;
    const backend = cfg.backend;
    if (backend.type !== 'cloud') throw new Error(`${HCP_WORKSPACES_STACK}: needs backend.type "cloud"`);
    new LocalBackend(this, { path: localStatePath(HCP_WORKSPACES_STACK) });
    const provider = new TfeProvider(this, 'tfe', { hostname: backend.hostname, organization: backend.organization });
    const project = new DataTfeProject(this, 'project', { provider, name: backend.project, organization: backend.organization });

    const { accounts, reads } = props.deployments;
    const stacks = stackNames(cfg.organization.governedRegions);
    const workspaces = {} as Record<StackName, Workspace>;
    for (const stack of stacks) {
      const id = stack.replace(/-/g, '_');
      const ws = new Workspace(this, id, {
        provider,
        name: workspaceName(backend.workspacePrefix, stack),
        organization: backend.organization,
        projectId: project.id,
        description: `cdktf-org-security-baseline: the ${stack} stack (CLI-driven: cdktf deploy ${stack})`,
      });
      workspaces[stack] = ws;
      for (const role of accounts[stack]) {
        const alias = PROVIDER_ALIASES[role];
        const env = (key: string, value: string) =>
          new Variable(this, `${id}_${key.toLowerCase()}`, { provider, workspaceId: ws.id, category: 'env', key, value });
        env(`TFC_AWS_PROVIDER_AUTH_${alias}`, 'true');
        env(`TFC_AWS_RUN_ROLE_ARN_${alias}`, runRoleArnOf(cfg, role));
      }
    }
    for (const stack of stacks) {
      // Global sharing off and no consumers: tfe_outputs does not need state sharing, and
      // nothing else should read a baseline state.
      new WorkspaceSettings(this, `${stack.replace(/-/g, '_')}_settings`, {
        provider,
        workspaceId: workspaces[stack].id,
        globalRemoteState: false,
        remoteStateConsumerIds: [],
      });
      for (const source of reads[stack]) {
        new RunTrigger(this, `${stack.replace(/-/g, '_')}_after_${source.replace(/-/g, '_')}`, {
          provider,
          workspaceId: workspaces[stack].id,
          sourceableId: workspaces[source].id,
        });
      }
    }
    this.workspaces = workspaces;
    if (backend.readerTeamToken && stacks.some((s) => reads[s].length > 0)) {
      this.readerTeamToken = new ReaderTeamToken(this, 'output_readers', {
        provider,
        organization: backend.organization,
        teamName: readerTeamName(backend.workspacePrefix),
        workspaces,
        reads,
        expiredAt: backend.readerTeamTokenExpiresAt,
      });
    }
  }
}

/**
 * Custom workspace access that may read state outputs and nothing more: `runs` cannot go below
 * `read` (its values are read, plan, apply); every other permission takes its most restrictive
 * value. `tfe_outputs` reads the workspace with its outputs included, then each sensitive output
 * (the baseline publishes none), both of which `read-outputs` allows.
 * @see https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/resources/team_access
 * @see https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/permissions/workspace
 * @see https://developer.hashicorp.com/terraform/cloud-docs/api-docs/state-version-outputs
 */
export const READ_OUTPUTS_ONLY: TeamAccessPermissions = {
  runs: 'read',
  variables: 'none',
  stateVersions: 'read-outputs',
  sentinelMocks: 'none',
  workspaceLocking: false,
  runTasks: false,
};

/** What {@link ReaderTeamToken} needs: the workspaces and which stacks read which. */
export interface ReaderTeamTokenProps {
  /** The `tfe` provider of the stack. */
  readonly provider: TfeProvider;
  /** The HCP Terraform organization of the team. */
  readonly organization: string;
  /** The team's name (`readerTeamName(workspacePrefix)`). */
  readonly teamName: string;
  /** The workspace of every stack. */
  readonly workspaces: Readonly<Record<StackName, Workspace>>;
  /** The stacks each stack reads (`StackDeployments.reads`): readers get `TFE_TOKEN`, the stacks they read the team's access. */
  readonly reads: Readonly<Record<StackName, readonly StackName[]>>;
  /** When the token expires, RFC 3339 in UTC (`tfe_team_token.expired_at`). @default - none (`backend.readerTeamTokenExpiresAt`) */
  readonly expiredAt?: string;
}

/**
 * The `TFE_TOKEN` of the workspaces that read others' outputs (`backend.readerTeamToken`): one
 * team without organization permissions, its custom access {@link READ_OUTPUTS_ONLY} to each
 * workspace some stack reads (from the stacks' reads, so it cannot drift from them), one token of
 * that team, and a sensitive environment variable `TFE_TOKEN` with that token on each reading
 * workspace: inside a run the `tfe` provider does not use the run's own token.
 * The token is in this stack's local state (tfe_team_token.token is sensitive, not secret).
 * Teams need HCP Terraform Essentials, Plus or Premium (the Free edition has only the owners team).
 * @see https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/teams
 * @see https://developer.hashicorp.com/terraform/cloud-docs/api-docs/team-tokens
 * @see https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs#authentication
 * @see https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/resources/team_token
 */
export class ReaderTeamToken extends Construct {
  readonly team: Team;
  /** The team's access, by producing stack. */
  readonly access: Readonly<Partial<Record<StackName, TeamAccess>>>;
  readonly token: TeamToken;
  /** The `TFE_TOKEN` variable, by reading stack. */
  readonly variables: Readonly<Partial<Record<StackName, Variable>>>;

  constructor(scope: Construct, id: string, props: ReaderTeamTokenProps) {
    super(scope, id);
    const { provider, workspaces, reads } = props;
    const stacks = Object.keys(workspaces) as StackName[];
    const readers = stacks.filter((s) => reads[s].length > 0);
    const producers = stacks.filter((p) => readers.some((r) => reads[r].includes(p)));
    const ident = (stack: StackName) => stack.replace(/-/g, '_');

    this.team = new Team(this, 'team', {
      provider,
      name: props.teamName,
      organization: props.organization,
      visibility: 'secret',
      // No organization permission; members (there are none) may not manage its tokens.
      organizationAccess: {
        readWorkspaces: false,
        readProjects: false,
        managePolicies: false,
        managePolicyOverrides: false,
        manageWorkspaces: false,
        manageVcsSettings: false,
        manageProviders: false,
        manageModules: false,
        manageRunTasks: false,
        manageProjects: false,
        manageMembership: false,
        manageTeams: false,
        manageOrganizationAccess: false,
        accessSecretTeams: false,
        manageAgentPools: false,
      },
      allowMemberTokenManagement: false,
    });
    const access: Partial<Record<StackName, TeamAccess>> = {};
    for (const p of producers) {
      access[p] = new TeamAccess(this, `${ident(p)}_access`, {
        provider,
        teamId: this.team.id,
        workspaceId: workspaces[p].id,
        permissions: [READ_OUTPUTS_ONLY],
      });
    }
    this.access = access;
    // With a description the provider uses the team tokens API (several tokens per team) instead
    // of the legacy single token, which a new one silently replaces.
    this.token = new TeamToken(this, 'token', {
      provider,
      teamId: this.team.id,
      description: 'TFE_TOKEN of the workspaces that read other workspaces\' outputs (cdktf-org-security-baseline hcp-workspaces)',
      expiredAt: props.expiredAt,
    });
    const variables: Partial<Record<StackName, Variable>> = {};
    for (const r of readers) {
      variables[r] = new Variable(this, `${ident(r)}_tfe_token`, {
        provider,
        workspaceId: workspaces[r].id,
        category: 'env',
        key: 'TFE_TOKEN',
        value: this.token.token,
        sensitive: true,
        description: `Token of team ${props.teamName}: reads the outputs of ${reads[r].join(', ')} (tfe_outputs)`,
      });
    }
    this.variables = variables;
  }
}
