/**
 * How the properties panel changes the diagram: every edit is a bpmn-js command (`modeling.updateProperties` or
 * `updateModdleProperties`), so it is undoable with Ctrl+Z like an edit on the canvas.
 */
import { replaceExtensions, type Attrs, type Moddle, type ModdleElement } from '../extensions.ts';

export type DiagramElement = { id: string; type: string; businessObject: ModdleElement; source?: DiagramElement };

type Modeling = {
  updateProperties(element: DiagramElement, props: Record<string, unknown>): void;
  updateModdleProperties(element: DiagramElement, target: ModdleElement, props: Record<string, unknown>): void;
};

/** The bpmn-js services the panel uses. */
export type Injector = { get<T = unknown>(name: string): T };

export class Editing {
  constructor(private readonly injector: Injector) {}

  private get modeling(): Modeling {
    return this.injector.get<Modeling>('modeling');
  }
  get moddle(): Moddle {
    return this.injector.get<Moddle>('moddle');
  }

  /** Sets (or, with an empty value, removes) a property: `set(task, 'folyam:assignee', 'sales1')`. */
  set(element: DiagramElement, key: string, value: unknown): void {
    const empty = value === '' || value === null || value === undefined || (Array.isArray(value) && !value.length);
    const next = empty ? undefined : value;
    // an unchanged value is no edit: it would only put a no-op on the undo stack
    if ((element.businessObject.get(key) ?? undefined) === next) return;
    this.modeling.updateProperties(element, { [key]: next });
  }

  /** Replaces the element's extension entries of one type. */
  setExtensions(element: DiagramElement, type: string, items: Attrs[]): void {
    const ext = replaceExtensions(this.moddle, element.businessObject, type, items);
    this.modeling.updateProperties(element, { extensionElements: ext });
  }

  /** A FEEL or ISO expression as a `bpmn:FormalExpression` (undefined when empty). */
  expression(body: string): ModdleElement | undefined {
    return body.trim() ? this.moddle.create('bpmn:FormalExpression', { body: body.trim() }) : undefined;
  }

  /** Changes a property of a nested moddle element (a timer definition) of `element`. */
  setNested(element: DiagramElement, target: ModdleElement, props: Record<string, unknown>): void {
    this.modeling.updateModdleProperties(element, target, props);
  }
}

/** The text of a `bpmn:FormalExpression`, or ''. */
export function bodyOf(expr: unknown): string {
  const e = expr as { body?: string } | undefined;
  return e?.body ?? '';
}
