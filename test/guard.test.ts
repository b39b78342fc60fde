import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Structural rules that keep synth fast and the modules reusable. */

const ROOT = path.join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!statSync(abs, { throwIfNoEntry: false })) return [];
  if (statSync(abs).isFile()) return [abs];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.includes('node_modules'))
    .map((f) => path.join(abs, f));
}

const BARREL = ['@cdktf', 'provider-aws'].join('/');
const MODULES = path.join(ROOT, 'modules') + path.sep;
const files = ['main.ts', 'config', 'modules', 'stacks', 'tools', 'test', 'scripts'].flatMap(sourceFiles);

/** Import specifiers of a TypeScript file (static imports, re-exports, require and dynamic import). */
function importsOf(text: string): string[] {
  const re = /(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g;
  return [...text.matchAll(re)].map((m) => m[1]);
}

describe('import hygiene', () => {
  test('the scan sees the project sources', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => f.endsWith(path.join('stacks', 'management-stack.ts')))).toBe(true);
  });

  test('no file imports @cdktf/provider-aws from the package root (seconds and hundreds of MB per synth)', () => {
    const offenders = files.filter((f) => importsOf(readFileSync(f, 'utf8')).some((s) => s === BARREL));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  test('the detector recognises a barrel import', () => {
    expect(importsOf(`import { s3Bucket } from '${BARREL}';`)).toEqual([BARREL]);
    expect(importsOf(`const aws = require("${BARREL}")`)).toEqual([BARREL]);
    expect(importsOf(`import { S3Bucket } from '${BARREL}/lib/s3-bucket';`)).not.toContain(BARREL);
  });

  test('modules never reach into another module except through its index.ts (or its internal perms.ts), and never into stacks or config', () => {
    const offenders: string[] = [];
    for (const f of files.filter((x) => x.startsWith(MODULES))) {
      const own = path.relative(path.join(ROOT, 'modules'), f).split(path.sep)[0];
      for (const spec of importsOf(readFileSync(f, 'utf8')).filter((s) => s.startsWith('.'))) {
        const target = path.relative(path.join(ROOT, 'modules'), path.resolve(path.dirname(f), spec));
        const [folder, ...rest] = target.split(path.sep);
        if (folder === '..' || target.startsWith('..')) offenders.push(`${path.relative(ROOT, f)} -> ${spec}`);
        else if (folder !== own && rest.length > 0 && !['index', 'perms'].includes(rest.join('/'))) offenders.push(`${path.relative(ROOT, f)} -> ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test('modules do not read the environment or configuration', () => {
    const offenders = files
      .filter((x) => x.startsWith(MODULES))
      .filter((f) => /process\.env|loadConfig|LZ_CONFIG/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  test('shipped code never imports the AGPL simulator or the tools that use it', () => {
    const shipped = files.filter((f) => /^(modules|stacks|config)[\\/]/.test(path.relative(ROOT, f)) || path.relative(ROOT, f) === 'main.ts');
    const offenders = shipped.filter((f) => importsOf(readFileSync(f, 'utf8')).some((s) => s.includes('iam-simulate') || s.includes('/tools/') || s.startsWith('../tools')));
    expect(shipped.length).toBeGreaterThan(20);
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  test('synth runs precompiled JavaScript, not ts-node', () => {
    const cdktf = JSON.parse(readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8'));
    expect(cdktf.app).toBe('node dist/main.js');
  });
});

describe('library packaging', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  test('cdktf, constructs and the AWS provider are peer dependencies, never bundled twice', () => {
    for (const dep of ['cdktf', 'constructs', '@cdktf/provider-aws']) {
      expect(pkg.peerDependencies).toHaveProperty(dep);
      expect(pkg.dependencies ?? {}).not.toHaveProperty(dep);
    }
    expect(pkg.keywords).toContain('cdktf');
  });

  test('every public subpath has types and require entries that exist after the build', () => {
    const entries = Object.entries(pkg.exports as Record<string, any>).filter(([k]) => k !== './package.json');
    expect(entries.map(([k]) => k)).toEqual(expect.arrayContaining(['./modules/log-archive', './modules/organization-trail', './modules/security-notifications']));
    const missing = entries.flatMap(([, v]) => [v.types, v.require]).filter((f: string) => !statSync(path.join(ROOT, f), { throwIfNoEntry: false }));
    expect({ missing, hint: 'run `npm run build` first' }).toEqual({ missing: [], hint: 'run `npm run build` first' });
  });

  test('every typed subpath resolves under node10 resolution too (cdktf\'s template: module CommonJS), to the same declarations', () => {
    // node10 ignores `exports`; `typesVersions` maps the subpath to the same .d.ts file.
    const map = pkg.typesVersions['*'] as Record<string, string[]>;
    const viaTypesVersions = (sub: string): string | undefined => {
      for (const [pattern, [target]] of Object.entries(map)) {
        if (pattern === sub) return target;
        if (pattern.endsWith('*') && sub.startsWith(pattern.slice(0, -1))) return target.replace('*', sub.slice(pattern.length - 1));
      }
      return undefined;
    };
    const subpaths = Object.entries(pkg.exports as Record<string, any>).filter(([k]) => k !== '.' && k !== './package.json');
    expect(subpaths.length).toBeGreaterThan(5);
    for (const [k, v] of subpaths) expect([k, viaTypesVersions(k.slice(2))]).toEqual([k, v.types.slice(2)]);
    expect([pkg.types, pkg.main]).toEqual([pkg.exports['.'].types.slice(2), pkg.exports['.'].require.slice(2)]);
  });

  test('the root entry exports the constructs and the stacks, and internals stay private', () => {
    // The built entry, as a consumer's require() sees it.
    const root = require(path.join(ROOT, pkg.main)) as Record<string, unknown>;
    const expected = ['LogArchive', 'LogArchiveBucket', 'LogKey', 'OrganizationTrail', 'CisMonitoring', 'SecurityNotifications', 'GuardrailPolicies', 'OrganizationTrustedAccess', 'CloudTrailDelegatedAdmin', 'ValidationError', 'LogArchiveStack', 'AuditStack', 'ManagementStack', 'buildApp'];
    expect(expected.filter((k) => typeof root[k] !== 'function')).toEqual([]);
    const internal = ['logArchivePerms', 'guardrailPerms', 'providerFor', 'providerAlias', 'configureBackend', 'outputsOf', 'producersReadBy', 'accountsDeployedBy', 'requireTfeProvider', 'tfeOutputsOf', 'localStatePath', 'PROVIDER_ALIASES'];
    expect(internal.filter((k) => k in root)).toEqual([]);
  });

  test('shipped source maps carry their sources (the .ts files are not in the tarball)', () => {
    const build = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8'));
    expect(build.compilerOptions.inlineSources).toBe(true);
    // `npm test` builds dist/ in its type-checking pass over tsconfig.json (one tsc run, not two):
    // the shipped files must come out the same as from `npm run build`. tsconfig.build.json itself
    // (no jest types, no tests) is compiled by the workflow's Build step in workflow.test.ts.
    const all = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
    expect(build.extends).toBe('./tsconfig.json');
    expect(Object.keys(build.compilerOptions).sort()).toEqual(['inlineSources', 'types']);
    expect(all.compilerOptions).toMatchObject({ inlineSources: true, outDir: 'dist', rootDir: '.' });
    expect(pkg.scripts.test).toBe('tsc -p tsconfig.json && jest');
    const map = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'modules', 'log-archive', 'log-archive.js.map'), 'utf8'));
    expect(map.sourcesContent?.[0]).toContain('class LogArchive');
  });

  test('every page the README links to is in the package (the README is the package page too)', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const links = [...new Set([...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l)))];
    expect(links.length).toBeGreaterThan(20);
    const patterns = (pkg.files as string[]).map((f) => new RegExp(`^${f.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/.*)?$`));
    expect(links.filter((l) => !patterns.some((p) => p.test(l)))).toEqual([]);
    for (const l of links) expect(statSync(path.join(ROOT, l), { throwIfNoEntry: false })?.isFile()).toBe(true);
  });

  test('every module folder has an index.ts and is exported', () => {
    const folders = readdirSync(path.join(ROOT, 'modules'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    for (const f of folders) {
      expect(statSync(path.join(ROOT, 'modules', f, 'index.ts'), { throwIfNoEntry: false })).toBeDefined();
      expect(Object.keys(pkg.exports)).toContain(`./modules/${f}`);
    }
  });
});
