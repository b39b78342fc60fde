import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { OrganizationsOrganization } from '@cdktf/provider-aws/lib/organizations-organization';
import { Fn, Op } from 'cdktf';
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
   * Policy types that must be enabled on the root. They are checked at plan time, never changed:
   * a plan where one is missing fails and prints the command that enables it.
   * @default ["SERVICE_CONTROL_POLICY"]
   */
  readonly requiredPolicyTypes?: readonly string[];
}

/**
 * Trusted access of AWS services to the organization, additively, on an organization that may
 * already have any policy type AWS offers enabled. Provider 5.100.0 offers no resource that
 * enables one service alone, so this imports the existing organization (by ID, with an `import`
 * block) and sets its service-access principals to the union of what is enabled today (read at
 * plan time) and what the baseline needs: an apply never disables a service something else in
 * the organization relies on.
 *
 * Enabled policy types are never written: the provider validates `enabled_policy_types` against
 * the fixed list its SDK knows (so an organization with, say, `SECURITYHUB_POLICY` enabled would
 * fail the plan), and on update it disables every type present in state but absent from the
 * configuration. The resource therefore leaves the attribute out and ignores changes to it; the
 * required types are a precondition instead, whose message is the command to run.
 * `prevent_destroy` guards against a plan that would delete the organization.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html
 * @see https://github.com/hashicorp/terraform-provider-aws/blob/v5.100.0/internal/service/organizations/organization.go
 */
export class OrganizationTrustedAccess extends Construct {
  readonly organization: OrganizationsOrganization;
  /** The organization as it is before this apply (roots, accounts, enabled services and policy types). */
  readonly current: DataAwsOrganizationsOrganization;
  /** The policy types the precondition requires. */
  readonly requiredPolicyTypes: readonly string[];

  constructor(scope: Construct, id: string, props: OrganizationTrustedAccessProps) {
    super(scope, id);
    const problems: string[] = [];
    const principals = [...new Set(props.servicePrincipals)].sort();
    if (principals.length === 0) problems.push('servicePrincipals must name at least one service');
    for (const p of principals) {
      if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(p)) problems.push(`"${p}" is not a service principal like "cloudtrail.amazonaws.com"`);
    }
    const policyTypes = [...new Set(props.requiredPolicyTypes ?? ['SERVICE_CONTROL_POLICY'])].sort();
    for (const t of policyTypes) if (!/^[A-Z0-9_]+$/.test(t)) problems.push(`"${t}" is not a policy type like "SERVICE_CONTROL_POLICY"`);
    throwIfInvalid('OrganizationTrustedAccess', this, problems);
    this.requiredPolicyTypes = policyTypes;

    this.current = new DataAwsOrganizationsOrganization(this, 'current', { provider: props.provider });
    const missing = Fn.setsubtract(policyTypes, this.current.enabledPolicyTypes);
    const rootId = this.current.roots.get(0).id;
    this.organization = new OrganizationsOrganization(this, 'organization', {
      provider: props.provider,
      featureSet: 'ALL',
      awsServiceAccessPrincipals: Fn.sort(Fn.setunion(this.current.awsServiceAccessPrincipals, [principals])),
      lifecycle: {
        preventDestroy: true,
        // Never written, never changed: see the class comment.
        ignoreChanges: ['enabled_policy_types'],
        precondition: [
          {
            // `< 1`, not `== 0`: cdktf renders a literal 0 operand as `undefined`.
            condition: Op.lt(Fn.lengthOf(missing), 1),
            errorMessage: Fn.format(
              'Policy type(s) %s must be enabled on the organization root %s first. The baseline never changes enabled policy types ' +
                '(provider 5.100.0 would disable the ones it cannot represent). In the management account run, for each: ' +
                'aws organizations enable-policy-type --root-id %s --policy-type <TYPE>; then plan again.',
              [Fn.join(', ', Fn.tolist(missing)), rootId, rootId],
            ),
          },
        ],
      },
    });
    this.organization.importFrom(props.organizationId, props.provider);
  }
}
