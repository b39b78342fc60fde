export { FindingsRouting } from './findings-routing';
export { eventRuleArn, findingsRuleName } from './names';
export type { FindingsRoutingProps } from './findings-routing';
export { findingsEventPattern, findingsInputTemplate, renderFindingMessage, FINDING_INPUT_PATHS, FINDINGS_IMPORTED, NOTIFIED_WORKFLOW_STATES } from './pattern';
export type { SeverityLabel } from './pattern';
