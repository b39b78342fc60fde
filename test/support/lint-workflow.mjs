// Validates GitHub Actions workflow files with GitHub's own parser (@actions/workflow-parser,
// the one behind the Actions language service). ESM-only, so tests run it as a child process.
// Usage: node test/support/lint-workflow.mjs <file>...; prints {"<file>": ["error", ...]} as JSON.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';

// The package imports its JSON schema without `with { type: 'json' }` (it is built for bundlers);
// this load hook serves those files as modules that export the parsed JSON, so plain Node loads it.
const hook = `import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.json')) {
    return { format: 'module', shortCircuit: true, source: 'export default ' + readFileSync(fileURLToPath(url), 'utf8') + ';' };
  }
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
const { NoOperationTraceWriter, parseWorkflow } = await import('@actions/workflow-parser');

const out = {};
for (const name of process.argv.slice(2)) {
  const result = parseWorkflow({ name, content: readFileSync(name, 'utf8') }, new NoOperationTraceWriter());
  out[name] = result.context.errors.getErrors().map((e) => e.message);
  if (!result.value) out[name].push('no workflow parsed');
}
process.stdout.write(JSON.stringify(out));
