import { describe, expect, it } from 'vitest';
import { moveComponent } from './moves.ts';

/** A stand-in for form-js's editor: its registry and the two modeling commands, recording what is asked. */
function editor(components: { id: string; layout: { row: string } }[]) {
  const root = {
    id: 'Form_1',
    type: 'default',
    components: components.map((c) => ({ ...c, type: 'textfield', _parent: 'Form_1' })),
  };
  const calls: unknown[][] = [];
  const modeling = {
    moveFormField: (
      f: { id: string },
      _s: unknown,
      _t: unknown,
      from: number,
      to: number,
      _sr: unknown,
      tr?: { id: string },
    ) => {
      calls.push(['move', f.id, from, to, tr?.id]);
      const [moved] = root.components.splice(from, 1);
      root.components.splice(to, 0, { ...moved, layout: { row: tr?.id ?? 'new' } });
    },
    editFormField: (f: { id: string }, key: string, value: { row: string }) =>
      calls.push(['edit', f.id, key, value.row]),
  };
  const services: Record<string, unknown> = {
    formFieldRegistry: { get: (id: string) => (id === 'Form_1' ? root : root.components.find((c) => c.id === id)) },
    modeling,
  };
  return { ed: { get: (n: string) => services[n] }, root, calls };
}

describe('moving the selected component from the keyboard', () => {
  it('swaps places with its neighbour, rows included', () => {
    // given two rows: [a, b] and [c]
    const { ed, root, calls } = editor([
      { id: 'a', layout: { row: 'r1' } },
      { id: 'b', layout: { row: 'r1' } },
      { id: 'c', layout: { row: 'r2' } },
    ]);
    // when c moves up
    expect(moveComponent(ed, root.components[2], -1)).toBe(true);
    // then c takes b's place in the first row, and b goes to c's row
    expect(calls).toEqual([
      ['move', 'c', 2, 1, 'r1'],
      ['edit', 'b', 'layout', 'r2'],
    ]);
  });

  it('moves down as the neighbour moving up, and not past the ends', () => {
    const { ed, root, calls } = editor([
      { id: 'a', layout: { row: 'r1' } },
      { id: 'b', layout: { row: 'r1' } },
    ]);
    expect(moveComponent(ed, root.components[0], 1)).toBe(true);
    expect(calls).toEqual([['move', 'b', 1, 0, 'r1']]);
    expect(moveComponent(ed, root.components[1], 1)).toBe(false);
  });
});
