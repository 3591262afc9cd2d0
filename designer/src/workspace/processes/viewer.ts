/** bpmn-js's navigated viewer (pan and zoom, no editing), loaded lazily with its styles. */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { folyamModdle } from '@folyam/metamodel';
import '../../studio/process/process-theme.css';

export function createViewer(container: HTMLElement): NavigatedViewer {
  return new NavigatedViewer({ container, moddleExtensions: { folyam: folyamModdle } });
}

export type { NavigatedViewer };
