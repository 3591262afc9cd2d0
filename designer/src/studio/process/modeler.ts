/**
 * bpmn-js's modeler with the `folyam:` extension, and its styles. Loaded lazily: only the process designer carries
 * bpmn-js. Its keyboard bindings (undo, redo, copy, paste, delete, tools) stay on: they act while the canvas has focus.
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import Modeler from 'bpmn-js/lib/Modeler';
import { folyamModdle } from './moddle.ts';
import './process-theme.css';

export function createModeler(container: HTMLElement): Modeler {
  return new Modeler({
    container,
    moddleExtensions: { folyam: folyamModdle },
  });
}

export type { Modeler };
