import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { AccessanalyzerArchiveRule } from '@cdktf/provider-aws/lib/accessanalyzer-archive-rule';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { isAccountId, ProviderRef, throwIfInvalid } from '../iam';

/** The service principal IAM Access Analyzer registers delegated administrators under. */
export const ACCESS_ANALYZER_PRINCIPAL = 'access-analyzer.amazonaws.com';

export interface AccessAnalyzerDelegatedAdminProps {
  /** Provider of the management account. */
  readonly provider: ProviderRef;
  /** The account to make Access Analyzer's delegated administrator (the audit account). */
  readonly adminAccountId: string;
  /** Must exist first (trusted access for access-analyzer.amazonaws.com). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Registers the delegated administrator of IAM Access Analyzer with AWS Organizations: once for
 * the organization, whatever the number of regions (the registration is global).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-settings.html#access-analyzer-delegated-administrator
 */
export class AccessAnalyzerDelegatedAdmin extends Construct {
  readonly registration: OrganizationsDelegatedAdministrator;

  constructor(scope: Construct, id: string, props: AccessAnalyzerDelegatedAdminProps) {
    super(scope, id);
    throwIfInvalid('AccessAnalyzerDelegatedAdmin', this, isAccountId(props.adminAccountId) ? [] : [`adminAccountId "${props.adminAccountId}" is not a 12-digit account ID`]);
    this.registration = new OrganizationsDelegatedAdministrator(this, 'registration', {
      provider: props.provider,
      accountId: props.adminAccountId,
      servicePrincipal: ACCESS_ANALYZER_PRINCIPAL,
      dependsOn: props.dependsOn?.length ? [...props.dependsOn] : undefined,
    });
  }
}

/** One filter of an archive rule: findings whose `criteria` attribute matches. */
export interface ArchiveRuleFilter {
  readonly criteria: string;
  readonly eq?: readonly string[];
  readonly neq?: readonly string[];
  readonly contains?: readonly string[];
  readonly exists?: 'true' | 'false';
}

/** An archive rule: findings matching every filter are archived automatically. */
export interface ArchiveRule {
  readonly name: string;
  readonly filters: readonly ArchiveRuleFilter[];
}

export interface OrganizationAccessAnalyzerProps {
  /** Provider of the delegated administrator (audit) account in the region. */
  readonly provider: ProviderRef;
  /** Name of the external-access analyzer (unique per account and region). */
  readonly analyzerName: string;
  /** Archive rules of the external-access analyzer. @default [] */
  readonly archiveRules?: readonly ArchiveRule[];
  /**
   * Also an organization unused-access analyzer (a paid feature; one is enough, in the home
   * region), reporting access unused for this many days.
   * @default - none
   */
  readonly unusedAccessAgeDays?: number;
  /** Name of the unused-access analyzer. @default "<analyzerName>-unused" */
  readonly unusedAccessAnalyzerName?: string;
}

/**
 * IAM Access Analyzer for the whole organization in one region: an external-access analyzer of
 * type ORGANIZATION (zone of trust: the organization) in the delegated administrator account,
 * with archive rules, and optionally an unused-access analyzer.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html
 */
export class OrganizationAccessAnalyzer extends Construct {
  readonly analyzer: AccessanalyzerAnalyzer;
  readonly unusedAccessAnalyzer?: AccessanalyzerAnalyzer;
  readonly archiveRules: readonly AccessanalyzerArchiveRule[];

  constructor(scope: Construct, id: string, props: OrganizationAccessAnalyzerProps) {
    super(scope, id);
    const rules = props.archiveRules ?? [];
    const problems: string[] = [];
    const names = rules.map((r) => r.name);
    names.filter((n, i) => names.indexOf(n) !== i).forEach((n) => problems.push(`archive rule "${n}" is defined twice`));
    for (const r of rules) {
      if (r.filters.length === 0) problems.push(`archive rule "${r.name}" has no filter (it would archive every finding)`);
      for (const f of r.filters) {
        if (!f.eq?.length && !f.neq?.length && !f.contains?.length && f.exists === undefined) problems.push(`archive rule "${r.name}": filter on ${f.criteria} has no eq, neq, contains or exists`);
      }
    }
    const age = props.unusedAccessAgeDays;
    if (age !== undefined && (!Number.isInteger(age) || age < 1 || age > 365)) problems.push(`unusedAccessAgeDays must be a whole number of days 1-365 (got ${age})`);
    throwIfInvalid('OrganizationAccessAnalyzer', this, problems);

    this.analyzer = new AccessanalyzerAnalyzer(this, 'external_access', {
      provider: props.provider,
      analyzerName: props.analyzerName,
      type: 'ORGANIZATION',
    });
    this.archiveRules = rules.map(
      (r) =>
        new AccessanalyzerArchiveRule(this, `archive_${r.name.replace(/[^A-Za-z0-9_]/g, '_')}`, {
          provider: props.provider,
          analyzerName: this.analyzer.analyzerName,
          ruleName: r.name,
          filter: r.filters.map((f) => ({
            criteria: f.criteria,
            eq: f.eq ? [...f.eq] : undefined,
            neq: f.neq ? [...f.neq] : undefined,
            contains: f.contains ? [...f.contains] : undefined,
            exists: f.exists,
          })),
        }),
    );
    if (age !== undefined) {
      this.unusedAccessAnalyzer = new AccessanalyzerAnalyzer(this, 'unused_access', {
        provider: props.provider,
        analyzerName: props.unusedAccessAnalyzerName ?? `${props.analyzerName}-unused`,
        type: 'ORGANIZATION_UNUSED_ACCESS',
        configuration: { unusedAccess: { unusedAccessAge: age } },
      });
    }
  }
}
