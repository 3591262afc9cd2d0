import { describe, expect, it } from 'vitest';
import { focusFirstField } from './dialogFocus.ts';

/** Just enough of the DOM for the helper: a dialog root, a marked first field and another field. */
function dialog() {
  const doc = { activeElement: null as unknown };
  const focus = (el: object) => () => (doc.activeElement = el);
  const first: { focus: () => unknown } = { focus: () => undefined };
  first.focus = focus(first);
  const other = {};
  const root = {
    ownerDocument: doc,
    contains: (el: unknown) => el === root || el === first || el === other,
    querySelector: (sel: string) => (sel.includes('[data-autofocus]') ? first : null),
  };
  return { doc, root, first, other };
}

describe('focusFirstField', () => {
  it('focuses the marked field when the focus is outside the dialog (or on the dialog itself)', () => {
    const d = dialog();
    d.doc.activeElement = { outside: true };
    focusFirstField(d.root as unknown as Element);
    expect(d.doc.activeElement).toBe(d.first);

    const again = dialog();
    again.doc.activeElement = again.root;
    focusFirstField(again.root as unknown as Element);
    expect(again.doc.activeElement).toBe(again.first);
  });

  it('leaves the focus where it is when the user is already in one of the fields', () => {
    const d = dialog();
    d.doc.activeElement = d.other;
    focusFirstField(d.root as unknown as Element);
    expect(d.doc.activeElement).toBe(d.other);
  });

  it('does nothing without a dialog', () => {
    expect(() => focusFirstField(null)).not.toThrow();
  });
});
