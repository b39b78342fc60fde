import { OrganizationTrustedAccess } from '../../modules/organization';
import { onlyResource, synth, testStack } from '../helpers';

describe('OrganizationTrustedAccess', () => {
  test('imports the existing organization by ID, only ever adds services, never writes policy types, and never lets Terraform delete it', () => {
    const { stack, provider } = testStack();
    new OrganizationTrustedAccess(stack, 'ta', {
      provider,
      organizationId: 'o-a1b2c3d4e5',
      servicePrincipals: ['sso.amazonaws.com', 'cloudtrail.amazonaws.com', 'cloudtrail.amazonaws.com'],
    });
    const json = synth(stack);
    const org = onlyResource(json, 'aws_organizations_organization');
    const current = `data.aws_organizations_organization.${Object.keys(json.data.aws_organizations_organization)[0]}`;
    expect(org).toMatchObject({
      feature_set: 'ALL',
      // The union with what is enabled today (read at plan): an apply never disables anything.
      aws_service_access_principals: `\${sort(setunion(tolist(${current}.aws_service_access_principals), ["cloudtrail.amazonaws.com", "sso.amazonaws.com"]))}`,
    });
    // Provider 5.100.0 validates enabled_policy_types against a fixed list (SECURITYHUB_POLICY
    // fails) and disables what the configuration omits: never written, changes ignored.
    expect(org).not.toHaveProperty('enabled_policy_types');
    expect(org.lifecycle).toMatchObject({ prevent_destroy: true, ignore_changes: ['enabled_policy_types'] });
    expect(json.data.aws_organizations_organization[current.split('.')[2]].provider).toBe('aws.test');
    const logicalId = Object.keys(json.resource.aws_organizations_organization)[0];
    expect(json.import).toEqual([{ id: 'o-a1b2c3d4e5', provider: 'aws.test', to: `aws_organizations_organization.${logicalId}` }]);
  });

  test('requires the policy types with a precondition whose message is the command to run', () => {
    const { stack, provider } = testStack();
    new OrganizationTrustedAccess(stack, 'ta', {
      provider,
      organizationId: 'o-a1b2c3d4e5',
      servicePrincipals: ['cloudtrail.amazonaws.com'],
      requiredPolicyTypes: ['TAG_POLICY', 'SERVICE_CONTROL_POLICY'],
    });
    const json = synth(stack);
    const current = `data.aws_organizations_organization.${Object.keys(json.data.aws_organizations_organization)[0]}`;
    const [pre] = onlyResource(json, 'aws_organizations_organization').lifecycle.precondition;
    expect(pre.condition).toBe(`\${(length(setsubtract(["SERVICE_CONTROL_POLICY", "TAG_POLICY"], tolist(${current}.enabled_policy_types))) < 1)}`);
    expect(pre.error_message).toContain('aws organizations enable-policy-type --root-id %s --policy-type <TYPE>');
    expect(pre.error_message).toContain(`${current}.roots[0].id`);
  });

  test('rejects an empty or malformed principal list', () => {
    const { stack, provider } = testStack();
    expect(() => new OrganizationTrustedAccess(stack, 'ta', { provider, organizationId: 'o-a1b2c3d4e5', servicePrincipals: ['cloudtrail'] })).toThrow(
      /"cloudtrail" is not a service principal/,
    );
    expect(() => new OrganizationTrustedAccess(stack, 'tb', { provider, organizationId: 'o-a1b2c3d4e5', servicePrincipals: [], requiredPolicyTypes: ['scp'] })).toThrow(
      /servicePrincipals must name at least one service[\s\S]*"scp" is not a policy type/,
    );
  });
});
