import { FilterPatternError, matchesFilterPattern as m, parseFilterPattern, wildcardMatch } from './filter-pattern';

/** The archived AWS doc's example event, plus a few extra shapes. */
const DOC_EVENT = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
  OtherFlag: false,
  latency: 550,
  ratio: 0.25,
  negative: -3,
  numericString: '400',
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
  ],
  user: { id: 1, email: 'John.Stiles@example.com', 'dashed-key': 'x', under_score: 'y' },
};

describe('parseFilterPattern: tree shape', () => {
  test('a single term', () => {
    expect(parseFilterPattern('{ $.eventType = "UpdateTrail" }')).toEqual({
      kind: 'string',
      selector: { text: '$.eventType', segments: [{ kind: 'property', name: 'eventType' }] },
      op: '=',
      value: 'UpdateTrail',
    });
  });

  test('nested properties and array indexes', () => {
    expect(parseFilterPattern('{ $.resources[0].ARN = "x" }')).toMatchObject({
      selector: {
        text: '$.resources[0].ARN',
        segments: [
          { kind: 'property', name: 'resources' },
          { kind: 'index', index: 0 },
          { kind: 'property', name: 'ARN' },
        ],
      },
    });
    expect(parseFilterPattern('{ $.coordinates[1][2] = 6 }')).toMatchObject({
      kind: 'number',
      value: 6,
      selector: { segments: [{ name: 'coordinates' }, { index: 1 }, { index: 2 }] },
    });
  });

  test('&& / || chains are flat and parentheses only group', () => {
    expect(parseFilterPattern('{ ($.a = 1) && $.b = 2 && (($.c = 3)) }')).toMatchObject({
      kind: 'and',
      operands: [{ kind: 'number', value: 1 }, { kind: 'number', value: 2 }, { kind: 'number', value: 3 }],
    });
    expect(parseFilterPattern('{ ($.a = 1 || $.b = 2) && $.c NOT EXISTS }')).toMatchObject({
      kind: 'and',
      operands: [{ kind: 'or', operands: [{ value: 1 }, { value: 2 }] }, { kind: 'notExists' }],
    });
  });

  test('unquoted values: numbers become numbers, other bare words strings', () => {
    expect(parseFilterPattern('{ $.a = 400 }')).toMatchObject({ kind: 'number', value: 400 });
    expect(parseFilterPattern('{ $.a = -1.5e3 }')).toMatchObject({ kind: 'number', value: -1500 });
    expect(parseFilterPattern('{ $.a = +7 }')).toMatchObject({ kind: 'number', value: 7 });
    expect(parseFilterPattern('{ $.a = kms.amazonaws.com }')).toMatchObject({ kind: 'string', value: 'kms.amazonaws.com' });
    expect(parseFilterPattern('{ $.a != 123.123.* }')).toMatchObject({ kind: 'string', op: '!=', value: '123.123.*' });
    expect(parseFilterPattern('{ $.a = "400" }')).toMatchObject({ kind: 'string', value: '400' });
  });

  test('whitespace is optional around operators', () => {
    expect(parseFilterPattern('{$.a=CreateTrail&&$.b!="x"}')).toMatchObject({
      kind: 'and',
      operands: [{ op: '=', value: 'CreateTrail' }, { op: '!=', value: 'x' }],
    });
  });

  test('quoted strings keep spaces and allow \\" and \\\\ escapes', () => {
    expect(parseFilterPattern('{ $.m = "Failed authentication" }')).toMatchObject({ value: 'Failed authentication' });
    expect(parseFilterPattern('{ $.m = "say \\"hi\\" \\\\ bye" }')).toMatchObject({ value: 'say "hi" \\ bye' });
  });

  test('parses are cached', () => {
    const p = '{ $.cached = "yes" }';
    expect(parseFilterPattern(p)).toBe(parseFilterPattern(p));
  });
});

