/**
 * The `campaign.send` job: expands a campaign's recipients as its owner and, batch by batch, writes the recipient
 * rows and their outbox messages in one transaction each. A message's idempotency key is
 * `campaign:<id>:<contactId>:<channel>` and a recipient row is unique per campaign and contact, so a crash or a
 * restart resumes where the last committed batch ended and every recipient gets exactly one message. The job
 * sends each batch itself through the outbox's `MessageSender` (a window of sends on the pooled transport) while
 * it writes the next one; a rerun first sends what is still queued.
 */
import type { Clock } from '../clock.ts';
import { toDbDateTime } from '../db/connection.ts';
import type { EventBus } from '../events/bus.ts';
import { secretToken } from '../ids.ts';
import type { JobRunner } from '../jobs/runner.ts';
import { Audience, type AudienceDeps } from './audience.ts';
import { CAMPAIGN_JOB, rowToCampaign, type CampaignService } from './campaigns.service.ts';
import type { QueueInput, MessageOutbox } from './outbox.ts';
import type { MessageSender } from './send.job.ts';
import { suppressionKey, type SuppressionList } from './suppression.ts';

const TABLE = 'folyam_campaigns';
const RECIPIENTS = 'folyam_campaign_recipients';
/** Message statuses a recipient row follows (unsubscribed stays: it says more). */
const FOLLOWED = new Set(['sent', 'delivered', 'bounced', 'failed', 'undeliverable', 'held']);

export type CampaignJobDeps = AudienceDeps & {
  jobs: JobRunner;
  clock: Clock;
  events: EventBus;
  outbox: MessageOutbox;
  campaigns: CampaignService;
  suppressions: SuppressionList;
  /** Sends the queued messages of each batch. */
  sender: MessageSender;
  /** Recipients written per transaction. */
  batchSize?: number;
};

