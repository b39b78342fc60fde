import type { RuleContext, SynthesizedStack } from './rule';

/**
 * The stacks that must each hold a region's detective services: the regional stacks
 * (`security-<region>`), or every stack when an app has none (a hand-written or older layout).
 */
export function regionalStacks(context: RuleContext): readonly SynthesizedStack[] {
  const regional = context.stacks.filter((s) => s.name.startsWith('security-'));
  return regional.length > 0 ? regional : context.stacks;
}

/** The names of the regional stacks in which `present` finds nothing; empty when every region has it. */
export function regionsMissing(context: RuleContext, present: (stack: string) => boolean): string[] {
  const stacks = regionalStacks(context);
  if (stacks.length > 0 && stacks.every((s) => !s.name.startsWith('security-'))) {
    return stacks.some((s) => present(s.name)) ? [] : ['(any stack)'];
  }
  return stacks.filter((s) => !present(s.name)).map((s) => s.name);
}
