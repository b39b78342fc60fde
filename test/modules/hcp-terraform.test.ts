import { DEFAULT_TRUST_POLICY_LENGTH_QUOTA, HcpTerraformRunRole, trustPolicySize } from '../../modules/hcp-terraform';
import { ValidationError } from '../../modules/iam';
import { testStack } from '../helpers';

const ws = (n: number) => Array.from({ length: n }, (_, i) => ({ organization: 'acme-security-platform', workspace: `baseline-security-region-${i}` }));

function errorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

test('trustPolicySize counts what IAM counts: every character but white space', () => {
  expect(trustPolicySize('{ "a": "b c" }\n')).toBe('{"a":"bc"}'.length);
  expect(DEFAULT_TRUST_POLICY_LENGTH_QUOTA).toBe(2048);
});

describe('GIVEN an HcpTerraformRunRole', () => {
  test('WHEN its trust policy fits the quota THEN the role is built with that policy', () => {
    const { stack, provider } = testStack();
    const role = new HcpTerraformRunRole(stack, 'run_role', { provider, accountId: '111111111111', roleName: 'Deployer', workspaces: ws(3) });
    expect(role.trustStatements).toHaveLength(1);
  });

  test('WHEN the trust policy outgrows trustPolicyLengthQuota THEN one ValidationError names the path, the prop, the size, the quota and the fix', () => {
    const { stack, provider } = testStack();
    const err = errorOf(() => new HcpTerraformRunRole(stack, 'run_role', { provider, accountId: '111111111111', roleName: 'Deployer', workspaces: ws(30) }));
    expect(err.constructPath).toBe('test/run_role');
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^workspaces: the trust policy of role "Deployer" is (\d+) characters .* for its 30 workspaces, over trustPolicyLengthQuota 2048/);
    expect(err.problems[0]).toContain('Raise that quota of account 111111111111 in Service Quotas');
  });

  test('WHEN the quota is raised to cover it THEN the same workspaces are accepted, and a bad quota value is refused with the other problems', () => {
    const { stack, provider } = testStack();
    new HcpTerraformRunRole(stack, 'raised', { provider, accountId: '111111111111', roleName: 'Deployer', workspaces: ws(30), trustPolicyLengthQuota: 4096 });
    const err = errorOf(() => new HcpTerraformRunRole(stack, 'bad', { provider, accountId: '111111111111', roleName: 'bad name', workspaces: ws(1), trustPolicyLengthQuota: 0 }));
    expect(err.problems).toEqual([
      'trustPolicyLengthQuota 0 must be a positive whole number of characters',
      'roleName "bad name" is not an IAM role name (1-64 characters of letters, digits and +=,.@_-)',
    ]);
  });
});
