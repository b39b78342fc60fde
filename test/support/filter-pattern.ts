/**
 * A small, strict evaluator of CloudWatch Logs JSON filter patterns (the `{ ... }` syntax only), so
 * tests can prove that a metric filter matches the CloudTrail records it is meant to match and no
 * others. It is a test aid, not a reimplementation of CloudWatch: where AWS behaviour is not
 * documented it picks the conservative reading, says so below, and rejects syntax it does not know
 * rather than guessing.
 *
 * Reference: "Filter pattern syntax for metric filters, subscription filters, filter log events, and
 * Live Tail", section "Using filter patterns to match terms in JSON log events"
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 * (older revision, with the "JSON special considerations" quoted below:
 * https://github.com/awsdocs/amazon-cloudwatch-logs-user-guide/blob/master/doc_source/FilterAndPatternSyntax.md)
 *
 * Grammar accepted:
 *
 *   pattern   := '{' expr '}'                      nothing may follow the closing brace
 *   expr      := operand ( '&&' operand )*
 *              | operand ( '||' operand )*         never both at one parenthesis level (see below)
 *   operand   := '(' expr ')' | term
 *   term      := selector ( '=' | '!=' ) string
 *              | selector ( '=' | '!=' | '<' | '>' | '<=' | '>=' ) number
 *              | selector 'NOT EXISTS' | selector 'IS NULL' | selector 'IS TRUE' | selector 'IS FALSE'
 *   selector  := '$' ( '.' name ( '[' digits ']' )* )+          name := [A-Za-z0-9_-]+
 *   string    := "double-quoted" (escapes \" and \\ only) | bare word [A-Za-z0-9_.*-]+ that is not a number
 *   number    := [+-]? digits ( '.' digits )? ( [eE] [+-]? digits )?   (unquoted)
 *
 * Semantics (every choice that AWS does not spell out is marked CHOICE):
 *
 * - String `=` is an exact, case-sensitive match of the whole value; `*` matches any run of
 *   characters (including none) wherever it appears: `"*Op"`, `"Acc*"`, `"a*c"`, `"*x*"`. The docs
 *   show leading/trailing wildcards; the archived doc revision said a middle `*` was literal
 *   ("Ev*ent will only match the actual string Ev*ent"), but a 2026 `aws logs test-metric-filter`
 *   run with `"edu-ucsc-gi-platform-hca-dev-*.us-east-1"` behaved as a wildcard
 *   (https://github.com/DataBiosphere/azul/pull/8228), so a middle `*` is a wildcard here too.
 *   There is no escape for a literal `*`.
 * - A term only applies when the selector points at a value of the literal's type: a string
 *   literal needs a JSON string, a number literal a JSON number. A missing field, `null`, a
 *   boolean, an object, an array, or the other scalar type makes BOTH `=` and `!=` false. The docs
 *   state this for objects/arrays ("both {$.users = 1} and {$.users != 1} will fail to match a log
 *   event where users is an array"). For a MISSING field, `!=` is false as well: the docs do not
 *   say so in words, but the console's "test pattern" showed `{($.errorCode = "AccessDenied") &&
 *   ($.userIdentity.invokedBy != "cloudfront.amazonaws.com")}` does not match an event without
 *   invokedBy (https://github.com/DataBiosphere/azul/issues/5884), which is also why the
 *   CIS/Security Hub root-usage filter spells `$.userIdentity.invokedBy NOT EXISTS` instead of `!=`.
 *   Patterns that mean "absent or different" must say `(X NOT EXISTS) || (X != v)`.
 *   CIS 4.2's `$.additionalEventData.MFAUsed != "Yes"` is unaffected: ConsoleLogin records always
 *   carry MFAUsed ("Yes" or "No").
 *   CHOICE: a number literal never equals a string field and vice versa (`$.x = 400` does not
 *   match `"x": "400"`); AWS may coerce, so tests built on this are conservative.
 * - Numbers compare numerically with `=`, `!=`, `<`, `>`, `<=`, `>=`; relational operators need a
 *   number literal.
 * - `NOT EXISTS` is true when the path does not resolve (a missing key, an index out of range, or a
 *   step into a non-object/non-array). A field present with value `null` EXISTS.
 * - `IS NULL` is true only for a present `null`; `IS TRUE` / `IS FALSE` only for JSON booleans.
 * - `EXISTS` on its own is not in the AWS docs (CDK renders "exists" as `$.x = "*"`), so it is
 *   rejected. Keywords are upper-case only.
 * - `&&` and `||` may not be mixed at one parenthesis level. AWS evaluates `() > && > ||`, but this
 *   harness refuses to depend on precedence: `a && b || c` is an "ambiguous" error; write
 *   `(a && b) || c`.
 * - Regular-expression values (`%...%`) and space-delimited / plain-text patterns are not supported
 *   and are errors.
 * - An event passed as a string is parsed as JSON first; a string that is not JSON matches nothing
 *   (a JSON filter only applies to JSON events).
 */

