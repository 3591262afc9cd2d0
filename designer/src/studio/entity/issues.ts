/**
 * Server validation issues (`details[].path` such as `fields[3].label.en`) mapped onto the designer's inputs.
 * Field paths are keyed by the field's local id (`field:<id>:label.en`), since indexes move when fields are
 * reordered after a failed save.
 */
import type { ApiIssue, Localized } from '../../api/types.ts';

export type IssueMap = Record<string, Localized[]>;

export function issueMessage(issue: ApiIssue): Localized {
  const raw = issue.message as unknown;
  if (raw && typeof raw === 'object') return raw as Localized;
  if (issue.messages) return issue.messages;
  const text = typeof raw === 'string' ? raw : issue.code;
  return { hu: text, en: text };
}

/** `fields[2].label.en` with local ids `['a', 'b', 'c']` → `field:c:label.en`. */
export function issueKey(path: string, fieldIds: string[]): string {
  const m = /^fields\[(\d+)\]\.?(.*)$/.exec(path);
  if (!m) return path;
  const id = fieldIds[Number(m[1])];
  return id === undefined ? path : `field:${id}:${m[2]}`;
}

export function mapIssues(issues: ApiIssue[], fieldIds: string[]): IssueMap {
  const out: IssueMap = {};
  for (const i of issues) (out[issueKey(i.path ?? '', fieldIds)] ??= []).push(issueMessage(i));
  return out;
}

/** The issues of one field, keyed by their path inside it (`label.en`, `options[0].value`, '' for the field). */
export function fieldIssues(map: IssueMap, fieldId: string): IssueMap {
  const prefix = `field:${fieldId}:`;
  const out: IssueMap = {};
  for (const [k, v] of Object.entries(map)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}
