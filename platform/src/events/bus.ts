/**
 * Domain events, emitted inside the write transaction. Listeners (audit, later search indexing, workflow triggers,
 * subscriptions) run in that same transaction, so a change and everything it causes commit or fail together.
 */
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';

export type RecordChanges = Record<string, { before?: unknown; after?: unknown }>;

export type DomainEvent =
  | { type: 'record.created'; entity: string; id: string; actor: Actor; after: Record<string, unknown> }
  | {
      type: 'record.updated';
      entity: string;
      id: string;
      actor: Actor;
      before: Record<string, unknown>;
      after: Record<string, unknown>;
      changes: RecordChanges;
    }
  | { type: 'record.deleted'; entity: string; id: string; actor: Actor; before: Record<string, unknown> }
  | {
      type: 'record.shared' | 'record.unshared';
      entity: string;
      id: string;
      actor: Actor;
      info: Record<string, unknown>;
    }
  | { type: 'org.department' | 'org.group' | 'org.user'; actor: Actor; info: Record<string, unknown> }
  | { type: 'meta.published'; actor: Actor; version: number; changes: unknown[] }
  | {
      type: 'auth.login' | 'auth.logout' | 'auth.loginFailed' | 'auth.denied';
      actor: Actor | null;
      info: Record<string, unknown>;
    }
  /** A message queued to the outbox, and each change of its status (sent, delivered, bounced, held…). */
  | { type: 'message.queued' | 'message.status'; actor: Actor | null; info: Record<string, unknown> };

export type EventType = DomainEvent['type'];
export type Listener = (event: DomainEvent, trx: Knex) => Promise<void> | void;

export class EventBus {
  private readonly listeners = new Map<string, Listener[]>();

  /** Listens to one event type, or to all with `'*'`. Returns a function that stops listening. */
  on(type: EventType | '*', listener: Listener): () => void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
    return () => {
      const l = this.listeners.get(type);
      if (l) l.splice(l.indexOf(listener), 1);
    };
  }

  /** Runs every listener, in order, inside the caller's transaction; a failing listener fails the write. */
  async emit(trx: Knex, event: DomainEvent): Promise<void> {
    for (const l of [...(this.listeners.get(event.type) ?? []), ...(this.listeners.get('*') ?? [])]) {
      await l(event, trx);
    }
  }
}
