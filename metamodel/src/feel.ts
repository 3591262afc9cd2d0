/**
 * FEEL, the one expression language of Folyam (form visibility, gateway conditions, computed fields, rules).
 * A thin wrapper so the rest of the code does not depend on the interpreter's API.
 */
import { evaluate, unaryTest } from 'feelin';

/** `evalFeel('amount * 2', { amount: 21 })` → 42. Throws on a syntax error. */
export function evalFeel(expression: string, context: Record<string, unknown>): unknown {
  return evaluate(expression, context as never).value;
}

/** Evaluates a condition; anything but `true` is false. */
export function feelCondition(expression: string, context: Record<string, unknown>): boolean {
  return evalFeel(expression, context) === true;
}

/** Unary test as in decision tables: `feelTest('> 10', 12)` → true */
export function feelTest(test: string, value: unknown): boolean {
  return unaryTest(test, { '?': value } as never).value === true;
}

/** The syntax error of an expression, or null when it parses. */
export function feelSyntaxError(expression: string): string | null {
  try {
    evaluate(expression, {});
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
