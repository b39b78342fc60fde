import {
  CLOUDTRAIL_COLUMNS,
  CLOUDTRAIL_QUERIES,
  cloudTrailProjection,
  LogQuery,
  logQueryPolicies as P,
  PARTITION_PREDICATE,
  partitionPredicateProblems,
  renderQuery,
} from '../../modules/log-query';
import { asList, onlyResource, parsePolicy, resourcesOf, statement, synth, synthAll, testConfig, testStack } from '../helpers';

const ORG = 'o-a1b2c3d4e5';
const AUDIT = '333333333333';
const LA = '222222222222';
const REGION = 'ap-northeast-1';
const TRAIL = `arn:aws:cloudtrail:${REGION}:111111111111:trail/org-trail`;
const READER = `arn:aws:iam::${AUDIT}:role/LogQueryReader`;

type Props = ConstructorParameters<typeof LogQuery>[2];

function build(overrides: Partial<Props> = {}) {
  const { stack, provider } = testStack();
  const q = new LogQuery(stack, 'q', {
    provider,
    accountId: AUDIT,
    region: REGION,
    organizationId: ORG,
    logBucketName: 'logs-bucket',
    logArchiveAccountId: LA,
    trailArn: TRAIL,
    regions: ['ap-northeast-1', 'us-east-1'],
    projectionDays: 365,
    resultsBucketName: 'results-bucket',
    readerTrustPrincipals: [`arn:aws:iam::${AUDIT}:root`],
    ...overrides,
  });
  return { stack, q, json: synth(stack) };
}

describe('LogQuery: the CloudTrail table', () => {
  const { json } = build();
  const table = onlyResource(json, 'aws_glue_catalog_table');

  test('is an external table in the log database, read with the CloudTrail SerDe and input format', () => {
    expect(table).toMatchObject({ name: 'cloudtrail', table_type: 'EXTERNAL_TABLE' });
    expect(table.database_name).toMatch(/^\$\{aws_glue_catalog_database\.\w+\.name\}$/);
    expect(onlyResource(json, 'aws_glue_catalog_database').name).toBe('security_logs');
    expect(table.storage_descriptor).toMatchObject({
      input_format: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
      output_format: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      ser_de_info: { serialization_library: 'com.amazon.emr.hive.serde.CloudTrailSerde' },
    });
  });

  test('has the columns AWS documents for CloudTrail, including the identity and MFA fields the queries read', () => {
    const cols = asList(table.storage_descriptor.columns) as Array<{ name: string; type: string }>;
    expect(cols.map((c) => c.name)).toEqual(CLOUDTRAIL_COLUMNS.map((c) => c.name));
    expect(cols.find((c) => c.name === 'useridentity')!.type).toContain('accesskeyid:string');
    expect(cols.find((c) => c.name === 'useridentity')!.type).toContain('sessionissuer:struct<type:string,principalid:string,arn:string');
    for (const c of ['eventtime', 'eventsource', 'eventname', 'errorcode', 'additionaleventdata', 'responseelements', 'readonly', 'eventtype']) {
      expect(cols.map((x) => x.name)).toContain(c);
    }
  });

  test('is partitioned by account, region and day, projected (injected, enum, date): no crawler, no partitions to add', () => {
    expect(asList(table.partition_keys)).toEqual([
      { name: 'account', type: 'string' },
      { name: 'region', type: 'string' },
      { name: 'day', type: 'string' },
    ]);
    expect(table.parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.account.type': 'injected',
      'projection.region.type': 'enum',
      'projection.region.values': 'ap-northeast-1,us-east-1',
      'projection.day.type': 'date',
      'projection.day.format': 'yyyy/MM/dd',
      'projection.day.range': 'NOW-365DAYS,NOW',
      'projection.day.interval': '1',
      'projection.day.interval.unit': 'DAYS',
    });
    expect(table.parameters.read_restored_glacier_objects).toBe('true');
  });

  test('reads the organization trail prefix, with Athena placeholders escaped from Terraform interpolation', () => {
    expect(table.storage_descriptor.location).toBe(`s3://logs-bucket/AWSLogs/${ORG}/`);
    expect(table.parameters['storage.location.template']).toBe(`s3://logs-bucket/AWSLogs/${ORG}/$\${account}/CloudTrail/$\${region}/$\${day}`);
    // What Athena sees once Terraform has read the literal:
    expect(cloudTrailProjection({ bucketName: 'logs-bucket', organizationId: ORG, regions: ['us-east-1'], days: 1 })['storage.location.template']).toBe(
      `s3://logs-bucket/AWSLogs/${ORG}/\${account}/CloudTrail/\${region}/\${day}`,
    );
  });

  test('follows the trail key prefix', () => {
    const t = onlyResource(build({ trailKeyPrefix: 'trail/org' }).json, 'aws_glue_catalog_table');
    expect(t.storage_descriptor.location).toBe(`s3://logs-bucket/trail/org/AWSLogs/${ORG}/`);
    expect(t.parameters['storage.location.template']).toMatch(new RegExp(`^s3://logs-bucket/trail/org/AWSLogs/${ORG}/\\$\\$\\{account\\}/`));
  });
});

