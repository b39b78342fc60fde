/**
 * Config generators for the benchmark's scaling rows. Pure functions: a base config (the parsed
 * config/example.json) and a count in, a new plain config object out; validation is the caller's
 * job (through the schema in dist/, the one the synth actually runs).
 */

const clone = (o) => JSON.parse(JSON.stringify(o));

/**
 * `count` governed regions taken from `awsRegions` (AWS_REGIONS of the schema), the home region
 * first, then the others in their listed order.
 */
export function regionsConfig(base, count, awsRegions) {
  const home = base.organization.homeRegion;
  const regions = [home, ...awsRegions.filter((r) => r !== home)];
  if (!Number.isInteger(count) || count < 1 || count > regions.length) {
    throw new RangeError(`regionsConfig: count must be 1..${regions.length}, got ${count}`);
  }
  const config = clone(base);
  config.organization.governedRegions = regions.slice(0, count);
  return config;
}

/** The `index`-th (0-based) synthetic OU id, shaped like a real one: `ou-<root 4-32>-<8-32>`. */
export function ouId(index) {
  return `ou-ab12-${(index + 1).toString(36).padStart(8, '0')}`;
}

/**
 * The base config with `guardrails.targets` holding `count` distinct OU ids (the only way the
 * config can express member accounts / OUs so far). `extra` is merged into `guardrails`, for a
 * schema that also requires other guardrails fields (bench flag --guardrails-extra '<json>').
 */
export function guardrailTargetsConfig(base, count, extra = {}) {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`guardrailTargetsConfig: count must be >= 1, got ${count}`);
  const config = clone(base);
  config.guardrails = { ...clone(extra), targets: Array.from({ length: count }, (_, i) => ouId(i)) };
  return config;
}
