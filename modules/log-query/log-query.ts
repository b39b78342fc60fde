import { AthenaNamedQuery } from '@cdktf/provider-aws/lib/athena-named-query';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { PolicyStatement, ProviderRef, renderPolicy, renderTrustPolicy, roleArn, throwIfInvalid } from '../iam';
import { LogArchiveBucket, LogKey } from '../log-archive';
import {
  CLOUDTRAIL_COLUMNS,
  CLOUDTRAIL_INPUT_FORMAT,
  CLOUDTRAIL_SERDE,
  cloudTrailLocation,
  cloudTrailProjection,
  HIVE_TEXT_OUTPUT_FORMAT,
  PARTITION_KEYS,
} from './cloudtrail-table';
import { CLOUDTRAIL_TABLE_NAME, DEFAULT_DATABASE_NAME, DEFAULT_READER_ROLE_NAME, DEFAULT_WORKGROUP_NAME } from './names';
import { readerPolicyStatements, readerTrustStatements, resultsBucketStatements, resultsKeyStatements } from './policies';
import { CLOUDTRAIL_QUERIES, LogQueryDefinition, partitionPredicateProblems, renderQuery } from './queries';

/** Athena refuses a per-query data usage limit below 10 MB. */
export const MIN_BYTES_SCANNED_CUTOFF = 10_485_760;
/** Default per-query limit: 10 GiB, about 0.05 USD at Athena's 5 USD per TB scanned. */
export const DEFAULT_BYTES_SCANNED_CUTOFF = 10 * 1024 ** 3;

export interface LogQueryProps {
  /** Provider of the account that queries (the audit account), in the log bucket's region. */
  readonly provider: ProviderRef;
  /** The querying account (where the workgroup, catalog, results and reader role live). */
  readonly accountId: string;
  /** Region of the workgroup and catalog; the log bucket's region (Athena reads S3 in its own region). */
  readonly region: string;
  /** The organization of the trail: the table reads `AWSLogs/<organizationId>/`, and only its principals may assume the reader role. */
  readonly organizationId: string;
  /** The central log bucket, in the log-archive account. */
  readonly logBucketName: string;
  /** The log-archive account, owner of the bucket and the log key. */
  readonly logArchiveAccountId: string;
  /** The organization trail's ARN (its log files' encryption context). */
  readonly trailArn: string;
  /** The trail's `s3_key_prefix`. @default - none */
  readonly trailKeyPrefix?: string;
  /** Regions projected for the table's `region` partition. */
  readonly regions: readonly string[];
  /** Days back from today the table projects (the log retention: older objects are gone). */
  readonly projectionDays: number;
  /** Name of the query-results bucket (globally unique, known at plan time). */
  readonly resultsBucketName: string;
  /** Days query results are kept. @default 7 */
  readonly resultsRetentionDays?: number;
  /**
   * Per-query limit on bytes scanned; Athena cancels a query that reaches it.
   * @default 10737418240 (10 GiB)
   * @see https://docs.aws.amazon.com/athena/latest/ug/workgroups-setting-control-limits-cloudwatch.html
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /** ARNs that may assume the reader role (account roots, roles, users; no wildcards). */
  readonly readerTrustPrincipals: readonly string[];
  /** Name of the reader role. @default "LogQueryReader" */
  readonly readerRoleName?: string;
  /** Name of the Glue database (lower-case letters, digits and `_`). @default "security_logs" */
  readonly databaseName?: string;
  /** Name of the Athena workgroup (the results key's alias derives from it). @default "security-log-query" */
  readonly workgroupName?: string;
  /** `prevent_destroy` on the results bucket and key. @default false (results are transient copies) */
  readonly preventDestroy?: boolean;
}

const PRINCIPAL_ARN = /^arn:aws:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;
const GLUE_NAME = /^[a-z0-9_]{1,255}$/;
const WORKGROUP_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Answers questions from the organization trail in minutes: a Glue database and a
 * partition-projected CloudTrail table over the log archive, an Athena workgroup whose enforced
 * configuration caps bytes scanned per query and writes results to a dedicated encrypted
 * bucket, the named queries an investigator runs first, and the one role that may run them.
 * The role reads the logs through the log archive's existing read grant to this account.
 */
