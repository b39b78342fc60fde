/**
 * The rule model of the OSB rule pack: checks over synthesized Terraform JSON (`cdk.tf.json`), in
 * the manner of cdk-nag, with stable IDs, real severities and cross-references to the scanners
 * reviewers already know (Security Hub, Checkov, Trivy).
 */

/** How bad a finding is; ordered from worst to least. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Severities from worst to least; the index is the rank used for `--fail-on`. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** SARIF `level` and GitHub `security-severity` (0.0-10.0, as a string) of each severity. */
export const SEVERITY_SCORES: Readonly<Record<Severity, { readonly level: 'error' | 'warning' | 'note'; readonly securitySeverity: string }>> = {
  critical: { level: 'error', securitySeverity: '9.5' },
  high: { level: 'error', securitySeverity: '8.0' },
  medium: { level: 'warning', securitySeverity: '5.5' },
  low: { level: 'note', securitySeverity: '2.0' },
};

/** True when `s` is as bad as `threshold` or worse. */
export function atOrAbove(s: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(threshold);
}

/** Parsed Terraform JSON of one stack (`cdk.tf.json`). */
export type TerraformJson = Readonly<Record<string, unknown>>;

/** One synthesized stack: its name (the cdktf stack ID) and its Terraform JSON. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: TerraformJson;
}

/** One `resource` block of a synthesized stack, as the rules see it. */
export interface TerraformResource {
  /** The stack (cdktf stack ID) that holds the resource. */
  readonly stack: string;
  /** Terraform resource type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Terraform resource name, e.g. `log_archive_bucket_234EA774`. */
  readonly logicalId: string;
  /** `<type>.<logicalId>`: what `terraform plan` prints. */
  readonly address: string;
  /** The construct path from `"//".metadata.path`, e.g. `log-archive/log_archive/bucket/bucket`. */
  readonly constructPath?: string;
  /** The resource's arguments as synthesized (snake_case). */
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * The pseudo resource type of rules about what the whole app lacks (an organization-wide service
 * that no stack creates). Such rules get one resource of this type per run, at address
 * `cdktf_app.app`, and their findings point at `stacks/app.ts`.
 */
export const APP_RESOURCE_TYPE = 'cdktf_app';

/** What a rule may look at besides the resource: every stack of the app. */
export interface RuleContext {
  /** The stack of the resource under evaluation; undefined for app-level rules (see `stacks`). */
  readonly stack: SynthesizedStack | undefined;
  /** Every stack of the app, in the order they were read. */
  readonly stacks: readonly SynthesizedStack[];
  /** Every resource of a type, in one stack or (without `stack`) in all of them. */
  resources(type: string, stack?: string): readonly TerraformResource[];
  /** The account a resource is deployed to, from its provider's `allowed_account_ids` or assumed role. */
  accountOf(resource: TerraformResource): string | undefined;
}

/** One violation a rule reports for a resource; the engine adds rule, severity and location. */
export interface Violation {
  /** What is wrong and where, in one sentence a reviewer can act on. */
  readonly message: string;
}

/** A check over synthesized Terraform. */
export interface Rule {
  /**
   * Stable ID: `OSB-` + a family (letters) + a number. Never renumbered or reused; a retired
   * rule keeps its ID retired.
   */
  readonly id: string;
  /** Short title, used as the SARIF rule name's description. */
  readonly title: string;
  /** What the rule checks and why it matters. */
  readonly description: string;
  /** What to change to comply (points at the config field or construct prop where there is one). */
  readonly help: string;
  readonly severity: Severity;
  /** The AWS Security Hub control this rule mirrors, e.g. `CloudTrail.1`. */
  readonly securityHubControl?: string;
  /** Equivalent Checkov check IDs. */
  readonly checkov?: readonly string[];
  /** Equivalent Trivy (AVD) IDs. */
  readonly trivy?: readonly string[];
  /**
   * Terraform resource types the rule evaluates; `'*'` for every type, {@link APP_RESOURCE_TYPE}
   * for a rule about the app as a whole.
   */
  readonly resourceTypes: readonly string[];
  /** The violations of one resource; empty when it complies. */
  evaluate(resource: TerraformResource, context: RuleContext): readonly Violation[];
}

/** One violation, located: what the report, the table and SARIF show. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string;
  readonly address: string;
  readonly constructPath?: string;
  readonly message: string;
  /** Set when an active suppression covers the finding. */
  readonly suppression?: AppliedSuppression;
}

/** The suppression that silenced a finding, as the report lists it. */
export interface AppliedSuppression {
  readonly reason: string;
  readonly expires?: string;
  /** How the suppression selects resources, e.g. `constructPath log-archive/log_archive/access_logs/bucket`. */
  readonly selector: string;
}
