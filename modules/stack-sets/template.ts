/**
 * CloudFormation templates as typed data: StackSet templates are built from TypeScript objects,
 * rendered to JSON in one place ({@link renderTemplate}), and checked structurally before they
 * are synthesized, so a dangling `Ref` or an unknown resource type fails at synth, not in a
 * StackSet operation hours later in some member account.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
 */

/** A JSON value of a template (intrinsic functions are plain objects such as `{ Ref: "X" }`). */
export type TemplateValue = string | number | boolean | null | readonly TemplateValue[] | { readonly [key: string]: TemplateValue };

/** One resource of a template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Condition?: string;
  readonly DependsOn?: readonly string[];
  readonly DeletionPolicy?: 'Delete' | 'Retain';
  readonly Properties: { readonly [key: string]: TemplateValue };
}

/** A CloudFormation template. */
export interface CloudFormationTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Parameters?: { readonly [name: string]: { readonly Type: 'String'; readonly Default?: string; readonly AllowedValues?: readonly string[]; readonly Description?: string } };
  readonly Conditions?: { readonly [name: string]: TemplateValue };
  readonly Resources: { readonly [logicalId: string]: TemplateResource };
  readonly Outputs?: { readonly [name: string]: { readonly Value: TemplateValue; readonly Description?: string } };
}

/**
 * The resource types the baseline's templates may use. A type outside this list is a typo or an
 * unreviewed addition; either way the template is refused.
 */
export const KNOWN_RESOURCE_TYPES = [
  'AWS::Config::ConfigurationRecorder',
  'AWS::Config::DeliveryChannel',
  'AWS::IAM::Role',
  'AWS::IAM::RolePolicy',
] as const;

/** Pseudo parameters CloudFormation defines in every template. */
const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

/**
 * Every structural problem of a template: unknown resource types, malformed logical IDs, and
 * `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::If`, `Condition` and `DependsOn` that point at nothing.
 * An empty list means the template is well-formed as far as these checks go.
 */
export function templateProblems(t: CloudFormationTemplate): string[] {
  const problems: string[] = [];
  const resources = new Set(Object.keys(t.Resources));
  const parameters = new Set(Object.keys(t.Parameters ?? {}));
  const conditions = new Set(Object.keys(t.Conditions ?? {}));
  const refable = (name: string) => resources.has(name) || parameters.has(name) || PSEUDO_PARAMETERS.has(name);
  if (resources.size === 0) problems.push('the template has no resources');
  for (const id of [...resources, ...parameters, ...conditions]) {
    if (!LOGICAL_ID.test(id)) problems.push(`logical ID "${id}" must be 1-255 letters and digits`);
  }

  const visit = (where: string, v: TemplateValue): void => {
    if (Array.isArray(v)) return v.forEach((x) => visit(where, x));
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, TemplateValue>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const [k] = keys;
      const arg = o[k];
      if (k === 'Ref' && (typeof arg !== 'string' || !refable(arg))) problems.push(`${where}: Ref to "${String(arg)}", which is not a resource, parameter or pseudo parameter`);
      if (k === 'Fn::GetAtt' && !(Array.isArray(arg) && typeof arg[0] === 'string' && resources.has(arg[0]))) {
        problems.push(`${where}: Fn::GetAtt of "${JSON.stringify(arg)}", which is not a resource of the template`);
      }
      if (k === 'Fn::Sub') {
        const text = typeof arg === 'string' ? arg : Array.isArray(arg) ? String(arg[0]) : '';
        for (const m of text.matchAll(/\$\{([^}!]+)\}/g)) {
          const name = m[1].split('.')[0];
          if (!refable(name)) problems.push(`${where}: Fn::Sub names "\${${m[1]}}", which is not a resource, parameter or pseudo parameter`);
        }
      }
      if (k === 'Fn::If' && !(Array.isArray(arg) && arg.length === 3 && typeof arg[0] === 'string' && conditions.has(arg[0]))) {
        problems.push(`${where}: Fn::If needs [condition, then, else] with a declared condition, got ${JSON.stringify(arg)}`);
      }
      if (k === 'Condition' && where.startsWith('Conditions') && (typeof arg !== 'string' || !conditions.has(arg))) {
        problems.push(`${where}: Condition "${String(arg)}" is not declared`);
      }
    }
    for (const [k, x] of Object.entries(o)) visit(`${where}.${k}`, x);
  };

  for (const [name, c] of Object.entries(t.Conditions ?? {})) visit(`Conditions.${name}`, c);
  for (const [id, r] of Object.entries(t.Resources)) {
    if (!(KNOWN_RESOURCE_TYPES as readonly string[]).includes(r.Type)) problems.push(`Resources.${id}: unknown resource type "${r.Type}"`);
    if (r.Condition !== undefined && !conditions.has(r.Condition)) problems.push(`Resources.${id}: Condition "${r.Condition}" is not declared`);
    for (const d of r.DependsOn ?? []) if (!resources.has(d)) problems.push(`Resources.${id}: DependsOn "${d}", which is not a resource of the template`);
    visit(`Resources.${id}.Properties`, r.Properties);
  }
  for (const [name, o] of Object.entries(t.Outputs ?? {})) visit(`Outputs.${name}`, o.Value);
  return problems;
}

/**
 * The one place a template becomes a string.
 * @throws Error listing every structural problem
 */
export function renderTemplate(t: CloudFormationTemplate): string {
  const problems = templateProblems(t);
  if (problems.length > 0) throw new Error(`Invalid CloudFormation template "${t.Description}":\n  - ${problems.join('\n  - ')}`);
  return JSON.stringify(t);
}

/**
 * Replaces every string that names a CloudFormation pseudo parameter (`${AWS::AccountId}`,
 * `${AWS::Region}`, `${AWS::Partition}`) with an `Fn::Sub` of it, so policy documents written as
 * plain data can hold per-account values of the stack they end up in.
 */
export function subPseudoParameters(value: unknown): TemplateValue {
  if (typeof value === 'string') return /\$\{AWS::[A-Za-z]+\}/.test(value) ? { 'Fn::Sub': value } : value;
  if (Array.isArray(value)) return value.map(subPseudoParameters);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, subPseudoParameters(v)]));
  }
  return value as TemplateValue;
}