/** One step of a selector path. */
export type PathSegment = { readonly kind: 'property'; readonly name: string } | { readonly kind: 'index'; readonly index: number };

/** A parsed `$.a.b[0]` selector. */
export interface Selector {
  /** The selector as written, e.g. `$.resources[0].ARN`. */
  readonly text: string;
  readonly segments: readonly PathSegment[];
}

export type StringOperator = '=' | '!=';
export type NumericOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';

/** Parsed filter pattern. */
export type Expr =
  | { readonly kind: 'and'; readonly operands: readonly Expr[] }
  | { readonly kind: 'or'; readonly operands: readonly Expr[] }
  | { readonly kind: 'string'; readonly selector: Selector; readonly op: StringOperator; readonly value: string }
  | { readonly kind: 'number'; readonly selector: Selector; readonly op: NumericOperator; readonly value: number }
  | { readonly kind: 'notExists' | 'isNull' | 'isTrue' | 'isFalse'; readonly selector: Selector };

/** Thrown for any pattern this evaluator does not fully understand. */
export class FilterPatternError extends Error {
  constructor(
    readonly detail: string,
    readonly pattern: string,
    readonly position: number,
  ) {
    super(`Invalid filter pattern: ${detail} (at position ${position} in ${JSON.stringify(pattern)})`);
    this.name = 'FilterPatternError';
  }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { readonly type: '{' | '}' | '(' | ')' | '&&' | '||'; readonly pos: number; readonly text: string }
  | { readonly type: 'op'; readonly op: NumericOperator; readonly pos: number; readonly text: string }
  | { readonly type: 'selector'; readonly pos: number; readonly text: string }
  | { readonly type: 'quoted'; readonly value: string; readonly pos: number; readonly text: string }
  | { readonly type: 'word'; readonly pos: number; readonly text: string }
  | { readonly type: 'end'; readonly pos: number; readonly text: string };

/** Characters that end a bare word or selector. */
const DELIMITERS = new Set([...'(){}&|=!<>"%']);
const isSpace = (c: string) => /\s/.test(c);

const SELECTOR_RE = /^\$(?:\.[A-Za-z0-9_-]+(?:\[\d+\])*)+$/;
const NUMBER_RE = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const BARE_WORD_RE = /^[A-Za-z0-9_.*-]+$/;

function tokenize(pattern: string): Token[] {
  const fail = (detail: string, pos: number): never => {
    throw new FilterPatternError(detail, pattern, pos);
  };
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    const next = pattern[i + 1];
    if (c === '{' || c === '}' || c === '(' || c === ')') {
      tokens.push({ type: c, pos: start, text: c });
      i++;
    } else if (c === '&' || c === '|') {
      if (next !== c) fail(`unknown operator '${c}' (use '${c}${c}')`, start);
      tokens.push({ type: c === '&' ? '&&' : '||', pos: start, text: c + c });
      i += 2;
    } else if (c === '=') {
      if (next === '=') fail("unknown operator '==' (use '=')", start);
      tokens.push({ type: 'op', op: '=', pos: start, text: '=' });
      i++;
    } else if (c === '!') {
      if (next !== '=') fail("unknown operator '!' (negation is not supported; use '!=' or NOT EXISTS)", start);
      tokens.push({ type: 'op', op: '!=', pos: start, text: '!=' });
      i += 2;
    } else if (c === '<' || c === '>') {
      if (c === '<' && next === '>') fail("unknown operator '<>' (use '!=')", start);
      const op = (next === '=' ? `${c}=` : c) as NumericOperator;
      tokens.push({ type: 'op', op, pos: start, text: op });
      i += op.length;
    } else if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= pattern.length) fail('unterminated string literal', start);
        const ch = pattern[i];
        if (ch === '"') break;
        if (ch === '\\') {
          const esc = pattern[i + 1];
          if (esc !== '"' && esc !== '\\') fail(`unsupported escape '\\${esc ?? ''}' in string literal (only \\" and \\\\)`, i);
          value += esc;
          i += 2;
        } else {
          value += ch;
          i++;
        }
      }
      i++;
      tokens.push({ type: 'quoted', value, pos: start, text: pattern.slice(start, i) });
    } else if (c === '%') {
      fail('regular-expression values (%...%) are not supported by this evaluator', start);
    } else {
      while (i < pattern.length && !isSpace(pattern[i]) && !DELIMITERS.has(pattern[i])) i++;
      const text = pattern.slice(start, i);
      tokens.push(c === '$' ? { type: 'selector', pos: start, text } : { type: 'word', pos: start, text });
    }
  }
  tokens.push({ type: 'end', pos: pattern.length, text: '' });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Parser

