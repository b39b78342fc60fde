import { policiesOf } from '../policy';
import { Rule } from '../rule';

/** OSB-IAM3: every policy argument is a literal JSON document, readable in the plan and by the other rules. */
export const OSB_IAM3: Rule = {
  id: 'OSB-IAM3',
  title: 'Policies are literal JSON known at plan time',
  description:
    'A policy that is a Terraform expression (a data source, jsonencode of a reference) shows as "known after apply" in the plan ' +
    'and cannot be checked by OSB-IAM1, OSB-IAM2 or OSB-KMS1, so a wildcard or an unbound service principal would pass unseen.',
  help: 'Build the document from typed statements and render it with renderPolicy (modules/iam), deriving ARNs from the configuration.',
  severity: 'medium',
  resourceTypes: ['*'],
  evaluate(resource) {
    return policiesOf(resource)
      .filter((arg) => arg.problem !== undefined)
      .map((arg) => ({ message: `${arg.attribute} ${arg.problem}` }));
  },
};
