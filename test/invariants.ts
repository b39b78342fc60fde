import { documentsNoSourceKey } from '../tools/rule-pack/service-condition-keys';
import { allResources, asList, parsePolicy, Synth } from './helpers';

/** Invariant checks over rendered policies: each returns the violations it finds (empty = compliant). */

type Policy = { Statement: Array<Record<string, any>> };

const SOURCE_KEYS = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID'];

function conditionKeys(s: Record<string, any>): string[] {
  return Object.values(s.Condition ?? {}).flatMap((c: any) => Object.keys(c));
}

/** Allow statements open to `*` without any condition. */
export function unconditionedWildcardAllows(policy: Policy): string[] {
  return policy.Statement.filter(
    (s) => s.Effect === 'Allow' && (s.Principal === '*' || asList(s.Principal?.AWS).includes('*')) && conditionKeys(s).length === 0,
  ).map((s) => s.Sid);
}

/**
 * Allow statements to a service principal not bound to a source (confused-deputy risk), except
 * where AWS documents that the service sends no source key for those actions (the table of
 * tools/rule-pack/service-condition-keys.ts, which cites each page).
 */
export function unboundServiceAllows(policy: Policy): string[] {
  return policy.Statement.filter(
    (s) =>
      s.Effect === 'Allow' &&
      s.Principal?.Service &&
      !conditionKeys(s).some((k) => SOURCE_KEYS.includes(k)) &&
      !documentsNoSourceKey(asList(s.Principal.Service), asList(s.Action)),
  ).map((s) => s.Sid);
}

/** Allow statements that grant `kms:*` (or `*`) to anyone but the given account root. */
export function kmsStarBeyondRoot(policy: Policy, rootArn: string): string[] {
  return policy.Statement.filter(
    (s) =>
      s.Effect === 'Allow' &&
      asList(s.Action).some((a: string) => a === 'kms:*' || a === '*') &&
      !(s.Principal?.AWS === rootArn && !s.Principal?.Service),
  ).map((s) => s.Sid);
}

/** Every policy document in a synthesized stack, with where it came from. */
export function policiesIn(json: Synth): Array<{ where: string; policy: Policy }> {
  const attrs = ['policy', 'assume_role_policy'];
  return allResources(json).flatMap(({ type, name, config }) =>
    attrs.filter((a) => typeof config[a] === 'string' && config[a].startsWith('{')).map((a) => ({ where: `${type}.${name}.${a}`, policy: parsePolicy(config[a]) })),
  );
}