function parseSelector(text: string, fail: (detail: string) => never): Selector {
  if (!SELECTOR_RE.test(text)) {
    fail(`invalid selector '${text}' (expected $.name, $.a.b or $.a[0].b; names are [A-Za-z0-9_-])`);
  }
  const segments: PathSegment[] = [];
  for (const m of text.slice(1).matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)) {
    segments.push(m[1] !== undefined ? { kind: 'property', name: m[1] } : { kind: 'index', index: Number(m[2]) });
  }
  return { text, segments };
}

const describeToken = (t: Token) => (t.type === 'end' ? 'end of pattern' : `'${t.text}'`);

class Parser {
  private i = 0;

  constructor(
    private readonly pattern: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.i];
  }

  private take(): Token {
    return this.tokens[this.i++];
  }

  private fail(detail: string, at: Token = this.peek()): never {
    throw new FilterPatternError(detail, this.pattern, at.pos);
  }

  parsePattern(): Expr {
    const first = this.peek();
    if (first.type === 'end') this.fail('empty pattern; a JSON filter pattern must be wrapped in { }');
    if (first.type !== '{') this.fail(`a JSON filter pattern must be wrapped in { } (found ${describeToken(first)} first)`);
    this.take();
    if (this.peek().type === '}') this.fail('empty expression inside { }');
    const expr = this.parseExpr();
    const close = this.peek();
    if (close.type === ')') this.fail("unbalanced parentheses: unexpected ')'");
    if (close.type === 'end') this.fail("missing closing '}'");
    if (close.type !== '}') this.fail(`expected '&&', '||' or '}' but found ${describeToken(close)}`);
    this.take();
    const rest = this.peek();
    if (rest.type !== 'end') this.fail(`unexpected trailing input ${describeToken(rest)} after the closing '}'`);
    return expr;
  }

  private parseExpr(): Expr {
    const operands = [this.parseOperand()];
    let joiner: '&&' | '||' | undefined;
    for (let t = this.peek(); t.type === '&&' || t.type === '||'; t = this.peek()) {
      if (joiner !== undefined && t.type !== joiner) {
        this.fail(
          `ambiguous: '&&' and '||' are mixed at the same parenthesis level; add parentheses so the result does not depend on operator precedence`,
        );
      }
      joiner = t.type;
      this.take();
      operands.push(this.parseOperand());
    }
    if (joiner === undefined) return operands[0];
    return { kind: joiner === '&&' ? 'and' : 'or', operands };
  }

  private parseOperand(): Expr {
    const t = this.peek();
    if (t.type === '(') {
      this.take();
      if (this.peek().type === ')') this.fail("empty parentheses '()'");
      const inner = this.parseExpr();
      const close = this.peek();
      if (close.type === '}' || close.type === 'end') this.fail("unbalanced parentheses: missing ')'");
      if (close.type !== ')') this.fail(`expected '&&', '||' or ')' but found ${describeToken(close)}`);
      this.take();
      return inner;
    }
    if (t.type === 'selector') {
      this.take();
      return this.parseTerm(t);
    }
    if (t.type === 'word' && /^[A-Za-z_]/.test(t.text)) {
      this.fail(`expected a selector starting with '$.' but found ${describeToken(t)}`);
    }
    return this.fail(`expected a selector ($.field) or '(' but found ${describeToken(t)}`);
  }

  private parseTerm(selectorToken: Token): Expr {
    const selector = parseSelector(selectorToken.text, (d) => this.fail(d, selectorToken));
    const t = this.take();
    if (t.type === 'op') return this.parseComparison(selector, t.op);
    if (t.type === 'word') {
      if (t.text === 'NOT') {
        const k = this.take();
        if (k.type === 'word' && k.text === 'EXISTS') return { kind: 'notExists', selector };
        this.fail(`expected EXISTS after NOT but found ${describeToken(k)}`, k);
      }
      if (t.text === 'IS') {
        const k = this.take();
        if (k.type === 'word' && k.text === 'NULL') return { kind: 'isNull', selector };
        if (k.type === 'word' && k.text === 'TRUE') return { kind: 'isTrue', selector };
        if (k.type === 'word' && k.text === 'FALSE') return { kind: 'isFalse', selector };
        this.fail(`expected NULL, TRUE or FALSE after IS but found ${describeToken(k)}`, k);
      }
      if (t.text === 'EXISTS') {
        this.fail(`unknown operator 'EXISTS' (not in the AWS docs; use ${selector.text} = "*" for "present", or NOT EXISTS)`, t);
      }
    }
    return this.fail(
      `unknown operator ${describeToken(t)} after ${selector.text} (expected =, !=, <, >, <=, >=, NOT EXISTS, IS NULL, IS TRUE or IS FALSE; keywords are upper-case)`,
      t,
    );
  }

  private parseComparison(selector: Selector, op: NumericOperator): Expr {
    const v = this.take();
    const relational = op !== '=' && op !== '!=';
    if (v.type === 'quoted') {
      if (relational) this.fail(`operator '${op}' needs a number, not the string ${v.text}`, v);
      return { kind: 'string', selector, op: op as StringOperator, value: v.value };
    }
    if (v.type !== 'word') return this.fail(`expected a value after '${op}' but found ${describeToken(v)}`, v);
    if (NUMBER_RE.test(v.text)) return { kind: 'number', selector, op, value: Number(v.text) };
    if (v.text === 'true' || v.text === 'false' || v.text === 'null') {
      this.fail(`unquoted '${v.text}' is not a supported value; use IS ${v.text.toUpperCase()} (or quote it to compare a string)`, v);
    }
    if (!BARE_WORD_RE.test(v.text)) {
      this.fail(`unquoted value '${v.text}' must be double-quoted (bare words may only contain [A-Za-z0-9_.*-])`, v);
    }
    if (relational) this.fail(`operator '${op}' needs a number, not '${v.text}'`, v);
    return { kind: 'string', selector, op: op as StringOperator, value: v.text };
  }
}

