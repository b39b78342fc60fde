import { DataAwsOrganizationsPoliciesForTarget } from '@cdktf/provider-aws/lib/data-aws-organizations-policies-for-target';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { Fn, Op, propertyAccess, ref, TerraformIterator, TerraformLocal, Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { PolicyStatement, ProviderRef, renderPolicy, throwIfInvalid } from '../iam';
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

/** SCPs AWS allows attached to one root, OU or account (FullAWSAccess included). */
export const SCPS_PER_TARGET = 5;

/**
 * Guardrail SCPs, each checked against the 5,120-character limit at synth, attached to every
 * target. The SCPs already attached to each target are read at plan time, and each attachment has
 * a precondition that fails, naming the target, before the attachment would exceed the quota of
 * 5 SCPs per target (evaluated at plan when the baseline's policy IDs are known, otherwise at
 * apply, before the attachment is created).
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export class GuardrailPolicies extends Construct {
  readonly policies: readonly { readonly key: string; readonly policy: OrganizationsPolicy; readonly content: string }[];

  constructor(scope: Construct, id: string, props: GuardrailPoliciesProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'baseline';
    const problems: string[] = [];
    const contents = props.documents.map((d) => {
      const content = renderPolicy(mergeSharedConditions(d.guardrails.map((g) => g.statement)));
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
    // What each target has attached today (read at plan time; includes FullAWSAccess).
    const attached = new DataAwsOrganizationsPoliciesForTarget(this, 'attached', {
      provider: props.provider,
      forEach: targets,
      targetId: targets.value,
      filter: 'SERVICE_CONTROL_POLICY',
    });
    const policies = props.documents.map((d, i) => {
      const cid = d.key.replace(/-/g, '_');
      const policy = new OrganizationsPolicy(this, cid, {
        provider: props.provider,
        name: `${prefix}-${d.key}`,
        description: d.description,
        type: 'SERVICE_CONTROL_POLICY',
        content: contents[i],
        dependsOn,
      });
      return { key: d.key, cid, policy, content: contents[i] };
    });
    const ours = policies.map((p) => p.policy.id);
    // Attached today, less the baseline's own (already attached on a rerun), plus the baseline's.
    const attachedHere = Token.asList(propertyAccess(ref(attached.fqn), [ref('each.key'), 'ids']));
    const others = Fn.setsubtract(attachedHere, ours);
    for (const p of policies) {
      new OrganizationsPolicyAttachment(this, `${p.cid}_attachment`, {
        provider: props.provider,
        forEach: targets,
        policyId: p.policy.id,
        targetId: targets.value,
        lifecycle: {
          precondition: [
            {
              condition: Op.lte(Op.add(Fn.lengthOf(others), policies.length), SCPS_PER_TARGET),
              errorMessage: Fn.format(
                `Target %s (%s) has %d other SCPs attached; with the baseline's ${policies.length} it would exceed the ${SCPS_PER_TARGET} SCPs a target takes. ` +
                  'Detach or merge SCPs there (aws organizations list-policies-for-target --target-id <id> --filter SERVICE_CONTROL_POLICY), or attach the guardrails elsewhere (guardrails.targets).',
                [ref('each.key'), ref('each.value'), Fn.lengthOf(others)],
              ),
            },
          ],
        },
      });
    }
    this.policies = policies.map(({ key, policy, content }) => ({ key, policy, content }));
  }
}

/**
 * Merges adjacent statements that differ only in their actions (same effect, resources and
 * conditions) into one, whose sid joins theirs. The exemption list is by far the largest part of
 * a guardrail statement, so writing it once per group is what keeps the security-services SCP
 * under the 5,120-character limit at the worst case (every exempt role repeated in six
 * statements would not fit). The guardrails stay separate as data, each with its reason.
 */
export function mergeSharedConditions(statements: readonly PolicyStatement[]): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  const shape = (s: PolicyStatement) => JSON.stringify([s.effect, s.principals ?? null, s.resources ?? null, s.conditions ?? null]);
  for (const s of statements) {
    const last = out[out.length - 1];
    if (last && last.actions && s.actions && !last.notActions && !s.notActions && shape(last) === shape(s)) {
      out[out.length - 1] = { ...last, sid: `${last.sid}${s.sid.replace(/^Deny/, '')}`, actions: [...last.actions, ...s.actions] };
    } else {
      out.push(s);
    }
  }
  return out;
}
