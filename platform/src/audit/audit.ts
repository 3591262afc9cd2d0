/**
 * The append-only audit log: who did what, when, with before/after values of record changes. It listens to domain
 * events; CRUD code never writes it directly. The table refuses UPDATE and DELETE by trigger.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';
import type { DomainEvent, EventBus } from '../events/bus.ts';

export type AuditEntry = {
  id: number;
  at: string;
  actor: { id: string | null; username: string | null };
  action: string;
  entity: string | null;
  recordId: string | null;
  changes: Record<string, { before?: unknown; after?: unknown }> | null;
  info: Record<string, unknown> | null;
};

function changesOf(event: DomainEvent): Record<string, { before?: unknown; after?: unknown }> | null {
  switch (event.type) {
    case 'record.created':
      return Object.fromEntries(Object.entries(event.after).map(([k, v]) => [k, { after: v }]));
    case 'record.updated':
      return event.changes;
    case 'record.deleted':
      return Object.fromEntries(Object.entries(event.before).map(([k, v]) => [k, { before: v }]));
    default:
      return null;
  }
}

/** Writes an audit row for every domain event, in the event's transaction. */
export function registerAuditListener(bus: EventBus, clock: Clock): void {
  bus.on('*', async (event, trx) => {
    const isRecord = event.type.startsWith('record.');
    const actor = event.actor;
    const action = isRecord ? event.type.slice('record.'.length) : event.type;
    const changes = changesOf(event);
    await trx('folyam_audit').insert({
      at: toDbDateTime(clock.now()),
      actor_id: actor?.id ?? null,
      actor_name: actor?.username ?? null,
      action,
      entity: 'entity' in event ? event.entity : null,
      record_id: 'id' in event ? event.id : null,
      changes: changes ? JSON.stringify(changes) : null,
      info:
        'info' in event
          ? JSON.stringify(event.info)
          : event.type === 'meta.published'
            ? JSON.stringify({ version: event.version, changes: event.changes })
            : null,
    });
  });
}

export function rowToAuditEntry(r: Record<string, unknown>): AuditEntry {
  return {
    id: Number(r.id),
    at: fromDbDateTime(r.at)!,
    actor: { id: (r.actor_id as string) ?? null, username: (r.actor_name as string) ?? null },
    action: String(r.action),
    entity: (r.entity as string) ?? null,
    recordId: (r.record_id as string) ?? null,
    changes: r.changes ? JSON.parse(String(r.changes)) : null,
    info: r.info ? JSON.parse(String(r.info)) : null,
  };
}

/** Audit entries of one record, oldest first. */
export async function recordHistory(knex: Knex, entity: string, recordId: string): Promise<AuditEntry[]> {
  const rows = await knex('folyam_audit').where({ entity, record_id: recordId }).orderBy('id', 'asc').limit(1000);
  return rows.map(rowToAuditEntry);
}

/** Writes one audit row outside the event bus, for events with no business transaction (failed logins). */
export async function writeAudit(
  knex: Knex,
  clock: Clock,
  entry: { actorId?: string | null; actorName?: string | null; action: string; info?: Record<string, unknown> },
): Promise<void> {
  await knex('folyam_audit').insert({
    at: toDbDateTime(clock.now()),
    actor_id: entry.actorId ?? null,
    actor_name: entry.actorName ?? null,
    action: entry.action,
    info: entry.info ? JSON.stringify(entry.info) : null,
  });
}
