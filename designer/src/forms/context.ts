/**
 * What Folyam's form-js fields need from the app, handed to form-js as the `folyamContext` service: the entity the
 * form is bound to, the UI locale, the record being edited, and reference look-ups. The record page and the form
 * designer each provide their own (the designer's searches nothing).
 */
import type { Entity, Field } from '@folyam/metamodel';
import { FormContext } from '@bpmn-io/form-js-viewer';
import { useContext } from 'preact/hooks';
import type { DataRecord } from '../api/types.ts';

export type ReferenceOption = { value: string; title: string; subtitle?: string };

export type FolyamFormContext = {
  /** The UI locale (`hu` or `en`). */
  locale: () => string;
  /** The entity whose record the form edits. */
  entity: () => Entity | undefined;
  /** The record as loaded (its `_titles` name referenced records), or null for a new one. */
  record: () => DataRecord | null | undefined;
  /** Records of `target` matching `q`, as choices. */
  searchReferences: (target: string, q: string, signal: AbortSignal) => Promise<ReferenceOption[]>;
  /** The title of one referenced record. */
  referenceTitle: (target: string, id: string) => Promise<string>;
  /** Where a referenced record opens, and how (in-app navigation). */
  recordHref: (target: string, id: string) => string;
  openRecord: (target: string, id: string) => void;
  /** True in the form designer: fields render as a preview. */
  design?: boolean;
};

export const FOLYAM_CONTEXT = 'folyamContext';

/** The entity field a component is bound to (its `key` names the field). */
export function boundField(ctx: FolyamFormContext, key: unknown): Field | undefined {
  return typeof key === 'string' ? ctx.entity()?.fields.find((f) => f.name === key) : undefined;
}

/** Inside a form-js field component: the app's context. */
export function useFolyam(): FolyamFormContext {
  const { getService } = useContext(FormContext);
  return getService(FOLYAM_CONTEXT) as FolyamFormContext;
}
