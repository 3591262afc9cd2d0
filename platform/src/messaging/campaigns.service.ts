/**
 * Campaigns: a message to many contacts at once. Drafts are created and edited here, the audience counted,
 * previewed with merge fields, a test sent; `send` hands the campaign to the `campaign.send` job
 * (`campaign.job.ts`), which writes recipients and outbox messages. Campaigns are their owner's (and
 * administrators'); recipients are whatever the owner may read. No hapi here.
 */
import { issue } from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import { actorOf, findUserById } from '../auth/users.ts';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';
import { errors, FolyamError } from '../errors.ts';
import type { FileStore } from '../files/store.ts';
import { secretToken, uuidv7 } from '../ids.ts';
import type { JobRunner } from '../jobs/runner.ts';
import {
  Audience,
  SKIP_REASONS,
  type AudienceDeps,
  type CampaignChannel,
  type Classified,
  type RecipientSpec,
} from './audience.ts';
import { escapeHtml } from '../html.ts';
import { merge, type MergeValues } from './merge.ts';
import type { MessageOutbox } from './outbox.ts';
import { markSanitized } from './send.job.ts';
import { trackHtml } from './tracking.ts';
import {
  MESSAGE_PURPOSES,
  type MessageChannel,
  type MessageOptions,
  type MessagePurpose,
  type MessageTransport,
} from './types.ts';

export const CAMPAIGN_JOB = 'campaign.send';
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'cancelled', 'failed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
const CHANNELS = ['email', 'sms', 'fax', 'auto'] as const;

