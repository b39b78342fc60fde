import { LogArchive, LogArchiveBucket, logArchivePolicies as P } from '../../modules/log-archive';
import { asList, onlyResource, parsePolicy, resourcesOf, statement, synth, testStack } from '../helpers';

const ACCOUNT = '222222222222';
const ORG = 'o-a1b2c3d4e5';
const MGMT = '111111111111';
const TRAIL = `arn:aws:cloudtrail:ap-northeast-1:${MGMT}:trail/org-trail`;
const BUCKET = 'logs-222222222222-ap-northeast-1';
const ACCESS = `${BUCKET}-access`;
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/Deployer`;
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/BreakGlass`;

function archive(overrides: Partial<ConstructorParameters<typeof LogArchive>[2]> = {}) {
  const { stack, provider } = testStack();
  const la = new LogArchive(stack, 'archive', {
    provider,
    accountId: ACCOUNT,
    region: 'ap-northeast-1',
    bucketName: BUCKET,
    accessLogBucketName: ACCESS,
    breakGlassRoleArns: [BREAK_GLASS],
    adminRoleArns: [DEPLOYER],
    ...overrides,
  });
  return { stack, la };
}

function bucketPolicyOf(json: Record<string, any>, bucketName: string) {
  const policies = resourcesOf(json, 'aws_s3_bucket_policy');
  const buckets = json.resource.aws_s3_bucket as Record<string, any>;
  const logicalId = Object.entries(buckets).find(([, b]) => b.bucket === bucketName)![0];
  const p = policies.find((x) => x.bucket === `\${aws_s3_bucket.${logicalId}.id}`);
  if (!p) throw new Error(`no policy for ${bucketName}`);
  return parsePolicy(p.policy);
}

function settingsOf(json: Record<string, any>, type: string, bucketName: string) {
  const buckets = json.resource.aws_s3_bucket as Record<string, any>;
  const logicalId = Object.entries(buckets).find(([, b]) => b.bucket === bucketName)![0];
  const found = resourcesOf(json, type).find((x) => x.bucket === `\${aws_s3_bucket.${logicalId}.id}`);
  if (!found) throw new Error(`no ${type} for ${bucketName}`);
  return found;
}

