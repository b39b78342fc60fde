import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { allResources, synthAll } from './helpers';

/**
 * Terraform addresses are derived from construct paths: renaming or moving a construct changes
 * the address, and Terraform then destroys the old resource and creates a new one (for the log
 * bucket, the trail or the key, that is an outage or data loss). The addresses of the example
 * config are pinned in test/logical-ids.json. When a change is intended, add a `moved` block
 * (cdktf `moveTo`/`moveFrom`) for every changed address, then refresh the file with
 * `UPDATE_LOGICAL_IDS=1 npx jest test/logical-ids.test.ts`.
 */
const FILE = path.join(__dirname, 'logical-ids.json');

function currentAddresses(): Record<string, string[]> {
  const all = synthAll();
  const stacks = { 'log-archive': all.logArchive, audit: all.audit, management: all.management, ...all.regional };
  return Object.fromEntries(
    Object.entries(stacks).map(([name, json]) => [name, allResources(json).map((r) => `${r.type}.${r.name}`).sort()]),
  );
}

/** Addresses removed (destroyed) and added (created) between two listings. */
function addressChanges(pinned: Record<string, string[]>, current: Record<string, string[]>): string[] {
  return Object.keys({ ...pinned, ...current }).flatMap((stack) => {
    const before = new Set(pinned[stack] ?? []);
    const after = new Set(current[stack] ?? []);
    return [
      ...[...before].filter((a) => !after.has(a)).map((a) => `${stack}: - ${a} (would be destroyed)`),
      ...[...after].filter((a) => !before.has(a)).map((a) => `${stack}: + ${a} (would be created)`),
    ];
  });
}

test('a renamed construct shows as one destroy and one create', () => {
  expect(addressChanges({ s: ['aws_s3_bucket.log_A1', 'aws_kms_key.k_B2'] }, { s: ['aws_s3_bucket.logs_C3', 'aws_kms_key.k_B2'] })).toEqual([
    's: - aws_s3_bucket.log_A1 (would be destroyed)',
    's: + aws_s3_bucket.logs_C3 (would be created)',
  ]);
});

test('no resource address of the example config changed', () => {
  const current = currentAddresses();
  if (process.env.UPDATE_LOGICAL_IDS === '1') writeFileSync(FILE, `${JSON.stringify(current, null, 2)}\n`);
  const pinned: Record<string, string[]> = JSON.parse(readFileSync(FILE, 'utf8'));
  const changes = addressChanges(pinned, current);
  if (changes.length > 0) {
    throw new Error(`Terraform addresses changed; add moved blocks for renames, then refresh ${path.basename(FILE)}:\n${changes.join('\n')}`);
  }
  expect(changes).toEqual([]);
});

test('the pinned list covers the protected resources', () => {
  const pinned: Record<string, string[]> = JSON.parse(readFileSync(FILE, 'utf8'));
  expect(pinned['log-archive'].filter((a) => a.startsWith('aws_s3_bucket.'))).toHaveLength(2);
  expect(pinned['log-archive'].filter((a) => a.startsWith('aws_kms_key.'))).toHaveLength(1);
  expect(pinned.management.filter((a) => a.startsWith('aws_cloudtrail.'))).toHaveLength(1);
});
