import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { BaselineConfig, validateConfig } from '../config/schema';
import { buildApp, BaselineStacks } from '../stacks/app';

/** The example configuration file as parsed JSON (defaults not yet applied). */
export function exampleInput(): Record<string, any> {
  return JSON.parse(readFileSync(path.join(__dirname, '..', 'config', 'example.json'), 'utf8'));
}

/** Deep-merges plain objects; arrays and scalars replace. */
export function merge(base: any, patch: any): any {
  if (patch === undefined) return base;
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch) || base === null || typeof base !== 'object' || Array.isArray(base)) {
    return patch;
  }
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = merge(base[k], v);
  return out;
}

/** The example configuration with a patch applied, validated; throws with the issues if invalid. */
export function testConfig(patch: Record<string, unknown> = {}): BaselineConfig {
  const r = validateConfig(merge(exampleInput(), patch));
  if (!r.ok) throw new Error(`test config invalid: ${JSON.stringify(r.issues)}`);
  return r.config;
}

/** A synthesized stack as parsed Terraform JSON. */
export type Synth = Record<string, any>;

/**
 * Syntheses of this test file by configuration (its JSON): the stacks are a pure function of the
 * configuration (stacks and modules read no environment), so an identical configuration is built
 * once per file. Each call parses the Terraform JSON afresh, so callers may change what they get;
 * the construct tree is shared and must only be read.
 */
const syntheses = new Map<string, { stacks: BaselineStacks; text: { logArchive: string; audit: string; management: string; regional: Array<[string, string]> } }>();

/** Builds the three stacks for a config and returns each one's Terraform JSON. */
export function synthAll(config: BaselineConfig = testConfig()): {
  /** Shared by every call with an identical configuration: read it, do not add to it. */
  stacks: BaselineStacks;
  logArchive: Synth;
  audit: Synth;
  management: Synth;
  /** The regional stacks by stack name (`security-<region>`). */
  regional: Record<string, Synth>;
} {
  const key = JSON.stringify(config);
  let known = syntheses.get(key);
  if (!known) {
    const stacks = buildApp(config, { outdir: Testing.app().outdir });
    known = {
      stacks,
      text: {
        logArchive: Testing.synth(stacks.logArchive),
        audit: Testing.synth(stacks.audit),
        management: Testing.synth(stacks.management),
        regional: stacks.regional.map((s) => [s.node.id, Testing.synth(s)]),
      },
    };
    syntheses.set(key, known);
  }
  return {
    stacks: known.stacks,
    logArchive: JSON.parse(known.text.logArchive),
    audit: JSON.parse(known.text.audit),
    management: JSON.parse(known.text.management),
    regional: Object.fromEntries(known.text.regional.map(([id, text]) => [id, JSON.parse(text)])),
  };
}

/** A fixed-ID stack with one aliased provider, for testing a module on its own. */
export function testStack(): { app: App; stack: TerraformStack; provider: AwsProvider } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const provider = new AwsProvider(stack, 'aws', { alias: 'test', region: 'ap-northeast-1' });
  return { app, stack, provider };
}

export function synth(stack: TerraformStack): Synth {
  return JSON.parse(Testing.synth(stack));
}

/** All resources of a type, as a list of their configurations. */
export function resourcesOf(json: Synth, type: string): Record<string, any>[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The single resource of a type; fails when there are none or several. */
export function onlyResource(json: Synth, type: string): Record<string, any> {
  const list = resourcesOf(json, type);
  if (list.length !== 1) throw new Error(`expected exactly one ${type}, found ${list.length}`);
  return list[0];
}

/** Every resource in a synthesized stack, with its type. */
export function allResources(json: Synth): Array<{ type: string; name: string; config: Record<string, any> }> {
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName as Record<string, any>).map(([name, config]) => ({ type, name, config })),
  );
}

/** A rendered policy attribute, parsed. */
export function parsePolicy(text: string): { Version: string; Statement: Array<Record<string, any>> } {
  return JSON.parse(text);
}

/** The statement with a sid; fails when absent. */
export function statement(policy: { Statement: Array<Record<string, any>> }, sid: string): Record<string, any> {
  const s = policy.Statement.find((x) => x.Sid === sid);
  if (!s) throw new Error(`no statement "${sid}" in [${policy.Statement.map((x) => x.Sid).join(', ')}]`);
  return s;
}

/** A value IAM accepts as one or many, as a list. */
export function asList<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The map a resource's `for_each` iterates, following a `${local.x}` reference into `locals`. */
export function forEachMap(json: Synth, resource: Record<string, any>): Record<string, unknown> {
  const ref = /^\$\{local\.([A-Za-z0-9_-]+)\}$/.exec(String(resource.for_each));
  if (!ref) return resource.for_each;
  const value = json.locals?.[ref[1]];
  if (value === undefined) throw new Error(`for_each refers to local.${ref[1]}, which the stack does not define`);
  return value;
}
