import { GuardrailPolicies, logArchiveGuardrails, regionGuardrail, SCP_MAX_CHARACTERS, securityServiceGuardrails } from '../../modules/guardrails';
import { AWS_REGIONS } from '../../config/schema';
import { guardrailDocuments } from '../../stacks';
import { baselineNames } from '../../stacks/names';
import { asList, forEachMap, onlyResource, resourcesOf, synth, testConfig, testStack } from '../helpers';

const cfg = testConfig({ guardrails: { denyUngovernedRegions: true, exemptRoleNames: ['SecurityDeployer'] } });
const names = baselineNames(cfg);
const docs = guardrailDocuments(cfg, names);
const statementsOf = (key: string) => docs.find((d) => d.key === key)!.guardrails.map((g) => g.statement);
const sid = (key: string, s: string) => statementsOf(key).find((x) => x.sid === s)!;

describe('guardrail statements as data', () => {
  test('every guardrail is a Deny with a reason and a stated exemption', () => {
    for (const g of docs.flatMap((d) => d.guardrails)) {
      expect(g.statement.effect).toBe('Deny');
      expect(g.reason.length).toBeGreaterThanOrEqual(10);
      expect(g.exempt.length).toBeGreaterThan(0);
    }
  });

  test('the organization trail cannot be stopped, deleted, updated or narrowed except by the log-archive admins', () => {
    const s = sid('protect-log-archive', 'DenyTrailTampering');
    expect(s.actions).toEqual(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors']);
    expect(s.resources).toEqual(['arn:aws:cloudtrail:ap-northeast-1:111111111111:trail/org-trail']);
    expect(s.conditions).toEqual({
      ArnNotLike: {
        'aws:PrincipalArn': ['arn:aws:iam::222222222222:role/OrganizationAccountAccessRole', 'arn:aws:iam::222222222222:role/LogArchiveBreakGlass'],
      },
    });
  });

  test('log bucket protection changes are denied on both buckets to all but the log-archive admins', () => {
    const s = sid('protect-log-archive', 'DenyLogBucketTampering');
    expect(s.actions).toEqual(expect.arrayContaining(['s3:PutBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:PutEncryptionConfiguration', 's3:PutBucketObjectLockConfiguration']));
    expect(s.resources).toEqual(['arn:aws:s3:::org-logs-222222222222-ap-northeast-1', 'arn:aws:s3:::org-logs-222222222222-ap-northeast-1-access']);
  });

  test('log objects can be deleted only by the break-glass role', () => {
    const s = sid('protect-log-archive', 'DenyLogDeletion');
    expect(s.actions).toEqual(['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention']);
    expect(s.resources).toEqual(['arn:aws:s3:::org-logs-222222222222-ap-northeast-1/*', 'arn:aws:s3:::org-logs-222222222222-ap-northeast-1-access/*']);
    expect(s.conditions).toEqual({ ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::222222222222:role/LogArchiveBreakGlass'] } });
  });

  test('keys of the log-archive account cannot be disabled or scheduled for deletion', () => {
    const s = sid('protect-log-archive', 'DenyLogKeyTampering');
    expect(s.actions).toEqual(expect.arrayContaining(['kms:DisableKey', 'kms:ScheduleKeyDeletion']));
    expect(s.resources).toEqual(['arn:aws:kms:*:222222222222:key/*']);
  });

  test('Config, GuardDuty, Security Hub and Access Analyzer stay on, with their administrators, except for the audit and log-archive deployers and the exempt roles from config', () => {
    for (const [s, must] of [
      [
        'DenyConfigTampering',
        ['config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder', 'config:DeleteDeliveryChannel', 'config:PutConfigurationRecorder', 'config:PutDeliveryChannel'],
      ],
      [
        'DenyGuardDutyTampering',
        [
          'guardduty:DeleteDetector',
          'guardduty:DisassociateFromAdministratorAccount',
          'guardduty:UpdateOrganizationConfiguration',
          'guardduty:CreateFilter',
          'guardduty:UpdateFilter',
          'guardduty:DeletePublishingDestination',
          'guardduty:DisableOrganizationAdminAccount',
        ],
      ],
      [
        'DenySecurityHubTampering',
        [
          'securityhub:DisableSecurityHub',
          'securityhub:DeleteFindingAggregator',
          'securityhub:DeleteConfigurationPolicy',
          'securityhub:StartConfigurationPolicyDisassociation',
          'securityhub:DisableOrganizationAdminAccount',
        ],
      ],
      ['DenyAccessAnalyzerTampering', ['access-analyzer:DeleteAnalyzer', 'access-analyzer:CreateArchiveRule']],
      ['DenyDelegatedAdminChanges', ['organizations:DeregisterDelegatedAdministrator', 'organizations:RegisterDelegatedAdministrator']],
    ] as const) {
      const st = sid('protect-security-services', s);
      expect(st.actions).toEqual(expect.arrayContaining([...must]));
      expect(st.conditions).toEqual({
        ArnNotLike: {
          'aws:PrincipalArn': [
            'arn:aws:iam::333333333333:role/OrganizationAccountAccessRole',
            'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole',
            'arn:aws:iam::*:role/stacksets-exec-*',
            'arn:aws:iam::*:role/SecurityDeployer',
          ],
        },
      });
    }
  });

  test('the recorder roles and the audit execution roles cannot be created, changed or deleted but through the StackSets and the exempt roles', () => {
    const st = sid('protect-security-services', 'DenyBaselineRoleTampering');
    expect(st.actions).toEqual(expect.arrayContaining(['iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePolicy']));
    expect(st.resources).toEqual([
      'arn:aws:iam::*:role/baseline-config-recorder-*',
      'arn:aws:iam::*:role/AdministratorExecutionRole',
      'arn:aws:iam::*:role/ReadOnlyExecutionRole',
    ]);
    expect(st.conditions).toEqual({ ArnNotLike: { 'aws:PrincipalArn': expect.arrayContaining(['arn:aws:iam::*:role/stacksets-exec-*', 'arn:aws:iam::*:role/SecurityDeployer']) } });
  });

  test('with Config and the audit roles off, no role is protected', () => {
    const off = testConfig({ awsConfig: { enabled: false }, auditRoles: { enabled: false }, guardrails: { exemptRoleNames: ['SecurityDeployer'] } });
    const doc = guardrailDocuments(off, baselineNames(off)).find((d) => d.key === 'protect-security-services')!;
    expect(doc.guardrails.map((g) => g.statement.sid)).not.toContain('DenyBaselineRoleTampering');
  });

  test('exempt roles may be names, path-aware patterns (IAM Identity Center) or ARNs (Control Tower)', () => {
    const lz = testConfig({
      guardrails: {
        exemptRoleNames: ['AWSControlTowerExecution', 'aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AWSAdministratorAccess_*', 'arn:aws:iam::444444444444:role/ops/Deployer'],
      },
    });
    const st = guardrailDocuments(lz, baselineNames(lz))
      .find((d) => d.key === 'protect-security-services')!
      .guardrails.find((g) => g.statement.sid === 'DenyConfigTampering')!.statement;
    expect(st.conditions?.ArnNotLike['aws:PrincipalArn']).toEqual(
      expect.arrayContaining([
        'arn:aws:iam::*:role/AWSControlTowerExecution',
        'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AWSAdministratorAccess_*',
        'arn:aws:iam::444444444444:role/ops/Deployer',
      ]),
    );
  });

  test('leaving the organization is denied to everyone', () => {
    expect(sid('protect-security-services', 'DenyLeaveOrganization')).toEqual({
      sid: 'DenyLeaveOrganization',
      effect: 'Deny',
      actions: ['organizations:LeaveOrganization'],
      resources: ['*'],
    });
  });

  test('without exempt roles the service guardrails have no exemption at all', () => {
    for (const g of securityServiceGuardrails({ exemptRoleArns: [] })) expect(g.statement.conditions).toBeUndefined();
  });

  test('the region guardrail denies all but global services outside the governed regions', () => {
    const s = sid('deny-ungoverned-regions', 'DenyUngovernedRegions');
    expect(s.actions).toBeUndefined();
    expect(s.notActions).toEqual(expect.arrayContaining(['iam:*', 'organizations:*', 'sts:*', 'cloudfront:*', 'route53:*', 'support:*']));
    expect(s.conditions).toMatchObject({ StringNotEquals: { 'aws:RequestedRegion': ['ap-northeast-1', 'us-east-1'] } });
  });

  test('the region guardrail is off unless configured', () => {
    expect(guardrailDocuments(testConfig(), names).map((d) => d.key)).toEqual(['protect-log-archive', 'protect-security-services']);
  });
});

describe('SCP size limit', () => {
  test.each(docs.map((d) => [d.key, d] as const))('%s stays under 5,120 characters', (_k, d) => {
    const { stack, provider } = testStack();
    const gp = new GuardrailPolicies(stack, 'g', { provider, documents: [d], targetIds: [{ key: 'root', id: 'r-ab12' }] });
    expect(gp.policies[0].content.length).toBeLessThan(SCP_MAX_CHARACTERS);
  });

  test('the worst case (every governed region, many exempt roles, longest names) still fits', () => {
    const worst = testConfig({
      organization: { governedRegions: [...AWS_REGIONS], homeRegion: 'ap-northeast-1' },
      accounts: { logArchive: { roleName: 'a'.repeat(64), breakGlassRoleName: 'b'.repeat(64) } },
      logArchive: { bucketNamePrefix: 'p'.repeat(20) },
      trail: { name: 't'.repeat(48) },
      guardrails: { denyUngovernedRegions: true, exemptRoleNames: Array.from({ length: 5 }, (_, i) => `${'r'.repeat(60)}${i}`) },
      awsConfig: { namePrefix: 'n'.repeat(24) },
      auditRoles: { memberAdministratorRoleName: 'm'.repeat(64), memberReadOnlyRoleName: 'o'.repeat(64) },
    });
    for (const d of guardrailDocuments(worst, baselineNames(worst))) {
      const { stack, provider } = testStack();
      const gp = new GuardrailPolicies(stack, 'g', { provider, documents: [d], targetIds: [{ key: 'root', id: 'r-ab12' }] });
      expect({ key: d.key, length: gp.policies[0].content.length < SCP_MAX_CHARACTERS }).toEqual({ key: d.key, length: true });
    }
  });

  test('a document over the limit is rejected at synth with its size', () => {
    const { stack, provider } = testStack();
    const huge = logArchiveGuardrails({
      trailArn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t',
      bucketNames: Array.from({ length: 80 }, (_, i) => `bucket-${i}-${'x'.repeat(40)}`),
      keyArns: ['*'],
      adminRoleArns: ['arn:aws:iam::*:role/a'],
      breakGlassRoleArns: ['arn:aws:iam::*:role/b'],
    });
    expect(() => new GuardrailPolicies(stack, 'g', { provider, documents: [{ key: 'huge', description: 'd', guardrails: huge }], targetIds: [{ key: 'root', id: 'r-ab12' }] })).toThrow(
      /policy "huge" has \d+ characters; SCPs allow 5120/,
    );
  });
});

describe('GuardrailPolicies resources', () => {
  test('each policy is an SCP with one attachment resource whose for_each covers every target', () => {
    const { stack, provider } = testStack();
    new GuardrailPolicies(stack, 'g', {
      provider,
      documents: docs,
      targetIds: [
        { key: 'ou-ab12-abcdefgh', id: 'ou-ab12-abcdefgh' },
        { key: 'ou-ab12-hgfedcba', id: 'ou-ab12-hgfedcba' },
      ],
    });
    const json = synth(stack);
    const policies = resourcesOf(json, 'aws_organizations_policy');
    expect(policies.map((p) => p.name).sort()).toEqual(['baseline-deny-ungoverned-regions', 'baseline-protect-log-archive', 'baseline-protect-security-services']);
    for (const p of policies) expect(p.type).toBe('SERVICE_CONTROL_POLICY');
    const attachments = resourcesOf(json, 'aws_organizations_policy_attachment');
    expect(attachments).toHaveLength(3);
    for (const a of attachments) {
      expect(forEachMap(json, a)).toEqual({ 'ou-ab12-abcdefgh': 'ou-ab12-abcdefgh', 'ou-ab12-hgfedcba': 'ou-ab12-hgfedcba' });
      expect(a.target_id).toBe('${each.value}');
    }
    expect(Object.keys(json.locals)).toHaveLength(1);
  });

  test('each attachment checks the 5-SCP quota of its target against what is attached today (read at plan), before attaching', () => {
    const { stack, provider } = testStack();
    new GuardrailPolicies(stack, 'g', { provider, documents: docs, targetIds: [{ key: 'root', id: 'r-ab12' }] });
    const json = synth(stack);
    const [dataId, attached] = Object.entries(json.data.aws_organizations_policies_for_target as Record<string, any>)[0];
    expect(attached).toMatchObject({ filter: 'SERVICE_CONTROL_POLICY', target_id: '${each.value}' });
    // Read at plan time: no depends_on that would defer the read to apply.
    expect(attached).not.toHaveProperty('depends_on');
    expect(forEachMap(json, attached)).toEqual({ root: 'r-ab12' });
    // In document order.
    const ids = ['protect_log_archive', 'protect_security_services', 'deny_ungoverned_regions'].map((k) => `aws_organizations_policy.${Object.keys(json.resource.aws_organizations_policy).find((id) => id.startsWith(`g_${k}_`))}.id`);
    for (const a of resourcesOf(json, 'aws_organizations_policy_attachment')) {
      const [pre] = a.lifecycle.precondition;
      expect(pre.condition).toBe(
        `\${((length(setsubtract(data.aws_organizations_policies_for_target.${dataId}[each.key].ids, [${ids.join(', ')}])) + 3) <= 5)}`,
      );
      expect(pre.error_message).toMatch(/^\$\{format\("Target %s \(%s\) has %d other SCPs attached; with the baseline's 3 it would exceed the 5 SCPs a target takes/);
    }
  });

  test('a thousand targets add no resources (member count stays out of the resource count)', () => {
    const { stack, provider } = testStack();
    const targetIds = Array.from({ length: 1000 }, (_, i) => ({ key: `ou-ab12-${String(i).padStart(8, '0')}`, id: `ou-ab12-${String(i).padStart(8, '0')}` }));
    new GuardrailPolicies(stack, 'g', { provider, documents: docs, targetIds });
    const json = synth(stack);
    const attachments = resourcesOf(json, 'aws_organizations_policy_attachment');
    expect(attachments).toHaveLength(3);
    expect(Object.keys(forEachMap(json, attachments[0]))).toHaveLength(1000);
  });

  test('rejects repeated target keys', () => {
    const { stack, provider } = testStack();
    const t = { key: 'root', id: 'r-ab12' };
    expect(() => new GuardrailPolicies(stack, 'g', { provider, documents: docs, targetIds: [t, t] })).toThrow(/target keys root repeat/);
  });

  test('rejects an empty target list', () => {
    const { stack, provider } = testStack();
    expect(() => new GuardrailPolicies(stack, 'g', { provider, documents: docs, targetIds: [] })).toThrow(/targetIds must name at least one/);
  });

  test('the rendered SCP has no Principal (SCPs cannot) and every statement is a Deny', () => {
    const { stack, provider } = testStack();
    new GuardrailPolicies(stack, 'g', { provider, documents: [docs[0]], targetIds: [{ key: 'root', id: 'r-ab12' }] });
    const content = JSON.parse(onlyResource(synth(stack), 'aws_organizations_policy').content);
    for (const s of content.Statement) {
      expect(s).not.toHaveProperty('Principal');
      expect(s.Effect).toBe('Deny');
      expect(asList(s.Action).length).toBeGreaterThan(0);
    }
  });

  test('region guardrail builder puts exempt roles in the condition', () => {
    const g = regionGuardrail({ governedRegions: ['eu-west-1'], exemptRoleArns: ['arn:aws:iam::*:role/X'] });
    expect(g.statement.conditions).toEqual({
      StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] },
      ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/X'] },
    });
  });
});
