/**
 * The suppression list, shared by every channel: addresses (lower-case email addresses, E.164 numbers) nothing
 * marketing is sent to. Hard bounces and unsubscribes add to it on their own; marketing and administrators keep it
 * by hand. Only the address is kept, so it stays right when a contact is deleted or the address moves.
 */
import { issue } from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';
import { isUniqueViolation } from '../data/db-errors.ts';
import { errors, FolyamError } from '../errors.ts';
import { uuidv7 } from '../ids.ts';

export const SUPPRESSION_REASONS = ['manual', 'bounce', 'unsubscribe', 'complaint'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export type Suppression = {
  id: string;
  address: string;
  reason: SuppressionReason;
  note: string | null;
  messageId: string | null;
  createdAt: string;
  createdBy: string | null;
};

const TABLE = 'folyam_suppressions';
const LABEL = { hu: 'A letiltott cím', en: 'The suppressed address' };
const LINE_BREAK = /[\r\n\0\u2028\u2029]/;

/** The form an address is compared in: email addresses lower-cased, phone numbers as given (already E.164). */
export function suppressionKey(address: string): string {
  const a = address.trim();
  return a.includes('@') ? a.toLowerCase() : a;
}

function rowTo(r: Record<string, unknown>): Suppression {
  return {
    id: String(r.id),
    address: String(r.address),
    reason: r.reason as SuppressionReason,
    note: (r.note as string) ?? null,
    messageId: (r.message_id as string) ?? null,
    createdAt: fromDbDateTime(r.created_at)!,
    createdBy: (r.created_by as string) ?? null,
  };
}

export class SuppressionList {
  constructor(
    private readonly deps: {
      knex: Knex;
      clock: Clock;
      /** Canonical form of an address, or null when it is none (`transport.normaliseAddress`). */
      normalise?: (address: string) => string | null;
    },
  ) {}

  async isSuppressed(address: string, db: Knex = this.deps.knex): Promise<boolean> {
    return Boolean(
      await db(TABLE)
        .where({ address: suppressionKey(address) })
        .first('id'),
    );
  }

  /** Which of the addresses are suppressed (by their compared form). */
  async suppressedOf(addresses: string[], db: Knex = this.deps.knex): Promise<Set<string>> {
    const keys = [...new Set(addresses.map(suppressionKey))];
    const out = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await db(TABLE)
        .whereIn('address', keys.slice(i, i + 500))
        .select('address');
      for (const r of rows) out.add(String(r.address));
    }
    return out;
  }

  /** Adds an address unless it is there already (then the first entry stays); returns whether it was added. */
  async add(
    db: Knex,
    input: { address: string; reason: SuppressionReason; note?: string | null; messageId?: string | null },
    actor: Actor | null,
  ): Promise<boolean> {
    const address = suppressionKey(input.address);
    if (await db(TABLE).where({ address }).first('id')) return false;
    try {
      await db(TABLE).insert({
        id: uuidv7(),
        address,
        reason: input.reason,
        note: input.note ?? null,
        message_id: input.messageId ?? null,
        created_at: toDbDateTime(this.deps.clock.now()),
        created_by: actor?.id ?? null,
      });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  /** `POST /api/suppressions` `{ address, reason }`: checked, normalised, 409 when already listed. */
  async create(actor: Actor, body: Record<string, unknown>): Promise<Suppression> {
    const raw = body.address;
    if (typeof raw !== 'string' || !raw.trim()) throw errors.validation([issue('address', 'required')]);
    if (LINE_BREAK.test(raw)) throw lineBreak('address');
    const normal = raw.includes('@') ? raw.trim() : (this.deps.normalise?.(raw) ?? null);
    if (!normal || raw.length > 320 || (raw.includes('@') && !/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(normal)))
      throw new FolyamError(
        400,
        'SUPPRESSION_INVALID_ADDRESS',
        { hu: 'Érvénytelen cím.', en: 'Not a valid address.' },
        [issue('address', 'invalid')],
      );
    const reason = body.reason ?? 'manual';
    if (typeof reason !== 'string' || !(SUPPRESSION_REASONS as readonly string[]).includes(reason))
      throw errors.validation([issue('reason', 'enum', { values: SUPPRESSION_REASONS })]);
    const note = body.note;
    if (note !== undefined && note !== null && (typeof note !== 'string' || note.length > 500))
      throw errors.validation([issue('note', 'tooLong', { max: 500 })]);
    const added = await this.add(
      this.deps.knex,
      { address: normal, reason: reason as SuppressionReason, note: (note as string) ?? null },
      actor,
    );
    if (!added)
      throw new FolyamError(
        409,
        'SUPPRESSION_EXISTS',
        { hu: 'Ez a cím már a letiltási listán van.', en: 'This address is on the suppression list already.' },
        [issue('address', 'duplicate')],
      );
    return rowTo(
      await this.deps
        .knex(TABLE)
        .where({ address: suppressionKey(normal) })
        .first(),
    );
  }

  async list(q: unknown, page: unknown, pageSize = 50): Promise<{ items: Suppression[]; total: number; page: number }> {
    const p = page === undefined || page === '' ? 1 : Number(page);
    if (!Number.isInteger(p) || p < 1 || p > 100_000)
      throw errors.badRequest('INVALID_PAGE', 'page', 'tooSmall', { min: 1 });
    const where = (qb: Knex.QueryBuilder) => {
      if (typeof q === 'string' && q.trim()) {
        const like = `%${q
          .trim()
          .toLowerCase()
          .replace(/[!%_]/g, (c) => `!${c}`)}%`;
        qb.whereRaw(`address like ? escape '!'`, [like]);
      }
      return qb;
    };
    const total = Number((await where(this.deps.knex(TABLE)).count({ n: '*' }).first())?.n ?? 0);
    const rows = await where(this.deps.knex(TABLE))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((p - 1) * pageSize);
    return { items: rows.map(rowTo), total, page: p };
  }

  async remove(id: string): Promise<void> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw errors.notFound(LABEL);
    const n = await this.deps.knex(TABLE).where({ id }).delete();
    if (!n) throw errors.notFound(LABEL);
  }
}

function lineBreak(path: string): FolyamError {
  return new FolyamError(
    400,
    'MESSAGE_LINE_BREAK',
    { hu: 'Sortörés itt nem megengedett.', en: 'Line breaks are not allowed here.' },
    [issue(path, 'lineBreak')],
  );
}
