/** Named action lists of the config-recording capability. */

/** What the recorder role needs of the log bucket: the ACL check and writes under its account's prefix. */
export const RECORDER_BUCKET_CHECK_ACTIONS = ['s3:GetBucketAcl'] as const;
export const RECORDER_BUCKET_WRITE_ACTIONS = ['s3:PutObject'] as const;
/** What the recorder role needs of the log key to write SSE-KMS objects (multipart uploads decrypt). */
export const RECORDER_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;
/** What the recorder role needs of its region's `AllConfigNotifications` topic. */
export const RECORDER_TOPIC_ACTIONS = ['sns:Publish'] as const;

/**
 * The AWS managed policy for a customer-managed AWS Config recorder role: read access to the
 * supported resource types.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/security-iam-awsmanpol.html#security-iam-awsmanpol-AWS_ConfigRole
 */
export const CONFIG_ROLE_MANAGED_POLICY = 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole';

export const CONFIG_SERVICE_PRINCIPAL = 'config.amazonaws.com';
