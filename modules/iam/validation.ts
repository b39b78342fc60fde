import type { IConstruct } from 'constructs';

/**
 * A construct's props are wrong: the message names the construct's class and path and lists
 * every problem at once, each quoting the prop (and its value) and how to fix it.
 */
export class ValidationError extends Error {
  /** The problems, one per line of the message. */
  readonly problems: readonly string[];
  /** Path of the construct that refused its props. */
  readonly constructPath: string;

  constructor(construct: string, scope: IConstruct, problems: readonly string[]) {
    super(`${construct} "${scope.node.path}" has invalid props:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ValidationError';
    this.problems = problems;
    this.constructPath = scope.node.path;
  }
}

/**
 * Throws one {@link ValidationError} listing `problems` when there are any; the single place a
 * construct reports bad props, so every module's errors read the same.
 */
export function throwIfInvalid(construct: string, scope: IConstruct, problems: readonly string[]): void {
  if (problems.length > 0) throw new ValidationError(construct, scope, problems);
}
