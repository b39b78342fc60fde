import { TerraformOutput, TerraformStack } from 'cdktf';

/**
 * The stacks' public contract: output names that later stacks and other tools read. Renaming
 * one breaks every reader; add new names instead.
 */
export const LOG_ARCHIVE_OUTPUTS = {
  logBucketName: 'log_bucket_name',
  logBucketArn: 'log_bucket_arn',
  accessLogBucketName: 'access_log_bucket_name',
  logKeyArn: 'log_key_arn',
  logKeyAliasArn: 'log_key_alias_arn',
} as const;

export const AUDIT_OUTPUTS = {
  securityTopicArn: 'security_topic_arn',
  allConfigTopicArn: 'all_config_topic_arn',
  notificationsKeyArn: 'notifications_key_arn',
  auditAdministratorRoleArn: 'audit_administrator_role_arn',
  auditReadOnlyRoleArn: 'audit_read_only_role_arn',
  logQueryWorkgroup: 'log_query_workgroup',
  logQueryReaderRoleArn: 'log_query_reader_role_arn',
  queryResultsBucketName: 'query_results_bucket_name',
} as const;

export const MANAGEMENT_OUTPUTS = {
  trailArn: 'trail_arn',
  trailLogGroupName: 'trail_log_group_name',
  trailLogGroupArn: 'trail_log_group_arn',
  cloudWatchLogsRoleArn: 'cloudwatch_logs_role_arn',
} as const;

/**
 * Declares a named output whose Terraform name is exactly `name`. Never sensitive: the readers
 * on HCP Terraform take it from `tfe_outputs`' `nonsensitive_values`, which leaves sensitive
 * outputs out.
 */
export function publishOutput(stack: TerraformStack, name: string, value: string, description: string): TerraformOutput {
  const out = new TerraformOutput(stack, name, { value, description });
  out.overrideLogicalId(name);
  return out;
}

/**
 * The outputs of one earlier stack, as a reading stack sees them, whatever the backend:
 * `terraform_remote_state` for `local` and `s3`, `tfe_outputs` for `cloud` (stacks/backend.ts
 * `outputsOf`). cdktf's `TerraformRemoteState` satisfies it.
 */
export interface StackOutputs {
  /** The named output, as a string token resolved at plan time. */
  getString(name: string): string;
}

/** Reads a named string output of an earlier stack. */
export function readOutput(outputs: StackOutputs, name: string): string {
  return outputs.getString(name);
}
