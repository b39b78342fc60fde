import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { APP_RESOURCE_TYPE, RuleContext, SynthesizedStack, TerraformResource } from './rule';

/** Reading synthesized Terraform JSON and navigating it: the one place that knows its shape. */

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Reads every stack of a cdktf output directory: the stacks `manifest.json` lists, or, without a
 * manifest, every `stacks/<name>/cdk.tf.json`.
 * @throws Error when the directory holds no stack
 */
export function readStacks(outdir: string): SynthesizedStack[] {
  const manifestFile = path.join(outdir, 'manifest.json');
  let entries: Array<{ name: string; file: string }>;
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { stacks?: Record<string, { name?: string; synthesizedStackPath?: string }> };
    entries = Object.entries(manifest.stacks ?? {}).map(([key, s]) => ({
      name: s.name ?? key,
      file: path.join(outdir, s.synthesizedStackPath ?? path.join('stacks', key, 'cdk.tf.json')),
    }));
  } else {
    const dir = path.join(outdir, 'stacks');
    entries = existsSync(dir)
      ? readdirSync(dir)
          .filter((n) => existsSync(path.join(dir, n, 'cdk.tf.json')))
          .map((n) => ({ name: n, file: path.join(dir, n, 'cdk.tf.json') }))
      : [];
  }
  if (entries.length === 0) throw new Error(`no synthesized stacks in ${outdir} (expected manifest.json or stacks/<name>/cdk.tf.json)`);
  return entries.map((e) => ({ name: e.name, json: JSON.parse(readFileSync(e.file, 'utf8')) as Json }));
}

/** Every resource of a stack, in the order of its JSON. */
export function resourcesOf(stack: SynthesizedStack): TerraformResource[] {
  const byType = isObject(stack.json.resource) ? stack.json.resource : {};
  return Object.entries(byType).flatMap(([type, byName]) =>
    Object.entries(isObject(byName) ? byName : {}).map(([logicalId, config]) => {
      const c = isObject(config) ? config : {};
      const meta = isObject(c['//']) && isObject(c['//'].metadata) ? c['//'].metadata : {};
      return {
        stack: stack.name,
        type,
        logicalId,
        address: `${type}.${logicalId}`,
        constructPath: typeof meta.path === 'string' ? meta.path : undefined,
        config: c,
      };
    }),
  );
}

/** The pseudo resource app-level rules evaluate (see {@link APP_RESOURCE_TYPE}). */
export const APP_RESOURCE: TerraformResource = {
  stack: '(app)',
  type: APP_RESOURCE_TYPE,
  logicalId: 'app',
  address: `${APP_RESOURCE_TYPE}.app`,
  config: {},
};

/**
 * The contexts rules evaluate in, sharing one index of every stack's resources (read once per
 * call, so stacks edited between calls are seen as they are now).
 */
export function createContexts(stacks: readonly SynthesizedStack[]): {
  /** The context of a resource in `stack`; without a stack, the app-level context. */
  readonly of: (stack?: string) => RuleContext;
  /** Every resource, stack by stack. */
  readonly resources: readonly TerraformResource[];
} {
  const all = stacks.flatMap(resourcesOf);
  const of = (current?: string): RuleContext => ({
    stack: stacks.find((s) => s.name === current),
    stacks,
    resources(type: string, stack?: string) {
      return all.filter((r) => r.type === type && (stack === undefined || r.stack === stack));
    },
    accountOf(resource: TerraformResource) {
      const stack = stacks.find((s) => s.name === resource.stack);
      return stack ? providerAccount(stack, resource.config.provider) : undefined;
    },
  });
  return { of, resources: all };
}

/** The account a provider reference (`aws.<alias>`) is pinned to: `allowed_account_ids[0]`, else the assumed role's account. */
function providerAccount(stack: SynthesizedStack, ref: unknown): string | undefined {
  const alias = typeof ref === 'string' && ref.startsWith('aws.') ? ref.slice(4) : undefined;
  const providers = isObject(stack.json.provider) ? stack.json.provider.aws : undefined;
  const list = (Array.isArray(providers) ? providers : providers ? [providers] : []).filter(isObject);
  const p = list.find((x) => (alias === undefined ? x.alias === undefined : x.alias === alias));
  if (!p) return undefined;
  const allowed = p.allowed_account_ids;
  if (Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === 'string') return allowed[0];
  const role = blocks(p.assume_role)[0]?.role_arn;
  const m = typeof role === 'string' ? /^arn:aws[\w-]*:iam::(\d{12}):/.exec(role) : null;
  return m ? m[1] : undefined;
}

/** A nested block as a list: cdktf renders single blocks as objects and repeated ones as arrays. */
export function blocks(v: unknown): Json[] {
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

/** A string argument, or undefined when absent or not a string. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** True when the value is a Terraform expression (`${...}`) rather than a literal. */
export function isExpression(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

/** A value as a reviewer reads it in a message. */
export function show(v: unknown): string {
  return v === undefined ? 'unset' : JSON.stringify(v);
}

/** True when `value` is the literal `true` (cdktf renders booleans as JSON booleans; Terraform also takes "true"). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** True when `value` is the literal `false`. */
export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/**
 * True when `value` refers to `target`: an expression naming `<type>.<logicalId>` (any attribute),
 * or, for a literal, equal to one of `literals` (e.g. the bucket's literal name).
 */
export function refersTo(value: unknown, target: TerraformResource, literals: readonly string[] = []): boolean {
  if (typeof value !== 'string') return false;
  if (value.includes(`\${${target.address}.`) || value === `\${${target.address}}`) return true;
  return !isExpression(value) && literals.includes(value);
}

/** The literal name of a bucket (`bucket` argument), when known at synth. */
export function bucketName(bucket: TerraformResource): string | undefined {
  const name = bucket.config.bucket;
  return typeof name === 'string' && !isExpression(name) ? name : undefined;
}

/**
 * The resources of `type` attached to a bucket through their `bucket` argument (a reference to it
 * or its literal name), in the bucket's own stack: versioning, encryption, logging, policy, ...
 */
export function bucketAttachments(bucket: TerraformResource, type: string, context: RuleContext): TerraformResource[] {
  const name = bucketName(bucket);
  return context.resources(type, bucket.stack).filter((r) => refersTo(r.config.bucket, bucket, name ? [name] : []));
}

/**
 * The bucket a value of a resource in stack `from` names: a reference to an `aws_s3_bucket` of the
 * same stack, or a literal bucket name, looked up in every stack (the trail's bucket lives in the
 * log-archive stack, the trail in the management stack).
 */
export function findBucket(value: unknown, from: string, context: RuleContext): TerraformResource | undefined {
  return context.resources('aws_s3_bucket').find((b) => {
    if (isExpression(value)) return b.stack === from && refersTo(value, b);
    const name = bucketName(b);
    return name !== undefined && value === name;
  });
}

/** A Terraform JSON value that may be one item or a list (blocks render as lists), as a list. */
export function asList<T>(value: unknown): T[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? (value as T[]) : [value as T];
}
