import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { ConfigError, formatIssues, loadConfig, parseConfig } from '../config/load';
import { comparePaths, ConfigIssue, validateConfig } from '../config/schema';
import { exampleInput, merge, synthAll } from './helpers';

/** The issues reported for the example config with a patch applied; fails when the result is valid. */
function issuesOf(input: unknown): readonly ConfigIssue[] {
  const r = validateConfig(input);
  if (r.ok) throw new Error(`expected the configuration to be rejected, but it validated: ${JSON.stringify(input)}`);
  return r.issues;
}

function issuesFor(patch: Record<string, unknown>): readonly ConfigIssue[] {
  return issuesOf(merge(exampleInput(), patch));
}

/** Asserts the patch yields exactly one issue, at `path`, whose message contains `message`. */
function expectSingleIssue(patch: Record<string, unknown>, path: string, message: string, received?: unknown): void {
  const issues = issuesFor(patch);
  expect(issues).toEqual([
    expect.objectContaining({ path, message: expect.stringContaining(message), ...(received === undefined ? {} : { received }) }),
  ]);
}

/** The example input without the section at `key` (a deep copy, so the example is never mutated). */
function exampleWithout(section: string, key?: string): Record<string, any> {
  const input = exampleInput();
  if (key === undefined) delete input[section];
  else delete input[section][key];
  return input;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'lz-config-test-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function writeTmp(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

describe('GIVEN the example configuration', () => {
  test('WHEN validated THEN it passes with no issues', () => {
    const r = validateConfig(exampleInput());
    expect(r.ok).toBe(true);
  });

  test('WHEN validated THEN every documented @default is filled in', () => {
    const r = validateConfig(exampleInput());
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const c = r.config;
    expect(c.organization.manageTrustedAccess).toBe(true);
    expect(c.organization.additionalServiceAccessPrincipals).toEqual([]);
    expect(c.organization.enabledPolicyTypes).toEqual(['SERVICE_CONTROL_POLICY']);
    expect(c.accounts.logArchive.roleName).toBe('OrganizationAccountAccessRole');
    expect(c.accounts.logArchive.breakGlassRoleName).toBe('LogArchiveBreakGlass');
    expect(c.accounts.audit.roleName).toBe('OrganizationAccountAccessRole');
    expect(c.accounts.management).toEqual({});
    expect(c.notifications.allConfigEmails).toEqual([]);
    expect(c.notifications.topicNamePrefix).toBe('org');
    expect(c.logArchive.bucketNamePrefix).toBe('org-logs');
    expect(c.logArchive.noncurrentVersionExpirationDays).toBe(90);
    expect(c.logArchive.accessLogRetentionDays).toBe(365);
    expect(c.logArchive.configKeyPrefix).toBe('config');
    expect(c.logArchive.preventDestroy).toBe(true);
    expect(c.logArchive.objectLock).toBeUndefined();
    expect(c.trail.s3KeyPrefix).toBeUndefined();
    expect(c.trail.dataEvents).toEqual({ s3: 'write', lambda: 'none', dynamodb: 'none' });
    expect(c.tags).toEqual({ ManagedBy: 'cdktf-org-security-baseline' });
    expect(c.backend).toEqual({ type: 'local' });
  });

  test('WHEN the optional sections logArchive, trail, tags and backend are left out THEN they are filled with their defaults', () => {
    const input = exampleInput();
    delete input.logArchive;
    delete input.trail;
    delete input.backend;
    const r = validateConfig(input);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.logArchive).toEqual({
      bucketNamePrefix: 'org-logs',
      retentionDays: 365,
      glacierTransitionDays: 90,
      noncurrentVersionExpirationDays: 90,
      accessLogRetentionDays: 365,
      configKeyPrefix: 'config',
      configRecorderRoleName: 'OrgConfigRecorderRole',
      preventDestroy: true,
    });
    expect(r.config.trail).toEqual({
      name: 'org-trail',
      cloudWatchLogsRetentionDays: 365,
      dataEvents: { s3: 'write', lambda: 'none', dynamodb: 'none' },
    });
    expect(r.config.tags).toEqual({ ManagedBy: 'cdktf-org-security-baseline' });
    expect(r.config.backend).toEqual({ type: 'local' });
  });

  test('WHEN an s3 backend gives only bucket and region THEN keyPrefix, useLockfile and encrypt get their defaults', () => {
    const r = validateConfig(merge(exampleInput(), { backend: { type: 's3', bucket: 'state-bucket', region: 'us-east-1' } }));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.backend).toEqual({
      type: 's3',
      bucket: 'state-bucket',
      region: 'us-east-1',
      keyPrefix: 'org-security-baseline',
      useLockfile: true,
      encrypt: true,
    });
  });

  test('WHEN a cloud backend gives only organization and workspacePrefix THEN hostname, dynamicCredentials, project, bootstrap and the trust policy quota get their defaults', () => {
    const r = validateConfig(merge(exampleInput(), { backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline' } }));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.backend).toEqual({
      type: 'cloud',
      organization: 'acme',
      workspacePrefix: 'baseline',
      hostname: 'app.terraform.io',
      dynamicCredentials: false,
      project: 'Default Project',
      bootstrap: false,
      trustPolicyLengthQuota: 2048,
      readerTeamToken: false,
    });
  });

  test('WHEN backend.trustPolicyLengthQuota is below the IAM default or not whole THEN validation says so', () => {
    for (const [value, message] of [[1024, 'expected at least 2048, the IAM default'], [2048.5, 'expected a whole number of characters']] as const) {
      const r = validateConfig(merge(exampleInput(), { backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline', trustPolicyLengthQuota: value } }));
      expect(r.ok).toBe(false);
      expect(r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)).toContain(`backend.trustPolicyLengthQuota: ${message}`);
    }
  });
});

describe('GIVEN backend.readerTeamToken (the readers\' TFE_TOKEN from the bootstrap)', () => {
  const BOOTSTRAP = {
    backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline', dynamicCredentials: true, bootstrap: true },
    accounts: { management: { roleName: 'BaselineDeployer' }, logArchive: { roleName: 'BaselineDeployer' }, audit: { roleName: 'BaselineDeployer' } },
  };
  const withBackend = (backend: Record<string, unknown>) => ({ ...BOOTSTRAP, backend: { ...BOOTSTRAP.backend, ...backend } });

  test('WHEN on with the bootstrap, with or without an expiry THEN it is accepted as given', () => {
    const r = validateConfig(merge(exampleInput(), withBackend({ readerTeamToken: true })));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.backend).toMatchObject({ readerTeamToken: true });
    expect(r.config.backend).not.toHaveProperty('readerTeamTokenExpiresAt');
    const e = validateConfig(merge(exampleInput(), withBackend({ readerTeamToken: true, readerTeamTokenExpiresAt: '2027-06-30T00:00:00Z' })));
    if (!e.ok) throw new Error(JSON.stringify(e.issues));
    expect(e.config.backend).toMatchObject({ readerTeamToken: true, readerTeamTokenExpiresAt: '2027-06-30T00:00:00Z' });
  });

  test('WHEN it is not a boolean THEN validation says so', () => {
    expectSingleIssue(withBackend({ readerTeamToken: 'team' }), 'backend.readerTeamToken', 'expected true or false', 'team');
  });

  test('WHEN on without the bootstrap THEN it is refused: only hcp-workspaces could create the token', () => {
    expectSingleIssue(withBackend({ bootstrap: false, readerTeamToken: true }), 'backend.readerTeamToken', 'needs backend.bootstrap true', true);
    expect(validateConfig(merge(exampleInput(), withBackend({ bootstrap: false, readerTeamToken: false }))).ok).toBe(true);
  });

  test.each(['local', 's3'])('WHEN given with backend.type %s THEN it is refused as an unknown key', (type) => {
    const backend = type === 's3' ? { type, bucket: 'state-bucket', region: 'us-east-1', readerTeamToken: true } : { type, readerTeamToken: true };
    const issues = issuesFor({ backend });
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['backend: unknown key "readerTeamToken": remove it or check the spelling']);
  });

  test.each([
    ['2027-06-30', 'expected a UTC date and time like "2027-06-30T00:00:00Z"'],
    ['2027-06-30T00:00:00+09:00', 'expected a UTC date and time like "2027-06-30T00:00:00Z"'],
    ['2027-02-30T00:00:00Z', 'expected a date that exists'],
    ['2027-13-01T00:00:00Z', 'expected a date that exists'],
  ])('WHEN readerTeamTokenExpiresAt is %s THEN validation says so', (value, message) => {
    expectSingleIssue(withBackend({ readerTeamToken: true, readerTeamTokenExpiresAt: value }), 'backend.readerTeamTokenExpiresAt', message, value);
  });

  test('WHEN readerTeamTokenExpiresAt is set without readerTeamToken THEN it is refused', () => {
    expectSingleIssue(withBackend({ readerTeamTokenExpiresAt: '2027-06-30T00:00:00Z' }), 'backend.readerTeamTokenExpiresAt', 'backend.readerTeamToken is not true', '2027-06-30T00:00:00Z');
  });
});

