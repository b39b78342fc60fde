import {
  CloudBackend,
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TerraformStack,
} from 'cdktf';
import { Construct } from 'constructs';
import type { BackendConfig } from '../config/schema';
import { requireTfeProvider } from './optional-peer';
import type { StackOutputs } from './outputs';

/**
 * The account stacks in deploy order; each may read the outputs of those before it. The
 * regional stacks ({@link regionalStackName}) deploy after all three.
 */
export const STACK_NAMES = ['log-archive', 'audit', 'management'] as const;
/** One of the three account stacks. */
export type AccountStackName = (typeof STACK_NAMES)[number];
/** A regional stack: `security-<region>`, one per governed region. */
export type RegionalStackName = `security-${string}`;
/** Any stack of the baseline. */
export type StackName = AccountStackName | RegionalStackName;

/**
 * The one home of the regional stack name: `security-<region>`. Each governed region gets its
 * own stack (and its own state or HCP Terraform workspace), so no stack's provider count grows
 * with the number of regions.
 */
export function regionalStackName(region: string): RegionalStackName {
  return `security-${region}`;
}

/** Every stack of a configuration, in deploy order: the account stacks, then one per governed region. */
export function stackNames(governedRegions: readonly string[]): StackName[] {
  return [...STACK_NAMES, ...governedRegions.map(regionalStackName)];
}

/**
 * Where local state lives, relative to the stack's working directory
 * (`cdktf.out/stacks/<stack>`): `state/` at the project root, outside the build output, so
 * deleting `cdktf.out` never deletes state. Relative, so synthesized JSON has no machine path.
 */
export function localStatePath(stack: string): string {
  return `../../../state/${stack}.tfstate`;
}

/** The HCP Terraform workspace of a stack. */
export function workspaceName(prefix: string, stack: StackName): string {
  return `${prefix}-${stack}`;
}

/**
 * The HCP Terraform team whose token the reading workspaces use as `TFE_TOKEN`
 * (`backend.readerTeamToken`): `<prefix>-output-readers`. Team names may hold letters, digits,
 * `_` and `-`, as `workspacePrefix` does.
 * @see https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/teams/manage
 */
export function readerTeamName(prefix: string): string {
  return `${prefix}-output-readers`;
}

function s3Settings(b: Extract<BackendConfig, { type: 's3' }>, stack: StackName) {
  return {
    bucket: b.bucket,
    key: `${b.keyPrefix}/${stack}.tfstate`,
    region: b.region,
    encrypt: b.encrypt,
    kmsKeyId: b.kmsKeyId,
    dynamodbTable: b.dynamodbTable,
    assumeRole: b.roleArn ? { roleArn: b.roleArn } : undefined,
  };
}

/** Configures the stack's backend from config. */
export function configureBackend(stack: TerraformStack, name: StackName, backend: BackendConfig): void {
  switch (backend.type) {
    case 'local':
      new LocalBackend(stack, { path: localStatePath(name) });
      return;
    case 's3': {
      const s3 = new S3Backend(stack, s3Settings(backend, name));
      // Native S3 locking (Terraform >= 1.10); cdktf 0.21 has no typed field for it yet.
      if (backend.useLockfile) s3.addOverride('use_lockfile', true);
      return;
    }
    case 'cloud':
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(workspaceName(backend.workspacePrefix, name)),
      });
      return;
  }
}

const readers = new WeakMap<TerraformStack, Map<StackName, StackOutputs>>();

/**
 * The outputs of an earlier stack, read the way the backend allows, one data source per
 * (reading stack, producer): `terraform_remote_state` for `local` and `s3`; for `cloud`, a
 * `tfe_outputs` data source and the reading stack's `tfe` provider, which need only permission
 * to read the producing workspace's outputs, not its whole state.
 * The `tfe` classes are loaded on the cloud path only: `@cdktf/provider-tfe` is an optional
 * peer dependency, and a stack with another backend never needs it.
 * @see https://developer.hashicorp.com/terraform/language/state/remote-state-data
 */
export function outputsOf(scope: Construct, producer: StackName, backend: BackendConfig): StackOutputs {
  const stack = TerraformStack.of(scope);
  let perStack = readers.get(stack);
  if (!perStack) {
    perStack = new Map();
    readers.set(stack, perStack);
  }
  const existing = perStack.get(producer);
  if (existing) return existing;
  const id = `remote_${producer.replace(/-/g, '_')}`;
  let outputs: StackOutputs;
  switch (backend.type) {
    case 'local':
      outputs = new DataTerraformRemoteStateLocal(scope, id, { path: localStatePath(producer) });
      break;
    case 's3':
      outputs = new DataTerraformRemoteStateS3(scope, id, s3Settings(backend, producer));
      break;
    case 'cloud': {
      const { tfeOutputsOf } = requireTfeProvider(
        () => require('./tfe-outputs') as typeof import('./tfe-outputs'),
        `${stack.node.id}: reading the outputs of "${producer}" with backend.type "cloud" (tfe_outputs)`,
      );
      outputs = tfeOutputsOf(scope, id, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspace: workspaceName(backend.workspacePrefix, producer),
      });
      break;
    }
  }
  perStack.set(producer, outputs);
  return outputs;
}

/** The earlier stacks a stack reads through {@link outputsOf}, in the order it first read them. */
export function producersReadBy(stack: TerraformStack): StackName[] {
  return [...(readers.get(stack)?.keys() ?? [])];
}
