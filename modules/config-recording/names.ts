import { roleArn } from '../iam';

/**
 * The one home of the recorder role name: `<prefix>-config-recorder-<region>`. One role per
 * region, because the recorders are regional and each region's stack (and StackSet instance)
 * must be able to create its own role without waiting for another region's.
 */
export function recorderRoleName(prefix: string, region: string): string {
  return `${prefix}-config-recorder-${region}`;
}

/** Every recorder role name of the baseline (any region), as an IAM name pattern. */
export function recorderRoleNamePattern(prefix: string): string {
  return `${prefix}-config-recorder-*`;
}

/** Every recorder role of the baseline, in any account and region, as an ARN pattern. */
export function recorderRoleArnPattern(prefix: string): string {
  return roleArn('*', recorderRoleNamePattern(prefix));
}

/** The recorder and delivery channel name in every account and region. */
export function recorderName(prefix: string): string {
  return `${prefix}-recorder`;
}

/** The recording StackSet of one region (StackSet names are per region; the region in the name keeps them apart in listings). */
export function recordingStackSetName(prefix: string, region: string): string {
  return `${prefix}-config-recording-${region}`;
}
