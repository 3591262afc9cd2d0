/**
 * Messages as a user sends and reads them: compose one to an address or to a customer record (the address read
 * from the record as the actor, so the access evaluator decides), read one with its status history, list a
 * record's communication history, and apply providers' delivery reports. No hapi here.
 */
import type { Entity } from '@folyam/metamodel';
import { issue } from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import type { RecordService } from '../data/records.ts';
import { errors, FolyamError } from '../errors.ts';
import type { FileStore } from '../files/store.ts';
import type { MessageOutbox } from './outbox.ts';
import type { SuppressionList } from './suppression.ts';
import {
  MESSAGE_CHANNELS,
  MESSAGE_STATUSES,
  type MessageStatus,
  type Message,
  type MessageChannel,
  type MessageEvent,
  type MessageTransport,
  type ProviderUpdate,
} from './types.ts';

export type ComposeInput = {
  channel?: unknown;
  to?: unknown;
  subject?: unknown;
  html?: unknown;
  text?: unknown;
  attachments?: unknown;
};

export type MessageServiceDeps = {
  knex: Knex;
  records: RecordService;
  files: FileStore;
  outbox: MessageOutbox;
  transport: MessageTransport;
  /** Addresses nothing is sent to: a message to one is refused with 409 `MESSAGE_SUPPRESSED`. */
  suppressions?: SuppressionList;
};

const LINE_BREAK = /[\r\n\0\u2028\u2029]/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const LABEL = { hu: 'Az üzenet', en: 'The message' };

const bad = (
  code: string,
  path: string,
  detail: string,
  en: string,
  hu: string,
  params: Record<string, unknown> = {},
) => new FolyamError(400, code, { hu, en }, [issue(path, detail, params)]);

/** Which fields of a record hold an address for a channel, best first. */
function addressFields(entity: Entity, channel: MessageChannel): string[] {
  const byType = (type: string) => entity.fields.filter((f) => f.type === type).map((f) => f.name);
  if (channel === 'email') return byType('email').sort((a, b) => Number(b === 'email') - Number(a === 'email'));
  const phones = byType('phone');
  const rank = (n: string) => (channel === 'fax' ? (n === 'fax' ? 0 : 9) : n === 'mobile' ? 0 : n === 'phone' ? 1 : 2);
  return phones.filter((n) => channel !== 'fax' || n === 'fax').sort((a, b) => rank(a) - rank(b));
}

export type MessageView = Message & { events: MessageEvent[] };

export class MessageService {
  constructor(private readonly deps: MessageServiceDeps) {}

  /**
   * Checks and queues a message; it is sent after commit by the `message.send` job.
   * `await messages.compose(actor, { channel: 'email', to: { entity: 'contact', id }, subject: 'Ajánlat', html: '<p>…</p>' })` → `{ id }`
   */
  async compose(actor: Actor, input: ComposeInput): Promise<{ id: string }> {
    const channel = input.channel;
    if (typeof channel !== 'string' || !(MESSAGE_CHANNELS as readonly string[]).includes(channel)) {
      throw bad('MESSAGE_INVALID', 'channel', 'enum', 'Unknown channel.', 'Ismeretlen csatorna.', {
        values: MESSAGE_CHANNELS,
      });
    }
    const ch = channel as MessageChannel;
    const subject = this.optionalString(input.subject, 'subject', 998);
    const html = this.optionalString(input.html, 'html', 1_000_000);
    const text = this.optionalString(input.text, 'text', 100_000);
    if (subject !== null && LINE_BREAK.test(subject)) throw this.lineBreak('subject');
    if (html === null && text === null)
      throw bad(
        'MESSAGE_INVALID',
        'text',
        'required',
        'A text or html body is required.',
        'Szöveg vagy HTML tartalom szükséges.',
      );
    if (ch !== 'email' && text === null)
      throw bad(
        'MESSAGE_INVALID',
        'text',
        'required',
        'An SMS or fax needs a plain text.',
        'SMS-hez és faxhoz egyszerű szöveg kell.',
      );
    const attachments = await this.attachments(actor, ch, input.attachments);
    const to = await this.recipient(actor, ch, input.to);
    if (await this.deps.suppressions?.isSuppressed(to.address))
      throw new FolyamError(
        409,
        'MESSAGE_SUPPRESSED',
        {
          hu: 'A cím a letiltási listán van (leiratkozott vagy visszapattant), ezért nem küldünk rá üzenetet.',
          en: 'The address is on the suppression list (unsubscribed or bounced), so no message is sent to it.',
        },
        [issue('to', 'suppressed')],
      );
    const message = await this.deps.knex.transaction((trx) =>
      this.deps.outbox.queueMessage(trx, {
        channel: ch,
        to,
        subject,
        html: html === null ? null : this.deps.transport.sanitizeHtml(html),
        text,
        attachments,
        actor,
      }),
    );
    return { id: message.id };
  }

