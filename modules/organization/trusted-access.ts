import { OrganizationsOrganization } from '@cdktf/provider-aws/lib/organizations-organization';
import { Construct } from 'constructs';
import { ProviderRef } from '../iam';

export interface OrganizationTrustedAccessProps {
  /** Provider of the management account. */
  readonly provider: ProviderRef;
  /** The organization ID; the existing organization is imported by it, never created. */
  readonly organizationId: string;
  /**
   * The complete list of service principals with trusted access. Principals enabled today but
   * missing here are disabled by the next apply, so list every one in use.
   */
  readonly servicePrincipals: readonly string[];
  /**
   * The complete list of enabled policy types.
   * @default ["SERVICE_CONTROL_POLICY"]
   */
  readonly enabledPolicyTypes?: readonly string[];
}

/**
 * Trusted access of AWS services to the organization. Provider 5.100.0 offers no resource that
 * enables one service alone, so this imports the existing organization (by ID, with an `import`
 * block) and manages its service-access list; `prevent_destroy` guards against a plan that would
 * delete the organization.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html
 */
export class OrganizationTrustedAccess extends Construct {
  readonly organization: OrganizationsOrganization;

  constructor(scope: Construct, id: string, props: OrganizationTrustedAccessProps) {
    super(scope, id);
    const problems: string[] = [];
    const principals = [...new Set(props.servicePrincipals)].sort();
    if (principals.length === 0) problems.push('servicePrincipals must name at least one service');
    for (const p of principals) {
      if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(p)) problems.push(`"${p}" is not a service principal like "cloudtrail.amazonaws.com"`);
    }
    if (problems.length > 0) throw new Error(`OrganizationTrustedAccess "${this.node.path}":\n  - ${problems.join('\n  - ')}`);
    this.organization = new OrganizationsOrganization(this, 'organization', {
      provider: props.provider,
      featureSet: 'ALL',
      awsServiceAccessPrincipals: principals,
      enabledPolicyTypes: [...(props.enabledPolicyTypes ?? ['SERVICE_CONTROL_POLICY'])].sort(),
      lifecycle: { preventDestroy: true },
    });
    this.organization.importFrom(props.organizationId, props.provider);
  }
}
