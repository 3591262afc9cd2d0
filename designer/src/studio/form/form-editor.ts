/**
 * The form-js editor with Folyam's field types in its palette and canvas, and the binding group in its properties
 * panel. Loaded lazily with its styles: only the form designer carries form-js-editor.
 */
import { FormEditor } from '@bpmn-io/form-js-editor';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@form-js-editor-assets/form-js-editor.css';
import type { FolyamFormContext } from '../../forms/context.ts';
import '../../forms/form-js-theme.css';
import { folyamFieldsModule } from '../../forms/module.ts';
import { bindingPropertiesModule } from './properties/binding.provider.ts';
import './form-editor-theme.css';

export type EditorOptions = { container: HTMLElement; propertiesParent: HTMLElement; context: FolyamFormContext };

export function createEditor({ container, propertiesParent, context }: EditorOptions): FormEditor {
  return new FormEditor({
    container,
    propertiesPanel: { parent: propertiesParent },
    exporter: { name: 'Folyam', version: '0.1.0' },
    additionalModules: [folyamFieldsModule(context), bindingPropertiesModule],
  } as ConstructorParameters<typeof FormEditor>[0]);
}

export type { FormEditor };
