/**
 * The per-run memory of a `terraform plan`, measured: the largest synthesized stack (two AWS
 * provider configurations) is rewritten so it plans with the real hashicorp/aws provider, fake
 * credentials and nothing read from AWS, then planned while the whole process tree (terraform
 * and every provider plugin) is sampled. Also planned with the same resources under one provider
 * configuration, so the cost of each further configuration shows.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** Literal stand-ins for what a plan would read from data sources or other stacks. */
const STAND_INS = [
  [/\$\{data\.terraform_remote_state\.[^}]*log_key_arn\}/g, 'arn:aws:kms:ap-northeast-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
  [/\$\{data\.aws_organizations_organization\.[^}]*roots\[0\]\.id\}/g, 'r-ab12'],
];

/**
 * The stack JSON made offline-plannable: local backend, no data sources (their references
 * replaced by literals), providers with fake static credentials and every AWS call at configure
 * time skipped. With `oneProvider`, every resource uses the first provider configuration.
 */
export function offlinePlanStack(json, { oneProvider = false } = {}) {
  let text = JSON.stringify(json);
  for (const [re, v] of STAND_INS) text = text.replace(re, v);
  if (/\$\{data\./.test(text)) throw new Error(`a data source reference has no stand-in: ${text.match(/\$\{data\.[^}]*\}/)[0]}`);
  const doc = JSON.parse(text);
  delete doc.data;
  delete doc.output;
  doc.terraform = { required_providers: doc.terraform.required_providers };
  const providers = doc.provider.aws.map((p) => ({
    alias: p.alias,
    region: p.region,
    access_key: 'AKIAIOSFODNN7EXAMPLE',
    secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: 'true',
    skip_region_validation: true,
  }));
  doc.provider.aws = oneProvider ? providers.slice(0, 1) : providers;
  if (oneProvider) {
    const only = `aws.${providers[0].alias}`;
    for (const byId of Object.values(doc.resource)) for (const r of Object.values(byId)) r.provider = only;
  }
  return doc;
}

/** Sum of VmRSS (KiB) over a process tree, and the number of provider plugin processes. */
function treeRss(root) {
  const pids = [root];
  for (let i = 0; i < pids.length; i++) {
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pids[i]}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of readFileSync(`/proc/${pids[i]}/task/${t}/children`, 'utf8').split(/\s+/).filter(Boolean)) pids.push(Number(c));
      } catch {
        // gone meanwhile
      }
    }
  }
  let kb = 0;
  let plugins = 0;
  for (const p of pids) {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      kb += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      if (/^Name:\s+terraform-provi/m.test(status)) plugins++;
    } catch {
      // gone meanwhile
    }
  }
  return { kb, plugins };
}

/** Runs terraform in `dir`, sampling the tree every 50 ms: wall ms, peak summed RSS (KiB), peak plugin count. */
export function measureTerraform(args, dir, env) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn('terraform', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out = (out + d).slice(-20000)));
    child.stderr.on('data', (d) => (out = (out + d).slice(-20000)));
    let peakKb = 0;
    let peakPlugins = 0;
    const timer = setInterval(() => {
      const s = treeRss(child.pid);
      peakKb = Math.max(peakKb, s.kb);
      peakPlugins = Math.max(peakPlugins, s.plugins);
    }, 50);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ wallMs: Date.now() - t0, peakKb, peakPlugins, exitCode: code, output: out });
    });
  });
}

/** Writes the offline stack into `dir` (one per variant). */
export function writeStack(dir, doc) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(doc, null, 2));
}
