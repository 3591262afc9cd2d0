/**
 * The form-js viewer with Folyam's field types: the record page's form. Loaded lazily (with its styles), so lists
 * and the shell never carry form-js.
 */
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import type { FolyamFormContext } from './context.ts';
import { folyamFieldsModule, folyamValidationModule } from './module.ts';
import './form-js-theme.css';

export type ViewerOptions = {
  container: HTMLElement;
  context: FolyamFormContext;
  readonly?: boolean;
  ariaLabel?: string;
};

export function createViewer({ container, context, readonly, ariaLabel }: ViewerOptions): Form {
  return new Form({
    container,
    // every keystroke reaches the record store at once, so Ctrl+S never saves a stale value
    debounce: false,
    properties: { readOnly: !!readonly, ariaLabel },
    additionalModules: [folyamFieldsModule(context), folyamValidationModule],
  } as ConstructorParameters<typeof Form>[0]);
}

export type { Form };