describe('LogArchive bucket hardening', () => {
  const { stack } = archive();
  const json = synth(stack);

  test.each([BUCKET, ACCESS])('bucket %s is versioned, owner-enforced, fully public-access-blocked and protected from destroy', (name) => {
    const bucket = resourcesOf(json, 'aws_s3_bucket').find((b) => b.bucket === name)!;
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.force_destroy).toBe(false);
    expect(settingsOf(json, 'aws_s3_bucket_versioning', name).versioning_configuration).toEqual({ status: 'Enabled' });
    expect(settingsOf(json, 'aws_s3_bucket_ownership_controls', name).rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(settingsOf(json, 'aws_s3_bucket_public_access_block', name)).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('the log bucket is encrypted with the log key (SSE-KMS) and uses a bucket key', () => {
    const rule = settingsOf(json, 'aws_s3_bucket_server_side_encryption_configuration', BUCKET).rule[0];
    const keyId = Object.keys(json.resource.aws_kms_key)[0];
    expect(rule).toEqual({
      apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: `\${aws_kms_key.${keyId}.arn}` },
      bucket_key_enabled: true,
    });
  });

  test('the access-log bucket uses SSE-S3, the only encryption server access logging can deliver to', () => {
    const rule = settingsOf(json, 'aws_s3_bucket_server_side_encryption_configuration', ACCESS).rule[0];
    expect(rule.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
  });

  test('the log bucket sends server access logs to the separate access-log bucket, once it and its policy exist', () => {
    const logging = resourcesOf(json, 'aws_s3_bucket_logging');
    expect(logging).toHaveLength(1);
    expect(logging[0]).toMatchObject({ target_bucket: ACCESS, target_prefix: `${BUCKET}/` });
    expect(logging[0].depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket\.archive_access_logs_bucket_/), expect.stringMatching(/^aws_s3_bucket_policy\.archive_access_logs_policy_/)]);
    expect(settingsOf(json, 'aws_s3_bucket_logging', BUCKET)).toBeDefined();
  });

  test('the log bucket lifecycle transitions to Glacier, expires at retention, removes noncurrent versions and aborts uploads', () => {
    const rule = settingsOf(json, 'aws_s3_bucket_lifecycle_configuration', BUCKET).rule[0];
    expect(rule).toMatchObject({
      status: 'Enabled',
      transition: [{ days: 90, storage_class: 'GLACIER' }],
      expiration: [{ days: 365 }],
      noncurrent_version_expiration: [{ noncurrent_days: 90 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
  });

  test('the key rotates, keeps a 30-day deletion window and is protected from destroy', () => {
    const key = onlyResource(json, 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(onlyResource(json, 'aws_kms_alias').name).toBe('alias/org-logs');
  });

  test('no object lock unless asked for', () => {
    expect(resourcesOf(json, 'aws_s3_bucket_object_lock_configuration')).toHaveLength(0);
  });

  test.each([BUCKET, ACCESS])('bucket %s denies every non-TLS request', (name) => {
    const s = statement(bucketPolicyOf(json, name), 'DenyInsecureTransport');
    expect(s).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(asList(s.Resource)).toEqual([`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`]);
  });

  test.each([BUCKET, ACCESS])('bucket %s denies deleting log objects to all but the break-glass role', (name) => {
    const s = statement(bucketPolicyOf(json, name), 'DenyLogDeletionExceptBreakGlass');
    expect(s.Effect).toBe('Deny');
    expect(asList(s.Action)).toEqual(expect.arrayContaining(['s3:DeleteObject', 's3:DeleteObjectVersion']));
    expect(s.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': BREAK_GLASS } });
  });

  test('bucket tampering is denied to all but the deployer and break-glass roles', () => {
    const s = statement(bucketPolicyOf(json, BUCKET), 'DenyBucketTamperingExceptAdmins');
    expect(asList(s.Action)).toEqual(expect.arrayContaining(['s3:PutBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:DeleteBucket']));
    expect(asList(s.Condition.ArnNotLike['aws:PrincipalArn']).sort()).toEqual([BREAK_GLASS, DEPLOYER].sort());
  });

  test('no IAM principal may write fake access logs', () => {
    expect(statement(bucketPolicyOf(json, ACCESS), 'DenyNonServiceAccessLogWrites')).toMatchObject({
      Effect: 'Deny',
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${ACCESS}/${BUCKET}/*`,
      Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    });
  });

  test('only S3 server access logging for the log bucket may write into the access-log bucket', () => {
    const s = statement(bucketPolicyOf(json, ACCESS), 'S3ServerAccessLogsPolicy');
    expect(s).toMatchObject({
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${ACCESS}/${BUCKET}/*`,
      Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${BUCKET}` }, StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    });
  });

  test('the key policy gives kms:* to the key account root and to nobody else', () => {
    const policy = parsePolicy(onlyResource(json, 'aws_kms_key').policy);
    const wildcard = policy.Statement.filter((s) => s.Effect === 'Allow' && asList(s.Action).some((a: string) => a === 'kms:*'));
    expect(wildcard).toHaveLength(1);
    expect(wildcard[0].Principal).toEqual({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
  });

  test('disabling, deleting or re-policying the key is denied to all but the admin roles', () => {
    const policy = parsePolicy(onlyResource(json, 'aws_kms_key').policy);
    const s = statement(policy, 'DenyKeyTamperingExceptAdmins');
    expect(asList(s.Action)).toEqual(expect.arrayContaining(['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy']));
    expect(asList(s.Condition.ArnNotLike['aws:PrincipalArn']).sort()).toEqual([BREAK_GLASS, DEPLOYER].sort());
  });
});

describe('LogArchive grants', () => {
  const { stack, la } = archive();
  la.grantCloudTrailDelivery({ trailArn: TRAIL, organizationId: ORG, managementAccountId: MGMT });
  la.grantConfigDelivery({ organizationId: ORG, keyPrefix: 'config', serviceAccountIds: [MGMT, '333333333333'], recorderRoleNames: ['OrgConfigRecorderRole'] });
  la.grantAccessAnalyzerRead({ organizationId: ORG, trailArn: TRAIL });
  la.grantTrailLogRead({ readerAccountIds: ['333333333333'], organizationId: ORG, trailArn: TRAIL });
  const json = synth(stack);
  const bucketPolicy = bucketPolicyOf(json, BUCKET);
  const keyPolicy = parsePolicy(onlyResource(json, 'aws_kms_key').policy);

  test('each resource keeps exactly one policy, with grants added to it', () => {
    expect(resourcesOf(json, 'aws_s3_bucket_policy')).toHaveLength(2);
    expect(bucketPolicy.Statement.map((s) => s.Sid)).toEqual(
      expect.arrayContaining(['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite', `AWSConfigBucketDelivery${MGMT}`, 'ConfigRecorderRolesDelivery', 'AccessAnalyzerReadTrailLogs', 'LogReadersRead']),
    );
    expect(keyPolicy.Statement.map((s) => s.Sid)).toEqual(
      expect.arrayContaining(['AllowCloudTrailEncryptLogs', 'AllowCloudTrailDescribeKey', 'AllowConfigEncrypt', 'AccessAnalyzerDecryptTrailLogs']),
    );
  });

  test('CloudTrail may check the ACL only for the organization trail', () => {
    expect(statement(bucketPolicy, 'AWSCloudTrailAclCheck')).toEqual({
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: `arn:aws:s3:::${BUCKET}`,
      Condition: { StringEquals: { 'aws:SourceArn': TRAIL } },
    });
  });

  test('CloudTrail may write only under AWSLogs/<mgmt>/ and AWSLogs/<orgId>/, with bucket-owner-full-control, for the trail', () => {
    const s = statement(bucketPolicy, 'AWSCloudTrailWrite');
    expect(s.Action).toBe('s3:PutObject');
    expect(s.Resource).toEqual([`arn:aws:s3:::${BUCKET}/AWSLogs/${MGMT}/*`, `arn:aws:s3:::${BUCKET}/AWSLogs/${ORG}/*`]);
    expect(s.Condition).toEqual({ StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL } });
  });

  test('CloudTrail may generate data keys only with the trail SourceArn and encryption context', () => {
    const s = statement(keyPolicy, 'AllowCloudTrailEncryptLogs');
    expect(s.Action).toBe('kms:GenerateDataKey*');
    expect(s.Condition).toEqual({
      StringEquals: { 'aws:SourceArn': TRAIL, 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL },
    });
    expect(statement(keyPolicy, 'AllowCloudTrailDescribeKey').Condition).toEqual({ StringEquals: { 'aws:SourceArn': TRAIL } });
  });

  test('the trail account may decrypt CloudTrail-encrypted data exactly as AWS documents it (needed with an S3 Bucket Key), and nothing else', () => {
    expect(statement(keyPolicy, 'AllowTrailAccountDecryptTrailLogs')).toEqual({
      Sid: 'AllowTrailAccountDecryptTrailLogs',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${MGMT}:root` },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
    });
  });

  test('no IAM principal may write under the CloudTrail or Config prefixes (log files cannot be forged)', () => {
    expect(statement(bucketPolicy, 'DenyNonServiceTrailLogWrites')).toEqual({
      Sid: 'DenyNonServiceTrailLogWrites',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: [`arn:aws:s3:::${BUCKET}/AWSLogs/${MGMT}/*`, `arn:aws:s3:::${BUCKET}/AWSLogs/${ORG}/*`],
      Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    });
    // Config recorder roles are IAM principals delivering for AWS Config: exempt, and nobody else.
    expect(statement(bucketPolicy, 'DenyNonServiceConfigWrites')).toMatchObject({
      Resource: `arn:aws:s3:::${BUCKET}/config/AWSLogs/*`,
      Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' }, ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/OrgConfigRecorderRole' } },
    });
  });

  test('AWS Config as the service principal is scoped per account with aws:SourceAccount and its own AWSLogs/<account>/Config/ path, never an organization-ID condition', () => {
    const check = statement(bucketPolicy, 'AWSConfigBucketPermissionsCheck');
    expect(asList(check.Action).sort()).toEqual(['s3:GetBucketAcl', 's3:ListBucket']);
    expect(check.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': [MGMT, '333333333333'] } });
    for (const account of [MGMT, '333333333333']) {
      const put = statement(bucketPolicy, `AWSConfigBucketDelivery${account}`);
      expect(put.Resource).toBe(`arn:aws:s3:::${BUCKET}/config/AWSLogs/${account}/Config/*`);
      expect(put.Condition).toEqual({ StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': account } });
    }
    const configStatements = [...bucketPolicy.Statement, ...keyPolicy.Statement].filter((s) => asList(s.Principal?.Service).includes('config.amazonaws.com'));
    expect(configStatements.length).toBe(4);
    for (const s of configStatements) expect(JSON.stringify(s.Condition)).not.toMatch(/OrgID|OrgPaths/);
    expect(statement(keyPolicy, 'AllowConfigEncrypt').Condition).toEqual({ StringEquals: { 'aws:SourceAccount': [MGMT, '333333333333'] } });
  });

  test('Config recorder roles of every account of the organization deliver through one statement (O(1) in member accounts)', () => {
    const put = statement(bucketPolicy, 'ConfigRecorderRolesDelivery');
    expect(put).toMatchObject({
      Principal: { AWS: '*' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${BUCKET}/config/AWSLogs/*/Config/*`,
      Condition: {
        StringEquals: { 'aws:PrincipalOrgID': ORG, 's3:x-amz-acl': 'bucket-owner-full-control' },
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/OrgConfigRecorderRole' },
      },
    });
    expect(statement(keyPolicy, 'AllowConfigRecorderRolesEncrypt').Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': ORG },
      StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' },
      ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/OrgConfigRecorderRole' },
    });
  });

  test('Access Analyzer monitor roles of the organization may read trail logs (seed 004)', () => {
    const read = statement(bucketPolicy, 'AccessAnalyzerReadTrailLogs');
    expect(read.Action).toBe('s3:GetObject');
    expect(read.Resource).toBe(`arn:aws:s3:::${BUCKET}/AWSLogs/${ORG}/*`);
    expect(read.Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': ORG },
      ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/service-role/AccessAnalyzerMonitorServiceRole*' },
    });
    expect(statement(bucketPolicy, 'AccessAnalyzerListTrailLogs').Resource).toBe(`arn:aws:s3:::${BUCKET}`);
  });

  test('Access Analyzer may decrypt only via S3, in the organization, with the trail encryption context', () => {
    expect(statement(keyPolicy, 'AccessAnalyzerDecryptTrailLogs').Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': ORG, 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL },
      StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' },
      ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/service-role/AccessAnalyzerMonitorServiceRole*' },
    });
  });

  test('log readers may decrypt only with the trail encryption context', () => {
    const s = statement(keyPolicy, 'LogReadersDecryptTrailLogs');
    expect(s.Principal).toEqual({ AWS: 'arn:aws:iam::333333333333:root' });
    expect(s.Action).toBe('kms:Decrypt');
    expect(s.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL } });
  });

  test('every Allow to a wildcard principal carries a condition', () => {
    for (const policy of [bucketPolicy, keyPolicy]) {
      for (const s of policy.Statement.filter((x) => x.Effect === 'Allow')) {
        const wildcard = s.Principal === '*' || asList(s.Principal?.AWS).includes('*');
        if (wildcard) expect({ sid: s.Sid, condition: s.Condition }).toEqual({ sid: s.Sid, condition: expect.any(Object) });
      }
    }
  });

  test('every service-principal Allow is bound to a source (SourceArn, SourceAccount or SourceOrgID)', () => {
    for (const policy of [bucketPolicy, keyPolicy, bucketPolicyOf(json, ACCESS)]) {
      for (const s of policy.Statement.filter((x) => x.Effect === 'Allow' && x.Principal?.Service)) {
        const keys = Object.values(s.Condition ?? {}).flatMap((c: any) => Object.keys(c));
        expect({ sid: s.Sid, bound: keys.some((k) => ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID'].includes(k)) }).toEqual({ sid: s.Sid, bound: true });
      }
    }
  });
});

describe('LogArchive options and validation', () => {
  test('object lock is enabled on the bucket with the configured default retention', () => {
    const { stack } = archive({ objectLock: { mode: 'COMPLIANCE', days: 30 } });
    const json = synth(stack);
    const bucket = resourcesOf(json, 'aws_s3_bucket').find((b) => b.bucket === BUCKET)!;
    expect(bucket.object_lock_enabled).toBe(true);
    expect(onlyResource(json, 'aws_s3_bucket_object_lock_configuration').rule).toEqual({
      default_retention: { mode: 'COMPLIANCE', days: 30 },
    });
  });

  test('preventDestroy false is honoured for throw-away organizations', () => {
    const { stack } = archive({ preventDestroy: false });
    const json = synth(stack);
    for (const b of resourcesOf(json, 'aws_s3_bucket')) expect(b.lifecycle).toEqual({ prevent_destroy: false });
    expect(onlyResource(json, 'aws_kms_key').lifecycle).toEqual({ prevent_destroy: false });
  });

  test('a trail key prefix moves the CloudTrail and Access Analyzer resources under it', () => {
    const s = P.cloudTrailBucketStatements({ bucketName: BUCKET, trailArn: TRAIL, organizationId: ORG, managementAccountId: MGMT, keyPrefix: 'trail' });
    expect(s[1].resources).toEqual([`arn:aws:s3:::${BUCKET}/trail/AWSLogs/${MGMT}/*`, `arn:aws:s3:::${BUCKET}/trail/AWSLogs/${ORG}/*`]);
  });

  test('rejects roles outside the log-archive account, empty role lists and equal bucket names, all at once', () => {
    expect(() => archive({ breakGlassRoleArns: [], adminRoleArns: ['arn:aws:iam::999999999999:role/X'], accessLogBucketName: BUCKET })).toThrow(
      /^LogArchive "test\/[^"]+" has invalid props:[\s\S]*breakGlassRoleArns must name at least one role[\s\S]*accessLogBucketName must differ from bucketName[\s\S]*adminRoleArns\[0\] "arn:aws:iam::999999999999:role\/X" must be a role of accountId 222222222222/,
    );
  });

  test('LogArchiveBucket rejects a transition after expiration and a lock longer than expiration, all at once', () => {
    const { stack, provider } = testStack();
    expect(
      () =>
        new LogArchiveBucket(stack, 'b', {
          provider,
          bucketName: 'valid-name',
          encryption: { kmsKeyArn: 'arn:aws:kms:ap-northeast-1:222222222222:key/x' },
          expirationDays: 30,
          glacierTransitionDays: 60,
          objectLock: { mode: 'GOVERNANCE', days: 40 },
        }),
    ).toThrow(/glacierTransitionDays \(60\) must be less than expirationDays \(30\)[\s\S]*objectLock.days \(40\) must not exceed expirationDays \(30\)/);
  });

  test('LogArchiveBucket rejects SSE-S3 without a reason and an invalid bucket name', () => {
    const { stack, provider } = testStack();
    expect(
      () => new LogArchiveBucket(stack, 'b', { provider, bucketName: 'Bad_Name', encryption: { s3Managed: true, reason: 'short' }, expirationDays: 30 }),
    ).toThrow(/not a valid S3 bucket name[\s\S]*needs a reason/);
  });

  test('a repeated statement sid is reported when the policy is rendered', () => {
    const { stack, la } = archive();
    la.grantConfigDelivery({ organizationId: ORG, keyPrefix: 'config', serviceAccountIds: [MGMT, '333333333333'], recorderRoleNames: ['OrgConfigRecorderRole'] });
    la.grantConfigDelivery({ organizationId: ORG, keyPrefix: 'config', serviceAccountIds: [MGMT, '333333333333'], recorderRoleNames: ['OrgConfigRecorderRole'] });
    expect(() => synth(stack)).toThrow(/sid "(AWSConfigBucketPermissionsCheck|AllowConfigEncrypt)" is used twice/);
  });
});

describe('LogArchive for a single account (no organization)', () => {
  const SOLO = '444444444444';
  const SOLO_TRAIL = `arn:aws:cloudtrail:ap-northeast-1:${SOLO}:trail/account-trail`;
  const soloRole = (n: string) => `arn:aws:iam::${SOLO}:role/${n}`;

  function soloArchive() {
    const { stack, provider } = testStack();
    const la = new LogArchive(stack, 'solo', {
      provider,
      accountId: SOLO,
      region: 'ap-northeast-1',
      bucketName: 'solo-logs-444444444444',
      breakGlassRoleArns: [soloRole('BreakGlass')],
      adminRoleArns: [soloRole('Deployer')],
    });
    return { stack, la };
  }

  test('GIVEN a trail ARN only WHEN CloudTrail delivery is granted THEN writes are allowed under AWSLogs/<trail account>/ alone', () => {
    const { stack, la } = soloArchive();
    la.grantCloudTrailDelivery({ trailArn: SOLO_TRAIL });
    const json = synth(stack);
    const policy = bucketPolicyOf(json, 'solo-logs-444444444444');
    expect(asList(statement(policy, 'AWSCloudTrailWrite').Resource)).toEqual([`arn:aws:s3:::solo-logs-444444444444/AWSLogs/${SOLO}/*`]);
    expect(statement(policy, 'AWSCloudTrailWrite').Condition.StringEquals['aws:SourceArn']).toBe(SOLO_TRAIL);
    const key = parsePolicy(onlyResource(json, 'aws_kms_key').policy);
    expect(statement(key, 'AllowTrailAccountDecryptTrailLogs').Principal).toEqual({ AWS: `arn:aws:iam::${SOLO}:root` });
  });

  test('the access-log bucket defaults to "<bucketName>-access"', () => {
    const { stack } = soloArchive();
    const names = resourcesOf(synth(stack), 'aws_s3_bucket').map((b) => b.bucket).sort();
    expect(names).toEqual(['solo-logs-444444444444', 'solo-logs-444444444444-access']);
  });

  test('GIVEN a trail ARN known only after apply and a malformed organization ID THEN both are reported, naming the construct path', () => {
    const { la } = soloArchive();
    expect(() => la.grantCloudTrailDelivery({ trailArn: '${aws_cloudtrail.t.arn}', organizationId: 'none' })).toThrow(
      /^LogArchive "test\/solo" has invalid props:[\s\S]*trailArn "\$\{aws_cloudtrail.t.arn\}" names no 12-digit account[\s\S]*organizationId "none" is not an organization ID/,
    );
  });
});
