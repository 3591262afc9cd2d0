/**
 * Moving the selected component one place up or down from the keyboard (form-js moves only by dragging). It swaps
 * places with its neighbour — rows included — so a two-column layout keeps its shape. Both steps are form-js
 * commands, so undo works.
 */
import type { SchemaComponent } from '../../forms/registry.ts';

type Component = SchemaComponent & { _parent?: string; layout?: { row?: string; columns?: number } };
type Editor = { get(name: string): unknown };
type Modeling = {
  moveFormField(
    field: Component,
    source: Component,
    target: Component,
    sourceIndex: number,
    targetIndex: number,
    sourceRow?: { id: string },
    targetRow?: { id: string },
  ): void;
  editFormField(field: Component, key: string, value: unknown): void;
};

const row = (c: Component) => (c.layout?.row ? { id: c.layout.row } : undefined);

/** Moves `field` one place towards the start (-1) or the end (+1) of its container; false when it cannot. */
export function moveComponent(editor: Editor, field: Component, direction: -1 | 1): boolean {
  const registry = editor.get('formFieldRegistry') as { get(id: string): Component | undefined };
  const modeling = editor.get('modeling') as Modeling;
  const parent = field._parent ? registry.get(field._parent) : undefined;
  const list = (parent?.components ?? []) as Component[];
  const i = list.findIndex((c) => c.id === field.id);
  const j = i + direction;
  if (!parent || i < 0 || j < 0 || j >= list.length) return false;
  // moving down is the neighbour moving up
  const [upper, lower] = direction < 0 ? [list[j], field] : [field, list[j]];
  const upperRow = row(upper);
  const lowerRow = row(lower);
  const from = list.indexOf(lower);
  modeling.moveFormField(lower, parent, parent, from, from - 1, lowerRow, upperRow);
  if (upperRow && upperRow.id !== lowerRow?.id)
    modeling.editFormField(upper, 'layout', { ...upper.layout, row: lowerRow?.id });
  return true;
}
