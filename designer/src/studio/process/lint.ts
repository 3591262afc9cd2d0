/**
 * The validator's issues as the modeler shows them: each issue tied to the diagram element it is about (its
 * `elementId`, else an element id its path names), counted per element for the badges on the canvas.
 */

export type Localized = { hu: string; en: string };
export type ProcessIssue = {
  elementId?: string;
  path?: string | (string | number)[];
  code: string;
  severity?: 'error' | 'warning';
  message?: Localized | string;
  messages?: Localized;
};
export type ShownIssue = { elementId?: string; code: string; severity: 'error' | 'warning'; text: string };

/** The element an issue is about: its `elementId`, or the first known id its path mentions. */
export function elementOfIssue(issue: ProcessIssue, knownIds: ReadonlySet<string>): string | undefined {
  if (issue.elementId) return issue.elementId;
  const path = Array.isArray(issue.path) ? issue.path.map(String) : (issue.path ?? '').split(/[.[\]'"/]+/);
  return path.find((p) => knownIds.has(p));
}

export function issueMessage(issue: ProcessIssue, locale: string): string {
  const pick = (m: Localized | undefined) => (m ? m[locale as keyof Localized] || m.hu || m.en : undefined);
  const raw = issue.message;
  if (raw && typeof raw === 'object') return pick(raw) ?? issue.code;
  return pick(issue.messages) ?? raw ?? issue.code;
}

/** `showIssues(issues, ids, 'hu')` → the list under the canvas, errors first, in a stable order. */
export function showIssues(issues: ProcessIssue[], knownIds: ReadonlySet<string>, locale: string): ShownIssue[] {
  return issues
    .map((i) => ({
      elementId: elementOfIssue(i, knownIds),
      code: i.code,
      severity: i.severity === 'warning' ? ('warning' as const) : ('error' as const),
      text: issueMessage(i, locale),
    }))
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** How many issues each element has (the badge number), by severity. */
export function countByElement(shown: ShownIssue[]): Map<string, { errors: number; warnings: number }> {
  const out = new Map<string, { errors: number; warnings: number }>();
  for (const s of shown) {
    if (!s.elementId) continue;
    const c = out.get(s.elementId) ?? { errors: 0, warnings: 0 };
    if (s.severity === 'error') c.errors++;
    else c.warnings++;
    out.set(s.elementId, c);
  }
  return out;
}
