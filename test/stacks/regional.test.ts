import { Testing } from 'cdktf';
import { regionalStackName, stackNames } from '../../stacks/backend';
import { RegionalSecurityStack } from '../../stacks/regional-stack';
import { synthAll, testConfig } from '../helpers';

/** Regional stacks: one per governed region, each with at most two AWS provider configurations. */

const SEVENTEEN = [
  'ap-northeast-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1',
  'eu-north-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1', 'ca-central-1', 'sa-east-1',
];

function regionsConfig(regions: readonly string[]) {
  return testConfig({ organization: { governedRegions: [...regions] } });
}

describe('regional stacks', () => {
  test('one stack per governed region, named security-<region>, deployed after the account stacks', () => {
    const s = synthAll();
    expect(s.stacks.regional.map((r) => r.node.id)).toEqual(['security-ap-northeast-1', 'security-us-east-1']);
    expect(stackNames(['ap-northeast-1', 'us-east-1'])).toEqual(['log-archive', 'audit', 'management', 'security-ap-northeast-1', 'security-us-east-1']);
    for (const r of s.stacks.regional) expect(r.dependencies).toContain(s.stacks.management);
    expect(s.stacks.regional.map((r) => r.isHomeRegion)).toEqual([true, false]);
  });

  test('a regional stack id that does not match its region is refused', () => {
    expect(regionalStackName('eu-west-1')).toBe('security-eu-west-1');
    expect(() => new RegionalSecurityStack(Testing.app(), 'security-us-east-1', { config: testConfig(), region: 'eu-west-1' })).toThrow(
      'regional stack id "security-us-east-1" must be "security-eu-west-1"',
    );
  });

  test.each([
    ['1', SEVENTEEN.slice(0, 1)],
    ['4', SEVENTEEN.slice(0, 4)],
    ['17', SEVENTEEN],
  ])('%s governed regions: no stack holds more than two AWS provider configurations', (_n, regions) => {
    const s = synthAll(regionsConfig(regions));
    const all = { 'log-archive': s.logArchive, audit: s.audit, management: s.management, ...s.regional };
    expect(Object.keys(all)).toHaveLength(3 + regions.length);
    for (const [name, json] of Object.entries(all)) {
      const providers: Array<{ alias: string; region: string }> = json.provider?.aws ?? [];
      expect({ name, count: providers.length <= 2 }).toEqual({ name, count: true });
    }
    // Regional providers, where a regional stack has any, point at that stack's own region.
    for (const r of s.stacks.regional) {
      const json = s.regional[r.node.id];
      for (const p of json.provider?.aws ?? []) expect({ stack: r.node.id, region: p.region }).toEqual({ stack: r.node.id, region: r.region });
    }
  });

  test('every regional stack passes cdktf validations', () => {
    for (const r of synthAll().stacks.regional) expect(() => Testing.synth(r, true)).not.toThrow();
  });
});
