/** Named action lists of the GuardDuty capability. */

/**
 * What GuardDuty needs of the destination bucket to export findings.
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html#guardduty_exportfindings-s3-policies
 */
export const EXPORT_BUCKET_ACTIONS = ['s3:GetBucketLocation'] as const;
/** Writing exported findings. */
export const EXPORT_OBJECT_ACTIONS = ['s3:PutObject'] as const;
/**
 * What GuardDuty needs of the KMS key to encrypt exported findings.
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html#guardduty-exporting-findings-kms-policy
 */
export const EXPORT_KEY_ACTIONS = ['kms:GenerateDataKey'] as const;
