import { eventRuleArn, FindingsRouting, findingsEventPattern, renderFindingMessage } from '../../modules/findings-routing';
import { onlyResource, synth, testStack } from '../helpers';

const TOPIC = 'arn:aws:sns:ap-northeast-1:333333333333:org-AggregateSecurityNotifications';

/** The subset of EventBridge matching the pattern uses: every listed field's value must be one of the listed values. */
function matches(pattern: any, event: any): boolean {
  return Object.entries(pattern).every(([k, want]) => {
    const got = event?.[k];
    if (Array.isArray(want)) return (Array.isArray(got) ? got : [got]).some((g) => want.includes(g));
    if (Array.isArray(got)) return got.some((g) => matches(want, g));
    return matches(want, got);
  });
}

const finding = (over: Record<string, any> = {}) => ({
  source: 'aws.securityhub',
  'detail-type': 'Security Hub Findings - Imported',
  detail: {
    findings: [
      {
        Title: 'EC2 instance communicating with a known command-and-control server',
        Severity: { Label: 'HIGH' },
        Workflow: { Status: 'NEW' },
        RecordState: 'ACTIVE',
        AwsAccountId: '444444444444',
        Region: 'us-east-1',
        ProductName: 'GuardDuty',
        Types: ['TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS'],
        Id: 'arn:aws:guardduty:us-east-1:444444444444:detector/x/finding/y',
        Resources: [{ Id: 'arn:aws:ec2:us-east-1:444444444444:instance/i-0abc' }],
        ...over,
      },
    ],
  },
});

describe('FindingsRouting', () => {
  const { stack, provider } = testStack();
  new FindingsRouting(stack, 'findings', { provider, homeRegion: 'ap-northeast-1', ruleName: 'org-security-findings', topicArn: TOPIC });
  const json = synth(stack);
  const rule = onlyResource(json, 'aws_cloudwatch_event_rule');
  const target = onlyResource(json, 'aws_cloudwatch_event_target');
  const pattern = JSON.parse(rule.event_pattern);

  test('one rule on imported Security Hub findings, HIGH and CRITICAL by default, active and not suppressed', () => {
    expect(pattern).toEqual(findingsEventPattern(['HIGH', 'CRITICAL']));
    expect(rule).toMatchObject({ name: 'org-security-findings', state: 'ENABLED' });
    expect(eventRuleArn('ap-northeast-1', '333333333333', 'org-security-findings')).toBe('arn:aws:events:ap-northeast-1:333333333333:rule/org-security-findings');
  });

  test.each([
    ['a new HIGH GuardDuty finding', {}, true],
    ['a CRITICAL finding already notified (updated)', { Severity: { Label: 'CRITICAL' }, Workflow: { Status: 'NOTIFIED' } }, true],
    ['a MEDIUM finding', { Severity: { Label: 'MEDIUM' } }, false],
    ['a suppressed HIGH finding', { Workflow: { Status: 'SUPPRESSED' } }, false],
    ['a resolved HIGH finding', { Workflow: { Status: 'RESOLVED' } }, false],
    ['an archived HIGH finding', { RecordState: 'ARCHIVED' }, false],
  ])('%s: sent = %s', (_what, over, sent) => {
    expect(matches(pattern, finding(over))).toBe(sent);
  });

  test('targets the security topic without a role, through a transformer that writes a readable e-mail', () => {
    expect(target).toMatchObject({ arn: TOPIC, target_id: 'security-topic' });
    expect(target.role_arn).toBeUndefined();
    const paths = target.input_transformer.input_paths;
    expect(Object.keys(paths).sort()).toEqual(['account', 'id', 'product', 'region', 'resource', 'severity', 'title', 'type']);
    expect(JSON.parse(target.input_transformer.input_template)).toContain('<severity> Security Hub finding: <title>');
    const f = finding().detail.findings[0];
    const message = renderFindingMessage('ap-northeast-1', {
      title: f.Title, severity: f.Severity.Label, account: f.AwsAccountId, region: f.Region, resource: f.Resources[0].Id, product: f.ProductName, type: f.Types[0], id: f.Id,
    });
    expect(message.split('\n')).toEqual([
      'HIGH Security Hub finding: EC2 instance communicating with a known command-and-control server',
      '',
      'Account:  444444444444',
      'Region:   us-east-1',
      'Resource: arn:aws:ec2:us-east-1:444444444444:instance/i-0abc',
      'Source:   GuardDuty (TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS)',
      'Finding:  arn:aws:guardduty:us-east-1:444444444444:detector/x/finding/y',
      '',
      'Console:  https://ap-northeast-1.console.aws.amazon.com/securityhub/home?region=ap-northeast-1#/findings',
    ]);
  });

  test('the severity threshold is configurable; a rule name EventBridge refuses is rejected', () => {
    const s2 = testStack();
    new FindingsRouting(s2.stack, 'f', { provider: s2.provider, homeRegion: 'ap-northeast-1', ruleName: 'r', topicArn: TOPIC, severities: ['MEDIUM', 'HIGH', 'CRITICAL'] });
    expect(JSON.parse(onlyResource(synth(s2.stack), 'aws_cloudwatch_event_rule').event_pattern).detail.findings.Severity.Label).toEqual(['MEDIUM', 'HIGH', 'CRITICAL']);
    const s3 = testStack();
    expect(() => new FindingsRouting(s3.stack, 'f', { provider: s3.provider, homeRegion: 'ap-northeast-1', ruleName: 'has spaces', topicArn: TOPIC, severities: [] })).toThrow(
      /severities must name at least one severity label\n {2}- ruleName "has spaces"/,
    );
  });
});