export class LogQuery extends Construct {
  readonly database: GlueCatalogDatabase;
  readonly table: GlueCatalogTable;
  readonly workgroup: AthenaWorkgroup;
  readonly resultsBucket: LogArchiveBucket;
  readonly resultsKey: LogKey;
  readonly readerRole: IamRole;
  /** ARN of the reader role, derived (known at plan time). */
  readonly readerRoleArn: string;
  /** `<database>.<table>`, as queries name it. */
  readonly tableName: string;
  /** The named queries, by name. */
  readonly namedQueries: Readonly<Record<string, AthenaNamedQuery>>;
  /** The statements of the reader role's policy. */
  readonly readerStatements: readonly PolicyStatement[];

  private readonly queries: Record<string, AthenaNamedQuery> = {};

  constructor(scope: Construct, id: string, props: LogQueryProps) {
    super(scope, id);
    const databaseName = props.databaseName ?? DEFAULT_DATABASE_NAME;
    const workgroupName = props.workgroupName ?? DEFAULT_WORKGROUP_NAME;
    const roleName = props.readerRoleName ?? DEFAULT_READER_ROLE_NAME;
    const cutoff = props.bytesScannedCutoffPerQuery ?? DEFAULT_BYTES_SCANNED_CUTOFF;
    throwIfInvalid('LogQuery', this, validate(props, { databaseName, workgroupName, cutoff }));
    const provider = props.provider;
    const preventDestroy = props.preventDestroy ?? false;
    this.readerRoleArn = roleArn(props.accountId, roleName);
    this.tableName = `${databaseName}.${CLOUDTRAIL_TABLE_NAME}`;
    this.namedQueries = this.queries;

    this.resultsKey = new LogKey(this, 'results_key', {
      provider,
      accountId: props.accountId,
      region: props.region,
      alias: `alias/${workgroupName}-results`,
      description: 'Encrypts Athena query results of the security log workgroup',
      policyId: 'query-results-key-policy',
      preventDestroy,
    });
    this.resultsKey.addToResourcePolicy(...resultsKeyStatements({ readerRoleArn: this.readerRoleArn, bucketName: props.resultsBucketName, region: props.region }));

    this.resultsBucket = new LogArchiveBucket(this, 'results', {
      provider,
      bucketName: props.resultsBucketName,
      encryption: { kmsKeyArn: this.resultsKey.keyArn },
      expirationDays: props.resultsRetentionDays ?? 7,
      noncurrentVersionExpirationDays: 1,
      preventDestroy,
    });
    this.resultsBucket.addToResourcePolicy(...resultsBucketStatements({ bucketName: props.resultsBucketName, readerRoleArn: this.readerRoleArn }));

    this.database = new GlueCatalogDatabase(this, 'database', {
      provider,
      name: databaseName,
      description: 'Security logs of the organization (log archive), read with partition projection',
    });

    const location = { bucketName: props.logBucketName, organizationId: props.organizationId, trailKeyPrefix: props.trailKeyPrefix };
    this.table = new GlueCatalogTable(this, 'cloudtrail', {
      provider,
      databaseName: this.database.name,
      name: CLOUDTRAIL_TABLE_NAME,
      description: 'Organization trail log files, all member accounts (account is injected: name it in every query)',
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        EXTERNAL: 'TRUE',
        classification: 'cloudtrail',
        // Log files older than the Glacier transition are skipped by Athena unless restored; with
        // this, restored ones are read.
        // @see https://docs.aws.amazon.com/athena/latest/ug/querying-glacier.html
        read_restored_glacier_objects: 'true',
        ...escapeTemplates(cloudTrailProjection({ ...location, regions: props.regions, days: props.projectionDays })),
      },
      partitionKeys: [PARTITION_KEYS.account, PARTITION_KEYS.region, PARTITION_KEYS.day].map((name) => ({ name, type: 'string' })),
      storageDescriptor: {
        location: cloudTrailLocation(location),
        inputFormat: CLOUDTRAIL_INPUT_FORMAT,
        outputFormat: HIVE_TEXT_OUTPUT_FORMAT,
        serDeInfo: { name: 'CloudTrailSerde', serializationLibrary: CLOUDTRAIL_SERDE },
        columns: CLOUDTRAIL_COLUMNS.map((c) => ({ name: c.name, type: c.type })),
      },
    });

