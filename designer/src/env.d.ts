/// <reference types="vite/client" />

/** bpmn-auto-layout ships no types: `layoutProcess(xml)` answers the XML with a laid-out diagram. */
declare module 'bpmn-auto-layout' {
  export function layoutProcess(xml: string): Promise<string>;
}
