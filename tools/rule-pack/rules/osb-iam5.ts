import { parsePolicyArgument, principalsOf } from '../policy';
import { stackSetTemplate, templateResources } from '../config-coverage';
import { Rule, Violation } from '../rule';
import { str } from '../terraform';

/**
 * OSB-IAM5: no role, in Terraform or in a StackSet template, trusts `*`: audit and execution
 * roles name the principals that may assume them.
 */
export const OSB_IAM5: Rule = {
  id: 'OSB-IAM5',
  title: 'No role trusts "*"',
  description:
    'A trust policy that allows "*" (even with conditions) leaves who may assume the role to conditions alone; the audit roles and ' +
    'the member execution roles name accounts or roles. Checked in aws_iam_role and in the AWS::IAM::Role resources of StackSet templates.',
  help: 'Name the account roots or role ARNs as principals and narrow with aws:PrincipalArn (AuditRoles does).',
  severity: 'high',
  resourceTypes: ['aws_iam_role', 'aws_cloudformation_stack_set'],
  evaluate(resource) {
    const trusts: Array<{ where: string; doc: unknown }> =
      resource.type === 'aws_iam_role'
        ? [{ where: 'assume_role_policy', doc: str(resource.config.assume_role_policy) }]
        : templateResources(stackSetTemplate(resource), 'AWS::IAM::Role').map((r) => {
            const props = (r.Properties ?? {}) as Record<string, unknown>;
            return { where: `template role ${String(props.RoleName ?? '(unnamed)')}`, doc: JSON.stringify(props.AssumeRolePolicyDocument ?? {}) };
          });
    const v: Violation[] = [];
    for (const t of trusts) {
      if (typeof t.doc !== 'string') continue;
      for (const s of parsePolicyArgument('assume_role_policy', t.doc).statements ?? []) {
        if (s.effect === 'Allow' && (s.hasNotPrincipal || principalsOf(s, 'AWS').includes('*') || principalsOf(s, 'Federated').includes('*'))) {
          v.push({ message: `${t.where}: statement ${s.name} lets "*" assume the role` });
        }
      }
    }
    return v;
  },
};