describe('string = and !=', () => {
  test('= is an exact, whole-value, case-sensitive match', () => {
    expect(m('{ $.eventType = "UpdateTrail" }', DOC_EVENT)).toBe(true);
    expect(m('{ $.eventType = UpdateTrail }', DOC_EVENT)).toBe(true);
    expect(m('{ $.eventType = "updatetrail" }', DOC_EVENT)).toBe(false);
    expect(m('{ $.eventType = "Update" }', DOC_EVENT)).toBe(false);
    expect(m('{ $.eventType = "UpdateTrails" }', DOC_EVENT)).toBe(false);
  });

  test('!= is true for a different string and false for the same one', () => {
    expect(m('{ $.eventType != "CreateTrail" }', DOC_EVENT)).toBe(true);
    expect(m('{ $.eventType != "UpdateTrail" }', DOC_EVENT)).toBe(false);
    expect(m('{ $.eventType != "updatetrail" }', DOC_EVENT)).toBe(true);
  });

  test('a missing field makes both = and != false', () => {
    expect(m('{ $.nope = "x" }', DOC_EVENT)).toBe(false);
    expect(m('{ $.nope != "x" }', DOC_EVENT)).toBe(false);
    expect(m('{ $.user.nope != "x" }', DOC_EVENT)).toBe(false);
  });

  test('null, booleans, objects, arrays and numbers are not strings: both = and != are false', () => {
    for (const sel of ['$.SomeObject', '$.ThisFlag', '$.user', '$.arrayKey', '$.latency']) {
      expect([sel, m(`{ ${sel} = "*" }`, DOC_EVENT), m(`{ ${sel} != "x" }`, DOC_EVENT)]).toEqual([sel, false, false]);
    }
  });

  test('a number literal does not compare with a numeric-looking string (conservative choice)', () => {
    expect(m('{ $.numericString = 400 }', DOC_EVENT)).toBe(false);
    expect(m('{ $.numericString != 400 }', DOC_EVENT)).toBe(false);
    expect(m('{ $.numericString = "400" }', DOC_EVENT)).toBe(true);
  });

  test('property names may contain - and _', () => {
    expect(m('{ $.user.dashed-key = "x" && $.user.under_score = "y" }', DOC_EVENT)).toBe(true);
  });
});

describe('wildcards', () => {
  test('suffix, prefix, middle, both ends, several, and alone', () => {
    const e = { code: 'Client.UnauthorizedOperation', ip: '123.123.4.5', bucket: 'edu-dev-logs.us-east-1' };
    expect(m('{ $.code = "*UnauthorizedOperation" }', e)).toBe(true);
    expect(m('{ $.code = "Client.*" }', e)).toBe(true);
    expect(m('{ $.code = Client.* }', e)).toBe(true);
    expect(m('{ $.bucket = "edu-*.us-east-1" }', e)).toBe(true);
    expect(m('{ $.bucket = "*dev*" }', e)).toBe(true);
    expect(m('{ $.bucket = "edu*dev*east-1" }', e)).toBe(true);
    expect(m('{ $.code = "*" }', e)).toBe(true);
    expect(m('{ $.ip != 123.123.* }', e)).toBe(false);
    expect(m('{ $.ip != 10.* }', e)).toBe(true);
  });

  test('the * matches the empty string', () => {
    expect(m('{ $.c = "AccessDenied*" }', { c: 'AccessDenied' })).toBe(true);
    expect(m('{ $.c = "AccessDenied*" }', { c: 'AccessDeniedException' })).toBe(true);
    expect(m('{ $.c = "*Denied" }', { c: 'Denied' })).toBe(true);
    expect(m('{ $.c = "a*b" }', { c: 'ab' })).toBe(true);
  });

  test('wildcards still anchor both ends and stay case-sensitive', () => {
    expect(m('{ $.c = "AccessDenied*" }', { c: 'XAccessDenied' })).toBe(false);
    expect(m('{ $.c = "*UnauthorizedOperation" }', { c: 'UnauthorizedOperationX' })).toBe(false);
    expect(m('{ $.c = "accessdenied*" }', { c: 'AccessDenied' })).toBe(false);
    expect(m('{ $.c = "a*b*c" }', { c: 'acb' })).toBe(false);
    expect(m('{ $.c = "ab*ba" }', { c: 'aba' })).toBe(false);
    expect(m('{ $.c = "*" }', {})).toBe(false);
  });

  test('wildcardMatch directly', () => {
    expect(wildcardMatch('', '*')).toBe(true);
    expect(wildcardMatch('', '')).toBe(true);
    expect(wildcardMatch('x', '')).toBe(false);
    expect(wildcardMatch('aXbYc', 'a*b*c')).toBe(true);
    expect(wildcardMatch('abc', 'a**c')).toBe(true);
  });
});

