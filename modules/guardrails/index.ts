export { GuardrailPolicies } from './guardrail-policies';
export type { GuardrailDocument, GuardrailPoliciesProps } from './guardrail-policies';
export { logArchiveGuardrails, securityServiceGuardrails, regionGuardrail, SCP_MAX_CHARACTERS } from './policies';
export type { Guardrail, LogArchiveGuardrailOptions } from './policies';
