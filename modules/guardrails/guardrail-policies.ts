import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { TerraformIterator, TerraformLocal, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ProviderRef, renderPolicy, throwIfInvalid } from '../iam';
import { Guardrail, SCP_MAX_CHARACTERS } from './policies';

/** One service control policy: a name and its guardrails. */
export interface GuardrailDocument {
  /** Stable key (name suffix; with `_` for `-`, the construct ID), e.g. `protect-log-archive`. */
  readonly key: string;
  /** The SCP's description, shown in the Organizations console. */
  readonly description: string;
  /** The guardrails whose statements make up the policy (each carries its reason). */
  readonly guardrails: readonly Guardrail[];
}

export interface GuardrailPoliciesProps {
  /** Provider of the management account. */
  readonly provider: ProviderRef;
  /**
   * The SCPs to create; at most 4 (a target takes 5 SCPs including FullAWSAccess), each at most
   * 5,120 characters.
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
   */
  readonly documents: readonly GuardrailDocument[];
  /** Roots, OUs or accounts to attach every policy to. */
  readonly targetIds: readonly { readonly key: string; readonly id: string }[];
  /** Policy names are `<namePrefix>-<key>`. @default "baseline" */
  readonly namePrefix?: string;
  /** Must exist first (SCPs enabled on the organization). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Guardrail SCPs, each checked against the 5,120-character limit at synth, attached to every
 * target.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export class GuardrailPolicies extends Construct {
  readonly policies: readonly { readonly key: string; readonly policy: OrganizationsPolicy; readonly content: string }[];

  constructor(scope: Construct, id: string, props: GuardrailPoliciesProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'baseline';
    const problems: string[] = [];
    const contents = props.documents.map((d) => {
      const content = renderPolicy(d.guardrails.map((g) => g.statement));
      if (content.length > SCP_MAX_CHARACTERS) {
        problems.push(`policy "${d.key}" has ${content.length} characters; SCPs allow ${SCP_MAX_CHARACTERS}: split it`);
      }
      return content;
    });
    if (props.documents.length > 4) problems.push(`${props.documents.length} policies leave no room: a target takes 5 SCPs including FullAWSAccess`);
    if (props.targetIds.length === 0) problems.push('targetIds must name at least one root, OU or account');
    const keys = props.targetIds.map((t) => t.key);
    const repeated = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (repeated.length > 0) problems.push(`targetIds: target keys ${repeated.join(', ')} repeat`);
    throwIfInvalid('GuardrailPolicies', this, problems);

    const dependsOn = props.dependsOn?.length ? [...props.dependsOn] : undefined;
    // One attachment resource per policy with for_each over the targets, which are written once
    // as a local: the resources stay the same for 1 or 1,000 OUs. Keys are the config's own
    // target names, so they are known at plan time even where the ID comes from a data source.
    const local = new TerraformLocal(this, 'targets', Object.fromEntries(props.targetIds.map((t) => [t.key, t.id])));
    const targets = TerraformIterator.fromMap(local.asStringMap);
    this.policies = props.documents.map((d, i) => {
      const cid = d.key.replace(/-/g, '_');
      const policy = new OrganizationsPolicy(this, cid, {
        provider: props.provider,
        name: `${prefix}-${d.key}`,
        description: d.description,
        type: 'SERVICE_CONTROL_POLICY',
        content: contents[i],
        dependsOn,
      });
      new OrganizationsPolicyAttachment(this, `${cid}_attachment`, {
        provider: props.provider,
        forEach: targets,
        policyId: policy.id,
        targetId: targets.value,
      });
      return { key: d.key, policy, content: contents[i] };
    });
  }
}
