/**
 * Folyam's own form-js field types are registered declaratively: each file in `fields/` calls `defineFormField`
 * with the Preact component that renders it, the entity field types it binds to, its palette entry and its
 * checks. `folyamFieldsModule` turns the registry into a form-js module for the viewer and the editor alike.
 */
import type { Field, FieldType, LocalizedText } from '@folyam/metamodel';
import type { ComponentType, VNode } from 'preact';
import type { FolyamFormContext } from './context.ts';

/** A form-js component as it sits in a schema. */
export type SchemaComponent = {
  id: string;
  type: string;
  key?: string;
  label?: string;
  description?: string;
  readonly?: boolean | string;
  disabled?: boolean;
  validate?: { required?: boolean; [k: string]: unknown };
  [k: string]: unknown;
};

/** The props form-js hands a field component. */
export type FormFieldProps = {
  field: SchemaComponent;
  value: unknown;
  domId: string;
  errors?: string[];
  disabled?: boolean;
  readonly?: boolean;
  onChange: (update: { value: unknown }) => void;
  onBlur?: () => void;
  onFocus?: () => void;
};

export type FormFieldDefinition = {
  /** The component type in schemas, `folyam-…`. */
  type: `folyam-${string}`;
  /** Entity field types a component of this type can be bound to. */
  binds: FieldType[];
  /** Its name in the designer's palette. */
  label: LocalizedText;
  /** An SVG icon for the palette (viewBox 0 0 54 54). */
  icon: string;
  render: (props: FormFieldProps) => VNode | null;
  /** The value of an empty field. */
  emptyValue: unknown;
  /** Makes a stored value fit the component (unknown shapes become empty). */
  sanitizeValue?: (value: unknown) => unknown;
  /** Problems with a value beyond form-js's own checks (required, length…), in both locales. */
  validate?: (value: unknown, field: Field | undefined, ctx: FolyamFormContext) => LocalizedText[];
  /** form-js properties panel entries shown for it (besides Folyam's own group). */
  propertiesPanelEntries?: string[];
};

const registry = new Map<string, FormFieldDefinition>();

/** `defineFormField({ type: 'folyam-phone', binds: ['phone'], render: PhoneField, … })` */
export function defineFormField(def: FormFieldDefinition): FormFieldDefinition {
  registry.set(def.type, def);
  return def;
}

export function formFieldDefinitions(): FormFieldDefinition[] {
  return [...registry.values()];
}

export function formFieldDefinition(type: string): FormFieldDefinition | undefined {
  return registry.get(type);
}

/** A Preact component type, for `h(...)` with form-js's own components. */
export type AnyComponent = ComponentType<Record<string, unknown>>;
