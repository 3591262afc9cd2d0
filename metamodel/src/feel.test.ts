import { evaluate, parseExpression, SyntaxError as FeelSyntaxError, unaryTest } from 'feelin';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearFeelCache,
  evalFeel,
  FEEL_CACHE_LIMIT,
  feelCacheStats,
  feelCondition,
  feelSyntaxError,
  feelTest,
} from './feel.ts';

type Outcome = { value: unknown } | { error: string; name: string; position: unknown };

function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() };
  } catch (e) {
    const err = e as Error & { position?: unknown };
    return { error: err.message, name: err.constructor.name, position: err.position };
  }
}

/** feelin on its own, which parses every time. */
const uncached = (expression: string, context: Record<string, unknown>) =>
  outcome(() => evaluate(expression, context as never).value);

/** The tree as node names and positions. */
function shape(expression: string, context: Record<string, unknown>): string {
  const out: string[] = [];
  parseExpression(expression, context as never, undefined).iterate({
    enter: (n) => {
      out.push(`${n.name}@${n.from}-${n.to}`);
    },
  });
  return out.join(' ');
}

const manager = Object.assign((user: unknown) => (user === 'anna' ? 'bela' : null), { $args: ['user'] });
const context: Record<string, unknown> = {
  n: 7,
  amount: 1500,
  initiator: 'anna',
  approved: true,
  name: 'Kovács Kft.',
  items: [
    { sku: 'A1', qty: 2 },
    { sku: 'B2', qty: 1 },
  ],
  record: { amount: 5000, status: 'open' },
  created: new Date('2026-03-02T08:00:00Z'),
  manager,
};

beforeEach(() => clearFeelCache());

describe('evalFeel with the parse cache', () => {
  const expressions = [
    'amount * 2',
    '1 + 2 * 3 - 4 / 2',
    'amount ** 2',
    '"Új ajánlat: " + string(n)',
    'string(amount) + " Ft"',
    'upper case(name)',
    'approved = true',
    'amount > 1000 and approved',
    'not(approved)',
    'initiator',
    'manager(initiator)',
    'manager("nobody")',
    'if amount > 1000 then "large" else "small"',
    '[1, 2, 3][item > 1]',
    'count(items)',
    'items[qty > 1].sku',
    'for i in items return i.qty',
    'sum(for i in items return i.qty)',
    '{ a: 1, b: a + 1 }',
    '{ a: 1, b: a + 1 }.b',
    'record.amount - amount',
    'record.missing',
    'unknownVariable',
    'null',
    'date("2026-03-02") + duration("P2D")',
    'created + duration("PT1H")',
    'some i in items satisfies i.qty > 1',
    'amount in [1000..2000]',
    '"a" + 1',
  ];

  it.each(expressions)('%s: same result as feelin, parsed or cached', (expression) => {
    const expected = uncached(expression, context);
    expect(outcome(() => evalFeel(expression, context))).toEqual(expected);
    expect(outcome(() => evalFeel(expression, context))).toEqual(expected);
    expect(outcome(() => evalFeel(expression, { ...context, n: 8, amount: 10 }))).toEqual(
      uncached(expression, { ...context, n: 8, amount: 10 }),
    );
  });

  it('parses each expression once (a plain name, alone or compared with a literal, is never parsed)', () => {
    for (let i = 0; i < 5; i++) for (const e of expressions) evalFeel(e, { ...context, n: i });
    const parsed = expressions.filter((e) => e !== 'approved = true' && e !== 'initiator');
    const stats = feelCacheStats();
    expect(stats.active).toBe(true);
    expect(stats.misses).toBe(parsed.length);
    expect(stats.hits).toBe(parsed.length * 4);
  });

  it('keeps contexts apart whose names change the parse', () => {
    // `order-total` is one name when the context has it, else a subtraction.
    const cases: [string, Record<string, unknown>][] = [
      ['order-total - 5', { 'order-total': 10, order: 100, total: 1 }],
      ['order-total - 5', { order: 100, total: 1 }],
      ['a+b', { 'a+b': 1, a: 10, b: 20 }],
      ['a+b', { a: 10, b: 20 }],
      ['x.y-z', { x: { 'y-z': 1, y: 3 }, z: 1 }],
      ['x.y-z', { x: { y: 3 }, z: 1 }],
      ['true', { true: 'a variable' }],
      ['true', {}],
      ['date("2020-01-01")', { date: manager }],
      ['date("2020-01-01")', {}],
      ['if x then 1 else 2', { if: 1, x: true }],
      ['if x then 1 else 2', { x: true }],
    ];
    for (let round = 0; round < 3; round++)
      for (const [expression, ctx] of cases)
        expect(
          outcome(() => evalFeel(expression, ctx)),
          `${expression} over ${JSON.stringify(ctx)}`,
        ).toEqual(uncached(expression, ctx));
    expect(evalFeel('order-total - 5', { 'order-total': 10, order: 100, total: 1 })).toBe(5);
    expect(evalFeel('order-total - 5', { order: 100, total: 1 })).toBe(94);
  });

  it('resolves names with spaces from the context they are evaluated in', () => {
    // Such names parse the same either way; they only resolve differently.
    for (let round = 0; round < 3; round++) {
      expect(evalFeel('order total > 5', { 'order total': 10 })).toBe(true);
      expect(evalFeel('order total > 5', {})).toBeNull();
      expect(evalFeel('order total > 5', { order: 10, total: 10 })).toBeNull();
    }
  });

  it('gives keywords and plain names used as context names the same results as feelin', () => {
    const words = [
      ...'for in return if then else some every satisfies or and between instance of not null true false'.split(' '),
      ...'function external date time duration years months days list context'.split(' '),
      ...'amount string sum count upper Új összeg x item partial'.split(' '),
    ];
    for (const w of words)
      for (const expression of [w, `${w}(1)`, `${w} + 1`, `x ${w} y`, `if ${w} then 1 else 2`, `[${w}]`])
        for (const ctx of [{}, { [w]: 1 }, { x: 2, y: 3 }, { [w]: 1, x: 2, y: 3 }, {}])
          expect(
            outcome(() => evalFeel(expression, ctx)),
            `${expression} over ${JSON.stringify(ctx)}`,
          ).toEqual(uncached(expression, ctx));
  });

  it('finds that plain context names never change the parse', () => {
    for (const w of ['amount', 'n', 'string', 'sum', 'foo', 'Új', 'összeg', 'a_b2'])
      for (const expression of [w, `${w}(1)`, `${w} + 1`, `${w} bar`, `bar ${w}`, `x.${w}`, `${w} > 5`])
        expect(shape(expression, { [w]: 1, x: { [w]: 1 } }), expression).toBe(shape(expression, {}));
  });

  it('does not key the cache on lists', () => {
    const long = Array.from({ length: 10_000 }, (_, i) => ({ qty: i }));
    expect(evalFeel('count(items)', { items: long })).toBe(10_000);
    expect(evalFeel('count(items)', { items: long.slice(0, 3) })).toBe(3);
    expect(feelCacheStats()).toMatchObject({ misses: 1, hits: 1 });
  });

  it('throws syntax errors every time, with the same message', () => {
    for (const expression of ['offers@example.hu', 'amount +', 'if then', '"unterminated', 'anna, bela']) {
      const expected = uncached(expression, context);
      expect(expected).toHaveProperty('error');
      for (let i = 0; i < 3; i++) {
        expect(outcome(() => evalFeel(expression, context))).toEqual(expected);
        expect(() => evalFeel(expression, context)).toThrow(FeelSyntaxError);
        expect(feelSyntaxError(expression)).toBe((expected as { error: string }).error);
      }
    }
    expect(feelSyntaxError('amount * 2')).toBeNull();
  });

  it('evaluates FEEL called back from a context function', () => {
    const ctx = { n: 2, twice: Object.assign((x: number) => evalFeel('x * 2', { x }) as number, { $args: ['x'] }) };
    for (let i = 0; i < 3; i++) expect(evalFeel('twice(n) + twice(n + 1)', ctx)).toBe(10);
  });

  it('stays within its bound, dropping the least recently used', () => {
    const extra = 50;
    for (let i = 0; i < FEEL_CACHE_LIMIT + extra; i++) {
      expect(evalFeel(`n + ${i}`, { n: 1 })).toBe(1 + i);
      if (i % 100 === 0) evalFeel('n + 0', { n: 1 }); // keep it recently used
    }
    expect(feelCacheStats().entries).toBe(FEEL_CACHE_LIMIT);
    const { hits, misses } = feelCacheStats();
    evalFeel('n + 0', { n: 1 });
    expect(feelCacheStats()).toMatchObject({ hits: hits + 1, misses });
    evalFeel('n + 1', { n: 1 });
    expect(feelCacheStats()).toMatchObject({ hits: hits + 1, misses: misses + 1 });
  });
});

