/**
 * The message outbox: `folyam_messages` and its status history `folyam_message_events`. A message is written in
 * the caller's transaction together with the `message.send` job that will send it after commit, so a message
 * exists exactly when its business change does, and a crash between commit and send loses nothing.
 */
import type { Knex } from 'knex';
import { isUniqueViolation } from '../data/db-errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';
import type { EventBus } from '../events/bus.ts';
import { uuidv7 } from '../ids.ts';
import type { JobRunner } from '../jobs/runner.ts';
import type {
  Message,
  MessageChannel,
  MessageError,
  MessageEvent,
  MessageOptions,
  MessagePurpose,
  MessageStatus,
} from './types.ts';

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
  purpose?: MessagePurpose | null;
  options?: MessageOptions | null;
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
    purpose: (r.purpose as MessagePurpose) ?? null,
    options: json(r.options) as MessageOptions | null,
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
    const { message, created } = await this.write(trx, input);
    if (created)
      await this.deps.jobs.enqueue(
        trx,
        SEND_JOB,
        { messageId: message.id },
        {
          idempotencyKey: `${SEND_JOB}:${message.idempotencyKey}`,
          createdBy: message.createdBy,
          maxAttempts: input.maxAttempts ?? 5,
        },
      );
    return message;
  }

  /**
   * Writes a message in `trx` without a send job: the caller sends it with others through `sendLater`, which also
   * records them as queued (one event for all). Answers whether it was written now (false: its idempotency key was
   * queued before, and that message is answered).
   */
  async queueUnsent(trx: Knex, input: QueueInput): Promise<{ message: Message; created: boolean }> {
    return this.write(trx, input, false);
  }

  /**
   * One send job for messages written by `queueUnsent` in `trx` — the messages of one workflow step, say — so they
   * cost one claim and one status transaction instead of one each. `key` makes the job idempotent.
   */
  async sendLater(
    trx: Knex,
    messageIds: string[],
    key: string,
    options: { maxAttempts?: number; actor?: Actor | null } = {},
  ): Promise<void> {
    if (!messageIds.length) return;
    await this.deps.events.emit(trx, {
      type: 'message.queued',
      actor: options.actor ?? null,
      info: { messageIds, count: messageIds.length },
    });
    await this.deps.jobs.enqueue(
      trx,
      SEND_JOB,
      { messageIds },
      { idempotencyKey: `${SEND_JOB}:${key}`.slice(0, 200), maxAttempts: options.maxAttempts ?? 5 },
    );
  }

  private async write(trx: Knex, input: QueueInput, event = true): Promise<{ message: Message; created: boolean }> {
    const key = input.idempotencyKey ?? `message:${uuidv7()}`;
    if (key.length > 180) throw new Error('idempotencyKey must be at most 180 characters');
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
      purpose: input.purpose ?? null,
      options: input.options ? JSON.stringify(input.options) : null,
      created_by: input.actor?.id ?? null,
      created_at: now,
      updated_at: now,
    };
    // Inserted first, read only on a clash: a key is new far more often than repeated. A duplicate-key error
    // fails the statement alone on both dialects, so the caller's transaction goes on.
    try {
      await trx(TABLE).insert(row);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const existing = await trx(TABLE).where({ idempotency_key: key }).first();
      if (existing) return { message: rowToMessage(existing), created: false };
      throw e;
    }
    await trx(EVENTS).insert({ message_id: row.id, status: 'queued', at: now, provider: null });
    if (event)
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
    return { message: rowToMessage(row), created: true };
  }

  /**
   * Queues many messages in `trx` at once (a campaign batch): keys already queued are returned as they are, the
   * rest written with multi-row inserts, each with its send job; one `message.queued` event describes the batch.
   */
  async queueMany(
    trx: Knex,
    inputs: QueueInput[],
    event: { actor: Actor | null; info: Record<string, unknown> },
    options: { sendJobs?: boolean } = {},
  ): Promise<Message[]> {
    if (!inputs.length) return [];
    const keyOf = (i: QueueInput) => i.idempotencyKey ?? `message:${uuidv7()}`;
    const keyed = inputs.map((input) => ({ input, key: keyOf(input) }));
    if (keyed.some((k) => k.key.length > 180)) throw new Error('idempotencyKey must be at most 180 characters');
    const existing = new Map<string, Message>();
    for (let i = 0; i < keyed.length; i += 500) {
      const rows = await trx(TABLE).whereIn(
        'idempotency_key',
        keyed.slice(i, i + 500).map((k) => k.key),
      );
      for (const r of rows) existing.set(String(r.idempotency_key), rowToMessage(r));
    }
    const now = toDbDateTime(this.deps.clock.now());
    const rows = keyed
      .filter((k) => !existing.has(k.key))
      .map(({ input, key }) => ({
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
        purpose: input.purpose ?? null,
        options: input.options ? JSON.stringify(input.options) : null,
        created_by: input.actor?.id ?? null,
        created_at: now,
        updated_at: now,
        max_attempts: input.maxAttempts ?? 5,
      }));
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      await trx(TABLE).insert(chunk.map(({ max_attempts: _, ...r }) => r));
      await trx(EVENTS).insert(chunk.map((r) => ({ message_id: r.id, status: 'queued', at: now, provider: null })));
    }
    // Without send jobs the caller sends them itself (a campaign's own job, through `MessageSender.deliver`).
    for (const r of options.sendJobs === false ? [] : rows) {
      await this.deps.jobs.enqueue(
        trx,
        SEND_JOB,
        { messageId: r.id },
        { idempotencyKey: `${SEND_JOB}:${r.idempotency_key}`, createdBy: r.created_by, maxAttempts: r.max_attempts },
      );
    }
    if (rows.length)
      await this.deps.events.emit(trx, {
        type: 'message.queued',
        actor: event.actor,
        info: { ...event.info, count: rows.length },
      });
    const written = new Map(rows.map((r) => [r.idempotency_key, rowToMessage(r)]));
    return keyed.map((k) => existing.get(k.key) ?? written.get(k.key)!);
  }

  /**
   * A page of the outbox, newest first, for the outbox viewer: `createdBy` limits it to one sender's messages.
   * `await outbox.list({ status: 'held', createdBy: actor.id }, 50, 0)` → `{ items, total }`
   */
  async list(
    filter: { status?: MessageStatus; channel?: MessageChannel; campaignId?: string; createdBy?: string },
    limit: number,
    offset: number,
  ): Promise<{ items: Message[]; total: number }> {
    const where = (qb: Knex.QueryBuilder) => {
      if (filter.status) qb.where('status', filter.status);
      if (filter.channel) qb.where('channel', filter.channel);
      if (filter.campaignId) qb.where('campaign_id', filter.campaignId);
      if (filter.createdBy) qb.where('created_by', filter.createdBy);
      return qb;
    };
    const total = Number((await where(this.deps.knex(TABLE)).count({ n: '*' }).first())?.n ?? 0);
    const rows = total
      ? await where(this.deps.knex(TABLE))
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .offset(offset)
      : [];
    return { items: rows.map(rowToMessage), total };
  }

  /** Messages by id (in no particular order); unknown ids are left out. */
  async getMany(ids: string[]): Promise<Message[]> {
    const out: Message[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      out.push(...(await this.deps.knex(TABLE).whereIn('id', ids.slice(i, i + 500))).map(rowToMessage));
    }
    return out;
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

  /** Many `transition`s in one transaction (a batch of sends); returns how many moved. */
  async transitionMany(
    items: {
      id: string;
      from: MessageStatus;
      to: MessageStatus;
      extra: { providerId?: string; error?: MessageError | null; provider?: unknown };
      /** The message's campaign when the caller knows it (null: none), so listeners can skip campaign work. */
      campaignId?: string | null;
    }[],
  ): Promise<number> {
    if (!items.length) return 0;
    const now = toDbDateTime(this.deps.clock.now());
    return this.deps.knex.transaction(async (trx) => {
      const moved: typeof items = [];
      // Messages that move alike (held, failed, suppressed: one status and error for all) move together, up to
      // 500 a statement: those still in `from` are read first (locked on MySQL; SQLite has one writer) and then
      // updated. A sent one carries its own provider id and moves alone.
      type Item = (typeof items)[number];
      const alike = new Map<
        string,
        { from: MessageStatus; to: MessageStatus; error?: string | null; byId: Map<string, Item> }
      >();
      for (const item of items) {
        const { id, from, to, extra } = item;
        const error = extra.error === undefined ? undefined : extra.error ? JSON.stringify(extra.error) : null;
        if (!extra.providerId) {
          // `undefined` (the error column left alone) and `null` (cleared) are different moves
          const key = `${from}>${to}>${error === undefined ? 'keep' : JSON.stringify(error)}`;
          const group = alike.get(key) ?? { from, to, error, byId: new Map<string, Item>() };
          if (!group.byId.has(id)) group.byId.set(id, item);
          alike.set(key, group);
          continue;
        }
        const n = await trx(TABLE)
          .where({ id, status: from })
          .update({
            status: to,
            updated_at: now,
            provider_id: extra.providerId,
            ...(error !== undefined ? { error } : {}),
          });
        if (n === 1) moved.push(item);
      }
      for (const { from, to, error, byId } of alike.values()) {
        const ids = [...byId.keys()];
        for (let i = 0; i < ids.length; i += 500) {
          const still = (
            await trx(TABLE)
              .whereIn('id', ids.slice(i, i + 500))
              .where({ status: from })
              .forUpdate()
              .select('id')
          ).map((r: { id: string }) => r.id);
          if (!still.length) continue;
          await trx(TABLE)
            .whereIn('id', still)
            .where({ status: from })
            .update({ status: to, updated_at: now, ...(error !== undefined ? { error } : {}) });
          for (const id of still) moved.push(byId.get(id)!);
        }
      }
      for (let i = 0; i < moved.length; i += 100)
        await trx(EVENTS).insert(
          moved.slice(i, i + 100).map(({ id, to, extra }) => ({
            message_id: id,
            status: to,
            at: now,
            provider: extra.provider === undefined ? null : JSON.stringify(extra.provider),
          })),
        );
      // One event per batch and status (listeners read `messageIds`), not one per message: a campaign of
      // 100,000 would otherwise write 100,000 audit entries that say less than the message history does.
      const groups = new Map<string, { messageIds: string[]; noCampaign: boolean }>();
      for (const { id, from, to, campaignId } of moved) {
        const group = groups.get(`${from}>${to}`) ?? { messageIds: [], noCampaign: true };
        group.messageIds.push(id);
        group.noCampaign &&= campaignId === null;
        groups.set(`${from}>${to}`, group);
      }
      for (const [key, { messageIds, noCampaign }] of groups) {
        const [from, to] = key.split('>');
        const info = { messageIds, from, to, ...(noCampaign ? { campaignId: null } : {}) };
        await this.deps.events.emit(trx, { type: 'message.status', actor: null, info });
      }
      return moved.length;
    });
  }

  /**
   * Moves a message from `from` to `to` and records it in the history, in one transaction; a message no longer
   * in `from` (another worker or report got there first) is left alone and false returned.
   */
  async transition(
    id: string,
    from: MessageStatus,
    to: MessageStatus,
    extra: {
      providerId?: string;
      error?: MessageError | null;
      provider?: unknown;
      at?: Date;
      /** The message's campaign when the caller knows it (null: none), so listeners can skip campaign work. */
      campaignId?: string | null;
    } = {},
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
        info: {
          messageId: id,
          from,
          to,
          ...(extra.providerId ? { providerId: extra.providerId } : {}),
          ...(extra.campaignId !== undefined ? { campaignId: extra.campaignId } : {}),
        },
      });
      return true;
    });
  }
}