describe('LogQuery: the workgroup and its results', () => {
  const { json } = build({ bytesScannedCutoffPerQuery: 1_073_741_824, resultsRetentionDays: 3 });
  const wg = onlyResource(json, 'aws_athena_workgroup');

  test('enforces its configuration: scan limit, CloudWatch metrics, results location, SSE-KMS with the results key', () => {
    expect(wg).toMatchObject({ name: 'security-log-query', state: 'ENABLED', force_destroy: false });
    expect(wg.configuration).toMatchObject({
      enforce_workgroup_configuration: true,
      publish_cloudwatch_metrics_enabled: true,
      bytes_scanned_cutoff_per_query: 1_073_741_824,
      result_configuration: {
        output_location: 's3://results-bucket/results/',
        expected_bucket_owner: AUDIT,
        encryption_configuration: { encryption_option: 'SSE_KMS' },
      },
    });
    expect(wg.configuration.result_configuration.encryption_configuration.kms_key_arn).toMatch(/^\$\{aws_kms_key\.\w+\.arn\}$/);
  });

  test('the results bucket is versioned, SSE-KMS with the results key, public-access-blocked, TLS-only, and short-lived', () => {
    expect(onlyResource(json, 'aws_s3_bucket').bucket).toBe('results-bucket');
    expect(onlyResource(json, 'aws_s3_bucket_versioning').versioning_configuration.status).toBe('Enabled');
    const enc = onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default;
    expect(enc.sse_algorithm).toBe('aws:kms');
    expect(enc.kms_master_key_id).toBe(wg.configuration.result_configuration.encryption_configuration.kms_key_arn);
    expect(onlyResource(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const rule = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration').rule[0];
    expect(rule.expiration).toEqual([{ days: 3 }]);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 1 }]);
    const policy = parsePolicy(onlyResource(json, 'aws_s3_bucket_policy').policy);
    expect(statement(policy, 'DenyInsecureTransport').Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
  });

  test('results are readable and writable by the reader role alone (bucket policy) and the results key serves it only through S3', () => {
    const policy = parsePolicy(onlyResource(json, 'aws_s3_bucket_policy').policy);
    expect(statement(policy, 'DenyResultsToAllButTheReader')).toMatchObject({
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      Resource: 'arn:aws:s3:::results-bucket/*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': READER } },
    });
    const key = parsePolicy(onlyResource(json, 'aws_kms_key').policy);
    expect(statement(key, 'ReaderEncryptsResultsThroughS3')).toMatchObject({
      Principal: { AWS: READER },
      Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } },
    });
    expect(onlyResource(json, 'aws_kms_key').enable_key_rotation).toBe(true);
  });
});

