import { CloudformationStackSet } from '@cdktf/provider-aws/lib/cloudformation-stack-set';
import { CloudformationStackSetInstance } from '@cdktf/provider-aws/lib/cloudformation-stack-set-instance';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ProviderRef, throwIfInvalid } from '../iam';
import { CloudFormationTemplate, renderTemplate } from './template';

export interface OrganizationStackSetProps {
  /** Provider of the management account, in the region the StackSet lives in. */
  readonly provider: ProviderRef;
  /** StackSet name (unique per region of the management account). */
  readonly name: string;
  /** Description of the StackSet, shown in the CloudFormation console. */
  readonly description: string;
  /** The template, as data; rendered and checked at synth. */
  readonly template: CloudFormationTemplate;
  /**
   * Organization root or OU IDs to deploy to. Every account in them, and every account that
   * joins them later, gets a stack: nothing in Terraform is per member account.
   */
  readonly organizationalUnitIds: readonly string[];
  /** Regions to deploy to: one `aws_cloudformation_stack_set_instance` each. */
  readonly regions: readonly string[];
  /** The template creates named IAM resources. @default false */
  readonly namedIam?: boolean;
  /**
   * Values known only to Terraform (e.g. a key ARN read from another stack's state), put into
   * the rendered template where the template holds the placeholder key (`@@NAME@@`).
   * @default {}
   */
  readonly substitutions?: Readonly<Record<string, string>>;
  /** Must exist first (trusted access for StackSets, resources the stacks point at). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A service-managed StackSet: CloudFormation deploys the template to every account of the target
 * OUs, now and when accounts join (automatic deployment), and removes the stacks when they leave.
 * The management account is never a target of a service-managed StackSet, so it gets its own
 * resources elsewhere. Called as the management account itself (`SELF`).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 */
export class OrganizationStackSet extends Construct {
  readonly stackSet: CloudformationStackSet;
  readonly instances: readonly CloudformationStackSetInstance[];
  /** The rendered template body. */
  readonly templateBody: string;

  constructor(scope: Construct, id: string, props: OrganizationStackSetProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.organizationalUnitIds.length === 0) problems.push('organizationalUnitIds: name at least one root or OU');
    if (props.regions.length === 0) problems.push('regions: name at least one region');
    if (new Set(props.regions).size !== props.regions.length) problems.push(`regions: list each region once (got ${JSON.stringify(props.regions)})`);
    throwIfInvalid('OrganizationStackSet', this, problems);

    this.templateBody = renderTemplate(props.template);
    for (const key of Object.keys(props.substitutions ?? {})) {
      if (!this.templateBody.includes(key)) problems.push(`substitutions: "${key}" does not occur in the template`);
    }
    throwIfInvalid('OrganizationStackSet', this, problems);
    // Terraform reads "${...}" in any string as its own interpolation: escape CloudFormation's
    // (Fn::Sub) as "$${...}", then put in the Terraform values.
    // @see https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
    let body = this.templateBody.split('${').join('$${');
    for (const [key, value] of Object.entries(props.substitutions ?? {})) body = body.split(key).join(value);
    const dependsOn = props.dependsOn?.length ? [...props.dependsOn] : undefined;
    this.stackSet = new CloudformationStackSet(this, 'stack_set', {
      provider: props.provider,
      name: props.name,
      description: props.description,
      permissionModel: 'SERVICE_MANAGED',
      callAs: 'SELF',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: props.namedIam ? ['CAPABILITY_NAMED_IAM'] : undefined,
      templateBody: body,
      operationPreferences: { failureTolerancePercentage: 10, maxConcurrentPercentage: 25, regionConcurrencyType: 'PARALLEL' },
      dependsOn,
      // With SERVICE_MANAGED the API reports an administration role the configuration never
      // sets, which would show as a change in every plan.
      // @see https://github.com/hashicorp/terraform-provider-aws/issues/23464
      lifecycle: { ignoreChanges: ['administration_role_arn'] },
    });
    this.instances = props.regions.map(
      (region) =>
        new CloudformationStackSetInstance(this, `instance_${region.replace(/-/g, '_')}`, {
          provider: props.provider,
          stackSetName: this.stackSet.name,
          callAs: 'SELF',
          region,
          deploymentTargets: { organizationalUnitIds: [...props.organizationalUnitIds] },
          operationPreferences: { failureTolerancePercentage: 10, maxConcurrentPercentage: 25 },
        }),
    );
  }
}
