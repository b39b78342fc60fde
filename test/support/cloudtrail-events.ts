/**
 * Sample CloudTrail records, shaped as CloudTrail writes them to CloudWatch Logs (one JSON object
 * per log event), for testing metric filter patterns. Field names and value shapes follow the
 * CloudTrail record contents reference:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 *
 * Successful calls carry no errorCode/errorMessage keys at all (CloudTrail omits them), failed
 * calls carry both and a null responseElements. Account IDs and ARNs are the AWS documentation
 * examples.
 */

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

export type EventType = 'AwsApiCall' | 'AwsServiceEvent' | 'AwsConsoleAction' | 'AwsConsoleSignIn';

export interface UserIdentity {
  readonly type: 'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser' | 'AWSAccount' | 'AWSService' | 'IdentityCenterUser';
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
  readonly invokedBy?: string;
  readonly sessionContext?: Record<string, unknown>;
}

/** One CloudTrail record. Optional keys are the ones CloudTrail leaves out when they do not apply. */
export interface CloudTrailRecord {
  readonly eventVersion: string;
  readonly userIdentity: UserIdentity;
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion: string;
  readonly sourceIPAddress: string;
  readonly userAgent: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestParameters: Record<string, unknown> | null;
  readonly responseElements: Record<string, unknown> | null;
  readonly additionalEventData?: Record<string, unknown>;
  readonly requestID?: string;
  readonly eventID: string;
  readonly readOnly?: boolean;
  readonly eventType: EventType;
  readonly managementEvent: boolean;
  readonly recipientAccountId: string;
  readonly eventCategory: 'Management';
}

let sequence = 0;
/** Deterministic, UUID-shaped IDs so snapshots and failure messages are stable. */
const nextId = () => `a1b2c3d4-5678-4abc-8def-${(++sequence).toString(16).padStart(12, '0')}`;

// -- identities --------------------------------------------------------------------------------

export function iamUser(userName = 'alice'): UserIdentity {
  return {
    type: 'IAMUser',
    principalId: 'AIDACKCEVSQ6C2EXAMPLE',
    arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`,
    accountId: ACCOUNT,
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    userName,
  };
}

export function assumedRole(roleName = 'AWSReservedSSO_AdministratorAccess_0123456789abcdef', session = 'alice@example.com'): UserIdentity {
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEROLEID1234:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${session}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEROLEID1234',
        arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
        accountId: ACCOUNT,
        userName: roleName,
      },
      attributes: { creationDate: '2024-05-01T08:55:00Z', mfaAuthenticated: 'false' },
    },
  };
}

/** The root user; `invokedBy` is set when an AWS service acted with the root user's identity. */
export function root(invokedBy?: string): UserIdentity {
  return {
    type: 'Root',
    principalId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    accountId: ACCOUNT,
    accessKeyId: invokedBy ? '' : 'ASIAROOTEXAMPLE12345',
    ...(invokedBy ? { invokedBy } : {}),
  };
}

export function awsService(invokedBy: string): UserIdentity {
  return { type: 'AWSService', invokedBy };
}

// -- records -----------------------------------------------------------------------------------

export interface ApiCallOptions {
  readonly eventSource: string;
  readonly eventName: string;
  readonly userIdentity?: UserIdentity;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestParameters?: Record<string, unknown> | null;
  readonly responseElements?: Record<string, unknown> | null;
  readonly additionalEventData?: Record<string, unknown>;
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  readonly eventType?: EventType;
  readonly readOnly?: boolean;
}

/** An API call record; pass errorCode/errorMessage for a failed call. */
export function apiCall(o: ApiCallOptions): CloudTrailRecord {
  const failed = o.errorCode !== undefined;
  return {
    eventVersion: '1.09',
    userIdentity: o.userIdentity ?? iamUser(),
    eventTime: '2024-05-01T09:00:00Z',
    eventSource: o.eventSource,
    eventName: o.eventName,
    awsRegion: REGION,
    sourceIPAddress: o.sourceIPAddress ?? '198.51.100.10',
    userAgent: o.userAgent ?? 'aws-cli/2.15.0 md/awscrt#0.19.19 ua/2.0 os/linux#6.5 md/arch#x86_64 lang/python#3.11.6',
    ...(failed ? { errorCode: o.errorCode, errorMessage: o.errorMessage ?? 'Access Denied' } : {}),
    requestParameters: o.requestParameters === undefined ? {} : o.requestParameters,
    responseElements: o.responseElements === undefined ? (failed ? null : {}) : o.responseElements,
    ...(o.additionalEventData ? { additionalEventData: o.additionalEventData } : {}),
    requestID: nextId(),
    eventID: nextId(),
    readOnly: o.readOnly ?? false,
    eventType: o.eventType ?? 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
  };
}

export interface ConsoleLoginOptions {
  readonly userIdentity?: UserIdentity;
  readonly success?: boolean;
  readonly mfaUsed?: 'Yes' | 'No';
  /** Failure reason as CloudTrail records it; defaults to "Failed authentication". */
  readonly errorMessage?: string;
}

/**
 * A sign-in record (signin.amazonaws.com, eventType AwsConsoleSignIn). A failed sign-in carries
 * errorMessage but no errorCode, and responseElements.ConsoleLogin = "Failure".
 */
export function consoleLogin(o: ConsoleLoginOptions = {}): CloudTrailRecord {
  const success = o.success ?? true;
  return {
    eventVersion: '1.09',
    userIdentity: o.userIdentity ?? iamUser(),
    eventTime: '2024-05-01T09:00:00Z',
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: REGION,
    sourceIPAddress: '198.51.100.10',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    ...(success ? {} : { errorMessage: o.errorMessage ?? 'Failed authentication' }),
    requestParameters: null,
    responseElements: { ConsoleLogin: success ? 'Success' : 'Failure' },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
      MobileVersion: 'No',
      MFAUsed: o.mfaUsed ?? 'No',
    },
    eventID: nextId(),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
  };
}
