export { OrganizationStackSet } from './organization-stack-set';
export type { OrganizationStackSetProps } from './organization-stack-set';
export { KNOWN_RESOURCE_TYPES, renderTemplate, subPseudoParameters, templateProblems } from './template';
export type { CloudFormationTemplate, TemplateResource, TemplateValue } from './template';
