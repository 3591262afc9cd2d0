import { describe, expect, it } from 'vitest';
import { countByElement, elementOfIssue, issueMessage, showIssues } from './lint.ts';

const ids = new Set(['Task_1', 'Gateway_1', 'Flow_2']);

describe('lint issues on the diagram', () => {
  it('ties an issue to its element by id or by path', () => {
    expect(elementOfIssue({ elementId: 'Task_1', code: 'X' }, ids)).toBe('Task_1');
    expect(elementOfIssue({ path: 'elements.Gateway_1.default', code: 'X' }, ids)).toBe('Gateway_1');
    expect(elementOfIssue({ path: ['flows', 'Flow_2', 'condition'], code: 'X' }, ids)).toBe('Flow_2');
    expect(elementOfIssue({ path: 'process', code: 'X' }, ids)).toBeUndefined();
  });

  it('speaks the UI language, falling back to the code', () => {
    const m = { hu: 'Nincs felelős', en: 'No assignee' };
    expect(issueMessage({ code: 'NO_ASSIGNEE', message: m }, 'en')).toBe('No assignee');
    expect(issueMessage({ code: 'NO_ASSIGNEE', messages: m, message: 'x' }, 'hu')).toBe('Nincs felelős');
    expect(issueMessage({ code: 'NO_ASSIGNEE' }, 'hu')).toBe('NO_ASSIGNEE');
  });

  it('lists errors first and counts them per element', () => {
    const shown = showIssues(
      [
        { elementId: 'Task_1', code: 'W', severity: 'warning', message: 'w' },
        { elementId: 'Task_1', code: 'E1', message: 'e1' },
        { path: 'Gateway_1', code: 'E2', message: 'e2' },
        { code: 'E3', message: 'e3' },
      ],
      ids,
      'en',
    );
    expect(shown.map((s) => s.code)).toEqual(['E1', 'E2', 'E3', 'W']);
    const counts = countByElement(shown);
    expect(counts.get('Task_1')).toEqual({ errors: 1, warnings: 1 });
    expect(counts.get('Gateway_1')).toEqual({ errors: 1, warnings: 0 });
    expect(counts.size).toBe(2);
  });
});