describe('GIVEN account IDs', () => {
  test.each([
    ['organization.managementAccountId', { organization: { managementAccountId: '12345' } }, 'management account ID as exactly 12 digits'],
    ['accounts.logArchive.id', { accounts: { logArchive: { id: '2222222222223' } } }, 'log-archive account ID as exactly 12 digits'],
    ['accounts.audit.id', { accounts: { audit: { id: '33333333333a' } } }, 'audit account ID as exactly 12 digits'],
  ])('rejects %s when it is not exactly 12 digits', (field, patch, message) => {
    expectSingleIssue(patch, field, message);
  });

  test('rejects an account ID given as a number instead of a string of 12 digits', () => {
    expectSingleIssue({ organization: { managementAccountId: 123456789012 } }, 'organization.managementAccountId', 'as a string of 12 digits', 123456789012);
  });

  test('reports a missing account ID as required', () => {
    const input = exampleInput();
    delete input.accounts.audit.id;
    expect(issuesOf(input)).toEqual([{ path: 'accounts.audit.id', message: expect.stringMatching(/^is required: .*audit account ID/) }]);
  });

  test('rejects a log-archive account that is the management account', () => {
    expectSingleIssue(
      { accounts: { logArchive: { id: '111111111111' } } },
      'accounts.logArchive.id',
      'must differ from organization.managementAccountId',
      '111111111111',
    );
  });

  test('rejects an audit account that is the management account', () => {
    expectSingleIssue({ accounts: { audit: { id: '111111111111' } } }, 'accounts.audit.id', 'must differ from organization.managementAccountId', '111111111111');
  });

  test('rejects an audit account that is the log-archive account', () => {
    expectSingleIssue({ accounts: { audit: { id: '222222222222' } } }, 'accounts.audit.id', 'must differ from accounts.logArchive.id', '222222222222');
  });

  test('reports every clash when all three accounts are the same', () => {
    const issues = issuesFor({ accounts: { logArchive: { id: '111111111111' }, audit: { id: '111111111111' } } });
    expect(issues.map((i) => i.path)).toEqual(['accounts.audit.id', 'accounts.logArchive.id']);
    expect(issues.every((i) => i.message.includes('three distinct accounts'))).toBe(true);
  });
});

describe('GIVEN the organization ID', () => {
  test('rejects an organization ID without the o- prefix', () => {
    expectSingleIssue({ organization: { id: 'a1b2c3d4e5' } }, 'organization.id', 'matching o-[a-z0-9]{10,32}', 'a1b2c3d4e5');
  });

  test.each([
    ['too short', 'o-a1b2c3d4e'],
    ['too long', `o-${'a'.repeat(33)}`],
    ['upper-case', 'o-A1B2C3D4E5'],
  ])('rejects an organization ID that is %s', (_why, id) => {
    expectSingleIssue({ organization: { id } }, 'organization.id', 'matching o-[a-z0-9]{10,32}', id);
  });
});

describe('GIVEN regions', () => {
  test('rejects a home region that is not a known commercial region', () => {
    expectSingleIssue({ organization: { homeRegion: 'us-gov-west-1' } }, 'organization.homeRegion', 'expected an AWS commercial region name', 'us-gov-west-1');
  });

  test('rejects a governed region that is not a known region, naming its index', () => {
    expectSingleIssue(
      { organization: { governedRegions: ['ap-northeast-1', 'mars-north-1'] } },
      'organization.governedRegions[1]',
      'expected an AWS commercial region name',
      'mars-north-1',
    );
  });

  test('rejects governed regions that leave out the home region', () => {
    expectSingleIssue(
      { organization: { governedRegions: ['us-east-1', 'eu-west-1'] } },
      'organization.governedRegions',
      'must include the home region "ap-northeast-1"',
    );
  });

  test('rejects a governed region listed twice, at the second occurrence', () => {
    expectSingleIssue(
      { organization: { governedRegions: ['ap-northeast-1', 'us-east-1', 'us-east-1'] } },
      'organization.governedRegions[2]',
      'is listed twice',
      'us-east-1',
    );
  });

  test('rejects an empty list of governed regions', () => {
    expectSingleIssue({ organization: { governedRegions: [] } }, 'organization.governedRegions', 'at least one governed region');
  });
});