describe('evalFeel on literals', () => {
  it('answers string and number literals as feelin does, without parsing them', () => {
    const literals = ['"abc"', ' "a b" ', '""', '"Új ajánlat: "', '"a@b.hu"', '12', '-3.5', '0', '1.25', ' 42 '];
    for (const e of literals) expect(outcome(() => evalFeel(e, context))).toEqual(uncached(e, context));
    expect(feelCacheStats().misses).toBe(0);
  });

  it('answers a plain name, and a name compared with a boolean or string literal, as feelin does', () => {
    const ctx = { ...context, decision: 'reject', missing: null, 'first name': 'Anna', count: 3 };
    const tests = [
      'initiator',
      ' approved ',
      'approved = true',
      'approved = false',
      'approved=true',
      'decision = "reject"',
      'decision = "approve"',
      'decision = ""',
      // left to the interpreter: other types, other literals, missing names, keywords
      'approved = "true"',
      'decision = true',
      'count = 3',
      'count',
      'missing = true',
      'nobody = true',
      'nobody',
      'first',
      'null',
      'true = true',
      'decision = "a\\"b"',
    ];
    for (const e of tests)
      expect(
        outcome(() => evalFeel(e, ctx)),
        e,
      ).toEqual(uncached(e, ctx));
  });

  it('leaves everything else to the interpreter', () => {
    for (const e of ['"a\\"b"', '"a" + "b"', '007', '1e3', '- 1', '"x', 'n']) {
      expect(outcome(() => evalFeel(e, context))).toEqual(uncached(e, context));
    }
  });
});

describe('feelCondition and feelTest', () => {
  it('holds only for true', () => {
    expect(feelCondition('amount > 1000', context)).toBe(true);
    expect(feelCondition('amount > 1000', { amount: 5 })).toBe(false);
    expect(feelCondition('amount', context)).toBe(false);
  });

  it.each([
    ['> 10', 12],
    ['> 10', 5],
    ['[1..10]', 10],
    ['(1..10)', 10],
    ['"a", "b"', 'b'],
    ['"a", "b"', 'c'],
    ['not("a")', 'a'],
    ['-', 'x'],
    ['? > 3', 4],
    ['>= date("2026-01-01")', null],
    ['> 10 and <', 1],
  ])('%s with %j: same result as feelin, parsed or cached', (test, value) => {
    const expected = outcome(() => unaryTest(test, { '?': value } as never).value === true);
    expect(outcome(() => feelTest(test, value))).toEqual(expected);
    expect(outcome(() => feelTest(test, value))).toEqual(expected);
  });
});
