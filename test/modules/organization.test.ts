import { OrganizationTrustedAccess } from '../../modules/organization';
import { onlyResource, synth, testStack } from '../helpers';

describe('OrganizationTrustedAccess', () => {
  test('imports the existing organization by ID, only ever adds services and policy types, and never lets Terraform delete it', () => {
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
      enabled_policy_types: `\${sort(setunion(tolist(${current}.enabled_policy_types), ["SERVICE_CONTROL_POLICY"]))}`,
      lifecycle: { prevent_destroy: true },
    });
    expect(json.data.aws_organizations_organization[current.split('.')[2]].provider).toBe('aws.test');
    const logicalId = Object.keys(json.resource.aws_organizations_organization)[0];
    expect(json.import).toEqual([{ id: 'o-a1b2c3d4e5', provider: 'aws.test', to: `aws_organizations_organization.${logicalId}` }]);
  });

  test('rejects an empty or malformed principal list', () => {
    const { stack, provider } = testStack();
    expect(() => new OrganizationTrustedAccess(stack, 'ta', { provider, organizationId: 'o-a1b2c3d4e5', servicePrincipals: ['cloudtrail'] })).toThrow(
      /"cloudtrail" is not a service principal/,
    );
    expect(() => new OrganizationTrustedAccess(stack, 'tb', { provider, organizationId: 'o-a1b2c3d4e5', servicePrincipals: [] })).toThrow(
      /servicePrincipals must name at least one service/,
    );
  });
});
