// bpmn-moddle 10 ships type definitions only for its schema (`bpmn-moddle/types`), not for its entry point.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    // The root element and its children are dynamic moddle objects; their shape depends on the descriptors.
    fromXML(
      xml: string,
      typeName?: string,
      options?: Record<string, unknown>,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
    ): Promise<{ rootElement: any; warnings: { message: string }[]; references: unknown[] }>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    toXML(element: any, options?: Record<string, unknown>): Promise<{ xml: string }>;
  }
}