/** Registers `campaign.send`, and the listeners that carry message statuses back to recipient rows. */
export function registerCampaignJob(deps: CampaignJobDeps): void {
  const batchSize = deps.batchSize ?? 500;
  deps.jobs.register<{ campaignId: string }>(CAMPAIGN_JOB, async ({ job, signal, reportProgress }) => {
    const row = await deps.knex(TABLE).where({ id: job.payload.campaignId }).first();
    if (!row) return { skipped: 'missing' };
    const c = deps.campaigns.forSending(rowToCampaign(row));
    if (c.status === 'cancelled' || c.status === 'sent') return { skipped: c.status };
    const now = () => toDbDateTime(deps.clock.now());
    await deps
      .knex(TABLE)
      .where({ id: c.id })
      .update({ status: 'sending', started_at: row.started_at ?? now(), updated_at: now() });
    const owner = await deps.campaigns.ownerOf(c);
    const audience = await Audience.open(deps, owner, c.channel, c.purpose);
    const known = audience.known;
    const ids = await audience.contactIds(c.recipients);
    // A resumed send: contacts written before the crash are done; their addresses count for duplicates.
    const done = new Set<string>();
    for (const r of await deps
      .knex(RECIPIENTS)
      .where({ campaign_id: c.id })
      .select('contact_id', 'address', 'skip_reason')) {
      done.add(String(r.contact_id));
      if (r.address && r.skip_reason !== 'duplicate') audience.seen.add(suppressionKey(String(r.address)));
    }
    const todo = ids.filter((id) => !done.has(id));
    let written = ids.length - todo.length;
    let queued = 0;
    let delivered = 0;
    const retry: string[] = [];
    // Sending overlaps writing: batch k goes out while batch k+1 is read and written.
    let sending: Promise<void> = Promise.resolve();
    const deliver = (messageIds: string[]) => {
      sending = sending.then(async () => {
        const r = await deps.sender.deliver(messageIds, { signal });
        retry.push(...r.retry);
        delivered += messageIds.length;
        await reportProgress(ids.length ? (100 * (written + delivered)) / (2 * ids.length) : 100);
      });
      return sending;
    };
    // A resumed send first finishes what the last run queued but did not send.
    const leftover = await deps
      .knex('folyam_messages')
      .where({ campaign_id: c.id, status: 'queued' })
      .where('idempotency_key', 'like', `campaign:${c.id}:%`)
      .pluck('id');
    if (leftover.length) void deliver(leftover.map(String)).catch(() => {});
    for (let i = 0; i < todo.length; i += batchSize) {
      signal.throwIfAborted();
      const batch = await audience.classify(todo.slice(i, i + batchSize));
      const stamp = now();
      const rows = batch.map((r) => ({ r, token: r.skip ? null : secretToken(18) }));
      const built = rows.map(({ r, token }) => (token ? deps.campaigns.build(c, r, token, known) : null));
      const messageIds = await deps.knex.transaction(async (trx) => {
        const inputs: QueueInput[] = [];
        rows.forEach(({ r }, k) => {
          const b = built[k];
          if (!b || !r.channel || !r.address) return;
          inputs.push({
            channel: r.channel,
            to: { address: r.address, entity: 'contact', recordId: r.contactId },
            subject: b.subject,
            html: b.html,
            text: b.text,
            attachments: r.channel === 'sms' ? [] : c.attachments,
            idempotencyKey: `campaign:${c.id}:${r.contactId}:${r.channel}`,
            campaignId: c.id,
            purpose: c.purpose,
            options: b.options,
            actor: owner,
          });
        });
        const messages = await deps.outbox.queueMany(
          trx,
          inputs,
          { actor: owner, info: { campaignId: c.id } },
          { sendJobs: false },
        );
        const messageOf = new Map(messages.map((m) => [m.to.recordId, m]));
        const records = rows.map(({ r, token }, k) => ({
          campaign_id: c.id,
          contact_id: r.contactId,
          name: r.name.slice(0, 300),
          channel: r.channel,
          address: r.address,
          status: r.skip ? 'skipped' : 'queued',
          skip_reason: r.skip,
          message_id: r.skip ? null : (messageOf.get(r.contactId)?.id ?? null),
          token,
          tracked: Boolean(built[k]?.tracked),
          links: built[k]?.links.length ? JSON.stringify(built[k]!.links) : null,
          created_at: stamp,
          updated_at: stamp,
        }));
        for (let j = 0; j < records.length; j += 100) await trx(RECIPIENTS).insert(records.slice(j, j + 100));
        return messages.filter((m) => m.status === 'queued').map((m) => m.id);
      });
      written += rows.length;
      queued += messageIds.length;
      // At most one batch waits to be sent, so memory stays flat however large the campaign.
      await sending;
      void deliver(messageIds).catch(() => {});
    }
    await sending;
    if (retry.length) {
      // Transient failures (a server that refused for now): sent again on the job's next attempt, after backoff.
      const again = await deps.sender.deliver(retry, { signal });
      if (again.retry.length)
        throw new Error(`${again.retry.length} messages of campaign ${c.id} could not be sent yet; retrying later`);
    }
    const stamp = now();
    await deps
      .knex(TABLE)
      .where({ id: c.id, status: 'sending' })
      .update({ status: 'sent', finished_at: stamp, updated_at: stamp });
    return { recipients: ids.length, queued };
  });

  // A message's status moves its recipient row on, in the same transaction; a hard bounce suppresses the address.
  deps.events.on('message.status', async (event, trx) => {
    if (!('info' in event)) return;
    const info = event.info as { messageId?: unknown; messageIds?: unknown; to?: unknown; campaignId?: unknown };
    const { messageId, messageIds, to } = info;
    const ids = Array.isArray(messageIds) ? messageIds.map(String) : typeof messageId === 'string' ? [messageId] : [];
    if (!ids.length || typeof to !== 'string') return;
    // A message known to belong to no campaign has no recipient row to move (only a bounce matters then).
    if (info.campaignId === null && to !== 'bounced') return;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      if (FOLLOWED.has(to) && info.campaignId !== null) {
        await trx(RECIPIENTS)
          .whereIn('message_id', chunk)
          .whereNot({ status: 'unsubscribed' })
          .update({ status: to, updated_at: toDbDateTime(deps.clock.now()) });
      }
      if (to === 'bounced') {
        for (const m of await trx('folyam_messages').whereIn('id', chunk).select('id', 'to_address'))
          await deps.suppressions.add(
            trx,
            { address: String(m.to_address), reason: 'bounce', messageId: String(m.id) },
            null,
          );
      }
    }
  });
}
