/**
 * The CloudTrail table as data: columns, SerDe, formats and the partition-projection properties,
 * so tests read exactly what the construct synthesizes.
 */

/** One column of a Glue table. */
export interface TableColumn {
  readonly name: string;
  readonly type: string;
}

const STRING = 'string';

/**
 * The columns AWS documents for CloudTrail tables in Athena (field names lower-case, as the SerDe
 * matches them case-insensitively). Variable-shape fields (`requestparameters`,
 * `responseelements`, `additionaleventdata`, `serviceeventdetails`) stay strings: read them with
 * `json_extract_scalar`.
 * @see https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/cloudtrail-serde.html
 */
export const CLOUDTRAIL_COLUMNS: readonly TableColumn[] = [
  { name: 'eventversion', type: STRING },
  {
    name: 'useridentity',
    type:
      'struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string,' +
      'onbehalfof:struct<userid:string,identitystorearn:string>,' +
      'sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,' +
      'sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,' +
      'ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>',
  },
  { name: 'eventtime', type: STRING },
  { name: 'eventsource', type: STRING },
  { name: 'eventname', type: STRING },
  { name: 'awsregion', type: STRING },
  { name: 'sourceipaddress', type: STRING },
  { name: 'useragent', type: STRING },
  { name: 'errorcode', type: STRING },
  { name: 'errormessage', type: STRING },
  { name: 'requestparameters', type: STRING },
  { name: 'responseelements', type: STRING },
  { name: 'additionaleventdata', type: STRING },
  { name: 'requestid', type: STRING },
  { name: 'eventid', type: STRING },
  { name: 'readonly', type: STRING },
  { name: 'resources', type: 'array<struct<arn:string,accountid:string,type:string>>' },
  { name: 'eventtype', type: STRING },
  { name: 'apiversion', type: STRING },
  { name: 'recipientaccountid', type: STRING },
  { name: 'serviceeventdetails', type: STRING },
  { name: 'sharedeventid', type: STRING },
  { name: 'vpcendpointid', type: STRING },
  { name: 'vpcendpointaccountid', type: STRING },
  { name: 'eventcategory', type: STRING },
  { name: 'addendum', type: 'struct<reason:string,updatedfields:string,originalrequestid:string,originaleventid:string>' },
  { name: 'sessioncredentialfromconsole', type: STRING },
  { name: 'edgedevicedetails', type: STRING },
  { name: 'tlsdetails', type: 'struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>' },
];

/**
 * The partition keys, in the order of the S3 path
 * `AWSLogs/<orgId>/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/`.
 */
export const PARTITION_KEYS = { account: 'account', region: 'region', day: 'day' } as const;

/** The CloudTrail SerDe and input format AWS documents for CloudTrail log files. */
export const CLOUDTRAIL_SERDE = 'com.amazon.emr.hive.serde.CloudTrailSerde';
export const CLOUDTRAIL_INPUT_FORMAT = 'com.amazon.emr.cloudtrail.CloudTrailInputFormat';
export const HIVE_TEXT_OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

export interface CloudTrailLocationOptions {
  readonly bucketName: string;
  readonly organizationId: string;
  /** The trail's `s3_key_prefix`. @default - none */
  readonly trailKeyPrefix?: string;
}

/** `s3://<bucket>/[<prefix>/]AWSLogs/<orgId>/`: the organization trail's member-account logs. */
export function cloudTrailLocation(o: CloudTrailLocationOptions): string {
  const prefix = o.trailKeyPrefix ? `${o.trailKeyPrefix}/` : '';
  return `s3://${o.bucketName}/${prefix}AWSLogs/${o.organizationId}/`;
}

export interface ProjectionOptions extends CloudTrailLocationOptions {
  /** Regions projected for the `region` partition. */
  readonly regions: readonly string[];
  /** Days back from today that are projected for the `day` partition (the log retention). */
  readonly days: number;
}

/**
 * Partition projection for the organization trail: Athena computes the partitions from these
 * properties, so there is no crawler and no `ALTER TABLE ADD PARTITION`.
 * - `account` is `injected`: member accounts are not in the configuration (and come and go), so
 *   every query must name the account(s) with static equality (`account = '...'` or
 *   `account IN (...)`), or Athena refuses it with CONSTRAINT_VIOLATION. That also keeps a query
 *   from listing the whole archive.
 * - `region` is an `enum` of the given regions.
 * - `day` is a `date` in CloudTrail's `yyyy/MM/dd` path format, from `NOW-<days>DAYS` to `NOW`.
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection-dynamic-id-partitioning.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html
 */
export function cloudTrailProjection(o: ProjectionOptions): Record<string, string> {
  const { account, region, day } = PARTITION_KEYS;
  return {
    'projection.enabled': 'true',
    [`projection.${account}.type`]: 'injected',
    [`projection.${region}.type`]: 'enum',
    [`projection.${region}.values`]: o.regions.join(','),
    [`projection.${day}.type`]: 'date',
    [`projection.${day}.format`]: 'yyyy/MM/dd',
    [`projection.${day}.range`]: `NOW-${o.days}DAYS,NOW`,
    [`projection.${day}.interval`]: '1',
    [`projection.${day}.interval.unit`]: 'DAYS',
    'storage.location.template': `${cloudTrailLocation(o)}\${${account}}/CloudTrail/\${${region}}/\${${day}}`,
  };
}
