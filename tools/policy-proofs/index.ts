export { proofEnvironment } from './environment';
export type { ProofEnvironment, PolicyJson, SynthesizedStacks, StackJson } from './environment';
export { PROOF_ACTIONS, PROOF_PRINCIPALS } from './catalogue';
export type { ProofAction, ProofPrincipal } from './catalogue';
export { evaluateCell, evaluateMatrix, matrixTable, simulationFor, simulationStats } from './evaluate';
export type { ProofCell, ProofDecision } from './evaluate';
export { LOG_QUERY_ACTIONS, LOG_QUERY_PRINCIPALS, evaluateLogQueryMatrix, logQueryEnvironment, logQuerySimulation } from './log-query';
export type { LogQueryAction, LogQueryEnvironment, LogQueryPrincipal } from './log-query';
