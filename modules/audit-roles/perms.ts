/** Named action lists of the audit-roles capability. */

/** AWS managed policies the roles carry. */
export const READ_ONLY_ACCESS = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

/**
 * Reads of secrets and stored data that `ReadOnlyAccess` allows and a read-only auditor must not
 * have: object contents, secret values, parameters, decryption, table items and queue or stream
 * records. Configuration (Describe / List / Get of settings) stays readable.
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ReadOnlyAccess.html
 */
export const DATA_READ_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:GetObjectTorrent',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'ssm:GetParameterHistory',
  'kms:Decrypt',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'sqs:ReceiveMessage',
  'kinesis:GetRecords',
] as const;

export const ASSUME_ROLE_ACTIONS = ['sts:AssumeRole'] as const;
/** Session tags and source identity pass through role chaining from IAM Identity Center sessions. */
export const TRUST_ACTIONS = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] as const;