describe('LogQuery: the reader role', () => {
  const { json, q } = build();
  const role = onlyResource(json, 'aws_iam_role');
  const policy = parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy);

  test('is trusted by the named principals only from inside the organization, with no service principal', () => {
    expect(role.name).toBe('LogQueryReader');
    expect(q.readerRoleArn).toBe(READER);
    const trust = parsePolicy(role.assume_role_policy);
    expect(trust.Statement).toEqual([
      {
        Sid: 'AssumedByNamedReaders',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
      },
    ]);
  });

  test('runs queries in its workgroup only and reads, never writes, its database and table', () => {
    expect(statement(policy, 'RunQueriesInTheWorkgroup').Resource).toBe(`arn:aws:athena:${REGION}:${AUDIT}:workgroup/security-log-query`);
    const glue = statement(policy, 'ReadTheLogTables');
    expect(asList(glue.Action).every((a: string) => /^glue:(Get|BatchGet)/.test(a))).toBe(true);
    expect(glue.Resource).toEqual([
      `arn:aws:glue:${REGION}:${AUDIT}:catalog`,
      `arn:aws:glue:${REGION}:${AUDIT}:database/security_logs`,
      `arn:aws:glue:${REGION}:${AUDIT}:table/security_logs/cloudtrail`,
    ]);
  });

  test('reads only the organization trail prefix and decrypts only through S3 with the trail\'s encryption context', () => {
    expect(statement(policy, 'ReadTrailLogs')).toMatchObject({ Action: 's3:GetObject', Resource: `arn:aws:s3:::logs-bucket/AWSLogs/${ORG}/*` });
    expect(statement(policy, 'ListTrailLogs')).toMatchObject({ Resource: 'arn:aws:s3:::logs-bucket', Condition: { StringLike: { 's3:prefix': `AWSLogs/${ORG}/*` } } });
    expect(statement(policy, 'DecryptTrailLogsThroughS3')).toMatchObject({
      Action: 'kms:Decrypt',
      Resource: `arn:aws:kms:${REGION}:${LA}:key/*`,
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL, 'kms:ViaService': `s3.${REGION}.amazonaws.com` } },
    });
  });

  test('has no wildcard action and no "*" resource', () => {
    for (const s of policy.Statement) {
      for (const a of asList(s.Action)) expect(a).not.toContain('*');
      for (const r of asList(s.Resource)) expect(r).not.toBe('*');
    }
  });
});

