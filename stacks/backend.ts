import {
  CloudBackend,
  DataTerraformRemoteState,
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TerraformRemoteState,
  TerraformStack,
} from 'cdktf';
import { Construct } from 'constructs';
import type { BackendConfig } from '../config/schema';

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

/**
 * A `terraform_remote_state` data source that reads the outputs of an earlier stack from the
 * same backend. On HCP Terraform the producing workspace must share its state with the reader.
 */
export function remoteStateOf(scope: Construct, producer: StackName, backend: BackendConfig): TerraformRemoteState {
  const id = `remote_${producer.replace(/-/g, '_')}`;
  switch (backend.type) {
    case 'local':
      return new DataTerraformRemoteStateLocal(scope, id, { path: localStatePath(producer) });
    case 's3':
      return new DataTerraformRemoteStateS3(scope, id, s3Settings(backend, producer));
    case 'cloud':
      return new DataTerraformRemoteState(scope, id, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: { name: workspaceName(backend.workspacePrefix, producer) },
      });
  }
}
