/**
 * Consent to marketing messages per record and channel (Grt. 6. §, GDPR art. 7): every change is appended with
 * its source, time, who recorded it and the exact wording shown, and the latest row wins. A `tracking` channel
 * records whether opens and clicks of that person may be measured. Reading needs read access to the record,
 * recording needs update access — both through the access evaluator.
 */
import { issue } from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';
import type { RecordService } from '../data/records.ts';
import { errors } from '../errors.ts';

export const CONSENT_CHANNELS = ['email', 'sms', 'fax', 'tracking'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const CONSENT_SOURCES = ['form', 'import', 'phone', 'email', 'paper', 'unsubscribe', 'bounce', 'other'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];
export type ConsentStatus = 'granted' | 'withdrawn';

export type ConsentEntry = {
  channel: ConsentChannel;
  status: ConsentStatus;
  source: ConsentSource;
  wording: string | null;
  at: string;
  /** The user who recorded it; null for the person themselves (an unsubscribe link) or the system. */
  by: string | null;
  byName: string | null;
};

const HISTORY = 'folyam_consents';
const CURRENT = 'folyam_consent_current';
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export type ConsentInput = {
  entity: string;
  recordId: string;
  channel: ConsentChannel;
  status: ConsentStatus;
  source: ConsentSource;
  wording?: string | null;
  by: Actor | null;
  campaignId?: string | null;
};

export class ConsentStore {
  constructor(private readonly deps: { knex: Knex; clock: Clock; records: RecordService }) {}

  /** Appends a consent change and makes it the current one, in `db` (the caller's transaction or the pool). */
  async record(db: Knex, input: ConsentInput): Promise<void> {
    const run = async (trx: Knex) => {
      const [id] = await trx(HISTORY).insert({
        entity: input.entity,
        record_id: input.recordId,
        channel: input.channel,
        status: input.status,
        source: input.source,
        wording: input.wording ?? null,
        at: toDbDateTime(this.deps.clock.now()),
        by_user: input.by?.id ?? null,
        campaign_id: input.campaignId ?? null,
      });
      const consentId = Number(id);
      await trx(CURRENT)
        .insert({
          entity: input.entity,
          record_id: input.recordId,
          channel: input.channel,
          status: input.status,
          consent_id: consentId,
        })
        .onConflict(['entity', 'record_id', 'channel'])
        .merge(['status', 'consent_id']);
    };
    if ((db as Knex.Transaction).isTransaction) await run(db);
    else await db.transaction(run);
  }

  /** The current consent of many records: record id → channel → status. */
  async currentOf(
    entity: string,
    ids: string[],
    db: Knex = this.deps.knex,
  ): Promise<Map<string, Map<string, ConsentStatus>>> {
    const out = new Map<string, Map<string, ConsentStatus>>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db(CURRENT)
        .where({ entity })
        .whereIn('record_id', ids.slice(i, i + 500))
        .select('record_id', 'channel', 'status');
      for (const r of rows) {
        const m = out.get(r.record_id) ?? new Map<string, ConsentStatus>();
        m.set(r.channel, r.status);
        out.set(r.record_id, m);
      }
    }
    return out;
  }

  /** `GET /api/consents?entity=contact&id=…`: the current consent per channel and the whole history, newest first. */
  async view(actor: Actor, entity: unknown, id: unknown): Promise<{ items: ConsentEntry[]; history: ConsentEntry[] }> {
    const { name, recordId } = this.target(entity, id);
    await this.deps.records.get(actor, name, recordId);
    const rows = await this.deps
      .knex(`${HISTORY} as c`)
      .leftJoin('folyam_users as u', 'u.id', 'c.by_user')
      .where({ 'c.entity': name, 'c.record_id': recordId })
      .orderBy('c.id', 'desc')
      .limit(1000)
      .select('c.*', 'u.display_name as by_name');
    const history = rows.map((r): ConsentEntry => ({
      channel: r.channel,
      status: r.status,
      source: r.source,
      wording: r.wording ?? null,
      at: fromDbDateTime(r.at)!,
      by: r.by_user ?? null,
      byName: r.by_name ?? null,
    }));
    const seen = new Set<string>();
    const items = history.filter((h) => !seen.has(h.channel) && seen.add(h.channel));
    return { items, history };
  }

  /** `POST /api/consents` `{ entity, id, channel, granted, source, wording }`: needs update access to the record. */
  async change(
    actor: Actor,
    body: Record<string, unknown>,
  ): Promise<{ items: ConsentEntry[]; history: ConsentEntry[] }> {
    const { name, recordId } = this.target(body.entity, body.id);
    const channel = body.channel;
    if (typeof channel !== 'string' || !(CONSENT_CHANNELS as readonly string[]).includes(channel))
      throw errors.validation([issue('channel', 'enum', { values: CONSENT_CHANNELS })]);
    if (typeof body.granted !== 'boolean')
      throw errors.validation([issue('granted', 'invalidType', { expected: 'boolean' })]);
    const source = body.source;
    if (typeof source !== 'string' || !(CONSENT_SOURCES as readonly string[]).includes(source))
      throw errors.validation([issue('source', 'enum', { values: CONSENT_SOURCES })]);
    const wording = body.wording;
    if (wording !== undefined && wording !== null && (typeof wording !== 'string' || wording.length > 4000))
      throw errors.validation([issue('wording', 'tooLong', { max: 4000 })]);
    // A granted consent must say what the person agreed to: the proof the law asks for.
    if (body.granted && (typeof wording !== 'string' || !wording.trim()))
      throw errors.validation([issue('wording', 'required')]);
    await this.deps.records.get(actor, name, recordId, 'update');
    await this.record(this.deps.knex, {
      entity: name,
      recordId,
      channel: channel as ConsentChannel,
      status: body.granted ? 'granted' : 'withdrawn',
      source: source as ConsentSource,
      wording: (wording as string) ?? null,
      by: actor,
    });
    return this.view(actor, name, recordId);
  }

  private target(entity: unknown, id: unknown): { name: string; recordId: string } {
    if (typeof entity !== 'string' || !NAME.test(entity)) throw errors.validation([issue('entity', 'required')]);
    if (typeof id !== 'string' || !ID.test(id)) throw errors.validation([issue('id', 'required')]);
    return { name: entity, recordId: id };
  }
}
