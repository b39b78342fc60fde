import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { OrganizationsOrganization } from '@cdktf/provider-aws/lib/organizations-organization';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { ProviderRef, throwIfInvalid } from '../iam';

export interface OrganizationTrustedAccessProps {
  /** Provider of the management account. */
  readonly provider: ProviderRef;
  /** The organization ID; the existing organization is imported by it, never created. */
  readonly organizationId: string;
  /** Service principals that must have trusted access; added to those enabled today. */
  readonly servicePrincipals: readonly string[];
  /**
   * Policy types that must be enabled; added to those enabled today.
   * @default ["SERVICE_CONTROL_POLICY"]
   */
  readonly enabledPolicyTypes?: readonly string[];
}

/**
 * Trusted access of AWS services to the organization, additively. Provider 5.100.0 offers no
 * resource that enables one service alone, so this imports the existing organization (by ID,
 * with an `import` block) and sets its service-access principals and policy types to the union
 * of what is enabled today (read at plan time) and what the baseline needs: an apply never
 * disables a service or a policy type that something else in the organization relies on.
 * `prevent_destroy` guards against a plan that would delete the organization.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html
 */
export class OrganizationTrustedAccess extends Construct {
  readonly organization: OrganizationsOrganization;
  /** The organization as it is before this apply (roots, accounts, enabled services). */
  readonly current: DataAwsOrganizationsOrganization;

  constructor(scope: Construct, id: string, props: OrganizationTrustedAccessProps) {
    super(scope, id);
    const problems: string[] = [];
    const principals = [...new Set(props.servicePrincipals)].sort();
    if (principals.length === 0) problems.push('servicePrincipals must name at least one service');
    for (const p of principals) {
      if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(p)) problems.push(`"${p}" is not a service principal like "cloudtrail.amazonaws.com"`);
    }
    throwIfInvalid('OrganizationTrustedAccess', this, problems);
    const policyTypes = [...new Set(props.enabledPolicyTypes ?? ['SERVICE_CONTROL_POLICY'])].sort();

    this.current = new DataAwsOrganizationsOrganization(this, 'current', { provider: props.provider });
    this.organization = new OrganizationsOrganization(this, 'organization', {
      provider: props.provider,
      featureSet: 'ALL',
      awsServiceAccessPrincipals: Fn.sort(Fn.setunion(this.current.awsServiceAccessPrincipals, [principals])),
      enabledPolicyTypes: Fn.sort(Fn.setunion(this.current.enabledPolicyTypes, [policyTypes])),
      lifecycle: { preventDestroy: true },
    });
    this.organization.importFrom(props.organizationId, props.provider);
  }
}
