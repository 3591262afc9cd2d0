/**
 * The message outbox: `folyam_messages` and its status history `folyam_message_events`. A message is written in
 * the caller's transaction together with the `message.send` job that will send it after commit, so a message
 * exists exactly when its business change does, and a crash between commit and send loses nothing.
 */
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';
import type { EventBus } from '../events/bus.ts';
import { uuidv7 } from '../ids.ts';
import type { JobRunner } from '../jobs/runner.ts';
import type { Message, MessageChannel, MessageError, MessageEvent, MessageStatus } from './types.ts';

export const SEND_JOB = 'message.send';
const TABLE = 'folyam_messages';
const EVENTS = 'folyam_message_events';

export type QueueInput = {
  channel: MessageChannel;
  to: { address: string; entity?: string | null; recordId?: string | null };
  subject?: string | null;
  html?: string | null;
  text?: string | null;
  attachments?: string[];
  /** Defaults to a fresh one; queueing the same key twice returns the first message. */
  idempotencyKey?: string;
  campaignId?: string | null;
  /** Who queues it (null for the system); also the actor of the audit entry. */
  actor: Actor | null;
  /** Retries of the send job before the message counts as failed. */
  maxAttempts?: number;
};

export type OutboxDeps = { knex: Knex; clock: Clock; events: EventBus; jobs: JobRunner };

function json(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  try {
    return JSON.parse(String(v));
  } catch {
    return null;
  }
}

export function rowToMessage(r: Record<string, unknown>): Message {
  return {
    id: String(r.id),
    channel: r.channel as MessageChannel,
    to: {
      address: String(r.to_address),
      entity: (r.to_entity as string) ?? null,
      recordId: (r.to_record_id as string) ?? null,
    },
    subject: (r.subject as string) ?? null,
    html: (r.body_html as string) ?? null,
    text: (r.body_text as string) ?? null,
    attachments: (json(r.attachments) as string[] | null) ?? [],
    status: r.status as MessageStatus,
    error: json(r.error) as MessageError | null,
    providerId: (r.provider_id as string) ?? null,
    idempotencyKey: String(r.idempotency_key),
    campaignId: (r.campaign_id as string) ?? null,
    createdBy: (r.created_by as string) ?? null,
    createdAt: fromDbDateTime(r.created_at)!,
    updatedAt: fromDbDateTime(r.updated_at)!,
  };
}

export class MessageOutbox {
  constructor(private readonly deps: OutboxDeps) {}

  /**
   * Writes a message and enqueues its send job in `trx` (the caller's business transaction).
   * `await knex.transaction((trx) => outbox.queueMessage(trx, { channel: 'email', to: { address }, subject, html, actor }))`
   */
  async queueMessage(trx: Knex, input: QueueInput): Promise<Message> {
    const key = input.idempotencyKey ?? `message:${uuidv7()}`;
    if (key.length > 180) throw new Error('idempotencyKey must be at most 180 characters');
    const existing = await trx(TABLE).where({ idempotency_key: key }).first();
    if (existing) return rowToMessage(existing);
    const now = toDbDateTime(this.deps.clock.now());
    const row = {
      id: uuidv7(),
      channel: input.channel,
      to_address: input.to.address,
      to_entity: input.to.entity ?? null,
      to_record_id: input.to.recordId ?? null,
      subject: input.subject ?? null,
      body_html: input.html ?? null,
      body_text: input.text ?? null,
      attachments: input.attachments?.length ? JSON.stringify(input.attachments) : null,
      status: 'queued',
      error: null,
      provider_id: null,
      idempotency_key: key,
      campaign_id: input.campaignId ?? null,
      created_by: input.actor?.id ?? null,
      created_at: now,
      updated_at: now,
    };
    await trx(TABLE).insert(row);
    await trx(EVENTS).insert({ message_id: row.id, status: 'queued', at: now, provider: null });
    await this.deps.jobs.enqueue(
      trx,
      SEND_JOB,
      { messageId: row.id },
      { idempotencyKey: `${SEND_JOB}:${key}`, createdBy: row.created_by, maxAttempts: input.maxAttempts ?? 5 },
    );
    await this.deps.events.emit(trx, {
      type: 'message.queued',
      actor: input.actor,
      info: {
        messageId: row.id,
        channel: row.channel,
        toEntity: row.to_entity,
        toRecordId: row.to_record_id,
        campaignId: row.campaign_id,
      },
    });
    return rowToMessage(row);
  }

  async get(id: string, db: Knex = this.deps.knex): Promise<Message | null> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
    const r = await db(TABLE).where({ id }).first();
    return r ? rowToMessage(r) : null;
  }

  async byProviderId(channel: MessageChannel, providerId: string): Promise<Message | null> {
    const r = await this.deps
      .knex(TABLE)
      .where({ channel, provider_id: providerId })
      .orderBy('created_at', 'desc')
      .first();
    return r ? rowToMessage(r) : null;
  }

  /** The status history, oldest first. */
  async events(id: string): Promise<MessageEvent[]> {
    const rows = await this.deps.knex(EVENTS).where({ message_id: id }).orderBy('id', 'asc').limit(1000);
    return rows.map((r) => ({
      status: r.status as MessageStatus,
      at: fromDbDateTime(r.at)!,
      provider: json(r.provider),
    }));
  }

  /** Messages about one record, newest first. */
  async forRecord(entity: string, recordId: string, limit = 200): Promise<Message[]> {
    const rows = await this.deps
      .knex(TABLE)
      .where({ to_entity: entity, to_record_id: recordId })
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(rowToMessage);
  }

  /**
   * Moves a message from `from` to `to` and records it in the history, in one transaction; a message no longer
   * in `from` (another worker or report got there first) is left alone and false returned.
   */
  async transition(
    id: string,
    from: MessageStatus,
    to: MessageStatus,
    extra: { providerId?: string; error?: MessageError | null; provider?: unknown; at?: Date } = {},
  ): Promise<boolean> {
    const now = toDbDateTime(this.deps.clock.now());
    return this.deps.knex.transaction(async (trx) => {
      const n = await trx(TABLE)
        .where({ id, status: from })
        .update({
          status: to,
          updated_at: now,
          ...(extra.providerId ? { provider_id: extra.providerId } : {}),
          ...(extra.error !== undefined ? { error: extra.error ? JSON.stringify(extra.error) : null } : {}),
        });
      if (n !== 1) return false;
      await trx(EVENTS).insert({
        message_id: id,
        status: to,
        at: extra.at ? toDbDateTime(extra.at) : now,
        provider: extra.provider === undefined ? null : JSON.stringify(extra.provider),
      });
      await this.deps.events.emit(trx, {
        type: 'message.status',
        actor: null,
        info: { messageId: id, from, to, ...(extra.providerId ? { providerId: extra.providerId } : {}) },
      });
      return true;
    });
  }
}
