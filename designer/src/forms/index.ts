/** Folyam's form-js field types, each file in `fields/` registered. Import the registry from here. */
import.meta.glob('./fields/*.field.ts', { eager: true });

export { defineFormField, formFieldDefinition, formFieldDefinitions } from './registry.ts';
export type { FormFieldDefinition, FormFieldProps, SchemaComponent } from './registry.ts';
