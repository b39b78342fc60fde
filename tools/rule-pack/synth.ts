import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BaselineConfig } from '../../config/schema';
import { buildApp } from '../../stacks/app';
import { SynthesizedStack } from './rule';
import { readStacks } from './terraform';

/**
 * Synthesizes the baseline App for a validated configuration into a temporary directory and
 * returns its stacks as `cdk.tf.json` holds them (construct-path metadata included, which
 * `Testing.synth` strips). The directory is removed afterwards.
 */
export function synthStacks(config: BaselineConfig): SynthesizedStack[] {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'osb-check-'));
  try {
    buildApp(config, { outdir }).app.synth();
    return readStacks(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