describe('numbers', () => {
  test.each([
    ['{ $.latency = 550 }', true],
    ['{ $.latency = 550.0 }', true],
    ['{ $.latency = 5.5e2 }', true],
    ['{ $.latency != 550 }', false],
    ['{ $.latency != 500 }', true],
    ['{ $.latency > 500 }', true],
    ['{ $.latency > 550 }', false],
    ['{ $.latency >= 550 }', true],
    ['{ $.latency < 1000 }', true],
    ['{ $.latency < 550 }', false],
    ['{ $.latency <= 550 }', true],
    ['{ $.latency > +1000 }', false],
    ['{ $.ratio < 10e-3 }', false],
    ['{ $.ratio <= 0.25 }', true],
    ['{ $.negative < -2 }', true],
    ['{ $.negative = -3 }', true],
  ])('%s -> %s', (pattern, expected) => {
    expect(m(pattern, DOC_EVENT)).toBe(expected);
  });

  test('numeric comparisons need a JSON number', () => {
    expect(m('{ $.missing > 1 }', DOC_EVENT)).toBe(false);
    expect(m('{ $.missing != 1 }', DOC_EVENT)).toBe(false);
    expect(m('{ $.eventType > 1 }', DOC_EVENT)).toBe(false);
    expect(m('{ $.SomeObject != 1 }', DOC_EVENT)).toBe(false);
    expect(m('{ $.coordinates != 1 }', DOC_EVENT)).toBe(false);
  });
});

describe('paths and arrays', () => {
  test('indexes select array elements, nested arrays too', () => {
    expect(m('{ $.arrayKey[0] = "value" }', DOC_EVENT)).toBe(true);
    expect(m('{ $.arrayKey[1] = "another value" }', DOC_EVENT)).toBe(true);
    expect(m('{ $.objectList[1].id = 2 }', DOC_EVENT)).toBe(true);
    expect(m('{ $.objectList[0].name = "a" }', DOC_EVENT)).toBe(true);
    expect(m('{ $.coordinates[1][2] = 6 }', DOC_EVENT)).toBe(true);
    expect(m('{ $.user.email = "John.Stiles@example.com" }', DOC_EVENT)).toBe(true);
  });

  test('out of range, index on a non-array and property on an array do not resolve', () => {
    expect(m('{ $.arrayKey[2] = "*" }', DOC_EVENT)).toBe(false);
    expect(m('{ $.arrayKey[2] NOT EXISTS }', DOC_EVENT)).toBe(true);
    expect(m('{ $.user[0] NOT EXISTS }', DOC_EVENT)).toBe(true);
    expect(m('{ $.objectList.name NOT EXISTS }', DOC_EVENT)).toBe(true);
    expect(m('{ $.eventType.inner NOT EXISTS }', DOC_EVENT)).toBe(true);
  });

  test('inherited properties are not fields', () => {
    expect(m('{ $.toString NOT EXISTS }', {})).toBe(true);
    expect(m('{ $.constructor NOT EXISTS }', {})).toBe(true);
  });
});

