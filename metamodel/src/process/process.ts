/**
 * A process as metadata: a BPMN diagram (bpmn-js XML with the `folyam:` extension) under a process key, optionally
 * bound to the record entity whose events may start it.
 */
import { z } from 'zod';
import { LocalizedText } from '../i18n.ts';
import { Identifier, StableId } from '../names.ts';
import { MAX_BPMN_BYTES } from './parse.ts';

export const Process = z.object({
  id: StableId,
  /** The process key, stable across versions: `offerApproval`. */
  name: Identifier,
  label: LocalizedText,
  description: LocalizedText.optional(),
  /** BPMN 2.0 XML */
  bpmn: z.string().min(1).max(MAX_BPMN_BYTES),
  /** The record entity the process can start on (see `folyam:RecordTrigger`). */
  entity: Identifier.optional(),
});
export type Process = z.infer<typeof Process>;
