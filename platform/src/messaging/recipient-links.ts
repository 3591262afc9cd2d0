/**
 * What the links in a campaign message do, for someone who is not logged in: the one-click unsubscribe
 * (`/u/{token}`: withdraws the consent for that channel, suppresses the address, marks the recipient), the open
 * pixel and the click redirect (only to a URL that was in that very message). The token is the only key: random,
 * unguessable, never a database id.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.ts';
import { toDbDateTime } from '../db/connection.ts';
import type { ConsentStore } from './consent.ts';
import type { SuppressionList } from './suppression.ts';
import { parseClickToken } from './tracking.ts';

const RECIPIENTS = 'folyam_campaign_recipients';
const EVENTS = 'folyam_tracking_events';
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export type LinkRecipient = {
  id: string;
  campaignId: string;
  campaignName: string;
  channel: string | null;
  address: string | null;
  unsubscribed: boolean;
};

export class RecipientLinks {
  constructor(
    private readonly deps: { knex: Knex; clock: Clock; consents: ConsentStore; suppressions: SuppressionList },
  ) {}

  private async row(token: string, db: Knex = this.deps.knex): Promise<Record<string, unknown> | null> {
    if (!TOKEN.test(token)) return null;
    return (await db(RECIPIENTS).where({ token }).first()) ?? null;
  }

  /** The recipient a link belongs to, for the unsubscribe page; null for an unknown token. */
  async recipient(token: string): Promise<LinkRecipient | null> {
    const r = await this.row(token);
    if (!r) return null;
    const c = await this.deps.knex('folyam_campaigns').where({ id: r.campaign_id }).first('name');
    return {
      id: String(r.id),
      campaignId: String(r.campaign_id),
      campaignName: String(c?.name ?? ''),
      channel: (r.channel as string) ?? null,
      address: (r.address as string) ?? null,
      unsubscribed: r.unsubscribed_at !== null && r.unsubscribed_at !== undefined,
    };
  }

  /** Unsubscribes the recipient of a token; repeating it changes nothing. Returns null for an unknown token. */
  async unsubscribe(token: string): Promise<LinkRecipient | null> {
    const now = toDbDateTime(this.deps.clock.now());
    const done = await this.deps.knex.transaction(async (trx) => {
      const r = await this.row(token, trx);
      if (!r) return false;
      if (r.unsubscribed_at) return true;
      await trx(RECIPIENTS)
        .where({ id: r.id })
        .update({ status: 'unsubscribed', unsubscribed_at: now, updated_at: now });
      const channel = r.channel as 'email' | 'sms' | 'fax' | null;
      if (channel)
        await this.deps.consents.record(trx, {
          entity: 'contact',
          recordId: String(r.contact_id),
          channel,
          status: 'withdrawn',
          source: 'unsubscribe',
          wording: 'Leiratkozás a hírlevél leiratkozási linkjével / Unsubscribed with the link in the newsletter',
          by: null,
          campaignId: String(r.campaign_id),
        });
      if (r.address)
        await this.deps.suppressions.add(
          trx,
          { address: String(r.address), reason: 'unsubscribe', messageId: (r.message_id as string) ?? null },
          null,
        );
      await trx(EVENTS).insert({
        campaign_id: r.campaign_id,
        recipient_id: r.id,
        kind: 'unsubscribe',
        url: null,
        at: now,
      });
      return true;
    });
    return done ? this.recipient(token) : null;
  }

  /** Records an open (the first time sets `opened_at`); unknown and untracked tokens are ignored. */
  async open(token: string): Promise<void> {
    const r = await this.row(token);
    if (!r || !r.tracked) return;
    const now = toDbDateTime(this.deps.clock.now());
    await this.deps.knex.transaction(async (trx) => {
      await trx(RECIPIENTS).where({ id: r.id }).whereNull('opened_at').update({ opened_at: now });
      await trx(EVENTS).insert({ campaign_id: r.campaign_id, recipient_id: r.id, kind: 'open', url: null, at: now });
    });
  }

  /** The URL a click leads to — only one stored with that message — or null (then a 404, never a redirect). */
  async click(value: string): Promise<string | null> {
    const parsed = parseClickToken(value);
    if (!parsed) return null;
    const r = await this.row(parsed.token);
    if (!r || !r.tracked || !r.links) return null;
    let links: unknown;
    try {
      links = JSON.parse(String(r.links));
    } catch {
      return null;
    }
    const url = Array.isArray(links) ? links[parsed.index] : undefined;
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return null;
    const now = toDbDateTime(this.deps.clock.now());
    await this.deps.knex.transaction(async (trx) => {
      await trx(RECIPIENTS).where({ id: r.id }).whereNull('clicked_at').update({ clicked_at: now });
      // A click means the message was opened, even when images were blocked.
      await trx(RECIPIENTS).where({ id: r.id }).whereNull('opened_at').update({ opened_at: now });
      await trx(EVENTS).insert({
        campaign_id: r.campaign_id,
        recipient_id: r.id,
        kind: 'click',
        url: url.slice(0, 2000),
        at: now,
      });
    });
    return url;
  }
}