const cache = new Map<string, Expr>();

/** Parses a JSON filter pattern, throwing {@link FilterPatternError} on anything not understood. */
export function parseFilterPattern(pattern: string): Expr {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const expr = new Parser(pattern, tokenize(pattern)).parsePattern();
  cache.set(pattern, expr);
  return expr;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

type Resolved = { readonly found: true; readonly value: unknown } | { readonly found: false };

function resolve(root: unknown, segments: readonly PathSegment[]): Resolved {
  let current: unknown = root;
  for (const s of segments) {
    if (s.kind === 'property') {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return { found: false };
      if (!Object.prototype.hasOwnProperty.call(current, s.name)) return { found: false };
      current = (current as Record<string, unknown>)[s.name];
    } else {
      if (!Array.isArray(current) || s.index >= current.length) return { found: false };
      current = current[s.index];
    }
  }
  return { found: true, value: current };
}

/** Case-sensitive whole-value match where each `*` stands for any run of characters. */
export function wildcardMatch(value: string, pattern: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return value === pattern;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let at = first.length;
  const end = value.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = value.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

function compareNumbers(actual: number, op: NumericOperator, expected: number): boolean {
  switch (op) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '>':
      return actual > expected;
    case '<=':
      return actual <= expected;
    case '>=':
      return actual >= expected;
  }
}

/** Evaluates a parsed pattern against a parsed JSON event. */
export function evaluate(expr: Expr, event: unknown): boolean {
  switch (expr.kind) {
    case 'and':
      return expr.operands.every((e) => evaluate(e, event));
    case 'or':
      return expr.operands.some((e) => evaluate(e, event));
    case 'notExists':
      return !resolve(event, expr.selector.segments).found;
    default:
      break;
  }
  const r = resolve(event, expr.selector.segments);
  if (!r.found) return false;
  switch (expr.kind) {
    case 'isNull':
      return r.value === null;
    case 'isTrue':
      return r.value === true;
    case 'isFalse':
      return r.value === false;
    case 'string':
      if (typeof r.value !== 'string') return false;
      return wildcardMatch(r.value, expr.value) === (expr.op === '=');
    case 'number':
      return typeof r.value === 'number' && compareNumbers(r.value, expr.op, expr.value);
  }
}

/**
 * True when `event` (a parsed JSON value, or a JSON string) matches the filter pattern. The
 * pattern is parsed once and cached; an invalid pattern throws {@link FilterPatternError}.
 */
export function matchesFilterPattern(pattern: string, event: unknown): boolean {
  const expr = parseFilterPattern(pattern);
  let parsed = event;
  if (typeof event === 'string') {
    try {
      parsed = JSON.parse(event);
    } catch {
      return false;
    }
  }
  return evaluate(expr, parsed);
}
