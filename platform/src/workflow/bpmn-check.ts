/**
 * The one place the runtime reads a BPMN model: parse and validate a process definition (at save and at publish),
 * and find the record triggers of its start events. Kept apart so the metadata store and the runner share it.
 */
import {
  issue,
  parseProcessXml,
  validateProcessModel,
  type Entity,
  type Issue,
  type ProcessDefinition,
  type ProcessModel,
} from '@folyam/metamodel';

export type { ProcessModel };

/** A start event's `folyam:RecordTrigger`: start the process when a record of `entity` is created / updated. */
export type RecordTrigger = { startEventId: string; entity: string; on: string; condition: string | null };

/** Parses the BPMN of a definition; a file that is not BPMN becomes one issue at `bpmn`. */
export async function parseDefinition(def: Pick<ProcessDefinition, 'bpmn'>): Promise<ProcessModel> {
  return parseProcessXml(def.bpmn);
}

/**
 * Issues of a process definition against the entities it will run with: the BPMN (each issue naming its
 * element, under `bpmn.`), the entity it is about, the entities of its record triggers.
 */
export async function checkProcessDefinition(def: ProcessDefinition, entities: Entity[]): Promise<Issue[]> {
  const issues: Issue[] = [];
  const names = new Set(entities.map((e) => e.name));
  if (def.entity && !names.has(def.entity)) issues.push(issue('entity', 'unknownEntity', { value: def.entity }));
  let model: ProcessModel;
  try {
    model = await parseDefinition(def);
  } catch (e) {
    issues.push({
      path: 'bpmn',
      code: 'bpmnUnreadable',
      message: {
        hu: `A BPMN-fájl nem olvasható: ${(e as Error).message}`,
        en: `The BPMN file cannot be read: ${(e as Error).message}`,
      },
    });
    return issues;
  }
  for (const x of validateProcessModel(model)) {
    issues.push({ path: x.elementId ? `bpmn.${x.elementId}` : 'bpmn', code: x.code, message: x.messages });
  }
  for (const t of recordTriggers(model)) {
    if (!names.has(t.entity)) {
      issues.push({
        path: `bpmn.${t.startEventId}`,
        code: 'unknownEntity',
        message: {
          hu: `A(z) ${t.startEventId} indító esemény ismeretlen entitásra figyel: ${t.entity}.`,
          en: `Start event ${t.startEventId} listens to an unknown entity: ${t.entity}.`,
        },
      });
    }
  }
  return issues;
}

/** The record triggers of a model's start events (`<folyam:recordTrigger entity on condition>`). */
export function recordTriggers(model: ProcessModel): RecordTrigger[] {
  const out: RecordTrigger[] = [];
  for (const el of Object.values(model.elements)) {
    const t = el.folyam?.recordTrigger;
    if (el.type !== 'bpmn:StartEvent' || !t?.entity) continue;
    out.push({
      startEventId: el.id,
      entity: t.entity,
      on: t.on || 'created',
      condition: t.condition?.trim() ? t.condition : null,
    });
  }
  return out;
}