describe('NOT EXISTS, IS NULL, IS TRUE, IS FALSE', () => {
  test('NOT EXISTS: missing is true; present (even null, false or empty) is false', () => {
    expect(m('{ $.SomeOtherObject NOT EXISTS }', DOC_EVENT)).toBe(true);
    expect(m('{ $.a.b.c NOT EXISTS }', DOC_EVENT)).toBe(true);
    expect(m('{ $.SomeObject NOT EXISTS }', DOC_EVENT)).toBe(false);
    expect(m('{ $.OtherFlag NOT EXISTS }', DOC_EVENT)).toBe(false);
    expect(m('{ $.e NOT EXISTS }', { e: '' })).toBe(false);
    expect(m('{ $.user NOT EXISTS }', DOC_EVENT)).toBe(false);
  });

  test('IS NULL only for a present null', () => {
    expect(m('{ $.SomeObject IS NULL }', DOC_EVENT)).toBe(true);
    expect(m('{ $.Missing IS NULL }', DOC_EVENT)).toBe(false);
    expect(m('{ $.eventType IS NULL }', DOC_EVENT)).toBe(false);
  });

  test('IS TRUE / IS FALSE only for JSON booleans', () => {
    expect(m('{ $.ThisFlag IS TRUE }', DOC_EVENT)).toBe(true);
    expect(m('{ $.ThisFlag IS FALSE }', DOC_EVENT)).toBe(false);
    expect(m('{ $.OtherFlag IS FALSE }', DOC_EVENT)).toBe(true);
    expect(m('{ $.flag IS TRUE }', { flag: 'true' })).toBe(false);
    expect(m('{ $.flag IS FALSE }', { flag: 0 })).toBe(false);
    expect(m('{ $.Missing IS FALSE }', DOC_EVENT)).toBe(false);
  });
});

describe('&&, || and parentheses', () => {
  test('&& needs every operand, || any', () => {
    expect(m('{ $.user.id = 1 && $.objectList[0].name = "a" }', DOC_EVENT)).toBe(true);
    expect(m('{ $.user.id = 1 && $.objectList[0].name = "b" }', DOC_EVENT)).toBe(false);
    expect(m('{ $.user.id = 2 || $.objectList[0].name = "a" }', DOC_EVENT)).toBe(true);
    expect(m('{ $.user.id = 2 || $.objectList[0].name = "b" }', DOC_EVENT)).toBe(false);
  });

  test('the grouping written is the grouping evaluated', () => {
    const e = { a: 'x', b: 'no', c: 'no' };
    expect(m('{ $.a = "x" || ($.b = "yes" && $.c = "yes") }', e)).toBe(true);
    expect(m('{ ($.a = "x" || $.b = "yes") && $.c = "yes" }', e)).toBe(false);
    expect(m('{ ((($.a = "x"))) }', e)).toBe(true);
  });

  test('the AWS doc compound examples, parenthesised', () => {
    const e = {
      user: { id: 1, email: 'John.Stiles@example.com' },
      users: [{ id: 2, email: 'John.Doe@example.com' }],
      actions: ['GET', 'PUT', 'DELETE'],
      coordinates: [[0, 1, 2]],
    };
    expect(m('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', e)).toBe(true);
    expect(m('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', e)).toBe(false);
    expect(m('{ $.user.email = "John.Stiles@example.com" || ($.coordinates[0][1] = nonmatch && $.actions[2] = nomatch) }', e)).toBe(true);
    expect(m('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', e)).toBe(false);
  });
});

describe('events passed as strings', () => {
  test('a JSON string is parsed; anything else matches nothing', () => {
    expect(m('{ $.a = "x" }', '{"a":"x"}')).toBe(true);
    expect(m('{ $.a NOT EXISTS }', 'ERROR something happened')).toBe(false);
    expect(m('{ $.a NOT EXISTS }', '')).toBe(false);
  });

  test('a non-object JSON root has no fields', () => {
    expect(m('{ $.a = "x" }', '"x"')).toBe(false);
    expect(m('{ $.a = "x" }', null)).toBe(false);
    expect(m('{ $.a NOT EXISTS }', 42)).toBe(true);
  });
});

