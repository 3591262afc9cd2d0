/**
 * FEEL as the engine uses it: expressions over the instance's variables plus `now`, results turned into plain JSON
 * (feelin answers dates and durations as objects), and a leading `=` accepted everywhere.
 */
import { evalFeel, feelBody } from '@folyam/metamodel';

/** A FEEL value as JSON: temporal values become their ISO text, `undefined` becomes null. */
export function plainValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

const USES_NOW = /\bnow\b/;

/**
 * The context an expression sees: the variables, and `now` as a FEEL date and time. `now` is only added for
 * expressions that mention it: feelin converts every Date in the context, which costs more than most expressions.
 */
export function feelContext(
  variables: Record<string, unknown>,
  now: Date,
  extra?: Record<string, unknown>,
  expression?: string,
): Record<string, unknown> {
  if (expression !== undefined && !USES_NOW.test(expression)) return extra ? { ...variables, ...extra } : variables;
  return { ...variables, ...extra, now };
}

/** `evaluateFeel('=amount * 2', { amount: 21 }, now)` → 42 */
export function evaluateFeel(
  expression: string,
  variables: Record<string, unknown>,
  now: Date,
  extra?: Record<string, unknown>,
): unknown {
  const body = feelBody(expression);
  return plainValue(evalFeel(body, feelContext(variables, now, extra, body)));
}

/** A gateway condition: true only when the expression yields `true`. */
export function conditionHolds(expression: string, variables: Record<string, unknown>, now: Date): boolean {
  const body = feelBody(expression);
  return evalFeel(body, feelContext(variables, now, undefined, body)) === true;
}
