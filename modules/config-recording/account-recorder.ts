import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { PolicyStatement, ProviderRef, renderPolicy, renderTrustPolicy } from '../iam';
import { recorderName, recorderRoleName } from './names';
import { CONFIG_ROLE_MANAGED_POLICY } from './perms';
import { recorderRoleStatements, recorderTrustStatements } from './policies';
import type { RecordingSettings } from './template';

export interface AccountConfigRecorderProps extends RecordingSettings {
  /** Provider of the recorded account in `region`. */
  readonly provider: ProviderRef;
  /** The recorded account (the management account: service-managed StackSets never reach it). */
  readonly accountId: string;
  /** Must exist before the delivery channel (bucket, key and topic policies). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * AWS Config in one region of one account, as Terraform resources: the same role, recorder and
 * delivery channel the member StackSet template creates, plus the recorder status that turns
 * recording on (CloudFormation starts its recorders implicitly; Terraform needs the resource).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html
 */
export class AccountConfigRecorder extends Construct {
  readonly role: IamRole;
  readonly recorder: ConfigConfigurationRecorder;
  readonly deliveryChannel: ConfigDeliveryChannel;
  readonly status: ConfigConfigurationRecorderStatus;
  readonly trustStatements: readonly PolicyStatement[];
  readonly roleStatements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: AccountConfigRecorderProps) {
    super(scope, id);
    const p = props.provider;
    this.trustStatements = recorderTrustStatements(props.accountId);
    this.roleStatements = recorderRoleStatements({
      accountId: props.accountId,
      bucketName: props.bucketName,
      keyPrefix: props.keyPrefix,
      keyArn: props.kmsKeyArnPattern,
      topicArn: props.topicArn,
    });
    this.role = new IamRole(this, 'role', {
      provider: p,
      name: recorderRoleName(props.namePrefix, props.region),
      description: `AWS Config recorder of ${props.region}`,
      assumeRolePolicy: renderTrustPolicy(this.trustStatements),
    });
    new IamRolePolicyAttachment(this, 'managed_policy', { provider: p, role: this.role.name, policyArn: CONFIG_ROLE_MANAGED_POLICY });
    const delivery = new IamRolePolicy(this, 'delivery', { provider: p, role: this.role.id, name: 'delivery', policy: renderPolicy(this.roleStatements) });

    this.recorder = new ConfigConfigurationRecorder(this, 'recorder', {
      provider: p,
      name: recorderName(props.namePrefix),
      roleArn: this.role.arn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.recordGlobalResources },
    });
    this.deliveryChannel = new ConfigDeliveryChannel(this, 'delivery_channel', {
      provider: p,
      name: recorderName(props.namePrefix),
      s3BucketName: props.bucketName,
      s3KeyPrefix: props.keyPrefix,
      s3KmsKeyArn: props.kmsKeyArn,
      snsTopicArn: props.topicArn,
      snapshotDeliveryProperties: { deliveryFrequency: props.snapshotDeliveryFrequency },
      // Config tests delivery when the channel is created: the role's permissions and the
      // resource policies must already admit it.
      dependsOn: [this.recorder, delivery, ...(props.dependsOn ?? [])],
    });
    this.status = new ConfigConfigurationRecorderStatus(this, 'status', {
      provider: p,
      name: this.recorder.name,
      isEnabled: true,
      dependsOn: [this.deliveryChannel],
    });
  }
}
