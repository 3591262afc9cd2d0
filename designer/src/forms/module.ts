/**
 * form-js modules built from the field registry: `folyamFieldsModule` registers every Folyam field type (viewer and
 * editor), `folyamValidationModule` adds their checks to form-js's validation and puts its messages into the UI
 * locale (viewer). Both read the app through the `folyamContext` service.
 */
import { h } from 'preact';
import { localize } from '../i18n/localize.ts';
import { boundField, FOLYAM_CONTEXT, type FolyamFormContext } from './context.ts';
import { formFieldDefinition, formFieldDefinitions, type FormFieldDefinition, type FormFieldProps } from './index.ts';
import { translateValidation } from './texts.ts';

type FormFieldsService = { register(type: string, component: unknown): void };
type FieldInstance = { id: string };
type ValidatorService = {
  validateFieldInstance(instance: FieldInstance, value: unknown): string[];
  validateField(field: { id: string; type: string; key?: string }, value: unknown): string[];
};
type FieldRegistry = { get(id: string): { id: string; type: string; key?: string } | undefined };

/** The form-js component of a definition: the renderer with form-js's `config` attached. */
function formJsComponent(def: FormFieldDefinition, locale: string) {
  const name = localize(def.label, locale);
  const Component = (props: FormFieldProps) => h(def.render, props);
  Component.config = {
    type: def.type,
    keyed: true,
    name,
    group: 'basic-input',
    emptyValue: def.emptyValue,
    sanitizeValue: def.sanitizeValue ? ({ value }: { value: unknown }) => def.sanitizeValue!(value) : undefined,
    iconUrl: `data:image/svg+xml,${encodeURIComponent(def.icon)}`,
    propertiesPanelEntries: def.propertiesPanelEntries ?? ['label', 'description'],
    create: (options: Record<string, unknown> = {}) => ({ label: name, ...options }),
  };
  return Component;
}

class FolyamFormFields {
  static $inject = ['formFields', FOLYAM_CONTEXT];
  constructor(formFields: FormFieldsService, ctx: FolyamFormContext) {
    for (const def of formFieldDefinitions()) formFields.register(def.type, formJsComponent(def, ctx.locale()));
  }
}

/**
 * form-js knows its validation messages in English only and has no hook for field types' own checks, so its
 * validator's two methods are wrapped here (the service is not exported to subclass).
 */
class FolyamValidation {
  static $inject = ['validator', 'formFieldRegistry', FOLYAM_CONTEXT];
  constructor(validator: ValidatorService, registry: FieldRegistry, ctx: FolyamFormContext) {
    const own = (field: { type: string; key?: string } | undefined, value: unknown): string[] => {
      const def = field && formFieldDefinition(field.type);
      if (!field || !def?.validate) return [];
      return def.validate(value, boundField(ctx, field.key), ctx).map((t) => localize(t, ctx.locale()));
    };
    const translate = (messages: string[]) => messages.map((m) => translateValidation(m, ctx.locale()));
    const byInstance = validator.validateFieldInstance.bind(validator);
    const byField = validator.validateField.bind(validator);
    validator.validateFieldInstance = (instance, value) => [
      ...translate(byInstance(instance, value)),
      ...own(registry.get(instance.id), value),
    ];
    validator.validateField = (field, value) => [...translate(byField(field, value)), ...own(field, value)];
  }
}

/** Registers Folyam's field types and provides the app context to them. */
export function folyamFieldsModule(ctx: FolyamFormContext) {
  return {
    __init__: ['folyamFormFields'],
    folyamFormFields: ['type', FolyamFormFields],
    [FOLYAM_CONTEXT]: ['value', ctx],
  };
}

/** Field types' own checks and localised messages (the viewer only: the editor validates nothing). */
export const folyamValidationModule = {
  __init__: ['folyamValidation'],
  folyamValidation: ['type', FolyamValidation],
};
