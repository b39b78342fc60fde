import { renderTrustPolicy, toPolicyJson } from '../iam';
import { CloudFormationTemplate, subPseudoParameters, TemplateValue } from '../stack-sets';
import { recorderName, recorderRoleName } from './names';
import { CONFIG_ROLE_MANAGED_POLICY } from './perms';
import { recorderRoleStatements, recorderTrustStatements } from './policies';

/** What AWS Config records and where it delivers, in one region of one account. */
export interface RecordingSettings {
  /** Names: `<prefix>-config-recorder-<region>` (role), `<prefix>-recorder` (recorder and channel). */
  readonly namePrefix: string;
  /** The region recorded. */
  readonly region: string;
  /**
   * Whether this region records the global resource types (IAM users, groups, roles, policies):
   * only the home region does, so each global item is recorded once, not once per region.
   * @see https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html#select-resources-all
   */
  readonly recordGlobalResources: boolean;
  /** Name of the central log bucket the delivery channel writes to. */
  readonly bucketName: string;
  /** S3 key prefix AWS Config delivers under (`logArchive.configKeyPrefix`). */
  readonly keyPrefix: string;
  /** The log key's ARN, for SSE-KMS delivery (`s3_kms_key_arn`). */
  readonly kmsKeyArn: string;
  /** ARN pattern the recorder role may use the log key by (known at plan time). */
  readonly kmsKeyArnPattern: string;
  /** `AllConfigNotifications` of the same region (Config publishes only within its region). */
  readonly topicArn: string;
  /**
   * How often AWS Config delivers configuration snapshots, e.g. `TwentyFour_Hours`.
   * @see https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigSnapshotDeliveryProperties.html
   */
  readonly snapshotDeliveryFrequency: string;
}

/** The account of the stack a template lands in. */
const STACK_ACCOUNT = '${AWS::AccountId}';

/**
 * The StackSet template that turns AWS Config on in one region of every member account: the
 * region's recorder role, a recorder of all supported resource types (global types only in the
 * home region), and a delivery channel to the central log bucket with the log key and the
 * region's `AllConfigNotifications` topic. CloudFormation starts the recorder as soon as the
 * delivery channel exists.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-config-configurationrecorder.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-config-deliverychannel.html
 */
export function configRecordingTemplate(s: RecordingSettings): CloudFormationTemplate {
  const trust = JSON.parse(renderTrustPolicy(recorderTrustStatements(STACK_ACCOUNT))) as TemplateValue;
  const permissions = toPolicyJson(
    recorderRoleStatements({ accountId: STACK_ACCOUNT, bucketName: s.bucketName, keyPrefix: s.keyPrefix, keyArn: s.kmsKeyArnPattern, topicArn: s.topicArn }),
  );
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `AWS Config recording in ${s.region} (cdktf-org-security-baseline)`,
    Resources: {
      RecorderRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: recorderRoleName(s.namePrefix, s.region),
          Description: `AWS Config recorder of ${s.region}`,
          AssumeRolePolicyDocument: subPseudoParameters(trust),
          ManagedPolicyArns: [CONFIG_ROLE_MANAGED_POLICY],
          Policies: [{ PolicyName: 'delivery', PolicyDocument: subPseudoParameters(permissions) }],
        },
      },
      Recorder: {
        Type: 'AWS::Config::ConfigurationRecorder',
        Properties: {
          Name: recorderName(s.namePrefix),
          RoleARN: { 'Fn::GetAtt': ['RecorderRole', 'Arn'] },
          RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: s.recordGlobalResources },
        },
      },
      DeliveryChannel: {
        Type: 'AWS::Config::DeliveryChannel',
        DependsOn: ['Recorder'],
        Properties: {
          Name: recorderName(s.namePrefix),
          S3BucketName: s.bucketName,
          S3KeyPrefix: s.keyPrefix,
          S3KmsKeyArn: s.kmsKeyArn,
          SnsTopicARN: s.topicArn,
          ConfigSnapshotDeliveryProperties: { DeliveryFrequency: s.snapshotDeliveryFrequency },
        },
      },
    },
  };
}
