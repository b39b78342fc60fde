export { GuardrailPolicies } from './guardrail-policies';
export type { GuardrailDocument, GuardrailPoliciesProps } from './guardrail-policies';
export { baselineRoleGuardrail, logArchiveGuardrails, securityServiceGuardrails, regionGuardrail, SCP_MAX_CHARACTERS, STACKSET_EXECUTION_ROLE_PATTERN } from './policies';
export type { Guardrail, LogArchiveGuardrailOptions } from './policies';
