/**
 * A campaign's audience: the recipient spec (contacts, companies' contacts, company groups, a saved query)
 * expanded to contact ids as the campaign's owner — only records the owner may read, through the access evaluator —
 * and each contact classified: which channel and address, or why it is skipped (no consent, suppressed, no
 * address, a duplicate address). The send job and the `audience` count share this code, so the count shown before
 * sending is what the send does.
 */
import type { Entity } from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import type { RecordService } from '../data/records.ts';
import { rowToRecord } from '../data/rows.ts';
import { errors } from '../errors.ts';
import type { MetaStore, Snapshot } from '../meta/store.ts';
import type { QueryEngine } from '../queries/engine.ts';
import type { SavedQueryStore } from '../queries/saved.ts';
import { linkTableName, tableName } from '../schema/columns.ts';
import type { ConsentStore } from './consent.ts';
import type { MergeValues } from './merge.ts';
import { suppressionKey, type SuppressionList } from './suppression.ts';
import type { MessageChannel, MessagePurpose, MessageTransport } from './types.ts';

export type RecipientSpec =
  | { kind: 'contacts'; ids: string[] }
  | { kind: 'companies'; ids: string[] }
  | { kind: 'companyGroups'; groups: string[] }
  | { kind: 'query'; queryId: string };

export type CampaignChannel = MessageChannel | 'auto';
export const SKIP_REASONS = ['noConsent', 'suppressed', 'noAddress', 'duplicate'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type Classified = {
  contactId: string;
  name: string;
  channel: MessageChannel | null;
  address: string | null;
  skip: SkipReason | null;
  /** Whether opens and clicks may be measured (a granted `tracking` consent). */
  trackingAllowed: boolean;
  values: MergeValues;
};

export type AudienceDeps = {
  knex: Knex;
  meta: MetaStore;
  records: RecordService;
  queries: QueryEngine;
  saved: SavedQueryStore;
  consents: ConsentStore;
  suppressions: SuppressionList;
  transport: MessageTransport;
};

export const CONTACT = 'contact';
export const COMPANY = 'company';
export const COMPANY_GROUPS_RELATION = 'groups';
const AUTO_ORDER: MessageChannel[] = ['email', 'sms', 'fax'];

/** Which fields of an entity hold an address for a channel, best first. */
export function addressFieldsOf(entity: Entity, channel: MessageChannel): string[] {
  const byType = (type: string) => entity.fields.filter((f) => f.type === type).map((f) => f.name);
  if (channel === 'email') return byType('email').sort((a, b) => Number(b === 'email') - Number(a === 'email'));
  const phones = byType('phone');
  if (channel === 'fax') return phones.filter((n) => n === 'fax');
  const rank = (n: string) => (n === 'mobile' ? 0 : n === 'phone' ? 1 : 2);
  return phones.filter((n) => n !== 'fax').sort((a, b) => rank(a) - rank(b));
}

/** The merge fields a campaign may use: every field of contact and company, and the unsubscribe link. */
export function knownMergeFields(snapshot: Snapshot): Set<string> {
  const out = new Set<string>(['unsubscribeUrl']);
  for (const name of [CONTACT, COMPANY]) {
    const e = snapshot.entities.find((x) => x.name === name);
    for (const f of e?.fields ?? []) out.add(`${name}.${f.name}`);
  }
  return out;
}

type Readable = { ids: Knex.QueryBuilder | 'all' | 'none'; hidden: Set<string> };

export class Audience {
  private snapshot!: Snapshot;
  private contact!: Entity;
  private company: Entity | undefined;
  private readableContacts!: Readable;
  private readableCompanies: Readable | undefined;
  /** Addresses already given a message in this campaign (a resumed send fills it from the stored rows). */
  readonly seen = new Set<string>();

  private constructor(
    private readonly deps: AudienceDeps,
    private readonly owner: Actor,
    private readonly channel: CampaignChannel,
    private readonly purpose: MessagePurpose,
  ) {}

  /** The owner's view of contacts and companies, taken once per send. */
  static async open(
    deps: AudienceDeps,
    owner: Actor,
    channel: CampaignChannel,
    purpose: MessagePurpose,
  ): Promise<Audience> {
    const a = new Audience(deps, owner, channel, purpose);
    const { entity, snapshot } = await deps.records.entity(CONTACT);
    a.snapshot = snapshot;
    a.contact = entity;
    a.company = snapshot.entities.find((e) => e.name === COMPANY);
    a.readableContacts = await deps.records.readableIds(owner, entity, snapshot);
    if (a.company) a.readableCompanies = await deps.records.readableIds(owner, a.company, snapshot);
    return a;
  }

  get known(): Set<string> {
    return knownMergeFields(this.snapshot);
  }

  private restrict(qb: Knex.QueryBuilder, r: Readable, column = 'id'): Knex.QueryBuilder | null {
    if (r.ids === 'none') return null;
    if (r.ids !== 'all') qb.whereIn(column, r.ids.clone());
    return qb;
  }

  /** The contact ids of a spec, each once, in a stable order; only contacts the owner may read. */
  async contactIds(spec: RecipientSpec): Promise<string[]> {
    const { knex } = this.deps;
    const contacts = tableName(this.contact);
    const companyColumn = 'company_id';
    let ids: string[] = [];
    if (spec.kind === 'contacts') {
      for (let i = 0; i < spec.ids.length; i += 500) {
        const qb = this.restrict(knex(contacts).whereIn('id', spec.ids.slice(i, i + 500)), this.readableContacts);
        if (qb) ids.push(...(await qb.pluck('id')).map(String));
      }
      const order = new Map(spec.ids.map((id, i) => [id, i]));
      ids = [...new Set(ids)].sort((a, b) => order.get(a)! - order.get(b)!);
      return ids;
    }
    let companies: Knex.QueryBuilder | string[];
    if (spec.kind === 'companies') companies = spec.ids;
    else if (spec.kind === 'companyGroups') {
      if (!this.company?.relations?.some((r) => r.name === COMPANY_GROUPS_RELATION)) return [];
      companies = knex(linkTableName(this.company, COMPANY_GROUPS_RELATION))
        .whereIn('right_id', spec.groups)
        .select('left_id');
    } else {
      const q = await this.deps.saved.get(this.owner, spec.queryId);
      if (q.definition.entity !== CONTACT && q.definition.entity !== COMPANY)
        throw errors.badRequest('CAMPAIGN_QUERY_ENTITY', 'recipients.queryId', 'enum', { values: [CONTACT, COMPANY] });
      const { compiled } = await this.deps.queries.prepare(this.owner, q.definition);
      const rootIds = compiled.query.clone().clearSelect().clearOrder().select('t.id');
      if (q.definition.entity === CONTACT) {
        const qb = this.restrict(knex(contacts).whereIn('id', rootIds), this.readableContacts);
        return qb ? (await qb.orderBy('id').pluck('id')).map(String) : [];
      }
      companies = rootIds;
    }
    if (!this.company || !this.readableCompanies) return [];
    const companyQb = this.restrict(
      knex(tableName(this.company))
        .whereIn('id', companies as string[])
        .select('id'),
      this.readableCompanies,
    );
    if (!companyQb) return [];
    const qb = this.restrict(knex(contacts).whereIn(companyColumn, companyQb), this.readableContacts);
    return qb ? (await qb.orderBy('id').pluck('id')).map(String) : [];
  }

  /** Reads a batch of contacts (and their companies) as the owner and decides, for each, channel and address or why not. */
  async classify(ids: string[], db: Knex = this.deps.knex): Promise<Classified[]> {
    if (!ids.length) return [];
    const contactRows = await this.rowsOf(this.contact, this.readableContacts, ids, db);
    const companyIds = [
      ...new Set(contactRows.map((r) => r.company).filter((v): v is string => typeof v === 'string')),
    ];
    const companies =
      this.company && this.readableCompanies
        ? new Map(
            (await this.rowsOf(this.company, this.readableCompanies, companyIds, db)).map((r) => [String(r.id), r]),
          )
        : new Map<string, Record<string, unknown>>();
    const consents = await this.deps.consents.currentOf(CONTACT, ids, db);
    const candidates = contactRows.map((c) => this.pick(c, consents.get(String(c.id))));
    const suppressed = await this.deps.suppressions.suppressedOf(
      candidates.map((c) => c.address).filter((a): a is string => a !== null),
      db,
    );
    const byId = new Map(contactRows.map((c) => [String(c.id), c]));
    const out: Classified[] = [];
    for (const c of candidates) {
      const contact = byId.get(c.contactId)!;
      const company = typeof contact.company === 'string' ? companies.get(contact.company) : undefined;
      let skip = c.skip;
      if (!skip && c.address && suppressed.has(suppressionKey(c.address))) skip = 'suppressed';
      if (!skip && c.address) {
        const key = suppressionKey(c.address);
        if (this.seen.has(key)) skip = 'duplicate';
        else this.seen.add(key);
      }
      const values: MergeValues = {};
      for (const [k, v] of Object.entries(contact)) if (!k.startsWith('_')) values[`contact.${k}`] = scalar(v);
      for (const [k, v] of Object.entries(company ?? {})) if (!k.startsWith('_')) values[`company.${k}`] = scalar(v);
      out.push({
        contactId: c.contactId,
        name: String(contact.fullName ?? [contact.familyName, contact.givenName].filter(Boolean).join(' ')),
        channel: c.channel,
        address: c.address,
        skip,
        trackingAllowed: consents.get(c.contactId)?.get('tracking') === 'granted',
        values,
      });
    }
    const order = new Map(ids.map((id, i) => [id, i]));
    return out.sort((a, b) => order.get(a.contactId)! - order.get(b.contactId)!);
  }

  private async rowsOf(
    entity: Entity,
    readable: Readable,
    ids: string[],
    db: Knex,
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const qb = this.restrict(db(tableName(entity)).whereIn('id', ids.slice(i, i + 500)), readable);
      if (!qb) return [];
      for (const row of await qb.select('*')) {
        const rec = rowToRecord(entity, row) as Record<string, unknown>;
        for (const h of readable.hidden) delete rec[h];
        out.push(rec);
      }
    }
    return out;
  }

  /** The channel and address of one contact (before suppression and duplicates). */
  private pick(
    contact: Record<string, unknown>,
    consent: Map<string, string> | undefined,
  ): { contactId: string; channel: MessageChannel | null; address: string | null; skip: SkipReason | null } {
    const contactId = String(contact.id);
    const addressOf = (channel: MessageChannel): string | null => {
      for (const f of addressFieldsOf(this.contact, channel)) {
        const v = contact[f];
        if (typeof v === 'string' && v.trim() && !/[\r\n\0\u2028\u2029]/.test(v)) {
          const normal = this.deps.transport.normaliseAddress(channel, v.trim());
          if (normal) return normal;
        }
      }
      return null;
    };
    const consented = (channel: MessageChannel) => this.purpose === 'service' || consent?.get(channel) === 'granted';
    if (this.channel !== 'auto') {
      const address = addressOf(this.channel);
      if (!address) return { contactId, channel: this.channel, address: null, skip: 'noAddress' };
      if (!consented(this.channel)) return { contactId, channel: this.channel, address, skip: 'noConsent' };
      return { contactId, channel: this.channel, address, skip: null };
    }
    // Auto: the first channel, in order of preference, with both an address and consent.
    let anyAddress: { channel: MessageChannel; address: string } | null = null;
    for (const channel of AUTO_ORDER) {
      const address = addressOf(channel);
      if (!address) continue;
      anyAddress ??= { channel, address };
      if (consented(channel)) return { contactId, channel, address, skip: null };
    }
    return anyAddress
      ? { contactId, channel: anyAddress.channel, address: anyAddress.address, skip: 'noConsent' }
      : { contactId, channel: null, address: null, skip: 'noAddress' };
  }
}

function scalar(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object' && v && 'amount' in v) return String((v as { amount: unknown }).amount);
  return null;
}