describe('GIVEN notification e-mails', () => {
  test('rejects a security notification address that is not an e-mail', () => {
    expectSingleIssue(
      { notifications: { emails: ['security@example.com', 'not-an-email'] } },
      'notifications.emails[1]',
      'expected an e-mail address',
      'not-an-email',
    );
  });

  test('rejects an empty list of security notification addresses', () => {
    expectSingleIssue({ notifications: { emails: [] } }, 'notifications.emails', 'at least one e-mail address');
  });

  test('rejects an allConfigEmails entry that is not an e-mail', () => {
    expectSingleIssue(
      { notifications: { allConfigEmails: ['config@example.com', 'config.example.com'] } },
      'notifications.allConfigEmails[1]',
      'expected an e-mail address like "config@example.com"',
      'config.example.com',
    );
  });
});

describe('GIVEN log-archive retention values', () => {
  test.each([
    [0, 'to be a positive number of days'],
    [-5, 'to be a positive number of days'],
    [1.5, 'as a whole number of days'],
    ['365', 'as a whole number of days'],
  ])('rejects logArchive.retentionDays = %p', (value, message) => {
    expectSingleIssue({ logArchive: { retentionDays: value, glacierTransitionDays: 1 } }, 'logArchive.retentionDays', `expected retentionDays ${message}`, value);
  });

  test.each(['glacierTransitionDays', 'noncurrentVersionExpirationDays', 'accessLogRetentionDays'])('rejects logArchive.%s that is zero or fractional', (field) => {
    expectSingleIssue({ logArchive: { [field]: 0 } }, `logArchive.${field}`, `expected ${field} to be a positive number of days`, 0);
    expectSingleIssue({ logArchive: { [field]: 2.5 } }, `logArchive.${field}`, `expected ${field} as a whole number of days`, 2.5);
  });

  test('rejects a Glacier transition that is not before expiry', () => {
    expectSingleIssue(
      { logArchive: { retentionDays: 365, glacierTransitionDays: 365 } },
      'logArchive.glacierTransitionDays',
      'must be less than logArchive.retentionDays (365)',
      365,
    );
  });

  test('accepts a Glacier transition one day before expiry', () => {
    expect(validateConfig(merge(exampleInput(), { logArchive: { retentionDays: 365, glacierTransitionDays: 364 } })).ok).toBe(true);
  });

  test('rejects an object-lock period longer than the retention', () => {
    expectSingleIssue(
      { logArchive: { objectLock: { mode: 'COMPLIANCE', days: 366 } } },
      'logArchive.objectLock.days',
      'must not exceed logArchive.retentionDays (365)',
      366,
    );
  });

  test('accepts an object-lock period equal to the retention', () => {
    expect(validateConfig(merge(exampleInput(), { logArchive: { objectLock: { mode: 'GOVERNANCE', days: 365 } } })).ok).toBe(true);
  });

  test('rejects an unknown object-lock mode', () => {
    expectSingleIssue({ logArchive: { objectLock: { mode: 'STRICT', days: 30 } } }, 'logArchive.objectLock.mode', 'expected "GOVERNANCE" or "COMPLIANCE"', 'STRICT');
  });
});

describe('GIVEN names used in resources', () => {
  test('rejects a CloudWatch Logs retention CloudWatch does not accept', () => {
    expectSingleIssue(
      { trail: { cloudWatchLogsRetentionDays: 100 } },
      'trail.cloudWatchLogsRetentionDays',
      'expected one of the values CloudWatch Logs accepts: 1, 3, 5',
      100,
    );
  });

  test.each([
    ['starting with a hyphen', '-org-trail'],
    ['shorter than 3 characters', 'ab'],
    ['containing a space', 'org trail'],
  ])('rejects a trail name %s', (_why, name) => {
    expectSingleIssue({ trail: { name } }, 'trail.name', 'expected 3-128 letters, digits', name);
  });

  test.each([
    ['with upper-case and underscores', 'Org_Logs'],
    ['ending with a hyphen', 'org-logs-'],
  ])('rejects a bucket name prefix %s', (_why, prefix) => {
    expectSingleIssue({ logArchive: { bucketNamePrefix: prefix } }, 'logArchive.bucketNamePrefix', 'expected lower-case letters, digits and hyphens', prefix);
  });

  test('rejects a bucket name prefix that makes the access-log bucket name longer than 63 characters', () => {
    // "<prefix>-222222222222-ap-northeast-1-access" is 35 characters plus the prefix.
    const prefix = 'a'.repeat(29);
    expectSingleIssue(
      { logArchive: { bucketNamePrefix: prefix } },
      'logArchive.bucketNamePrefix',
      `is too long: bucket name "${prefix}-222222222222-ap-northeast-1-access" has 64 characters, S3 allows 63`,
      prefix,
    );
  });

  test('accepts a bucket name prefix that makes the access-log bucket name exactly 63 characters', () => {
    expect(validateConfig(merge(exampleInput(), { logArchive: { bucketNamePrefix: 'a'.repeat(28) } })).ok).toBe(true);
  });
});

describe('GIVEN unknown keys', () => {
  test('rejects an unknown key at the root, naming the key', () => {
    expect(issuesFor({ organisation: {} })).toEqual([{ path: '(root)', message: expect.stringContaining('unknown key "organisation"') }]);
  });

  test('rejects an unknown nested key, naming the key and its parent path', () => {
    expect(issuesFor({ accounts: { audit: { roleNmae: 'X' } } })).toEqual([
      { path: 'accounts.audit', message: expect.stringContaining('unknown key "roleNmae"') },
    ]);
  });

  test('names every unknown key of one object in one issue', () => {
    expect(issuesFor({ trail: { nmae: 'x', retention: 1 } })).toEqual([
      { path: 'trail', message: expect.stringContaining('unknown keys "nmae", "retention"') },
    ]);
  });
});

describe('GIVEN a backend', () => {
  test('rejects an unknown backend type', () => {
    expectSingleIssue({ backend: { type: 'gcs' } }, 'backend.type', 'expected backend.type to be "local", "s3" or "cloud"', 'gcs');
  });

  test('rejects an s3 backend without a bucket, reporting it as required', () => {
    expect(issuesFor({ backend: { type: 's3', region: 'us-east-1' } })).toEqual([
      { path: 'backend.bucket', message: expect.stringMatching(/^is required/) },
    ]);
  });

  test('rejects an s3 backend that turns encryption off', () => {
    expectSingleIssue(
      { backend: { type: 's3', bucket: 'state-bucket', region: 'us-east-1', encrypt: false } },
      'backend.encrypt',
      'state encryption cannot be turned off',
      false,
    );
  });

  test('rejects a cloud backend without organization and workspacePrefix, reporting both', () => {
    expect(issuesFor({ backend: { type: 'cloud' } })).toEqual([
      { path: 'backend.organization', message: expect.stringMatching(/^is required/) },
      { path: 'backend.workspacePrefix', message: expect.stringMatching(/^is required/) },
    ]);
  });
});

