import { SynthesizedStack, TerraformResource } from './rule';
import { str } from './terraform';

/** Regions and StackSet templates as the Config coverage rules read them. */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function providersOf(stack: SynthesizedStack): Json[] {
  const p = isObject(stack.json.provider) ? stack.json.provider.aws : undefined;
  return (Array.isArray(p) ? p : p ? [p] : []).filter(isObject);
}

/**
 * The regions the app governs: every region an AWS provider of any stack is configured for (the
 * baseline has a regional stack, with its providers, per governed region).
 */
export function providerRegions(stacks: readonly SynthesizedStack[]): string[] {
  return [...new Set(stacks.flatMap((s) => providersOf(s).map((p) => str(p.region)).filter((r): r is string => r !== undefined)))].sort();
}

/** The region of the provider a resource names (`aws.<alias>`). */
export function regionOf(resource: TerraformResource, stacks: readonly SynthesizedStack[]): string | undefined {
  const stack = stacks.find((s) => s.name === resource.stack);
  const ref = resource.config.provider;
  const alias = typeof ref === 'string' && ref.startsWith('aws.') ? ref.slice(4) : undefined;
  const p = stack ? providersOf(stack).find((x) => (alias === undefined ? x.alias === undefined : x.alias === alias)) : undefined;
  return p ? str(p.region) : undefined;
}

/**
 * A StackSet's template body as data: Terraform JSON escapes CloudFormation's `${...}` as
 * `$${...}`; undefined when the body is not literal JSON.
 */
export function stackSetTemplate(stackSet: TerraformResource): Json | undefined {
  const body = str(stackSet.config.template_body);
  if (body === undefined) return undefined;
  try {
    const t = JSON.parse(body.split('$${').join('${'));
    return isObject(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

/** The resources of a template of one CloudFormation type. */
export function templateResources(template: Json | undefined, type: string): Json[] {
  const r = template && isObject(template.Resources) ? template.Resources : {};
  return Object.values(r).filter((x): x is Json => isObject(x) && x.Type === type);
}
