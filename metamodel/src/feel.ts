/**
 * FEEL, the one expression language of Folyam (form visibility, gateway conditions, computed fields, rules).
 * A thin wrapper so the rest of the code does not depend on the interpreter's API.
 *
 * Parse cache: feelin parses an expression again on every evaluation, a large part of the cost of evaluating the
 * short expressions processes and forms use. It parses through lezer-feel's shared `parser` as
 * `parser.configure({ top, contextTracker: trackVariables(context) }).parse(expression)`, so `configure` is wrapped
 * here: while one of the functions below evaluates, the parse of its expression is answered from a bounded LRU
 * cache of lezer trees (immutable, so safe to share). Any other caller of the parser is passed straight through.
 * If feelin stops parsing that way, the wrapper is never reached and evaluation simply stays uncached.
 *
 * The parse depends on the context: context names with operators (`order-total`, `a+b`) parse as one variable,
 * and keywords that are context names (`date`, `true`) as variables. The cache key is therefore the expression plus
 * every context name that is not a plain identifier or is a keyword, found recursively through nested objects (see
 * `parseSignature`). Plain identifiers never change the parse and most contexts have nothing else, so the key is
 * usually the expression alone.
 */
import { evaluate, unaryTest } from 'feelin';
import { parser } from 'lezer-feel';

type ParseTree = ReturnType<typeof parser.parse>;
type ParserConfig = Parameters<typeof parser.configure>[0];
type Top = 'Expression' | 'UnaryTests';

/** Most parse trees kept; the least recently used go first. */
export const FEEL_CACHE_LIMIT = 2000;
/** Contexts nested deeper than this are evaluated without the cache. */
const MAX_DEPTH = 16;

/** The parse in flight for one of the functions below: which tree it wants, and whether it got it. */
type Lookup = { top: Top; input: string; key: string; claimed: boolean };

const trees = new Map<string, ParseTree>();
const stats = { hits: 0, misses: 0 };
let lookup: Lookup | null = null;
let cacheWorks = wrapParser();

/** Swaps the shared parser's `configure` for one that serves cached trees to `lookup`; false when not possible. */
function wrapParser(): boolean {
  const configure = (parser as { configure?: unknown } | undefined)?.configure;
  if (typeof configure !== 'function' || typeof parser.parse !== 'function') return false;
  const original = configure as typeof parser.configure;
  Object.defineProperty(parser, 'configure', {
    configurable: true,
    writable: true,
    enumerable: false, // so the copies `configure` makes do not inherit the wrapper
    value: function configureCached(this: typeof parser, config: ParserConfig) {
      const l = lookup;
      if (l === null || l.claimed || this !== parser || config.top !== l.top || config.dialect !== undefined)
        return original.call(this, config);
      const configured = Object.create(this) as typeof parser;
      configured.parse = (input, fragments, ranges) => {
        if (l.claimed || input !== l.input || fragments !== undefined || ranges !== undefined)
          return original.call(this, config).parse(input, fragments, ranges);
        l.claimed = true;
        const cached = trees.get(l.key);
        if (cached) {
          stats.hits++;
          trees.delete(l.key);
          trees.set(l.key, cached);
          return cached;
        }
        stats.misses++;
        const tree = original.call(this, config).parse(input);
        trees.set(l.key, tree);
        if (trees.size > FEEL_CACHE_LIMIT) trees.delete(trees.keys().next().value as string);
        return tree;
      };
      return configured;
    },
  });
  return true;
}

/** A character that starts a FEEL name (lezer-feel's `isStartChar` on UTF-16 code units, without `?`). */
function isNameStart(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    c === 95 || // _
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xdfff) || // up to and including surrogates
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

/** A character that may follow inside a name (lezer-feel's `isPartChar`). */
function isNamePart(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

/** Words the grammar turns into keywords when they are not context names (lezer-feel's `spec_identifier`). */
const KEYWORDS = new Set(
  (
    'for in return if then else some every satisfies or and between instance of days time duration years months ' +
    'date list context function null true false external not'
  ).split(' '),
);

/**
 * Whether a context name can change how an expression parses: any name but a single plain identifier that is not a
 * keyword. A name that starts with a digit (a list index) cannot: no FEEL name starts with one.
 */
function parseRelevant(name: string): boolean {
  const first = name.charCodeAt(0);
  if (first >= 48 && first <= 57) return false;
  if (!isNameStart(first)) return true;
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!isNameStart(c) && !isNamePart(c)) return true;
  }
  return KEYWORDS.has(name);
}

/**
 * The part of a context that the parse depends on: its parse-relevant names, and the plain names whose values
 * contain some, recursively; '' for most contexts. Lists are skipped (their entries are reached by index only).
 * Null when the context is nested too deep or cannot be read.
 */
