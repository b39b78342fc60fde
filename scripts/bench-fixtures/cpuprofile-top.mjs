#!/usr/bin/env node
/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and summarizes where the time went: top functions by
 * self time, self time by area (npm package, project file, node internals, GC), and the inclusive
 * time of a few named functions. Used by `scripts/bench.mjs --profile`, and on its own:
 *   node scripts/bench-fixtures/cpuprofile-top.mjs <file.cpuprofile> [--top 25] [--inclusive buildApp,synth]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where a frame's code lives: an npm package, a project path, node's internals, or a V8 pseudo-frame. */
export function areaOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8)';
  if (url.startsWith('node:')) return 'node: internals';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = path.indexOf('/dist/');
  if (dist >= 0) return `project ${path.slice(dist + 1).split('/').slice(0, 3).join('/')}`;
  return `project ${path.split('/').slice(-2).join('/')}`;
}

export function summarize(profile, { top = 20, inclusive = [] } = {}) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time before sample i; attribute sample i the delta that follows it.
  for (let i = 0; i < samples.length; i++) {
    const dt = i + 1 < deltas.length ? deltas[i + 1] : 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, dt));
  }
  const byFn = new Map();
  const byArea = new Map();
  const inclusiveUs = new Map(inclusive.map((name) => [name, 0]));
  for (const [id, us] of selfUs) {
    const { callFrame: f } = nodes.get(id);
    const name = f.functionName || '(anonymous)';
    const key = `${name}\u0000${f.url}\u0000${f.lineNumber}`;
    const e = byFn.get(key) ?? { function: name, where: f.url ? `${f.url.replace(/^file:\/\//, '')}:${f.lineNumber + 1}` : '', area: areaOf(f.url, name), selfMs: 0 };
    e.selfMs += us / 1000;
    byFn.set(key, e);
    byArea.set(e.area, (byArea.get(e.area) ?? 0) + us / 1000);
    if (inclusive.length > 0) {
      // Count this node's self time once for every distinct named function on its stack.
      const onStack = new Set();
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        const fn = nodes.get(cur).callFrame.functionName;
        if (inclusiveUs.has(fn)) onStack.add(fn);
      }
      for (const fn of onStack) inclusiveUs.set(fn, inclusiveUs.get(fn) + us);
    }
  }
  const sampledMs = [...selfUs.values()].reduce((a, b) => a + b, 0) / 1000;
  return {
    profiledMs: (profile.endTime - profile.startTime) / 1000,
    sampledMs,
    topSelf: [...byFn.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
    byArea: [...byArea.entries()].map(([area, selfMs]) => ({ area, selfMs })).sort((a, b) => b.selfMs - a.selfMs),
    inclusive: [...inclusiveUs.entries()].map(([fn, us]) => ({ function: fn, inclusiveMs: us / 1000 })),
  };
}

export function formatSummary(s, { areas = 12 } = {}) {
  const pct = (ms) => `${((100 * ms) / (s.sampledMs || 1)).toFixed(1)}%`.padStart(6);
  const ms = (v) => `${v.toFixed(1)} ms`.padStart(10);
  const lines = [`profiled ${s.profiledMs.toFixed(0)} ms (sampled ${s.sampledMs.toFixed(0)} ms)`, 'self time by area:'];
  for (const a of s.byArea.slice(0, areas)) lines.push(`  ${ms(a.selfMs)} ${pct(a.selfMs)}  ${a.area}`);
  lines.push('top functions by self time:');
  for (const f of s.topSelf) lines.push(`  ${ms(f.selfMs)} ${pct(f.selfMs)}  ${f.function}  ${f.where}`);
  if (s.inclusive.length > 0) {
    lines.push('inclusive time of named functions:');
    for (const f of s.inclusive) lines.push(`  ${ms(f.inclusiveMs)} ${pct(f.inclusiveMs)}  ${f.function}`);
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--top' && args[args.indexOf(a) - 1] !== '--inclusive');
  if (!file) {
    process.stderr.write('usage: cpuprofile-top.mjs <file.cpuprofile> [--top N] [--inclusive fnA,fnB]\n');
    process.exit(2);
  }
  const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const summary = summarize(JSON.parse(readFileSync(file, 'utf8')), {
    top: Number(opt('--top') ?? 20),
    inclusive: (opt('--inclusive') ?? '').split(',').filter(Boolean),
  });
  process.stdout.write(`${formatSummary(summary)}\n`);
}