describe('parse errors', () => {
  /** Asserts the pattern is rejected by both entry points with a message matching `message`. */
  function rejects(pattern: string, message: RegExp) {
    expect(() => parseFilterPattern(pattern)).toThrow(message);
    expect(() => m(pattern, {})).toThrow(message);
    expect(() => parseFilterPattern(pattern)).toThrow(FilterPatternError);
  }

  test('errors carry the detail, the position and the pattern', () => {
    try {
      parseFilterPattern('{ $.a = 1 )');
      throw new Error('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(FilterPatternError);
      const err = e as FilterPatternError;
      expect(err.position).toBe(10);
      expect(err.pattern).toBe('{ $.a = 1 )');
      expect(err.message).toBe(`Invalid filter pattern: unbalanced parentheses: unexpected ')' (at position 10 in "{ $.a = 1 )")`);
    }
  });

  test.each([
    ['', /empty pattern; a JSON filter pattern must be wrapped in \{ \}/],
    ['   ', /empty pattern/],
    ['$.a = 1', /must be wrapped in \{ \} \(found '\$\.a' first\)/],
    ['ERROR', /must be wrapped in \{ \} \(found 'ERROR' first\)/],
    ['[ip, user]', /must be wrapped in \{ \}/],
    ['{ $.a = 1', /missing closing '\}'/],
    ['{ }', /empty expression inside \{ \}/],
    ['{ $.a = 1 } extra', /unexpected trailing input 'extra' after the closing '\}'/],
    ['{ $.a = 1 }}', /unexpected trailing input '\}' after the closing '\}'/],
    ['{ $.a = 1 } && { $.b = 2 }', /unexpected trailing input '&&'/],
    ['{ { $.a = 1 } }', /expected a selector \(\$\.field\) or '\(' but found '\{'/],
  ])('braces: %j', (pattern, message) => rejects(pattern, message));

  test.each([
    ['{ ($.a = 1 }', /unbalanced parentheses: missing '\)'/],
    ['{ (($.a = 1) }', /unbalanced parentheses: missing '\)'/],
    ['{ ($.a = 1', /unbalanced parentheses: missing '\)'/],
    ['{ $.a = 1) }', /unbalanced parentheses: unexpected '\)'/],
    ['{ ($.a = 1)) }', /unbalanced parentheses: unexpected '\)'/],
    ['{ () }', /empty parentheses '\(\)'/],
    ['{ ($.a = 1 $.b = 2) }', /expected '&&', '\|\|' or '\)' but found '\$\.b'/],
  ])('parentheses: %j', (pattern, message) => rejects(pattern, message));

  test.each([
    ['{ $.a == 1 }', /unknown operator '==' \(use '='\)/],
    ['{ $.a <> 1 }', /unknown operator '<>' \(use '!='\)/],
    ['{ !($.a = 1) }', /unknown operator '!'/],
    ['{ $.a = 1 & $.b = 2 }', /unknown operator '&' \(use '&&'\)/],
    ['{ $.a = 1 | $.b = 2 }', /unknown operator '\|' \(use '\|\|'\)/],
    ['{ $.a LIKE "x" }', /unknown operator 'LIKE' after \$\.a/],
    ['{ $.a "x" }', /unknown operator '"x"' after \$\.a/],
    ['{ $.a }', /unknown operator '\}' after \$\.a/],
    ['{ $.a not exists }', /unknown operator 'not' after \$\.a .*keywords are upper-case/],
    ['{ $.a is null }', /unknown operator 'is' after \$\.a/],
    ['{ $.a EXISTS }', /unknown operator 'EXISTS' \(not in the AWS docs; use \$\.a = "\*" for "present", or NOT EXISTS\)/],
    ['{ $.a NOT NULL }', /expected EXISTS after NOT but found 'NULL'/],
    ['{ $.a IS EMPTY }', /expected NULL, TRUE or FALSE after IS but found 'EMPTY'/],
    ['{ $.a IS }', /expected NULL, TRUE or FALSE after IS but found '\}'/],
  ])('operators: %j', (pattern, message) => rejects(pattern, message));

  test.each([
    ['{ $.a = }', /expected a value after '=' but found '\}'/],
    ['{ $.a = $.b }', /expected a value after '=' but found '\$\.b'/],
    ['{ $.a = "x" "y" }', /expected '&&', '\|\|' or '\}' but found '"y"'/],
    ['{ $.a = x y }', /expected '&&', '\|\|' or '\}' but found 'y'/],
    ['{ $.a = foo@bar }', /unquoted value 'foo@bar' must be double-quoted/],
    ['{ $.a = arn:aws:iam::1:root }', /unquoted value 'arn:aws:iam::1:root' must be double-quoted/],
    ['{ $.a = "abc }', /unterminated string literal/],
    ['{ $.a = "a\\nb" }', /unsupported escape '\\n' in string literal/],
    ['{ $.a = %ERR.*% }', /regular-expression values \(%\.\.\.%\) are not supported/],
    ['{ $.a = true }', /unquoted 'true' is not a supported value; use IS TRUE/],
    ['{ $.a = null }', /use IS NULL/],
    ['{ $.a < "5" }', /operator '<' needs a number, not the string "5"/],
    ['{ $.a >= abc }', /operator '>=' needs a number, not 'abc'/],
    ['{ $.a > 4* }', /operator '>' needs a number, not '4\*'/],
  ])('values: %j', (pattern, message) => rejects(pattern, message));

  test.each([
    ['{ $ = 1 }', /invalid selector '\$'/],
    ['{ $. = 1 }', /invalid selector '\$\.'/],
    ['{ $[0] = 1 }', /invalid selector '\$\[0\]'/],
    ['{ $.a[x] = 1 }', /invalid selector '\$\.a\[x\]'/],
    ['{ $.a..b = 1 }', /invalid selector '\$\.a\.\.b'/],
    ['{ $.a[0 = 1 }', /invalid selector '\$\.a\[0'/],
    ['{ $.a@b = 1 }', /invalid selector '\$\.a@b'/],
    ['{ eventName = 1 }', /expected a selector starting with '\$\.' but found 'eventName'/],
    ['{ "x" = 1 }', /expected a selector \(\$\.field\) or '\(' but found '"x"'/],
    ['{ && $.a = 1 }', /expected a selector \(\$\.field\) or '\(' but found '&&'/],
    ['{ $.a = 1 && }', /expected a selector \(\$\.field\) or '\(' but found '\}'/],
    ['{ $.a = 1 || || $.b = 2 }', /expected a selector \(\$\.field\) or '\(' but found '\|\|'/],
  ])('selectors and operands: %j', (pattern, message) => rejects(pattern, message));

  test.each([
    ['{ $.a = 1 && $.b = 2 || $.c = 3 }'],
    ['{ $.a = 1 || $.b = 2 && $.c = 3 }'],
    ['{ ($.a = 1) || ($.b = 2) && ($.c = 3) }'],
    ['{ ($.a = 1 && $.b = 2 || $.c = 3) && $.d = 4 }'],
    ['{ $.x = 0 && (($.a = 1) || ($.b = 2 && $.c = 3 || $.d = 4)) }'],
  ])('mixing && and || at one level is ambiguous: %j', (pattern) => {
    rejects(pattern, /ambiguous: '&&' and '\|\|' are mixed at the same parenthesis level; add parentheses/);
  });

  test('the same expressions with explicit grouping parse', () => {
    expect(() => parseFilterPattern('{ ($.a = 1 && $.b = 2) || $.c = 3 }')).not.toThrow();
    expect(() => parseFilterPattern('{ $.a = 1 || ($.b = 2 && $.c = 3) }')).not.toThrow();
    expect(() => parseFilterPattern('{ $.x = 0 && (($.a = 1) || ($.b = 2 && ($.c = 3 || $.d = 4))) }')).not.toThrow();
  });

  test('a failed parse is not cached', () => {
    expect(() => parseFilterPattern('{ $.a = }')).toThrow(/expected a value/);
    expect(() => parseFilterPattern('{ $.a = }')).toThrow(/expected a value/);
  });
});
