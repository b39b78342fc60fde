import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from './config/load';
import { buildApp } from './stacks/app';

/**
 * Synthesizes the three stacks. The configuration is validated before any construct is built,
 * and the stacks are written to a staging directory first, so a failed run changes nothing in
 * the output directory (which, for local state, is never where state lives either).
 * @returns the process exit code
 */
export function main(env: NodeJS.ProcessEnv = process.env): number {
  let config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const outdir = path.resolve(env.CDKTF_OUTDIR ?? 'cdktf.out');
  const staging = mkdtempSync(path.join(os.tmpdir(), 'cdktf-synth-'));
  try {
    buildApp(config, { outdir: staging }).app.synth();
    publish(staging, outdir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return 0;
}

/** Copies the synthesized files over the output directory, keeping anything else there (e.g. `.terraform`). */
function publish(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    cpSync(path.join(from, entry), path.join(to, entry), { recursive: true, force: true });
  }
  if (!existsSync(path.join(to, 'manifest.json'))) throw new Error(`synth produced no manifest in ${to}`);
}

if (require.main === module) {
  process.exitCode = main();
}
