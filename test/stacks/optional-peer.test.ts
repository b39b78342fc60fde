import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TFE_PROVIDER_PACKAGE, TFE_PROVIDER_RANGE } from '../../stacks/optional-peer';
import { testConfig } from '../helpers';

/**
 * `@cdktf/provider-tfe` is an optional peer dependency: a library user with the local or s3
 * backend may not have it, and must still load and synthesize every stack.
 */

const ROOT = path.join(__dirname, '..', '..');
const TFE_MODULES = ['', '/lib/data-tfe-outputs', '/lib/provider', '/lib/data-tfe-project', '/lib/run-trigger', '/lib/variable', '/lib/workspace', '/lib/workspace-settings'].map(
  (sub) => `${TFE_PROVIDER_PACKAGE}${sub}`,
);

/** Loads the stacks in a fresh module registry where every @cdktf/provider-tfe module fails as Node fails for a package that is not installed. */
function withoutTfe<T>(run: (mod: typeof import('../../stacks/app'), testing: typeof import('cdktf').Testing) => T): { result?: T; error?: Error; loaded: string[] } {
  const loaded: string[] = [];
  let result: T | undefined;
  let error: Error | undefined;
  jest.isolateModules(() => {
    for (const m of TFE_MODULES) {
      jest.doMock(m, () => {
        loaded.push(m);
        throw Object.assign(new Error(`Cannot find module '${m}'\nRequire stack:\n- ${path.join(ROOT, 'stacks', 'x.ts')}`), { code: 'MODULE_NOT_FOUND' });
      });
    }
    try {
      // Required inside the isolated registry, so the stacks see the mocks.
      const app = require('../../stacks/app') as typeof import('../../stacks/app');
      const { Testing } = require('cdktf') as typeof import('cdktf');
      result = run(app, Testing);
    } catch (e) {
      error = e as Error;
    } finally {
      for (const m of TFE_MODULES) jest.dontMock(m);
    }
  });
  return { result, error, loaded };
}

test('the range in the missing-package message is the one package.json declares, and the peer is optional', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.peerDependencies[TFE_PROVIDER_PACKAGE]).toBe(TFE_PROVIDER_RANGE);
  expect(pkg.peerDependenciesMeta[TFE_PROVIDER_PACKAGE]).toEqual({ optional: true });
  expect(pkg.dependencies ?? {}).not.toHaveProperty(TFE_PROVIDER_PACKAGE);
});

describe.each([
  ['local', {}],
  ['s3', { backend: { type: 's3', bucket: 'state-bucket', region: 'ap-northeast-1' } }],
])('GIVEN @cdktf/provider-tfe is not installed and the %s backend', (_name, patch) => {
  test('THEN every stack loads and synthesizes, and no @cdktf/provider-tfe module is even required', () => {
    const { result, error, loaded } = withoutTfe(({ buildApp }, Testing) => {
      const stacks = buildApp(testConfig(patch), { outdir: Testing.app().outdir });
      return [stacks.logArchive, stacks.audit, stacks.management, ...stacks.regional].map((s) => [s.node.id, Object.keys(JSON.parse(Testing.synth(s)).provider).sort()]);
    });
    expect(error).toBeUndefined();
    expect(loaded).toEqual([]);
    expect(result).toEqual([
      ['log-archive', ['aws']],
      ['audit', ['aws']],
      ['management', ['aws']],
      ['security-ap-northeast-1', ['aws']],
      ['security-us-east-1', ['aws']],
    ]);
  });
});

describe('GIVEN @cdktf/provider-tfe is not installed and the cloud backend', () => {
  test('THEN building the app fails with an error naming the package, the range to install and the reader that needs it', () => {
    const { error, loaded } = withoutTfe(({ buildApp }, Testing) => buildApp(testConfig({ backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline' } }), { outdir: Testing.app().outdir }));
    expect(loaded.length).toBeGreaterThan(0);
    expect(error?.message).toBe(
      'management: reading the outputs of "log-archive" with backend.type "cloud" (tfe_outputs) needs the optional peer dependency @cdktf/provider-tfe, which is not installed: ' +
        'run `npm install @cdktf/provider-tfe@"~12.5.1"` (the local and s3 backends do not need it).',
    );
    expect((error?.cause as { code?: string }).code).toBe('MODULE_NOT_FOUND');
  });

  test('THEN another failure inside the tfe files is not disguised as a missing package', () => {
    let error: Error | undefined;
    jest.isolateModules(() => {
      jest.doMock(`${TFE_PROVIDER_PACKAGE}/lib/provider`, () => {
        throw new Error('boom');
      });
      const { buildApp } = require('../../stacks/app') as typeof import('../../stacks/app');
      const { Testing } = require('cdktf') as typeof import('cdktf');
      try {
        buildApp(testConfig({ backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'baseline' } }), { outdir: Testing.app().outdir });
      } catch (e) {
        error = e as Error;
      } finally {
        jest.dontMock(`${TFE_PROVIDER_PACKAGE}/lib/provider`);
      }
    });
    expect(error?.message).toBe('boom');
  });
});

test('only the two lazily required files import @cdktf/provider-tfe, and nothing imports them statically', () => {
  const files: string[] = [];
  for (const dir of ['stacks', 'modules', 'config']) {
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(path.join(ROOT, dir));
  }
  files.push(path.join(ROOT, 'index.ts'), path.join(ROOT, 'main.ts'));
  const rel = (f: string) => path.relative(ROOT, f);
  const importers = files.filter((f) => /from '@cdktf\/provider-tfe/.test(readFileSync(f, 'utf8'))).map(rel).sort();
  expect(importers).toEqual(['stacks/hcp-workspaces-stack.ts', 'stacks/tfe-outputs.ts']);
  const staticImporters = files.filter((f) => /from '\.\/(tfe-outputs|hcp-workspaces-stack)'/.test(readFileSync(f, 'utf8'))).map(rel);
  expect(staticImporters).toEqual([]);
});
