import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { kmsAliasArn, lazyPolicy, PolicyDocument, PolicyStatement, ProviderRef, throwIfInvalid } from '../iam';
import { keyAccountAdminStatement } from './policies';

export interface LogKeyProps {
  /** Provider of the account and region the key lives in. */
  readonly provider: ProviderRef;
  /** Account that owns the key; only its root gets `kms:*` (delegating to its IAM policies). */
  readonly accountId: string;
  /** Region of the key (for the alias ARN). */
  readonly region: string;
  /** Alias, with or without the `alias/` prefix. */
  readonly alias: string;
  /** The key's description. @default "Encrypts the organization's security logs" */
  readonly description?: string;
  /** Waiting period before deletion completes. @default 30 */
  readonly deletionWindowInDays?: number;
  /** `prevent_destroy` on the key. @default true */
  readonly preventDestroy?: boolean;
  /** `Id` of the key policy document. @default "log-key-policy" */
  readonly policyId?: string;
}

/**
 * A symmetric KMS key for logs with automatic rotation, a 30-day deletion window and exactly one
 * key policy, to which grants add statements.
 */
export class LogKey extends Construct {
  /** The key resource. */
  readonly key: KmsKey;
  /** The key's ARN (generated: known after apply). */
  readonly keyArn: string;
  /** The alias ARN (known at plan time). */
  readonly aliasArn: string;
  /** The statements of the key policy. */
  readonly policyDocument: PolicyDocument;

  constructor(scope: Construct, id: string, props: LogKeyProps) {
    super(scope, id);
    const window = props.deletionWindowInDays ?? 30;
    throwIfInvalid('LogKey', this, !Number.isInteger(window) || window < 7 || window > 30 ? [`deletionWindowInDays must be 7-30 (got ${window})`] : []);
    this.policyDocument = new PolicyDocument(props.policyId ?? 'log-key-policy', [keyAccountAdminStatement(props.accountId)]);
    this.key = new KmsKey(this, 'key', {
      provider: props.provider,
      description: props.description ?? "Encrypts the organization's security logs",
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: lazyPolicy(this.policyDocument),
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const alias = props.alias.startsWith('alias/') ? props.alias : `alias/${props.alias}`;
    new KmsAlias(this, 'alias', { provider: props.provider, name: alias, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
    this.aliasArn = kmsAliasArn(props.region, props.accountId, alias);
  }

  /** Adds statements to the key's one policy. */
  addToResourcePolicy(...statements: PolicyStatement[]): void {
    this.policyDocument.addStatements(...statements);
  }
}
