/**
 * Named action lists of the log-query capability, so the reader's policy and the tests speak of
 * the same sets.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonathena.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsglue.html
 */

/** Running, watching and stopping queries, and reading the saved (named) queries of the workgroup. */
export const ATHENA_QUERY_ACTIONS = [
  'athena:StartQueryExecution',
  'athena:StopQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:GetQueryResultsStream',
  'athena:ListQueryExecutions',
  'athena:BatchGetQueryExecution',
  'athena:GetWorkGroup',
  'athena:ListNamedQueries',
  'athena:GetNamedQuery',
  'athena:BatchGetNamedQuery',
] as const;

/** Browsing the data catalog in the Athena console (databases and table metadata). */
export const ATHENA_CATALOG_ACTIONS = [
  'athena:GetDataCatalog',
  'athena:ListDatabases',
  'athena:GetDatabase',
  'athena:ListTableMetadata',
  'athena:GetTableMetadata',
] as const;

/** Reading the table definition: never creating, changing or deleting it. */
export const GLUE_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
] as const;

/** What Athena does in the results location with the caller's credentials. */
export const RESULTS_BUCKET_ACTIONS = ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'] as const;
export const RESULTS_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] as const;

/** Reading one result object (what the bucket policy reserves for the reader). */
export const RESULTS_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'] as const;

/** Reading the trail's log files (what the log archive's read grant allows the audit account). */
export const TRAIL_LOG_READ_ACTIONS = ['s3:GetObject'] as const;
export const TRAIL_LOG_LIST_ACTIONS = ['s3:ListBucket'] as const;

/** Decrypting what S3 hands back (trail logs, query results). */
export const KEY_DECRYPT_ACTIONS = ['kms:Decrypt'] as const;
/** Encrypting new query results through S3. */
export const RESULTS_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;