  private optionalString(v: unknown, path: string, max: number): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string')
      throw bad('MESSAGE_INVALID', path, 'invalidType', 'Must be text.', 'Szöveg kell.', { expected: 'string' });
    if (v.length > max) throw bad('MESSAGE_INVALID', path, 'tooLong', 'Too long.', 'Túl hosszú.', { max });
    return v;
  }

  private lineBreak(path: string): FolyamError {
    return bad(
      'MESSAGE_LINE_BREAK',
      path,
      'lineBreak',
      'Line breaks are not allowed here.',
      'Sortörés itt nem megengedett.',
    );
  }

  /** The address: given as is, or read from a record the actor may read (the field mask applies). */
  private async recipient(
    actor: Actor,
    channel: MessageChannel,
    to: unknown,
  ): Promise<{ address: string; entity: string | null; recordId: string | null }> {
    if (typeof to === 'string') {
      if (LINE_BREAK.test(to)) throw this.lineBreak('to');
      return { address: this.address(channel, to, 'to'), entity: null, recordId: null };
    }
    if (!to || typeof to !== 'object' || Array.isArray(to)) {
      throw bad(
        'MESSAGE_INVALID',
        'to',
        'required',
        'An address or a record is required.',
        'Cím vagy rekord szükséges.',
      );
    }
    const { entity, id } = to as { entity?: unknown; id?: unknown };
    if (typeof entity !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(entity))
      throw bad('MESSAGE_INVALID', 'to.entity', 'required', 'An entity name is required.', 'Entitásnév szükséges.');
    if (typeof id !== 'string' || !ID.test(id))
      throw bad('MESSAGE_INVALID', 'to.id', 'required', 'A record id is required.', 'Rekordazonosító szükséges.');
    const record = await this.deps.records.get(actor, entity, id);
    const { entity: def } = await this.deps.records.entity(entity);
    for (const field of addressFields(def, channel)) {
      const v = record[field];
      if (typeof v === 'string' && v.trim()) {
        if (LINE_BREAK.test(v)) throw this.lineBreak(`to.${field}`);
        return { address: this.address(channel, v.trim(), `to.${field}`), entity, recordId: id };
      }
    }
    throw bad(
      'MESSAGE_NO_ADDRESS',
      'to',
      'noAddress',
      'The record has no address for this channel that you may read.',
      'A rekordnak nincs ehhez a csatornához olvasható címe.',
      { channel },
    );
  }

  private address(channel: MessageChannel, value: string, path: string): string {
    const normal = this.deps.transport.normaliseAddress(channel, value);
    if (!normal)
      throw bad(
        'MESSAGE_INVALID_ADDRESS',
        path,
        channel === 'email' ? 'email' : 'phone',
        'Not a valid address.',
        'Érvénytelen cím.',
      );
    return normal;
  }

  /** Attachments only as stored files the actor made: never a path or a URL. */
  private async attachments(actor: Actor, channel: MessageChannel, v: unknown): Promise<string[]> {
    if (v === undefined || v === null) {
      if (channel === 'fax')
        throw bad(
          'MESSAGE_INVALID',
          'attachments',
          'required',
          'A fax needs a PDF attachment.',
          'A faxhoz PDF-melléklet kell.',
        );
      return [];
    }
    if (!Array.isArray(v) || v.length > 20)
      throw bad(
        'MESSAGE_INVALID',
        'attachments',
        'invalidType',
        'A list of at most 20 file ids is expected.',
        'Legfeljebb 20 fájlazonosító listája várt.',
      );
    if (channel === 'sms' && v.length)
      throw bad(
        'MESSAGE_INVALID',
        'attachments',
        'notAllowed',
        'An SMS cannot carry attachments.',
        'SMS-hez nem csatolható fájl.',
      );
    const ids: string[] = [];
    for (const [i, id] of v.entries()) {
      const file = typeof id === 'string' && ID.test(id) ? await this.deps.files.get(id) : null;
      // Someone else's file answers like a missing one.
      if (!file || file.createdBy !== actor.id)
        throw bad(
          'MESSAGE_ATTACHMENT_NOT_FOUND',
          `attachments[${i}]`,
          'notFound',
          'No such file of yours.',
          'Nincs ilyen saját fájl.',
        );
      if (channel === 'fax' && file.mime !== 'application/pdf')
        throw bad(
          'MESSAGE_INVALID',
          `attachments[${i}]`,
          'pdf',
          'A fax takes a PDF only.',
          'Faxként csak PDF küldhető.',
        );
      ids.push(file.id);
    }
    if (channel === 'fax' && ids.length !== 1)
      throw bad(
        'MESSAGE_INVALID',
        'attachments',
        'one',
        'A fax takes exactly one PDF.',
        'Faxként pontosan egy PDF küldhető.',
      );
    return ids;
  }

  /** A message with its status history, for its sender or an administrator; anyone else gets a 404. */
  async view(actor: Actor, id: string): Promise<MessageView> {
    const m = await this.deps.outbox.get(id);
    if (!m || (m.createdBy !== actor.id && !actor.admin)) throw errors.notFound(LABEL);
    return { ...m, events: await this.deps.outbox.events(m.id) };
  }

  /**
   * The outbox viewer's page: an administrator sees every message, anyone else the messages they sent (campaign
   * messages are their owner's). Held messages carry `held: true` and are never reported as sent.
   * `GET /api/messages?status=held&channel=email&campaignId=…&page=2`
   */
  async list(
    actor: Actor,
    q: Record<string, unknown>,
  ): Promise<{ items: (Message & { held: boolean })[]; total: number; page: number; pageSize: number }> {
    const status = q.status === undefined || q.status === '' ? undefined : q.status;
    if (status !== undefined && !(MESSAGE_STATUSES as readonly unknown[]).includes(status))
      throw bad('MESSAGE_INVALID', 'status', 'enum', 'Unknown status.', 'Ismeretlen állapot.', {
        values: MESSAGE_STATUSES,
      });
    const channel = q.channel === undefined || q.channel === '' ? undefined : q.channel;
    if (channel !== undefined && !(MESSAGE_CHANNELS as readonly unknown[]).includes(channel))
      throw bad('MESSAGE_INVALID', 'channel', 'enum', 'Unknown channel.', 'Ismeretlen csatorna.', {
        values: MESSAGE_CHANNELS,
      });
    const campaignId = q.campaignId === undefined || q.campaignId === '' ? undefined : q.campaignId;
    if (campaignId !== undefined && (typeof campaignId !== 'string' || !ID.test(campaignId)))
      throw bad('MESSAGE_INVALID', 'campaignId', 'invalidType', 'Not an id.', 'Nem azonosító.');
    const page = q.page === undefined || q.page === '' ? 1 : Number(q.page);
    const pageSize = q.pageSize === undefined || q.pageSize === '' ? 50 : Number(q.pageSize);
    if (!Number.isInteger(page) || page < 1 || page > 1_000_000)
      throw bad('INVALID_PAGE', 'page', 'tooSmall', 'Page must be 1 or more.', 'Az oldalszám legalább 1.', { min: 1 });
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200)
      throw bad('INVALID_PAGE', 'pageSize', 'tooBig', 'At most 200 per page.', 'Legfeljebb 200 soronként.', {
        max: 200,
      });
    const { items, total } = await this.deps.outbox.list(
      {
        status: status as MessageStatus | undefined,
        channel: channel as MessageChannel | undefined,
        campaignId: campaignId as string | undefined,
        createdBy: actor.admin ? undefined : actor.id,
      },
      pageSize,
      (page - 1) * pageSize,
    );
    return { items: items.map((m) => ({ ...m, held: m.status === 'held' })), total, page, pageSize };
  }

  /** Every message sent about a record, for anyone who may read the record. */
  async history(actor: Actor, entity: unknown, recordId: unknown): Promise<{ items: Message[] }> {
    if (typeof entity !== 'string' || !entity)
      throw bad('MESSAGE_INVALID', 'recordEntity', 'required', 'recordEntity is required.', 'A recordEntity kötelező.');
    if (typeof recordId !== 'string' || !ID.test(recordId))
      throw bad('MESSAGE_INVALID', 'recordId', 'required', 'recordId is required.', 'A recordId kötelező.');
    await this.deps.records.get(actor, entity, recordId);
    return { items: await this.deps.outbox.forRecord(entity, recordId) };
  }

  /**
   * Applies providers' reports: each moves its message on only when `shouldApply` says so, and only from the
   * status it was read in, so duplicates and reports arriving out of order never move a message backwards.
   */
  async applyUpdates(
    channel: MessageChannel,
    updates: ProviderUpdate[],
  ): Promise<{ applied: number; ignored: number }> {
    let applied = 0;
    for (const u of updates) {
      const m = await this.deps.outbox.byProviderId(channel, u.providerId);
      if (
        m &&
        this.deps.transport.shouldApply(m.status, u.status) &&
        (await this.deps.outbox.transition(m.id, m.status, u.status, { at: u.at, provider: u.raw }))
      )
        applied++;
    }
    return { applied, ignored: updates.length - applied };
  }
}
