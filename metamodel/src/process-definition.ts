/**
 * A process definition as metadata (kind `process`): a BPMN 2.0 diagram with the `folyam:` extensions, its
 * label, the entity its instances are about, and who may start it. The BPMN itself is checked by
 * `validateProcessModel` (in `process/`) when the definition is saved and published.
 */
import { z } from 'zod';
import { LocalizedText } from './i18n.ts';
import { Identifier, StableId } from './names.ts';
import { fromZod } from './issues.ts';
import type { Result } from './validate.ts';

/** BPMN files larger than this are refused (a CRM process is a few tens of kilobytes). */
export const MAX_BPMN_LENGTH = 1_000_000;

export const ProcessDefinition = z.object({
  id: StableId,
  name: Identifier,
  label: LocalizedText,
  description: LocalizedText.optional(),
  /** The entity an instance is about (`company`, `contract`): its record is linked to the instance. */
  entity: Identifier.optional(),
  /** Roles whose holders may start the process by hand; without it, anyone who may read the record may. */
  startRoles: z.array(Identifier).optional(),
  /** The BPMN 2.0 XML. */
  bpmn: z.string().min(1).max(MAX_BPMN_LENGTH),
});
export type ProcessDefinition = z.infer<typeof ProcessDefinition>;

/** `validateProcessDefinition(json)` → `{ ok, value }` or `{ ok: false, issues }` (the BPMN is checked apart). */
export function validateProcessDefinition(input: unknown): Result<ProcessDefinition> {
  const r = ProcessDefinition.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: fromZod(r.error) };
}