describe('LogQuery: named queries', () => {
  const { json, q } = build();
  const queries = resourcesOf(json, 'aws_athena_named_query');

  test('saves the six first questions of an investigation in the workgroup and database', () => {
    expect(queries.map((x) => x.name).sort()).toEqual([
      'access-denied-bursts',
      'access-key-activity',
      'console-sign-in-without-mfa',
      'principal-activity',
      'root-account-activity',
      'security-service-changes',
    ]);
    for (const x of queries) {
      expect(x.workgroup).toMatch(/^\$\{aws_athena_workgroup\.\w+\.id\}$/);
      expect(x.database).toMatch(/^\$\{aws_glue_catalog_database\.\w+\.name\}$/);
    }
  });

  test.each(CLOUDTRAIL_QUERIES.map((d) => [d.name, d] as const))('%s reads the table and names an account and days, ANDed with the rest', (name, d) => {
    const sql = queries.find((x) => x.name === name)!.query as string;
    expect(sql).toContain('FROM security_logs.cloudtrail');
    expect(sql).toContain(`WHERE ${PARTITION_PREDICATE}`);
    expect(partitionPredicateProblems(sql, 'security_logs.cloudtrail', d.parameters.length)).toEqual([]);
  });

  test('the queries ask what they say: root, MFA, denials, security services and SCPs, one key, one principal', () => {
    const sql = (n: string) => queries.find((x) => x.name === n)!.query as string;
    expect(sql('root-account-activity')).toContain("useridentity.type = 'Root'");
    expect(sql('console-sign-in-without-mfa')).toMatch(/eventname = 'ConsoleLogin'[\s\S]*MFAUsed/);
    expect(sql('access-denied-bursts')).toMatch(/errorcode IN \('AccessDenied'[\s\S]*HAVING count\(\*\) >= 10/);
    for (const s of ['cloudtrail.amazonaws.com', 'config.amazonaws.com', 'guardduty.amazonaws.com', 'organizations.amazonaws.com', "'AttachPolicy'"]) {
      expect(sql('security-service-changes')).toContain(s);
    }
    expect(sql('access-key-activity')).toContain('useridentity.accesskeyid = ?');
    expect(sql('principal-activity')).toContain('eventtime BETWEEN ? AND ?');
  });

  test('a query without the partition predicate is refused, with every reason', () => {
    expect(() => q.addNamedQuery({ name: 'everything', description: 'x', sql: 'SELECT * FROM {table}', parameters: [] })).toThrow(
      /LogQuery "test\/q" has invalid props:\n {2}- named query "everything" has no WHERE clause/,
    );
    expect(() =>
      q.addNamedQuery({ name: 'root-account-activity', description: 'x', sql: `SELECT 1 FROM other WHERE ${PARTITION_PREDICATE}`, parameters: [] }),
    ).toThrow(
      /named query "root-account-activity" does not read from security_logs\.cloudtrail\n {2}- named query "root-account-activity" has 3 parameter markers but 0 parameters are described\n {2}- named query "root-account-activity" is taken: a query of this name exists already/,
    );
  });
});

describe('partitionPredicateProblems', () => {
  const T = 'db.cloudtrail';
  const ok = (rest: string) => `SELECT * FROM ${T} WHERE ${PARTITION_PREDICATE} ${rest}`;

  test('accepts alternatives inside parentheses and OR inside string literals', () => {
    expect(partitionPredicateProblems(ok("AND (eventname = 'A' OR eventname = 'B') ORDER BY 1"), T)).toEqual([]);
    expect(partitionPredicateProblems(ok("AND errormessage = 'x OR y'"), T)).toEqual([]);
    expect(partitionPredicateProblems(ok("AND eventname = 'A' GROUP BY 1 HAVING count(*) > 1 OR count(*) < 0"), T)).toEqual([]);
  });

  test('refuses a top-level OR, which would scan every account and day for its right side', () => {
    expect(partitionPredicateProblems(ok("AND eventname = 'A' OR eventname = 'B'"), T)).toEqual([expect.stringContaining('top-level OR')]);
  });

  test('refuses a WHERE that does not open with the account and day predicate', () => {
    expect(partitionPredicateProblems(`SELECT * FROM ${T} WHERE eventname = 'A' AND ${PARTITION_PREDICATE}`, T)).toEqual([
      expect.stringContaining('must start with'),
    ]);
    expect(partitionPredicateProblems(`SELECT * FROM ${T} WHERE day BETWEEN ? AND ?`, T)).toEqual([expect.stringContaining('must start with')]);
  });

  test('renderQuery fills in the table', () => {
    expect(renderQuery({ name: 'n', description: 'd', sql: 'FROM {table} JOIN {table}', parameters: [] }, T)).toBe(`FROM ${T} JOIN ${T}`);
  });
});

describe('LogQuery: validation reports every problem at once', () => {
  test('scan limit, retention, projection, regions, trust principals and names', () => {
    expect(() =>
      build({
        bytesScannedCutoffPerQuery: 1024,
        resultsRetentionDays: 0,
        projectionDays: 0,
        regions: [],
        readerTrustPrincipals: ['*', 'arn:aws:iam::333333333333:role/*'],
        databaseName: 'Security-Logs',
        workgroupName: 'has space',
      }),
    ).toThrow(
      new RegExp(
        [
          'bytesScannedCutoffPerQuery must be a whole number of bytes of at least 10485760',
          'resultsRetentionDays must be a positive whole number of days \\(got 0\\)',
          'projectionDays must be a positive whole number of days \\(got 0\\)',
          'regions must name at least one region',
          'reader trust principal "\\*" must be an account root, role or user ARN without wildcards',
          'reader trust principal "arn:aws:iam::333333333333:role/\\*" must be',
          'databaseName "Security-Logs" must be lower-case',
          'workgroupName "has space" must be',
        ].join('[\\s\\S]*'),
      ),
    );
  });

  test('an empty trust list is refused', () => {
    expect(() => build({ readerTrustPrincipals: [] })).toThrow(/readerTrustPrincipals must name at least one principal/);
  });
});

describe('policy builders as data', () => {
  test('the reader policy follows the trail key prefix', () => {
    const s = P.readerPolicyStatements({
      accountId: AUDIT,
      region: REGION,
      workgroupName: 'wg',
      databaseName: 'db',
      tableName: 't',
      logBucketName: 'b',
      organizationId: ORG,
      trailKeyPrefix: 'p/q',
      trailArn: TRAIL,
      logRegion: REGION,
      logArchiveAccountId: LA,
      resultsBucketName: 'r',
    });
    expect(s.find((x) => x.sid === 'ReadTrailLogs')!.resources).toEqual([`arn:aws:s3:::b/p/q/AWSLogs/${ORG}/*`]);
    expect(s.find((x) => x.sid === 'ListTrailLogs')!.conditions).toEqual({ StringLike: { 's3:prefix': [`p/q/AWSLogs/${ORG}/*`] } });
  });
});

describe('in the audit stack of the example config', () => {
  const cfg = testConfig();
  const { audit, logArchive } = synthAll(cfg);

  test('the table reads the example organization\'s log bucket over every commercial region and the log retention', () => {
    const t = onlyResource(audit, 'aws_glue_catalog_table');
    expect(t.storage_descriptor.location).toBe('s3://org-logs-222222222222-ap-northeast-1/AWSLogs/o-a1b2c3d4e5/');
    const regions = t.parameters['projection.region.values'].split(',');
    for (const r of cfg.organization.governedRegions) expect(regions).toContain(r);
    expect(regions).toContain('eu-west-1');
    expect(t.parameters['projection.day.range']).toBe(`NOW-${cfg.logArchive.retentionDays}DAYS,NOW`);
  });

  test('the reader reuses the log archive\'s read grant to the audit account: no new statement in the log bucket or key policy names it', () => {
    const bucketPolicies = resourcesOf(logArchive, 'aws_s3_bucket_policy').map((p) => p.policy as string);
    const keyPolicy = onlyResource(logArchive, 'aws_kms_key').policy as string;
    for (const p of [...bucketPolicies, keyPolicy]) expect(p).not.toContain('LogQueryReader');
    const logPolicy = parsePolicy(bucketPolicies.find((p) => p.includes('LogReadersRead'))!);
    expect(statement(logPolicy, 'LogReadersRead').Principal).toEqual({ AWS: 'arn:aws:iam::333333333333:root' });
    // Athena asks the data bucket for its region: the same grant carries GetBucketLocation.
    expect(statement(logPolicy, 'LogReadersList').Action).toEqual(['s3:ListBucket', 's3:GetBucketLocation']);
    // The reader's policy (the audit stack also holds the audit roles' policies).
    const reader = parsePolicy(resourcesOf(audit, 'aws_iam_role_policy').find((p) => String(p.role).includes('aws_iam_role.log_query_reader_'))!.policy);
    expect(statement(reader, 'LocateTheLogBucket')).toMatchObject({ Action: 's3:GetBucketLocation', Resource: 'arn:aws:s3:::org-logs-222222222222-ap-northeast-1' });
  });

  test('the results bucket is named after the audit account and home region', () => {
    const b = resourcesOf(audit, 'aws_s3_bucket').map((x) => x.bucket);
    expect(b).toEqual(['org-logs-333333333333-ap-northeast-1-athena']);
  });

  test('trust principals from config replace the audit account root', () => {
    const c = testConfig({ logQuery: { readerTrustPrincipals: ['arn:aws:iam::333333333333:role/Investigator'] } });
    const role = resourcesOf(synthAll(c).audit, 'aws_iam_role').find((r) => r.name === 'LogQueryReader')!;
    expect(parsePolicy(role.assume_role_policy).Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::333333333333:role/Investigator' });
  });
});
