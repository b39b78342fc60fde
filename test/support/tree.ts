import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Every path under `root`, relative to it, with file contents (base64), to prove a tree unchanged
 * or list what it holds: directories as `<rel>/` = `<dir>` (the root as `./`), `{}` when `root`
 * does not exist. `links`: `"follow"` walks through symbolic links as if they were what they point
 * at; `"record"` keeps each link as its target and what is there (so a retargeted link shows
 * too) and does not walk through it.
 */
export function snapshotTree(root: string, links: 'follow' | 'record'): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string, rel: string) => {
    const st = links === 'follow' ? statSync(p) : lstatSync(p);
    if (st.isSymbolicLink()) {
      const target = statSync(p, { throwIfNoEntry: false });
      out[rel] = `-> ${readlinkSync(p)} ${target?.isFile() ? readFileSync(p).toString('base64') : target ? '<dir>' : '<dangling>'}`;
    } else if (st.isDirectory()) {
      out[rel === '.' ? './' : `${rel}/`] = '<dir>';
      for (const e of readdirSync(p).sort()) walk(path.join(p, e), rel === '.' ? e : `${rel}/${e}`);
    } else out[rel] = readFileSync(p).toString('base64');
  };
  if (lstatSync(root, { throwIfNoEntry: false })) walk(root, '.');
  return out;
}
