/**
 * The event pattern and the e-mail template of the findings rule, as pure data, so tests can
 * match sample findings against the pattern without synth.
 */

/** Severity labels of the AWS Security Finding Format. */
export type SeverityLabel = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** The detail-type Security Hub gives every new or updated finding it sends to EventBridge. */
export const FINDINGS_IMPORTED = 'Security Hub Findings - Imported';

/** Workflow states that still need someone: suppressed and resolved findings are not sent. */
export const NOTIFIED_WORKFLOW_STATES = ['NEW', 'NOTIFIED'] as const;

/**
 * Findings imported into Security Hub (new and updated, from every linked region through the
 * aggregator) at the given severities, active and not suppressed.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-integration-types.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-event-formats.html
 */
export function findingsEventPattern(severities: readonly SeverityLabel[]): Record<string, unknown> {
  return {
    source: ['aws.securityhub'],
    'detail-type': [FINDINGS_IMPORTED],
    detail: {
      findings: {
        Severity: { Label: [...severities] },
        Workflow: { Status: [...NOTIFIED_WORKFLOW_STATES] },
        RecordState: ['ACTIVE'],
      },
    },
  };
}

/** The finding fields the e-mail shows, as EventBridge input paths. */
export const FINDING_INPUT_PATHS: Readonly<Record<string, string>> = {
  title: '$.detail.findings[0].Title',
  severity: '$.detail.findings[0].Severity.Label',
  account: '$.detail.findings[0].AwsAccountId',
  region: '$.detail.findings[0].Region',
  resource: '$.detail.findings[0].Resources[0].Id',
  product: '$.detail.findings[0].ProductName',
  type: '$.detail.findings[0].Types[0]',
  id: '$.detail.findings[0].Id',
};

/**
 * The e-mail body: a JSON string (EventBridge sends a quoted template as text), one fact per
 * line, and a link to the finding list of the aggregation region's console.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 */
export function findingsInputTemplate(homeRegion: string): string {
  const lines = [
    '<severity> Security Hub finding: <title>',
    '',
    'Account:  <account>',
    'Region:   <region>',
    'Resource: <resource>',
    'Source:   <product> (<type>)',
    'Finding:  <id>',
    '',
    `Console:  https://${homeRegion}.console.aws.amazon.com/securityhub/home?region=${homeRegion}#/findings`,
  ];
  return JSON.stringify(lines.join('\n'));
}

/** Renders the template for a sample event, as EventBridge would (for tests and docs). */
export function renderFindingMessage(homeRegion: string, values: Readonly<Record<keyof typeof FINDING_INPUT_PATHS, string>>): string {
  const text = JSON.parse(findingsInputTemplate(homeRegion)) as string;
  return text.replace(/<([a-z]+)>/g, (m, k: string) => (k in values ? values[k] : m));
}
