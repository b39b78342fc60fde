import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SynthesizedStack } from '../../tools/rule-pack/rule';
import { synthStacks } from '../../tools/rule-pack/synth';
import { testConfig } from '../helpers';

/** Fixtures for the rule-pack tests: the synthesized example (with construct paths) and ways to break it. */

export type Stacks = SynthesizedStack[];
type Json = Record<string, any>;

let example: Stacks | undefined;

/** A fresh deep copy of the example configuration's stacks, synthesized once per test file. */
export function exampleStacks(): Stacks {
  example ??= synthStacks(testConfig());
  return structuredClone(example);
}

/** The stacks of another configuration (the example with a patch). */
export function stacksFor(patch: Record<string, unknown>): Stacks {
  return synthStacks(testConfig(patch));
}

/** A copy of the example with `edit` applied, as a thunk for case tables. */
export function mutated(edit: (stacks: Stacks) => void): () => Stacks {
  return () => {
    const s = exampleStacks();
    edit(s);
    return s;
  };
}

/** The JSON of a stack by name. */
export function stackJson(stacks: Stacks, name: string): Json {
  const s = stacks.find((x) => x.name === name);
  if (!s) throw new Error(`no stack ${name} in [${stacks.map((x) => x.name).join(', ')}]`);
  return s.json as Json;
}

/** The (mutable) config of the one resource of `type` in `stack` whose logical ID starts with `prefix`. */
export function resource(stacks: Stacks, stack: string, type: string, prefix = ''): Json {
  const byName: Json = stackJson(stacks, stack).resource?.[type] ?? {};
  const hits = Object.entries(byName).filter(([id]) => id.startsWith(prefix));
  if (hits.length !== 1) throw new Error(`expected one ${type} ${prefix}* in ${stack}, found [${hits.map(([id]) => id).join(', ')}]`);
  return hits[0][1];
}

/** Every logical ID of `type` in `stack` starting with `prefix`. */
export function idsOf(stacks: Stacks, stack: string, type: string, prefix = ''): string[] {
  return Object.keys(stackJson(stacks, stack).resource?.[type] ?? {}).filter((id) => id.startsWith(prefix));
}

/** Adds a resource to a stack (creating the type map if needed). */
export function addResource(stacks: Stacks, stack: string, type: string, id: string, config: Json): void {
  const json = stackJson(stacks, stack);
  json.resource ??= {};
  json.resource[type] ??= {};
  json.resource[type][id] = config;
}

/** Removes a resource from a stack. */
export function removeResource(stacks: Stacks, stack: string, type: string, id: string): void {
  delete stackJson(stacks, stack).resource[type][id];
}

/** Rewrites the JSON policy held in `config[attribute]`. */
export function editPolicy(config: Json, edit: (doc: { Statement: Json[] }) => void, attribute = 'policy'): void {
  const doc = JSON.parse(config[attribute]);
  edit(doc);
  config[attribute] = JSON.stringify(doc);
}

/** The statement with a Sid; fails when absent. */
export function sid(doc: { Statement: Json[] }, name: string): Json {
  const s = doc.Statement.find((x) => x.Sid === name);
  if (!s) throw new Error(`no statement ${name}`);
  return s;
}

/** A hand-written stack: provider `aws.test` pinned to account 111111111111, and the given resources. */
export function handWritten(name: string, resources: Record<string, Record<string, Json>>): SynthesizedStack {
  return {
    name,
    json: {
      provider: { aws: [{ alias: 'test', allowed_account_ids: ['111111111111'], region: 'us-east-1' }] },
      resource: resources,
    },
  };
}

/** The example's log-archive stack names, for readability. */
export const LOG_BUCKET = 'log_archive_bucket_';
export const ACCESS_BUCKET = 'log_archive_access_logs_';
/** The Athena query-results bucket of the audit stack. */
export const RESULTS_BUCKET = 'log_query_results_';

/** Writes stacks as a cdktf output directory (manifest.json and stacks/<name>/cdk.tf.json). */
export function writeOutdir(stacks: Stacks, dir: string): string {
  const manifest: Json = { version: '0.21.0', stacks: {} };
  for (const s of stacks) {
    mkdirSync(path.join(dir, 'stacks', s.name), { recursive: true });
    writeFileSync(path.join(dir, 'stacks', s.name, 'cdk.tf.json'), JSON.stringify(s.json, null, 2));
    manifest.stacks[s.name] = { name: s.name, synthesizedStackPath: `stacks/${s.name}/cdk.tf.json` };
  }
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** Removes `aws:SourceArn` from the CloudTrail write statement of the log bucket policy: the deliberate mistake. */
export function dropTrailSourceArn(stacks: Stacks): void {
  editPolicy(resource(stacks, 'log-archive', 'aws_s3_bucket_policy', LOG_BUCKET), (d) => {
    delete sid(d, 'AWSCloudTrailWrite').Condition.StringEquals['aws:SourceArn'];
  });
}
