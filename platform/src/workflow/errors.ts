/** The errors a user meets in the workflow API, with stable codes and hu/en messages. */
import { issue, type Issue } from '@folyam/metamodel';
import { FolyamError } from '../errors.ts';

export const workflowErrors = {
  notFound: (what: { hu: string; en: string } = { hu: 'A folyamat', en: 'The process' }) =>
    new FolyamError(404, 'workflow.notFound', { hu: `${what.hu} nem található.`, en: `${what.en} was not found.` }),
  notAssignee: () =>
    new FolyamError(403, 'workflow.notAssignee', {
      hu: 'Ezt a feladatot csak a felelőse végezheti el. Ha jelölt, előbb vegye magához.',
      en: 'Only the assignee may complete this task. If you are a candidate, claim it first.',
    }),
  notCandidate: () =>
    new FolyamError(403, 'workflow.notCandidate', {
      hu: 'Ezt a feladatot nem veheti magához: nem tartozik a jelöltjei közé.',
      en: 'You cannot claim this task: you are not one of its candidates.',
    }),
  alreadyClaimed: () =>
    new FolyamError(409, 'workflow.alreadyClaimed', {
      hu: 'A feladatot már más vette magához.',
      en: 'Someone else has already claimed this task.',
    }),
  notClaimed: () =>
    new FolyamError(409, 'workflow.notClaimed', {
      hu: 'A feladat nincs magához véve, így nem adható vissza.',
      en: 'The task is not claimed, so it cannot be released.',
    }),
  taskClosed: () =>
    new FolyamError(409, 'workflow.taskClosed', {
      hu: 'A feladat már lezárult.',
      en: 'The task is already closed.',
    }),
  cannotStart: () =>
    new FolyamError(403, 'workflow.cannotStart', {
      hu: 'Ezt a folyamatot nem indíthatja el.',
      en: 'You are not allowed to start this process.',
    }),
  forbidden: () =>
    new FolyamError(403, 'workflow.forbidden', {
      hu: 'Ehhez a folyamathoz nincs hozzáférése.',
      en: 'You have no access to this process.',
    }),
  invalidVariables: (details: Issue[]) =>
    new FolyamError(
      400,
      'workflow.invalidVariables',
      { hu: 'A folyamatváltozók hibásak.', en: 'The process variables are not valid.' },
      details,
    ),
  invalidInput: (path: string, code: string, params: Record<string, unknown> = {}) =>
    new FolyamError(400, 'workflow.invalidInput', { hu: 'Hibás kérés.', en: 'Bad request.' }, [
      issue(path, code, params),
    ]),
  conflict: () =>
    new FolyamError(409, 'workflow.conflict', {
      hu: 'A folyamat időközben továbblépett. Töltse újra, és próbálja újra.',
      en: 'The process moved on meanwhile. Reload it and try again.',
    }),
  noIncident: () =>
    new FolyamError(409, 'workflow.noIncident', {
      hu: 'Ennek a folyamatnak nincs elakadt lépése, amelyet újra lehetne futtatni.',
      en: 'This process has no stuck step to run again.',
    }),
  notRunning: () =>
    new FolyamError(409, 'workflow.notRunning', {
      hu: 'A folyamat már nem fut.',
      en: 'The process is no longer running.',
    }),
};

const VARIABLE = /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/;
/** Names the runtime sets itself and a caller may not overwrite. */
const RESERVED = new Set(['initiator', 'record']);

/**
 * Checks variables from a request: a JSON object of at most 100 keys with identifier names, JSON values, 64 KB.
 * `checkVariables({ decision: 'reject' }, 'variables')` → the object, or throws `workflow.invalidVariables`.
 */
export function checkVariables(input: unknown, path = 'variables'): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input))
    throw workflowErrors.invalidVariables([issue(path, 'invalidType', { expected: 'object' })]);
  const out: Record<string, unknown> = {};
  const issues: Issue[] = [];
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.length > 100) issues.push(issue(path, 'tooBig', { max: 100 }));
  for (const [k, v] of entries) {
    if (!VARIABLE.test(k)) issues.push(issue(`${path}.${k}`, 'identifier'));
    else if (RESERVED.has(k)) issues.push(issue(`${path}.${k}`, 'readOnly'));
    else if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint')
      issues.push(issue(`${path}.${k}`, 'invalidType', { expected: 'json' }));
    else out[k] = v;
  }
  if (JSON.stringify(out).length > 65_536) issues.push(issue(path, 'tooLong', { max: 65_536 }));
  if (issues.length) throw workflowErrors.invalidVariables(issues);
  return out;
}