function parseSignature(value: object, depth: number): string | null {
  let signature = '';
  for (const name of Object.keys(value)) {
    const entry = (value as Record<string, unknown>)[name];
    let inner = '';
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
      if (depth >= MAX_DEPTH) return null;
      const nested = parseSignature(entry, depth + 1);
      if (nested === null) return null;
      inner = nested;
    }
    if (inner !== '' || parseRelevant(name)) signature += `${JSON.stringify(name)}{${inner}}`;
  }
  return signature;
}

/** The cache key of an expression over a context, or null when it should not be cached. */
function cacheKey(top: Top, expression: string, context: object): string | null {
  if (!cacheWorks || typeof expression !== 'string') return null;
  let signature: string | null;
  try {
    signature = parseSignature(context, 0);
  } catch {
    return null; // e.g. a throwing getter: let feelin meet it and report it as it would
  }
  return signature === null ? null : `${top === 'Expression' ? 'E' : 'U'}${signature}\u0000${expression}`;
}

/** Runs `run` (a feelin call parsing `expression` over `context`) with its parse answered from the cache. */
function cached<T>(top: Top, expression: string, context: object, run: () => T): T {
  const key = cacheKey(top, expression, context);
  if (key === null) return run();
  const outer = lookup;
  const l: Lookup = { top, input: expression, key, claimed: false };
  lookup = l;
  let result: T;
  try {
    result = run();
  } finally {
    lookup = outer;
  }
  // Every evaluation parses; if this one did not reach the wrapper, feelin no longer parses through it.
  if (!l.claimed) cacheWorks = false;
  return result;
}

/** A string literal without escapes, or a plain decimal number: most inputs of service tasks and forms. */
const STRING_LITERAL = /^\s*"([^"\\]*)"\s*$/;
const NUMBER_LITERAL = /^\s*(-?(?:0|[1-9]\d{0,14})(?:\.\d{1,6})?)\s*$/;

/**
 * A plain name, alone or compared with `=` to `true`, `false` or a string literal without escapes: an assignee
 * (`initiator`), a gateway's condition (`approved = true`, `decision = "reject"`).
 */
const NAME_TEST = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*(true|false|"[^"\\]*")\s*)?$/;

/**
 * The value of a name-only or name-equals-literal expression read straight from the context, when the answer
 * cannot differ from the interpreter's: the name is no keyword, the context holds it as its own entry, and the
 * value is a string or a boolean (compared only with a literal of its own type). Else undefined.
 */
function nameTest(expression: string, context: Record<string, unknown>): { value: unknown } | undefined {
  const m = NAME_TEST.exec(expression);
  if (!m || KEYWORDS.has(m[1]) || !Object.hasOwn(context, m[1])) return undefined;
  const value = context[m[1]];
  if (typeof value !== 'string' && typeof value !== 'boolean') return undefined;
  if (m[2] === undefined) return { value };
  const literal = m[2].startsWith('"') ? m[2].slice(1, -1) : m[2] === 'true';
  return typeof literal === typeof value ? { value: literal === value } : undefined;
}

/** `evalFeel('amount * 2', { amount: 21 })` → 42. Throws on a syntax error. */
export function evalFeel(expression: string, context: Record<string, unknown>): unknown {
  // Literals and plain names answer themselves: the interpreter would build a parser configuration and a tree,
  // and normalise every name of the context, for each.
  if (typeof expression === 'string' && expression.length < 500) {
    const text = STRING_LITERAL.exec(expression);
    if (text) return text[1];
    const number = NUMBER_LITERAL.exec(expression);
    if (number) return Number(number[1]);
    const named = context && typeof context === 'object' ? nameTest(expression, context) : undefined;
    if (named) return named.value;
  }
  return cached('Expression', expression, context, () => evaluate(expression, context as never).value);
}

/** Evaluates a condition; anything but `true` is false. */
export function feelCondition(expression: string, context: Record<string, unknown>): boolean {
  return evalFeel(expression, context) === true;
}

/** Unary test as in decision tables: `feelTest('> 10', 12)` → true */
export function feelTest(test: string, value: unknown): boolean {
  const context = { '?': value };
  return cached('UnaryTests', test, context, () => unaryTest(test, context as never).value) === true;
}

/** The syntax error of an expression, or null when it parses. */
export function feelSyntaxError(expression: string): string | null {
  try {
    evalFeel(expression, {});
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The parse cache's state: entries held, hits and misses so far, and whether it is in use. */
export function feelCacheStats(): { entries: number; hits: number; misses: number; active: boolean } {
  return { entries: trees.size, hits: stats.hits, misses: stats.misses, active: cacheWorks };
}

/** Empties the parse cache and resets its counters. */
export function clearFeelCache(): void {
  trees.clear();
  stats.hits = 0;
  stats.misses = 0;
}