    // Enforced, so a client cannot pick another results location, turn encryption off or lift
    // the scan limit for its query.
    // @see https://docs.aws.amazon.com/athena/latest/ug/workgroups-settings-override.html
    this.workgroup = new AthenaWorkgroup(this, 'workgroup', {
      provider,
      name: workgroupName,
      description: 'Queries over the organization security logs; scan limit and results location enforced',
      state: 'ENABLED',
      forceDestroy: false,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff,
        engineVersion: { selectedEngineVersion: 'AUTO' },
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucketName}/results/`,
          expectedBucketOwner: props.accountId,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: this.resultsKey.keyArn },
        },
      },
    });

    this.readerStatements = readerPolicyStatements({
      accountId: props.accountId,
      region: props.region,
      workgroupName,
      databaseName,
      tableName: CLOUDTRAIL_TABLE_NAME,
      logBucketName: props.logBucketName,
      organizationId: props.organizationId,
      trailKeyPrefix: props.trailKeyPrefix,
      trailArn: props.trailArn,
      logRegion: props.region,
      logArchiveAccountId: props.logArchiveAccountId,
      resultsBucketName: props.resultsBucketName,
    });
    this.readerRole = new IamRole(this, 'reader', {
      provider,
      name: roleName,
      description: 'Runs the security log queries: reads the trail logs and the query results, nothing else',
      maxSessionDuration: 3600,
      assumeRolePolicy: renderTrustPolicy(readerTrustStatements({ principals: props.readerTrustPrincipals, organizationId: props.organizationId })),
    });
    new IamRolePolicy(this, 'reader_policy', {
      provider,
      name: 'log-query',
      role: this.readerRole.name,
      policy: renderPolicy(this.readerStatements),
    });

    for (const q of CLOUDTRAIL_QUERIES) this.addNamedQuery(q);
  }

  /**
   * Saves a query in the workgroup. Refuses one that could scan the whole archive: it must read
   * the CloudTrail table and open its WHERE clause with the account-and-days partition predicate.
   */
  addNamedQuery(q: LogQueryDefinition): AthenaNamedQuery {
    const sql = renderQuery(q, this.tableName);
    const problems = partitionPredicateProblems(sql, this.tableName, q.parameters.length);
    if (this.queries[q.name]) problems.push('is taken: a query of this name exists already');
    throwIfInvalid('LogQuery', this, problems.map((p) => `named query "${q.name}" ${p}`));
    const parameters = q.parameters.map((p, i) => `${i + 1}: ${p}`).join('; ');
    const query = new AthenaNamedQuery(this, `query_${q.name.replace(/-/g, '_')}`, {
      provider: this.workgroup.provider,
      name: q.name,
      description: `${q.description}. Parameters: ${parameters}`.slice(0, 1024),
      workgroup: this.workgroup.id,
      database: this.database.name,
      query: sql,
    });
    this.queries[q.name] = query;
    return query;
  }
}

/**
 * Athena's `${column}` placeholders written as Terraform string literals (`$${column}`), or
 * Terraform would read them as references.
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
export function escapeTemplates(parameters: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, v.split('${').join('$${')]));
}

function validate(p: LogQueryProps, d: { databaseName: string; workgroupName: string; cutoff: number }): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(d.cutoff) || d.cutoff < MIN_BYTES_SCANNED_CUTOFF) {
    problems.push(`bytesScannedCutoffPerQuery must be a whole number of bytes of at least ${MIN_BYTES_SCANNED_CUTOFF} (10 MB, Athena's minimum) (got ${d.cutoff})`);
  }
  const days = p.resultsRetentionDays ?? 7;
  if (!Number.isInteger(days) || days < 1) problems.push(`resultsRetentionDays must be a positive whole number of days (got ${days})`);
  if (!Number.isInteger(p.projectionDays) || p.projectionDays < 1) problems.push(`projectionDays must be a positive whole number of days (got ${p.projectionDays})`);
  if (p.regions.length === 0) problems.push('regions must name at least one region');
  if (p.readerTrustPrincipals.length === 0) problems.push('readerTrustPrincipals must name at least one principal');
  for (const arn of p.readerTrustPrincipals) {
    if (!PRINCIPAL_ARN.test(arn)) problems.push(`reader trust principal "${arn}" must be an account root, role or user ARN without wildcards`);
  }
  if (!GLUE_NAME.test(d.databaseName)) problems.push(`databaseName "${d.databaseName}" must be lower-case letters, digits and "_"`);
  if (!WORKGROUP_NAME.test(d.workgroupName)) problems.push(`workgroupName "${d.workgroupName}" must be 1-128 letters, digits, ".", "_" or "-"`);
  return problems;
}
