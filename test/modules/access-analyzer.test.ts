import { AccessAnalyzerDelegatedAdmin, OrganizationAccessAnalyzer } from '../../modules/access-analyzer';
import { ValidationError } from '../../modules/iam';
import { onlyResource, resourcesOf, synth, testStack } from '../helpers';

describe('Access Analyzer', () => {
  test('the delegated administrator is registered with Organizations for access-analyzer.amazonaws.com', () => {
    const { stack, provider } = testStack();
    new AccessAnalyzerDelegatedAdmin(stack, 'admin', { provider, adminAccountId: '333333333333' });
    expect(onlyResource(synth(stack), 'aws_organizations_delegated_administrator')).toMatchObject({
      account_id: '333333333333',
      service_principal: 'access-analyzer.amazonaws.com',
    });
  });

  test('an ORGANIZATION external-access analyzer, no unused-access analyzer unless asked', () => {
    const { stack, provider } = testStack();
    new OrganizationAccessAnalyzer(stack, 'aa', { provider, analyzerName: 'org-organization' });
    const json = synth(stack);
    expect(onlyResource(json, 'aws_accessanalyzer_analyzer')).toMatchObject({ analyzer_name: 'org-organization', type: 'ORGANIZATION' });
    expect(resourcesOf(json, 'aws_accessanalyzer_archive_rule')).toEqual([]);
  });

  test('archive rules belong to the external-access analyzer; an unused-access analyzer takes the configured age', () => {
    const { stack, provider } = testStack();
    new OrganizationAccessAnalyzer(stack, 'aa', {
      provider,
      analyzerName: 'org-organization',
      unusedAccessAgeDays: 90,
      archiveRules: [{ name: 'trusted-partner', filters: [{ criteria: 'principal.AWS', eq: ['444444444444'] }] }],
    });
    const json = synth(stack);
    const analyzers = resourcesOf(json, 'aws_accessanalyzer_analyzer');
    expect(analyzers.map((a) => a.type).sort()).toEqual(['ORGANIZATION', 'ORGANIZATION_UNUSED_ACCESS']);
    expect(analyzers.find((a) => a.type === 'ORGANIZATION_UNUSED_ACCESS')!.configuration).toEqual({ unused_access: { unused_access_age: 90 } });
    const rule = onlyResource(json, 'aws_accessanalyzer_archive_rule');
    const external = Object.entries<any>(json.resource.aws_accessanalyzer_analyzer).find(([, a]) => a.type === 'ORGANIZATION')![0];
    expect(rule).toMatchObject({ rule_name: 'trusted-partner', analyzer_name: `\${aws_accessanalyzer_analyzer.${external}.analyzer_name}`, filter: [{ criteria: 'principal.AWS', eq: ['444444444444'] }] });
  });

  test('rejects a filter that matches nothing specific, a repeated rule and an age out of range, all at once', () => {
    const { stack, provider } = testStack();
    expect(
      () =>
        new OrganizationAccessAnalyzer(stack, 'aa', {
          provider,
          analyzerName: 'a',
          unusedAccessAgeDays: 400,
          archiveRules: [
            { name: 'r', filters: [{ criteria: 'isPublic' }] },
            { name: 'r', filters: [{ criteria: 'isPublic', eq: ['false'] }] },
          ],
        }),
    ).toThrow(/archive rule "r" is defined twice\n {2}- archive rule "r": filter on isPublic has no eq, neq, contains or exists\n {2}- unusedAccessAgeDays must be a whole number of days 1-365 \(got 400\)/);
  });

  test('rejects a delegated administrator that is not an account ID, as a ValidationError naming the construct', () => {
    const { stack, provider } = testStack();
    let n = 0;
    const make = () => new AccessAnalyzerDelegatedAdmin(stack, `admin${++n}`, { provider, adminAccountId: 'audit' });
    expect(make).toThrow(ValidationError);
    expect(make).toThrow('AccessAnalyzerDelegatedAdmin "test/admin2" has invalid props:\n  - adminAccountId "audit" is not a 12-digit account ID');
  });
});
