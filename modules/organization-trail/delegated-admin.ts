import { CloudtrailOrganizationDelegatedAdminAccount } from '@cdktf/provider-aws/lib/cloudtrail-organization-delegated-admin-account';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ProviderRef } from '../iam';

export interface CloudTrailDelegatedAdminProps {
  /** Provider of the management account. */
  readonly provider: ProviderRef;
  /** Member account to register (the log-archive account, seed 001). */
  readonly accountId: string;
  /** Must exist first: CloudTrail refuses registration until trusted access is on. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Registers a member account as CloudTrail delegated administrator through CloudTrail's own API,
 * which also registers it with AWS Organizations.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
 */
export class CloudTrailDelegatedAdmin extends Construct {
  readonly registration: CloudtrailOrganizationDelegatedAdminAccount;

  constructor(scope: Construct, id: string, props: CloudTrailDelegatedAdminProps) {
    super(scope, id);
    this.registration = new CloudtrailOrganizationDelegatedAdminAccount(this, 'registration', {
      provider: props.provider,
      accountId: props.accountId,
      dependsOn: props.dependsOn?.length ? [...props.dependsOn] : undefined,
    });
  }
}