describe('GIVEN missing required sections', () => {
  test.each(['notifications', 'organization', 'accounts'])('reports a missing %s section as required', (section) => {
    expect(issuesOf(exampleWithout(section))).toEqual([{ path: section, message: expect.stringMatching(/^is required: expected object/) }]);
  });

  test('reports a missing nested field as required', () => {
    expect(issuesOf(exampleWithout('notifications', 'emails'))).toEqual([{ path: 'notifications.emails', message: expect.stringMatching(/^is required/) }]);
  });

  test('rejects a document that is not an object', () => {
    expect(issuesOf([])).toEqual([{ path: '(root)', message: expect.stringContaining('expected object'), received: [] }]);
  });
});

describe('GIVEN a configuration with many problems', () => {
  test('WHEN validated THEN every problem is reported at once, sorted by path', () => {
    const issues = issuesFor({
      organization: { id: 'org-1', managementAccountId: '1111', governedRegions: ['ap-northeast-1', 'ap-northeast-1'] },
      accounts: { logArchive: { id: '333333333333' } },
      notifications: { emails: ['nobody'] },
      logArchive: { retentionDays: 30, glacierTransitionDays: 90 },
      trail: { name: 'x' },
      backend: { type: 's3', region: 'us-east-1', encrypt: false },
      extra: true,
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual([
      '(root)',
      'accounts.audit.id',
      'backend.bucket',
      'backend.encrypt',
      'logArchive.glacierTransitionDays',
      'notifications.emails[0]',
      'organization.governedRegions[1]',
      'organization.id',
      'organization.managementAccountId',
      'trail.name',
    ]);
    const sections = new Set(paths.map((p) => p.split(/[.[]/)[0]));
    expect(sections.size).toBeGreaterThanOrEqual(5);
    expect([...sections]).toEqual(expect.arrayContaining(['organization', 'accounts', 'notifications', 'logArchive', 'trail', 'backend']));
  });

  test('WHEN parsed from text THEN the ConfigError carries every issue and its message lists them all', () => {
    const text = JSON.stringify(
      merge(exampleInput(), { organization: { id: 'bad', homeRegion: 'nowhere-1' }, accounts: { audit: { id: '1' } }, trail: { cloudWatchLogsRetentionDays: 2 } }),
    );
    let error: unknown;
    try {
      parseConfig(text, 'many.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const ce = error as ConfigError;
    expect(ce.file).toBe('many.json');
    expect(ce.issues.map((i) => i.path)).toEqual(['accounts.audit.id', 'organization.homeRegion', 'organization.id', 'trail.cloudWatchLogsRetentionDays']);
    expect(ce.message).toMatch(/^Invalid configuration in many\.json: 4 problems$/m);
    for (const i of ce.issues) expect(ce.message).toContain(`  - ${i.path}: ${i.message}`);
  });
});

describe('GIVEN issues to format', () => {
  test('WHEN formatted THEN there is a header naming the file and one line per issue with path, message and the value found', () => {
    const issues = issuesFor({ organization: { id: 'bad-org' }, accounts: { audit: { id: 42 } }, notifications: { emails: ['a'] } });
    expect(issues).toHaveLength(3);
    const text = formatIssues('/etc/lz/config.json', issues);
    const [header, ...lines] = text.split('\n');
    expect(header).toBe('Invalid configuration in /etc/lz/config.json: 3 problems');
    expect(lines).toEqual([
      '  - accounts.audit.id: expected the audit account ID as a string of 12 digits (got 42)',
      `  - notifications.emails[0]: expected an e-mail address like "security@example.com" (got "a")`,
      `  - organization.id: expected an organization ID matching o-[a-z0-9]{10,32}, e.g. "o-a1b2c3d4e5" (got "bad-org")`,
    ]);
  });

  test('WHEN an issue has no value THEN its line has no "(got ...)" and a single problem is singular', () => {
    const text = formatIssues('x.yaml', [{ path: 'notifications', message: 'is required: expected object, received undefined' }]);
    expect(text).toBe('Invalid configuration in x.yaml: 1 problem\n  - notifications: is required: expected object, received undefined');
  });

  test('WHEN there are more than 50 issues THEN the first 50 are printed and "... and N more" counts the rest', () => {
    const issues = Array.from({ length: 57 }, (_, i) => ({ path: `x[${i}]`, message: 'bad' }));
    const lines = formatIssues('f.json', issues).split('\n');
    expect(lines[0]).toBe('Invalid configuration in f.json: 57 problems');
    expect(lines).toHaveLength(1 + 50 + 1);
    expect(lines[50]).toBe('  - x[49]: bad');
    expect(lines[51]).toBe('  ... and 7 more');
  });

  test('WHEN a value is a number JSON cannot hold, or nests too deep to print THEN the line says so instead of "null" or a crash', () => {
    expect(formatIssues('f.json', [{ path: 'a', message: 'bad', received: Infinity }])).toContain('(got Infinity, a number too large to use)');
    let deep: unknown[] = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(formatIssues('f.json', [{ path: 'a', message: 'bad', received: deep }])).toContain('(got a list)');
  });

  test('WHEN issues are sorted THEN list indexes compare as numbers and a parent comes before its fields', () => {
    const paths = ['b', 'a[10]', 'a[2]', 'a[2].x', '(root)', 'a', 'a[10].b'];
    expect([...paths].sort(comparePaths)).toEqual(['(root)', 'a', 'a[2]', 'a[2].x', 'a[10]', 'a[10].b', 'b']);
    expect(issuesFor({ notifications: { emails: Array.from({ length: 11 }, (_, i) => `bad${i}`) } }).map((i) => i.path).slice(0, 3)).toEqual([
      'notifications.emails[0]',
      'notifications.emails[1]',
      'notifications.emails[2]',
    ]);
  });

  test('WHEN a ConfigError is built THEN its message is the formatted issues', () => {
    const issues = issuesFor({ trail: { name: '!' } });
    const e = new ConfigError('f.json', issues);
    expect(e.name).toBe('ConfigError');
    expect(e.message).toBe(formatIssues('f.json', issues));
    expect(e.message).toContain('trail.name');
    expect(e.message).toContain('(got "!")');
  });
});

describe('GIVEN LZ_CONFIG', () => {
  function loadError(env: NodeJS.ProcessEnv): ConfigError {
    try {
      loadConfig(env);
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error('expected loadConfig to throw a ConfigError');
  }

  test('WHEN unset THEN the example configuration is loaded', () => {
    const c = loadConfig({});
    expect(c.organization.managementAccountId).toBe('111111111111');
    expect(c.organization.homeRegion).toBe('ap-northeast-1');
  });

  test('WHEN it names a missing file THEN a ConfigError says the file was not found and names the variable', () => {
    const file = path.join(tmp, 'does-not-exist.json');
    const e = loadError({ LZ_CONFIG: file });
    expect(e.file).toBe(file);
    expect(e.issues).toEqual([{ path: '(root)', message: expect.stringContaining('cannot be read: file not found (set by LZ_CONFIG)') }]);
    expect(e.message).toContain(`Invalid configuration in ${file}`);
  });

  test('WHEN it names a file that is not valid JSON THEN a ConfigError gives the line and column', () => {
    const file = writeTmp('broken.json', '{\n  "organization": {\n    "id": "o-a1b2c3d4e5",\n  }\n}');
    const e = loadError({ LZ_CONFIG: file });
    expect(e.file).toBe(file);
    expect(e.issues).toEqual([{ path: '(root)', message: expect.stringMatching(/^is not valid JSON at line 4, column 3: /) }]);
  });

  test('WHEN it names a valid JSON file with a bad value THEN the ConfigError names the file and the field', () => {
    const file = writeTmp('bad-value.json', JSON.stringify(merge(exampleInput(), { accounts: { logArchive: { id: '22' } } })));
    const e = loadError({ LZ_CONFIG: file });
    expect(e.file).toBe(file);
    expect(e.issues.map((i) => i.path)).toEqual(['accounts.logArchive.id']);
  });

  test.each(['config.yaml', 'config.yml'])('WHEN it names a valid YAML file (%s) THEN it loads with the values of that file', (name) => {
    const file = writeTmp(name, toYaml(merge(exampleInput(), { organization: { managementAccountId: '999999999999' }, trail: { name: 'yaml-trail' } })));
    const c = loadConfig({ LZ_CONFIG: file });
    expect(c.organization.managementAccountId).toBe('999999999999');
    expect(c.trail.name).toBe('yaml-trail');
    expect(c.notifications.topicNamePrefix).toBe('org');
  });

  test('WHEN a YAML file repeats a key THEN it is rejected as unparsable instead of one value silently winning', () => {
    const file = writeTmp('dup.yaml', `${toYaml(exampleInput())}trail:\n  name: second-trail\n`);
    const e = loadError({ LZ_CONFIG: file });
    expect(e.issues).toEqual([{ path: '(root)', message: expect.stringMatching(/^is not valid YAML at line \d+, column 1: .*a key is given twice/) }]);
  });

  test('WHEN a YAML file has an invalid value THEN the issue names the field', () => {
    const file = writeTmp('bad.yml', toYaml(merge(exampleInput(), { organization: { homeRegion: 'moon-1' } })));
    const e = loadError({ LZ_CONFIG: file });
    expect(e.issues.map((i) => i.path)).toEqual(['organization.homeRegion']);
  });

  test('WHEN it is a relative path THEN it is resolved against the working directory', () => {
    const dir = mkdtempSync(path.join(tmp, 'cwd-'));
    writeFileSync(path.join(dir, 'relative.json'), JSON.stringify(merge(exampleInput(), { organization: { id: 'o-relative123' } })));
    const before = process.cwd();
    process.chdir(dir);
    try {
      expect(loadConfig({ LZ_CONFIG: 'relative.json' }).organization.id).toBe('o-relative123');
      expect(loadConfig({ LZ_CONFIG: './relative.json' }).organization.id).toBe('o-relative123');
      const e = loadError({ LZ_CONFIG: 'elsewhere.json' });
      expect(path.basename(path.dirname(e.file))).toBe(path.basename(dir));
      expect(path.isAbsolute(e.file)).toBe(true);
    } finally {
      process.chdir(before);
    }
  });
});

describe('GIVEN LZ_CONFIG pointing at another valid configuration', () => {
  const other = {
    organization: {
      id: 'o-zz9yy8xx7w6v',
      managementAccountId: '444455556666',
      homeRegion: 'eu-west-1',
      governedRegions: ['eu-west-1', 'eu-central-1'],
    },
    accounts: { logArchive: { id: '777788889999' }, audit: { id: '123412341234' } },
    notifications: { emails: ['soc-team@acme.io'], allConfigEmails: ['tooling@acme.io'] },
    trail: { name: 'acme-org-trail' },
    backend: { type: 'local' },
  };
  const exampleValues = ['111111111111', '222222222222', '333333333333', 'o-a1b2c3d4e5', 'ap-northeast-1', 'security@example.com'];

  test('WHEN all three stacks are synthesized THEN none of the example values remain and the new values are where they belong', () => {
    const file = writeTmp('other.json', JSON.stringify(other));
    const config = loadConfig({ LZ_CONFIG: file });
    const out = synthAll(config);
    // The CloudTrail table projects every commercial region (the trail records them all), so the
    // example's home region legitimately appears in that one list.
    const table = Object.values(out.audit.resource.aws_glue_catalog_table as Record<string, any>)[0];
    expect(table.parameters['projection.region.values'].split(',')).toContain('ap-northeast-1');
    delete table.parameters['projection.region.values'];
    const text = {
      logArchive: JSON.stringify(out.logArchive),
      audit: JSON.stringify(out.audit),
      management: JSON.stringify(out.management),
    };
    for (const [stack, json] of Object.entries(text)) {
      for (const v of exampleValues) {
        if (json.includes(v)) throw new Error(`${stack} stack still contains the example value ${v}`);
      }
      expect(json).toContain('o-zz9yy8xx7w6v');
      expect(json).toContain('eu-west-1');
    }
    // log archive: bucket names carry the log-archive account, bucket policy names the trail
    expect(text.logArchive).toContain('org-logs-777788889999-eu-west-1');
    expect(text.logArchive).toContain('acme-org-trail');
    // audit: topics live in the audit account, subscriptions go to the new addresses
    expect(text.audit).toContain('123412341234');
    expect(text.audit).toContain('soc-team@acme.io');
    expect(text.audit).toContain('tooling@acme.io');
    // management: the trail is in the management account and writes to the new bucket
    expect(text.management).toContain('444455556666');
    expect(text.management).toContain('acme-org-trail');
    expect(text.management).toContain('777788889999');
  });
});

describe('GIVEN one bad field next to a cross-field problem', () => {
  test('a bad bucket prefix does not hide a Glacier transition after expiry', () => {
    const paths = issuesFor({ logArchive: { glacierTransitionDays: 400, bucketNamePrefix: 'BAD' } }).map((i) => i.path);
    expect(paths).toEqual(['logArchive.bucketNamePrefix', 'logArchive.glacierTransitionDays']);
  });

  test('a bad config prefix does not hide an object lock longer than retention', () => {
    const paths = issuesFor({ logArchive: { objectLock: { mode: 'COMPLIANCE', days: 400 }, configKeyPrefix: '/bad' } }).map((i) => i.path);
    expect(paths).toEqual(['logArchive.configKeyPrefix', 'logArchive.objectLock.days']);
  });

  test('a bad retention value does not hide a bucket name that is too long', () => {
    const paths = issuesFor({ logArchive: { retentionDays: 'x', bucketNamePrefix: 'a'.repeat(40) } }).map((i) => i.path);
    expect(paths).toEqual(['logArchive.bucketNamePrefix', 'logArchive.retentionDays']);
  });

  test('an unknown region does not hide a duplicate region or a missing home region', () => {
    const issues = issuesFor({ organization: { governedRegions: ['us-east-1', 'us-east-1', 'mars-1'] } });
    expect(issues.map((i) => i.path)).toEqual(['organization.governedRegions', 'organization.governedRegions[1]', 'organization.governedRegions[2]']);
    expect(issues[0].message).toContain('must include the home region "ap-northeast-1"');
  });

  test('a retention below the default transition says the transition is the default, not a value the user wrote', () => {
    const input = merge(exampleInput(), { logArchive: { retentionDays: 30 } });
    delete input.logArchive.glacierTransitionDays;
    const [issue] = issuesOf(input).filter((i) => i.path === 'logArchive.glacierTransitionDays');
    expect(issue.message).toContain('defaults to 90');
    expect(issue).not.toHaveProperty('received');
  });
});

describe('GIVEN names AWS reserves or rejects', () => {
  test('rejects a trail name with adjacent separators', () => {
    expectSingleIssue({ trail: { name: 'my--trail' } }, 'trail.name', 'must not have adjacent');
  });

  test('rejects a bucket prefix starting with xn--', () => {
    expectSingleIssue({ logArchive: { bucketNamePrefix: 'xn--logs' } }, 'logArchive.bucketNamePrefix', 'S3 reserves them');
  });

  test('reports a missing home region as required', () => {
    const input = exampleInput();
    delete input.organization.homeRegion;
    const issues = issuesOf(input);
    expect(issues).toContainEqual(expect.objectContaining({ path: 'organization.homeRegion', message: expect.stringMatching(/^is required: /) }));
  });
});

describe('GIVEN an empty LZ_CONFIG', () => {
  test('it is an error, not a silent fallback to the example', () => {
    expect(() => loadConfig({ LZ_CONFIG: '' })).toThrow(/LZ_CONFIG is set but empty/);
  });
});

describe('GIVEN the cis and guardrails sections', () => {
  test('defaults: every CIS control on, guardrails on the root, no exempt roles, no region deny', () => {
    const r = validateConfig(exampleInput());
    if (!r.ok) throw new Error('example invalid');
    expect(r.config.cis).toEqual({ enabled: true, controls: ['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15'] });
    expect(r.config.guardrails).toEqual({ enabled: true, targets: ['root'], exemptRoleNames: [], denyUngovernedRegions: false, policyNamePrefix: 'baseline' });
  });

  test('rejects an unknown CIS control and a repeated one', () => {
    expectSingleIssue({ cis: { controls: ['4.16'] } }, 'cis.controls[0]', 'expected a CIS section-4 control id');
    expectSingleIssue({ cis: { controls: ['4.1', '4.1'] } }, 'cis.controls[1]', 'is listed twice: list each control once', '4.1');
    // An invalid item never hides the repeat.
    expect(issuesFor({ cis: { controls: ['4.1', '4.1', 'x'] } })).toEqual([
      expect.objectContaining({ path: 'cis.controls[1]', message: 'is listed twice: list each control once' }),
      expect.objectContaining({ path: 'cis.controls[2]', message: expect.stringContaining('expected a CIS section-4 control id') }),
    ]);
    expect(issuesFor({ guardrails: { targets: ['root', 'bad', 'root'] } })).toEqual([
      expect.objectContaining({ path: 'guardrails.targets[1]', message: expect.stringContaining('expected "root"') }),
      expect.objectContaining({ path: 'guardrails.targets[2]', message: 'is listed twice: list each target once' }),
    ]);
  });

  test('rejects an alarm topic that is not an SNS ARN', () => {
    expectSingleIssue({ cis: { alarmTopicArn: 'arn:aws:sqs:us-east-1:111111111111:q' } }, 'cis.alarmTopicArn', 'expected an SNS topic ARN');
  });

  test('rejects an SCP target that is not root, a root, an OU or an account', () => {
    expectSingleIssue({ guardrails: { targets: ['ou-bad'] } }, 'guardrails.targets[0]', 'expected "root", a root ID');
    expectSingleIssue({ guardrails: { targets: [] } }, 'guardrails.targets', 'expected at least one target');
  });

  test('rejects an exempt role name that is not an IAM role name', () => {
    expectSingleIssue({ guardrails: { exemptRoleNames: ['no spaces allowed'] } }, 'guardrails.exemptRoleNames[0]', 'expected an IAM role name');
    expectSingleIssue({ guardrails: { exemptRoleNames: ['arn:aws:iam::12:role/x'] } }, 'guardrails.exemptRoleNames[0]', 'a path-aware pattern');
    const lz = ['AWSControlTowerExecution', 'aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_*', 'arn:aws:iam::*:role/service-role/Deployer*'];
    expect(validateConfig(merge(exampleInput(), { guardrails: { exemptRoleNames: lz } })).ok).toBe(true);
  });

  test('rejects managed policy types without SCPs while guardrails are on, since the SCPs need that type', () => {
    expectSingleIssue({ organization: { enabledPolicyTypes: ['TAG_POLICY'] } }, 'organization.enabledPolicyTypes', 'must include "SERVICE_CONTROL_POLICY"');
    expect(validateConfig(merge(exampleInput(), { organization: { enabledPolicyTypes: ['TAG_POLICY'] }, guardrails: { enabled: false } })).ok).toBe(true);
  });
});

describe('GIVEN HCP Terraform dynamic credentials', () => {
  const dynamic = { backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline', dynamicCredentials: true } };

  test('rejects the default log-archive roleName, saying which role to name (the default would lock the deployment out of its bucket)', () => {
    expectSingleIssue(dynamic, 'accounts.logArchive.roleName', 'must be set when backend.dynamicCredentials is true: name the role HCP Terraform assumes in the log-archive account');
  });

  test('accepts it once roleName names the run role, and the default without dynamic credentials', () => {
    expect(validateConfig(merge(exampleInput(), { ...dynamic, accounts: { logArchive: { roleName: 'tfc-run-role' } } })).ok).toBe(true);
    expect(validateConfig(merge(exampleInput(), { backend: { ...dynamic.backend, dynamicCredentials: false } })).ok).toBe(true);
  });
});

describe('GIVEN a trail name the delivery role name cannot carry', () => {
  test('rejects a trail name longer than 48 characters (the role name <name>-cloudwatch-logs must fit 64)', () => {
    expectSingleIssue({ trail: { name: 'a'.repeat(49) } }, 'trail.name', 'is too long for the delivery role name');
    expect(validateConfig(merge(exampleInput(), { trail: { name: 'a'.repeat(48) } })).ok).toBe(true);
  });
});

describe('awsConfig and auditRoles', () => {
  test('defaults: Config and the audit roles on, StackSets to the root, daily snapshots, IAM Identity Center permission sets', () => {
    const r = validateConfig(exampleInput());
    if (!r.ok) throw new Error('example invalid');
    expect(r.config.awsConfig).toEqual({ enabled: true, targets: ['root'], snapshotDeliveryFrequency: 'TwentyFour_Hours', namePrefix: 'baseline' });
    expect(r.config.auditRoles).toMatchObject({
      enabled: true,
      administratorRoleName: 'AuditAdministratorRole',
      readOnlyRoleName: 'AuditReadOnlyRole',
      memberAdministratorRoleName: 'AdministratorExecutionRole',
      memberReadOnlyRoleName: 'ReadOnlyExecutionRole',
      maxSessionDurationSeconds: 3600,
      administrators: { permissionSets: ['AuditAdministrator'], roleArns: [] },
      readers: { permissionSets: ['AuditReadOnly'], roleArns: [] },
      targets: ['root'],
    });
  });

  test.each([
    ['awsConfig.targets[0]', { awsConfig: { targets: ['111111111111'] } }, 'expected "root", a root ID (r-...) or an OU ID'],
    ['awsConfig.targets', { awsConfig: { targets: [] } }, 'expected at least one target'],
    ['awsConfig.snapshotDeliveryFrequency', { awsConfig: { snapshotDeliveryFrequency: 'Daily' } }, 'expected one of One_Hour, Three_Hours'],
    ['awsConfig.namePrefix', { awsConfig: { namePrefix: 'a'.repeat(25) } }, 'expected 1-24 letters, digits or "-"'],
    ['auditRoles.maxSessionDurationSeconds', { auditRoles: { maxSessionDurationSeconds: 60 } }, 'expected at least 3600 seconds'],
    ['auditRoles.maxSessionDurationSeconds', { auditRoles: { maxSessionDurationSeconds: 50000 } }, 'expected at most 43200 seconds'],
    ['auditRoles.readers.roleArns[0]', { auditRoles: { readers: { roleArns: ['arn:aws:iam::*:role/Auditor'] } } }, 'expected an exact IAM role ARN (no "*")'],
    ['auditRoles.administrators.permissionSets[0]', { auditRoles: { administrators: { permissionSets: ['has space'] } } }, 'expected an IAM Identity Center permission-set name'],
    ['auditRoles.memberReadOnlyRoleName', { auditRoles: { memberReadOnlyRoleName: 'x'.repeat(65) } }, 'as an IAM role name'],
    ['auditRoles.administrators', { auditRoles: { administrators: { permissionSets: [] } } }, 'must name at least one permission set or role ARN'],
  ])('rejects %s', (path, patch, message) => {
    expectSingleIssue(patch, path, message);
  });

  test('a role nobody may assume is fine when the audit roles are off', () => {
    expect(validateConfig(merge(exampleInput(), { auditRoles: { enabled: false, readers: { permissionSets: [] } } })).ok).toBe(true);
  });
});

describe('StackSet targets', () => {
  test.each(['awsConfig', 'auditRoles'])('%s.targets lists each target once', (section) => {
    expectSingleIssue({ [section]: { targets: ['root', 'ou-ab12-abcdefgh', 'root'] } }, `${section}.targets[2]`, 'is listed twice: list each target once');
  });
});

describe('GIVEN the detective services sections', () => {
  test('WHEN left out THEN every service is on with secure defaults', () => {
    const r = validateConfig(exampleInput());
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const c = r.config;
    expect(c.guardDuty).toEqual({
      enabled: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: {
        s3DataEvents: true,
        eksAuditLogs: true,
        runtimeMonitoring: true,
        runtimeMonitoringAgentManagement: true,
        ebsMalwareProtection: true,
        rdsLoginEvents: true,
        lambdaNetworkLogs: true,
      },
      exportKeyPrefix: 'guardduty',
      enableInManagementAccount: true,
    });
    expect(c.securityHub).toEqual({ enabled: true, policyTargets: ['root'], disabledControls: [] });
    expect(c.accessAnalyzer).toEqual({ enabled: true, archiveRules: [] });
    expect(c.findings).toEqual({ enabled: true, severities: ['HIGH', 'CRITICAL'] });
  });

  test('rejects an unknown publishing frequency, protection plan and severity', () => {
    expectSingleIssue({ guardDuty: { findingPublishingFrequency: 'DAILY' } }, 'guardDuty.findingPublishingFrequency', 'expected one of FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS');
    expectSingleIssue({ guardDuty: { features: { ecsRuntime: true } } }, 'guardDuty.features', 'unknown key "ecsRuntime"');
    expectSingleIssue({ findings: { severities: ['SEVERE'] } }, 'findings.severities[0]', 'expected a severity label');
    expectSingleIssue({ findings: { severities: [] } }, 'findings.severities', 'expected at least one severity');
  });

  test('rejects a disabled control without a written reason, a bad control ID and a control disabled twice', () => {
    expectSingleIssue({ securityHub: { disabledControls: [{ id: 'IAM.6' }] } }, 'securityHub.disabledControls[0].reason', 'is required');
    expectSingleIssue({ securityHub: { disabledControls: [{ id: 'IAM.6', reason: 'n/a' }] } }, 'securityHub.disabledControls[0].reason', 'at least 10 characters');
    expectSingleIssue({ securityHub: { disabledControls: [{ id: 'iam-6', reason: 'a long enough reason' }] } }, 'securityHub.disabledControls[0].id', 'expected a Security Hub control ID');
    const twice = { id: 'IAM.6', reason: 'root access is managed centrally' };
    expectSingleIssue({ securityHub: { disabledControls: [twice, twice] } }, 'securityHub.disabledControls', 'lists a control twice');
  });

  test('rejects a configuration-policy target that is not root, a root, an OU or an account', () => {
    expectSingleIssue({ securityHub: { policyTargets: ['ou-bad'] } }, 'securityHub.policyTargets[0]', 'expected "root", a root ID');
  });

  test('rejects an unused-access age outside 1-365 days and an archive rule without filters', () => {
    expectSingleIssue({ accessAnalyzer: { unusedAccessAgeDays: 0 } }, 'accessAnalyzer.unusedAccessAgeDays', 'expected 1-365 days');
    expectSingleIssue({ accessAnalyzer: { archiveRules: [{ name: 'trusted', filters: [] }] } }, 'accessAnalyzer.archiveRules[0].filters', 'expected at least one filter');
  });

  test('rejects a recorder role name for member accounts while the baseline records Config itself (it would be ignored)', () => {
    expectSingleIssue({ logArchive: { configRecorderRoleName: 'MyRecorder' } }, 'logArchive.configRecorderRoleName', 'is not used while awsConfig.enabled is true');
    expect(validateConfig(merge(exampleInput(), { awsConfig: { enabled: false }, logArchive: { configRecorderRoleName: 'MyRecorder' } })).ok).toBe(true);
  });

  test('rejects the findings rule without Security Hub, which is what it reads', () => {
    expectSingleIssue({ securityHub: { enabled: false } }, 'findings.enabled', 'must be false while securityHub.enabled is false');
    expect(validateConfig(merge(exampleInput(), { securityHub: { enabled: false }, findings: { enabled: false } })).ok).toBe(true);
  });
});

describe('GIVEN an opt-in home region', () => {
  test('rejects GuardDuty exporting other regions to a bucket there, and accepts it alone or without GuardDuty', () => {
    const optIn = { organization: { homeRegion: 'me-south-1', governedRegions: ['me-south-1', 'us-east-1'] } };
    expectSingleIssue(optIn, 'organization.homeRegion', 'GuardDuty cannot export findings of other regions');
    expect(validateConfig(merge(exampleInput(), { organization: { homeRegion: 'me-south-1', governedRegions: ['me-south-1'] } })).ok).toBe(true);
    expect(validateConfig(merge(exampleInput(), { ...optIn, guardDuty: { enabled: false } })).ok).toBe(true);
  });
});

describe('GIVEN the logQuery section', () => {
  test('WHEN it is left out THEN it is on, with a 10 GiB scan limit, 7-day results, the audit root as trust and LogQueryReader', () => {
    const r = validateConfig(exampleInput());
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.logQuery).toEqual({ enabled: true, bytesScannedCutoffPerQuery: 10_737_418_240, resultsRetentionDays: 7, readerRoleName: 'LogQueryReader' });
  });

  test('accepts the smallest scan limit Athena allows (10 MB)', () => {
    expect(validateConfig(merge(exampleInput(), { logQuery: { bytesScannedCutoffPerQuery: 10_485_760 } })).ok).toBe(true);
  });

  test('rejects a scan limit below 10 MB', () => {
    expectSingleIssue({ logQuery: { bytesScannedCutoffPerQuery: 10_485_759 } }, 'logQuery.bytesScannedCutoffPerQuery', 'expected at least 10485760 bytes (10 MB)', 10_485_759);
  });

  test('rejects a scan limit that is not a whole number of bytes', () => {
    expectSingleIssue({ logQuery: { bytesScannedCutoffPerQuery: 20_000_000.5 } }, 'logQuery.bytesScannedCutoffPerQuery', 'expected a whole number of bytes', 20_000_000.5);
    expectSingleIssue({ logQuery: { bytesScannedCutoffPerQuery: '10GB' } }, 'logQuery.bytesScannedCutoffPerQuery', 'expected a whole number of bytes', '10GB');
  });

  test('rejects a results retention that is not a positive number of days', () => {
    expectSingleIssue({ logQuery: { resultsRetentionDays: 0 } }, 'logQuery.resultsRetentionDays', 'positive number of days', 0);
  });

  test('rejects a reader trust principal with a wildcard, naming its index', () => {
    expectSingleIssue({ logQuery: { readerTrustPrincipals: ['arn:aws:iam::333333333333:role/*'] } }, 'logQuery.readerTrustPrincipals[0]', 'without wildcards', 'arn:aws:iam::333333333333:role/*');
  });

  test('rejects a service principal or "*" as a reader', () => {
    const issues = issuesFor({ logQuery: { readerTrustPrincipals: ['athena.amazonaws.com', '*'] } });
    expect(issues.map((i) => i.path)).toEqual(['logQuery.readerTrustPrincipals[0]', 'logQuery.readerTrustPrincipals[1]']);
  });

  test('rejects an empty reader list (leave the field out for the audit account root)', () => {
    expectSingleIssue({ logQuery: { readerTrustPrincipals: [] } }, 'logQuery.readerTrustPrincipals', 'leave the field out for the audit account root');
  });

  test('rejects a reader listed twice', () => {
    const arn = 'arn:aws:iam::333333333333:role/Investigator';
    expectSingleIssue({ logQuery: { readerTrustPrincipals: [arn, arn] } }, 'logQuery.readerTrustPrincipals[1]', 'is listed twice: list each principal once', arn);
  });

  test('rejects a reader role name IAM would refuse', () => {
    expectSingleIssue({ logQuery: { readerRoleName: 'Log Query Reader' } }, 'logQuery.readerRoleName', 'IAM role name', 'Log Query Reader');
  });

  test('rejects enabled that is not a boolean, and an unknown key, in one report', () => {
    const issues = issuesFor({ logQuery: { enabled: 'yes', workgroup: 'x' } });
    expect(issues).toEqual([
      expect.objectContaining({ path: 'logQuery', message: expect.stringContaining('unknown key "workgroup"') }),
      expect.objectContaining({ path: 'logQuery.enabled', message: 'expected true or false', received: 'yes' }),
    ]);
  });

  test('WHEN enabled is false THEN the audit stack has no Athena, Glue, reader role or results bucket', () => {
    const r = validateConfig(merge(exampleInput(), { logQuery: { enabled: false } }));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const { audit } = synthAll(r.config);
    for (const type of ['aws_athena_workgroup', 'aws_athena_named_query', 'aws_glue_catalog_table', 'aws_glue_catalog_database', 'aws_s3_bucket']) {
      expect(audit.resource[type]).toBeUndefined();
    }
    // The only roles left are the audit roles (auditRoles.enabled).
    expect(Object.values(audit.resource.aws_iam_role).map((r: any) => r.name).sort()).toEqual(['AuditAdministratorRole', 'AuditReadOnlyRole']);
    expect(Object.keys(audit.output).sort()).toEqual(['all_config_topic_arn', 'audit_administrator_role_arn', 'audit_read_only_role_arn', 'notifications_key_arn', 'security_topic_arn']);
  });
});

describe('GIVEN a bucket name prefix and the query-results bucket', () => {
  test('the length rule names the longest bucket the prefix makes, the query-results bucket included', () => {
    // 63 - len("-333333333333-ap-northeast-1-athena") = 28 characters of prefix fit; 29 do not.
    const prefix = 'a'.repeat(29);
    const issues = issuesFor({ logArchive: { bucketNamePrefix: prefix } });
    expect(issues).toEqual([expect.objectContaining({ path: 'logArchive.bucketNamePrefix', message: expect.stringMatching(/has 64 characters, S3 allows 63/) })]);
    expect(validateConfig(merge(exampleInput(), { logArchive: { bucketNamePrefix: 'a'.repeat(28) } })).ok).toBe(true);
  });
});