export type Campaign = {
  id: string;
  name: string;
  channel: CampaignChannel;
  purpose: MessagePurpose;
  subject: string | null;
  html: string | null;
  text: string | null;
  attachments: string[];
  recipients: RecipientSpec;
  tracking: boolean;
  status: CampaignStatus;
  jobId: string | null;
  ownerId: string;
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type CampaignTotals = {
  recipients: number;
  skipped: number;
  queued: number;
  sent: number;
  delivered: number;
  bounced: number;
  failed: number;
  held: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
};

export type CampaignView = Campaign & { progress: number; totals: CampaignTotals };

export type CampaignServiceDeps = AudienceDeps & {
  clock: Clock;
  files: FileStore;
  jobs: JobRunner;
  outbox: MessageOutbox;
  transport: MessageTransport;
  /** The public base URL (`https://crm.example.hu`) unsubscribe and tracking links start with, or null. */
  publicUrl: () => string | null;
  /** `List-Unsubscribe: <mailto:…>` as well, when set. */
  unsubscribeMailto?: string;
  /** Appended to every marketing SMS (`Leiratkozás: {{unsubscribeUrl}}`). */
  smsOptOutText?: string;
};

const TABLE = 'folyam_campaigns';
const RECIPIENTS = 'folyam_campaign_recipients';
const LABEL = { hu: 'A kampány', en: 'The campaign' };
const LINE_BREAK = /[\r\n\0\u2028\u2029]/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

const json = (v: unknown): unknown => {
  if (v === null || v === undefined) return null;
  try {
    return JSON.parse(String(v));
  } catch {
    return null;
  }
};

export function rowToCampaign(r: Record<string, unknown>): Campaign {
  return {
    id: String(r.id),
    name: String(r.name),
    channel: r.channel as CampaignChannel,
    purpose: r.purpose as MessagePurpose,
    subject: (r.subject as string) ?? null,
    html: (r.body_html as string) ?? null,
    text: (r.body_text as string) ?? null,
    attachments: (json(r.attachments) as string[] | null) ?? [],
    recipients: json(r.recipients) as RecipientSpec,
    tracking: Boolean(r.tracking),
    status: r.status as CampaignStatus,
    jobId: (r.job_id as string) ?? null,
    ownerId: String(r.owner_id),
    scheduledAt: fromDbDateTime(r.scheduled_at),
    startedAt: fromDbDateTime(r.started_at),
    finishedAt: fromDbDateTime(r.finished_at),
    createdAt: fromDbDateTime(r.created_at)!,
    updatedAt: fromDbDateTime(r.updated_at)!,
  };
}

const invalid = (path: string, code: string, params: Record<string, unknown> = {}) =>
  new FolyamError(400, 'CAMPAIGN_INVALID', { hu: 'A kampány adatai hibásak.', en: 'The campaign is not valid.' }, [
    issue(path, code, params),
  ]);

const lineBreak = (path: string) =>
  new FolyamError(
    400,
    'MESSAGE_LINE_BREAK',
    { hu: 'Sortörés itt nem megengedett.', en: 'Line breaks are not allowed here.' },
    [issue(path, 'lineBreak')],
  );

const notDraft = () =>
  new FolyamError(409, 'CAMPAIGN_NOT_DRAFT', {
    hu: 'Csak piszkozat állapotú kampány módosítható vagy küldhető el.',
    en: 'Only a draft campaign can be changed or sent.',
  });

/** The content of one recipient's message: merged, tracked when allowed, with its unsubscribe link. */
export type BuiltMessage = {
  subject: string | null;
  html: string | null;
  text: string | null;
  options: MessageOptions;
  links: string[];
  tracked: boolean;
  warnings: string[];
};

export class CampaignService {
  constructor(private readonly deps: CampaignServiceDeps) {}

  private ids(v: unknown, path: string): string[] {
    if (!Array.isArray(v) || !v.length || v.length > 100_000)
      throw invalid(path, 'invalidType', { expected: 'array of ids' });
    v.forEach((x, i) => {
      if (typeof x !== 'string' || !ID.test(x)) throw invalid(`${path}[${i}]`, 'invalidType', { expected: 'id' });
    });
    return [...new Set(v as string[])];
  }

  private recipientSpec(v: unknown): RecipientSpec {
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalid('recipients', 'required');
    const r = v as Record<string, unknown>;
    switch (r.kind) {
      case 'contacts':
      case 'companies':
        return { kind: r.kind, ids: this.ids(r.ids, 'recipients.ids') };
      case 'companyGroups':
        return { kind: 'companyGroups', groups: this.ids(r.groups, 'recipients.groups') };
      case 'query':
        if (typeof r.queryId !== 'string' || !ID.test(r.queryId)) throw invalid('recipients.queryId', 'required');
        return { kind: 'query', queryId: r.queryId };
      default:
        throw invalid('recipients.kind', 'enum', { values: ['contacts', 'companies', 'companyGroups', 'query'] });
    }
  }

  private str(body: Record<string, unknown>, key: string, max: number): string | null {
    const v = body[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') throw invalid(key, 'invalidType', { expected: 'string' });
    if (v.length > max) throw invalid(key, 'tooLong', { max });
    return v;
  }

  /** Checks a draft's body; attachments must be stored files the actor may read (their own). */
  private async parse(actor: Actor, body: Record<string, unknown>) {
    const name = this.str(body, 'name', 200);
    if (!name?.trim()) throw invalid('name', 'required');
    const channel = body.channel;
    if (typeof channel !== 'string' || !(CHANNELS as readonly string[]).includes(channel))
      throw invalid('channel', 'enum', { values: CHANNELS });
    const purpose = body.purpose ?? 'marketing';
    if (typeof purpose !== 'string' || !(MESSAGE_PURPOSES as readonly string[]).includes(purpose))
      throw invalid('purpose', 'enum', { values: MESSAGE_PURPOSES });
    const subject = this.str(body, 'subject', 998);
    if (subject !== null && LINE_BREAK.test(subject)) throw lineBreak('subject');
    const html = this.str(body, 'html', 1_000_000);
    const text = this.str(body, 'text', 100_000);
    if ((channel === 'email' || channel === 'auto') && !subject?.trim()) throw invalid('subject', 'required');
    if (html === null && text === null) throw invalid('text', 'required');
    if (channel !== 'email' && text === null) throw invalid('text', 'required');
    if (body.tracking !== undefined && typeof body.tracking !== 'boolean')
      throw invalid('tracking', 'invalidType', { expected: 'boolean' });
    const attachments: string[] = [];
    const given = body.attachments ?? [];
    if (!Array.isArray(given) || given.length > 20) throw invalid('attachments', 'invalidType', { expected: 'array' });
    if (given.length && channel === 'sms') throw invalid('attachments', 'notAllowed');
    for (const [i, id] of given.entries()) {
      const file = typeof id === 'string' && ID.test(id) ? await this.deps.files.get(id) : null;
      if (!file || (file.createdBy !== actor.id && !actor.admin))
        throw new FolyamError(
          404,
          'MESSAGE_ATTACHMENT_NOT_FOUND',
          { hu: 'Nincs ilyen saját fájl.', en: 'No such file of yours.' },
          [issue(`attachments[${i}]`, 'notFound')],
        );
      attachments.push(file.id);
    }
    return {
      name: name.trim(),
      channel: channel as CampaignChannel,
      purpose: purpose as MessagePurpose,
      subject,
      body_html: html === null ? null : this.deps.transport.sanitizeHtml(html),
      body_text: text,
      attachments: attachments.length ? JSON.stringify(attachments) : null,
      recipients: JSON.stringify(this.recipientSpec(body.recipients)),
      tracking: body.tracking === true,
    };
  }

  /** A campaign its owner or an administrator may see; anyone else gets a 404. */
  async get(actor: Actor, id: string, db: Knex = this.deps.knex): Promise<Campaign> {
    const r = ID.test(id) ? await db(TABLE).where({ id }).first() : null;
    if (!r || (r.owner_id !== actor.id && !actor.admin)) throw errors.notFound(LABEL);
    return rowToCampaign(r);
  }

  async list(actor: Actor): Promise<{ items: CampaignView[] }> {
    const qb = this.deps.knex(TABLE).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500);
    if (!actor.admin) qb.where({ owner_id: actor.id });
    const campaigns = (await qb).map(rowToCampaign);
    const totals = await this.totalsOf(campaigns.map((c) => c.id));
    return {
      items: await Promise.all(campaigns.map((c) => this.withProgress(c, totals.get(c.id) ?? emptyTotals()))),
    };
  }

  async view(actor: Actor, id: string): Promise<CampaignView> {
    const c = await this.get(actor, id);
    return this.withProgress(c, (await this.totalsOf([c.id])).get(c.id) ?? emptyTotals());
  }

  private async withProgress(c: Campaign, totals: CampaignTotals): Promise<CampaignView> {
    let progress = 0;
    if (c.status === 'sent') {
      const toSend = totals.recipients - totals.skipped;
      progress = toSend ? Math.round((100 * (toSend - totals.queued)) / toSend) : 100;
    } else if (c.status === 'sending' && c.jobId) {
      // While recipients are still being written, the job's own progress; sending follows once it is done.
      progress = Math.min(99, (await this.deps.jobs.get(c.jobId))?.progress ?? 0);
    }
    return { ...c, progress, totals };
  }

  async totalsOf(ids: string[]): Promise<Map<string, CampaignTotals>> {
    const out = new Map<string, CampaignTotals>();
    if (!ids.length) return out;
    const k = this.deps.knex;
    const rows = await k(RECIPIENTS)
      .whereIn('campaign_id', ids)
      .groupBy('campaign_id', 'status')
      .select(
        'campaign_id',
        'status',
        k.raw('count(*) as n'),
        k.raw('count(opened_at) as opened'),
        k.raw('count(clicked_at) as clicked'),
        k.raw('count(unsubscribed_at) as unsubscribed'),
      );
    for (const r of rows) {
      const t = out.get(r.campaign_id) ?? emptyTotals();
      const n = Number(r.n);
      t.recipients += n;
      t.opened += Number(r.opened);
      t.clicked += Number(r.clicked);
      t.unsubscribed += Number(r.unsubscribed);
      switch (r.status) {
        case 'skipped':
        case 'queued':
        case 'sent':
        case 'delivered':
        case 'bounced':
        case 'held':
          t[r.status as 'skipped'] += n;
          break;
        case 'failed':
        case 'undeliverable':
        case 'cancelled':
          t.failed += n;
          break;
        case 'unsubscribed':
          // Unsubscribed after the message went out: it was delivered to them.
          t.delivered += n;
          break;
      }
      out.set(r.campaign_id, t);
    }
    return out;
  }

  async create(actor: Actor, body: Record<string, unknown>): Promise<CampaignView> {
    const now = toDbDateTime(this.deps.clock.now());
    const id = uuidv7();
    await this.deps.knex(TABLE).insert({
      id,
      ...(await this.parse(actor, body)),
      status: 'draft',
      owner_id: actor.id,
      created_at: now,
      updated_at: now,
    });
    return this.view(actor, id);
  }

  async update(actor: Actor, id: string, body: Record<string, unknown>): Promise<CampaignView> {
    const c = await this.get(actor, id);
    if (c.status !== 'draft') throw notDraft();
    const n = await this.deps
      .knex(TABLE)
      .where({ id, status: 'draft' })
      .update({ ...(await this.parse(actor, body)), updated_at: toDbDateTime(this.deps.clock.now()) });
    if (!n) throw notDraft();
    return this.view(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const c = await this.get(actor, id);
    if (c.status === 'sending' || c.status === 'scheduled')
      throw new FolyamError(409, 'CAMPAIGN_RUNNING', {
        hu: 'Futó vagy ütemezett kampány nem törölhető; előbb állítsa le.',
        en: 'A running or scheduled campaign cannot be deleted; cancel it first.',
      });
    await this.deps.knex(TABLE).where({ id }).delete();
  }

  private async audienceFor(c: Campaign): Promise<Audience> {
    const owner = await this.ownerOf(c);
    return Audience.open(this.deps, owner, c.channel, c.purpose);
  }

  /** The campaign owner as an actor, with their current roles (a send runs as them). */
  async ownerOf(c: Campaign): Promise<Actor> {
    const user = await findUserById(this.deps.knex, c.ownerId);
    if (!user || user.disabled)
      throw new FolyamError(422, 'CAMPAIGN_OWNER_GONE', {
        hu: 'A kampány gazdája már nem aktív felhasználó.',
        en: 'The campaign owner is no longer an active user.',
      });
    const snapshot = await this.deps.meta.published();
    return actorOf(
      user,
      'system',
      snapshot.roles.filter((r) => r.admin).map((r) => r.name),
    );
  }

  /** `POST /api/campaigns/{id}/audience`: how many would get a message, and why the others would not. */
  async audience(
    actor: Actor,
    id: string,
  ): Promise<{ total: number; willSend: number; skipped: Record<(typeof SKIP_REASONS)[number], number> }> {
    const c = await this.get(actor, id);
    const audience = await this.audienceFor(c);
    const ids = await audience.contactIds(c.recipients);
    const skipped = { noConsent: 0, suppressed: 0, noAddress: 0, duplicate: 0 };
    let willSend = 0;
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of await audience.classify(ids.slice(i, i + 500))) {
        if (r.skip) skipped[r.skip]++;
        else willSend++;
      }
    }
    return { total: ids.length, willSend, skipped };
  }

  /**
   * One recipient's message: merge fields filled (HTML-escaped in HTML), the unsubscribe link and, when the
   * campaign tracks and the recipient allows it, tracked links and the open pixel.
   */
  build(
    c: Campaign & { sanitizedForSending?: boolean },
    r: Pick<Classified, 'channel' | 'values' | 'trackingAllowed'>,
    token: string,
    known: Set<string>,
  ): BuiltMessage {
    const base = this.deps.publicUrl();
    const unsubscribeUrl = base ? `${base}/u/${token}` : '';
    const values: MergeValues = { ...r.values, unsubscribeUrl };
    const warnings = new Set<string>();
    const run = (s: string | null, html: boolean) => {
      if (s === null) return null;
      const m = merge(s, values, { known, html });
      m.unknown.forEach((u) => warnings.add(u));
      return m.text;
    };
    const marketing = c.purpose === 'marketing';
    const subject = run(c.subject, false);
    let text = run(c.text, false);
    let html = r.channel === 'email' ? run(c.html, true) : null;
    if (marketing && unsubscribeUrl && html !== null && !c.html?.includes('unsubscribeUrl'))
      html += `<p style="color: #666666"><a href="${escapeHtml(unsubscribeUrl)}">Leiratkozás / Unsubscribe</a></p>`;
    if (marketing && r.channel === 'sms' && this.deps.smsOptOutText && text !== null)
      text = `${text}\n${merge(this.deps.smsOptOutText, values, { known, html: false }).text}`;
    let links: string[] = [];
    const tracked = Boolean(c.tracking && r.trackingAllowed && base && html !== null && r.channel === 'email');
    if (tracked && html !== null) ({ html, links } = trackHtml(html, base!, token));
    const options: MessageOptions = { headers: { 'X-Folyam-Campaign': c.id } };
    // Built from the template sanitised again when the send started (`forSending`) and escaped values.
    if (html !== null && c.sanitizedForSending) options.sanitized = markSanitized(html);
    if (marketing && r.channel === 'email') {
      if (base?.startsWith('https://')) options.unsubscribeUrl = unsubscribeUrl;
      if (this.deps.unsubscribeMailto) options.unsubscribeMailto = this.deps.unsubscribeMailto;
    }
    return { subject, html, text, options, links, tracked, warnings: [...warnings] };
  }

  /** The campaign as a send uses it: its HTML sanitised once more, now, under the current policy. */
  forSending(c: Campaign): Campaign & { sanitizedForSending: true } {
    return { ...c, html: c.html === null ? null : this.deps.transport.sanitizeHtml(c.html), sanitizedForSending: true };
  }

  /** `POST /api/campaigns/{id}/preview` `{ recipientId? }`: the message as that contact (or the first one) gets it. */
  async preview(actor: Actor, id: string, body: Record<string, unknown>) {
    const c = await this.get(actor, id);
    const audience = await this.audienceFor(c);
    let recipient: Pick<Classified, 'channel' | 'values' | 'trackingAllowed'> = {
      channel: c.channel === 'auto' ? 'email' : c.channel,
      values: {},
      trackingAllowed: false,
    };
    if (body.recipientId !== undefined) {
      if (typeof body.recipientId !== 'string' || !ID.test(body.recipientId))
        throw invalid('recipientId', 'invalidType');
      const [found] = await audience.classify([body.recipientId]);
      if (!found) throw errors.notFound({ hu: 'A címzett', en: 'The recipient' });
      recipient = { ...found, channel: found.channel ?? recipient.channel };
    } else {
      const first = (await audience.contactIds(c.recipients))[0];
      const [found] = first ? await audience.classify([first]) : [];
      if (found) recipient = { ...found, channel: found.channel ?? recipient.channel };
    }
    const built = this.build(c, recipient, 'preview', audience.known);
    return {
      channel: recipient.channel,
      subject: built.subject,
      html: built.html,
      text: built.text,
      warnings: built.warnings,
    };
  }

  /** `POST /api/campaigns/{id}/test` `{ to }`: one message to the given address, marked as a test. */
  async test(actor: Actor, id: string, body: Record<string, unknown>): Promise<{ id: string }> {
    const c = await this.get(actor, id);
    const to = body.to;
    if (typeof to !== 'string' || !to.trim()) throw invalid('to', 'required');
    if (LINE_BREAK.test(to)) throw lineBreak('to');
    const channel: MessageChannel = c.channel === 'auto' ? (to.includes('@') ? 'email' : 'sms') : c.channel;
    const address = this.deps.transport.normaliseAddress(channel, to.trim());
    if (!address)
      throw new FolyamError(400, 'MESSAGE_INVALID_ADDRESS', { hu: 'Érvénytelen cím.', en: 'Not a valid address.' }, [
        issue('to', channel === 'email' ? 'email' : 'phone'),
      ]);
    const audience = await this.audienceFor(c);
    const first = (await audience.contactIds(c.recipients))[0];
    const [sample] = first ? await audience.classify([first]) : [];
    const built = this.build(
      c,
      { channel, values: sample?.values ?? {}, trackingAllowed: false },
      `test-${secretToken(12)}`,
      audience.known,
    );
    const message = await this.deps.knex.transaction((trx) =>
      this.deps.outbox.queueMessage(trx, {
        channel,
        to: { address },
        subject: built.subject === null ? null : `[TESZT] ${built.subject}`,
        html: built.html,
        text: built.text,
        attachments: channel === 'sms' ? [] : c.attachments,
        campaignId: c.id,
        purpose: 'service',
        options: { headers: { 'X-Folyam-Campaign': c.id, 'X-Folyam-Test': '1' } },
        actor,
      }),
    );
    return { id: message.id };
  }

  /** `POST /api/campaigns/{id}/send` `{ at? }`: now, or at a later time through the job's `runAt`. */
  async send(actor: Actor, id: string, body: Record<string, unknown>): Promise<{ jobId: string }> {
    const c = await this.get(actor, id);
    if (c.status !== 'draft') throw notDraft();
    let at: Date | undefined;
    if (body.at !== undefined && body.at !== null) {
      at = typeof body.at === 'string' ? new Date(body.at) : new Date(NaN);
      if (Number.isNaN(at.getTime())) throw invalid('at', 'invalidType', { expected: 'date-time' });
    }
    const later = at !== undefined && at.getTime() > this.deps.clock.now().getTime();
    return this.deps.knex.transaction(async (trx) => {
      const job = await this.deps.jobs.enqueue(
        trx,
        CAMPAIGN_JOB,
        { campaignId: c.id },
        {
          idempotencyKey: `${CAMPAIGN_JOB}:${c.id}`,
          runAt: later ? at : undefined,
          createdBy: actor.id,
          maxAttempts: 10,
        },
      );
      const n = await trx(TABLE)
        .where({ id: c.id, status: 'draft' })
        .update({
          status: later ? 'scheduled' : 'sending',
          job_id: job.id,
          scheduled_at: later ? toDbDateTime(at!) : null,
          updated_at: toDbDateTime(this.deps.clock.now()),
        });
      if (!n) throw notDraft();
      return { jobId: job.id };
    });
  }

  /** `POST /api/campaigns/{id}/cancel`: stops the send; messages not yet sent are not sent. */
  async cancel(actor: Actor, id: string): Promise<CampaignView> {
    const c = await this.get(actor, id);
    if (c.status !== 'scheduled' && c.status !== 'sending' && c.status !== 'sent')
      throw new FolyamError(409, 'CAMPAIGN_NOT_RUNNING', {
        hu: 'A kampány nem fut, nincs mit leállítani.',
        en: 'The campaign is not running; there is nothing to cancel.',
      });
    if (c.jobId) await this.deps.jobs.cancel(c.jobId);
    const now = toDbDateTime(this.deps.clock.now());
    const error = JSON.stringify({
      code: 'MESSAGE_CANCELLED',
      messages: { hu: 'A kampányt leállították, az üzenet nem ment el.', en: 'The campaign was cancelled; not sent.' },
    });
    await this.deps.knex.transaction(async (trx) => {
      await trx(TABLE).where({ id: c.id }).update({ status: 'cancelled', finished_at: now, updated_at: now });
      // The send jobs find these no longer queued and leave them.
      await trx('folyam_messages')
        .where({ campaign_id: c.id, status: 'queued' })
        .update({ status: 'failed', error, updated_at: now });
      await trx(RECIPIENTS)
        .where({ campaign_id: c.id, status: 'queued' })
        .update({ status: 'cancelled', updated_at: now });
    });
    return this.view(actor, id);
  }

  /** `GET /api/campaigns/{id}/recipients?status=&page=&pageSize=` */
  async recipients(actor: Actor, id: string, q: Record<string, unknown>) {
    const c = await this.get(actor, id);
    const page = q.page === undefined ? 1 : Number(q.page);
    const pageSize = q.pageSize === undefined ? 50 : Number(q.pageSize);
    if (!Number.isInteger(page) || page < 1) throw errors.badRequest('INVALID_PAGE', 'page', 'tooSmall', { min: 1 });
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500)
      throw errors.badRequest('INVALID_PAGE', 'pageSize', 'tooBig', { max: 500 });
    const where = (qb: Knex.QueryBuilder) => {
      qb.where({ campaign_id: c.id });
      if (typeof q.status === 'string' && q.status) qb.where({ status: q.status });
      return qb;
    };
    const total = Number((await where(this.deps.knex(RECIPIENTS)).count({ n: '*' }).first())?.n ?? 0);
    const rows = await where(this.deps.knex(RECIPIENTS))
      .orderBy('id', 'asc')
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    return {
      total,
      page,
      pageSize,
      items: rows.map((r: Record<string, unknown>) => ({
        id: String(r.id),
        contactId: r.contact_id,
        name: r.name ?? null,
        address: r.address ?? null,
        channel: r.channel ?? null,
        status: r.status,
        skipReason: r.skip_reason ?? null,
        messageId: r.message_id ?? null,
        createdAt: fromDbDateTime(r.created_at),
        updatedAt: fromDbDateTime(r.updated_at),
        openedAt: fromDbDateTime(r.opened_at),
        clickedAt: fromDbDateTime(r.clicked_at),
        unsubscribedAt: fromDbDateTime(r.unsubscribed_at),
      })),
    };
  }
}

function emptyTotals(): CampaignTotals {
  return {
    recipients: 0,
    skipped: 0,
    queued: 0,
    sent: 0,
    delivered: 0,
    bounced: 0,
    failed: 0,
    held: 0,
    opened: 0,
    clicked: 0,
    unsubscribed: 0,
  };
}
