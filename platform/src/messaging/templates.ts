/**
 * Message templates (`folyam_message_templates`): a name, a channel, a subject and the bodies, reusable by
 * campaigns and single messages. HTML is sanitised on save (and again when a message made from it is sent).
 * Everyone signed in may read them; their author and administrators change or delete them.
 */
import { issue } from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';
import { errors, FolyamError } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import { MESSAGE_CHANNELS, type MessageChannel } from './types.ts';

export type MessageTemplate = {
  id: string;
  name: string;
  channel: MessageChannel;
  subject: string | null;
  html: string | null;
  text: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
};

const TABLE = 'folyam_message_templates';
const LABEL = { hu: 'Az üzenetsablon', en: 'The message template' };
const LINE_BREAK = /[\r\n\0\u2028\u2029]/;

function rowTo(r: Record<string, unknown>): MessageTemplate {
  return {
    id: String(r.id),
    name: String(r.name),
    channel: r.channel as MessageChannel,
    subject: (r.subject as string) ?? null,
    html: (r.body_html as string) ?? null,
    text: (r.body_text as string) ?? null,
    createdBy: (r.created_by as string) ?? null,
    createdAt: fromDbDateTime(r.created_at)!,
    updatedAt: fromDbDateTime(r.updated_at)!,
  };
}

function optionalString(body: Record<string, unknown>, key: string, max: number): string | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw errors.validation([issue(key, 'invalidType', { expected: 'string' })]);
  if (v.length > max) throw errors.validation([issue(key, 'tooLong', { max })]);
  return v;
}

export class TemplateStore {
  constructor(private readonly deps: { knex: Knex; clock: Clock; sanitizeHtml: (html: string) => string }) {}

  private parse(body: Record<string, unknown>) {
    const name = body.name;
    if (typeof name !== 'string' || !name.trim()) throw errors.validation([issue('name', 'required')]);
    if (name.length > 200) throw errors.validation([issue('name', 'tooLong', { max: 200 })]);
    const channel = body.channel;
    if (typeof channel !== 'string' || !(MESSAGE_CHANNELS as readonly string[]).includes(channel))
      throw errors.validation([issue('channel', 'enum', { values: MESSAGE_CHANNELS })]);
    const subject = optionalString(body, 'subject', 998);
    if (subject !== null && LINE_BREAK.test(subject))
      throw new FolyamError(
        400,
        'MESSAGE_LINE_BREAK',
        { hu: 'Sortörés itt nem megengedett.', en: 'Line breaks are not allowed here.' },
        [issue('subject', 'lineBreak')],
      );
    const html = optionalString(body, 'html', 1_000_000);
    const text = optionalString(body, 'text', 100_000);
    if (html === null && text === null) throw errors.validation([issue('text', 'required')]);
    if (channel !== 'email' && text === null) throw errors.validation([issue('text', 'required')]);
    return {
      name: name.trim(),
      channel,
      subject,
      body_html: html === null ? null : this.deps.sanitizeHtml(html),
      body_text: text,
    };
  }

  async list(): Promise<{ items: MessageTemplate[] }> {
    const rows = await this.deps.knex(TABLE).orderBy('name', 'asc').orderBy('id', 'asc').limit(2000);
    return { items: rows.map(rowTo) };
  }

  async get(id: string): Promise<MessageTemplate> {
    const r = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await this.deps.knex(TABLE).where({ id }).first() : null;
    if (!r) throw errors.notFound(LABEL);
    return rowTo(r);
  }

  async create(actor: Actor, body: Record<string, unknown>): Promise<MessageTemplate> {
    const now = toDbDateTime(this.deps.clock.now());
    const id = uuidv7();
    await this.deps
      .knex(TABLE)
      .insert({ id, ...this.parse(body), created_by: actor.id, created_at: now, updated_at: now });
    return this.get(id);
  }

  private async editable(actor: Actor, id: string): Promise<MessageTemplate> {
    const t = await this.get(id);
    if (t.createdBy !== actor.id && !actor.admin) throw errors.forbidden();
    return t;
  }

  async update(actor: Actor, id: string, body: Record<string, unknown>): Promise<MessageTemplate> {
    await this.editable(actor, id);
    await this.deps
      .knex(TABLE)
      .where({ id })
      .update({ ...this.parse(body), updated_at: toDbDateTime(this.deps.clock.now()) });
    return this.get(id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.editable(actor, id);
    await this.deps.knex(TABLE).where({ id }).delete();
  }
}
