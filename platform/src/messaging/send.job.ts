/**
 * The `message.send` job: reads a queued message, waits for its channel's token, sends it through the transport
 * with the message's idempotency key and records `sent` with the provider's id. Retries and backoff are the job
 * runner's; a message whose last attempt failed, or that the provider refused for good, is marked `failed`.
 * Without a configured transport the message is `held`: kept, and never reported as sent.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type { Clock } from '../clock.ts';
import { FolyamError } from '../errors.ts';
import type { FileStore } from '../files/store.ts';
import type { BatchOutcome, Job, JobRunner } from '../jobs/runner.ts';
import { inlineImages, InlineImageCache } from './inline-images.ts';
import { SEND_JOB, type MessageOutbox } from './outbox.ts';
import { suppressionKey } from './suppression.ts';
import { TokenBuckets, type RateLimit } from './token-bucket.ts';
import type { Message, MessageError, MessageTransport, OutgoingMessage } from './types.ts';

export type SendJobDeps = {
  jobs: JobRunner;
  outbox: MessageOutbox;
  files: FileStore;
  transport: MessageTransport;
  clock: Clock;
  /** Per channel, per node: `{ sms: { perSecond: 1 }, email: { perSecond: 20, burst: 40 } }`. */
  rateLimits?: Partial<Record<string, RateLimit>>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Whether an address is on the suppression list: marketing messages to it are not sent. */
  isSuppressed?: (address: string) => Promise<boolean>;
  /** The suppressed ones among many addresses (by `suppressionKey`), for a batch. */
  suppressedOf?: (addresses: string[]) => Promise<Set<string>>;
};

export const SUPPRESSED: MessageError = {
  code: 'MESSAGE_SUPPRESSED',
  messages: {
    hu: 'Nincs elküldve: a cím a letiltási listán van (leiratkozás vagy visszapattanás).',
    en: 'Not sent: the address is on the suppression list (unsubscribed or bounced).',
  },
};

export const HELD: MessageError = {
  code: 'MESSAGE_NO_TRANSPORT',
  messages: {
    hu: 'Nincs kézbesítve: ehhez a csatornához nincs beállított szolgáltató.',
    en: 'Not delivered: no transport configured for this channel.',
  },
};

function errorOf(e: unknown): MessageError {
  if (e instanceof FolyamError) return { code: e.code, messages: e.messages };
  return {
    code: 'MESSAGE_SEND_FAILED',
    messages: { hu: 'Az üzenet küldése nem sikerült.', en: 'Sending the message failed.' },
  };
}

// Known only to this process: a mark made with it says "this exact HTML was built from sanitised parts here".
const MARK_KEY = randomBytes(32);

/**
 * Marks HTML this process built safely (a campaign's template, sanitised when the send started, with HTML-escaped
 * merge values), so sending it need not parse it again. A mark from another process — a row written elsewhere, a
 * node restarted — does not verify, and that message is sanitised as any other.
 */
export function markSanitized(html: string): string {
  return createHmac('sha256', MARK_KEY).update(html).digest('base64url');
}

function marked(html: string, mark: string | undefined): boolean {
  if (!mark) return false;
  const a = Buffer.from(markSanitized(html));
  const b = Buffer.from(mark);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function outgoing(message: Message, deps: SendJobDeps, images: InlineImageCache): Promise<OutgoingMessage> {
  const attachments: OutgoingMessage['attachments'] = [];
  for (const id of message.attachments) {
    const file = await deps.files.get(id);
    if (!file)
      throw new FolyamError(422, 'MESSAGE_ATTACHMENT_GONE', {
        hu: 'A melléklet már nem létezik.',
        en: 'An attachment no longer exists.',
      });
    const content = await fs.promises.readFile(deps.files.pathOf(file.storageKey));
    attachments.push({ filename: file.name, contentType: file.mime, content: content.toString('base64') });
  }
  // Sanitised on save already; again here, so a row written by other code or an older policy is safe too.
  let html =
    message.html === null
      ? null
      : marked(message.html, message.options?.sanitized)
        ? message.html
        : deps.transport.sanitizeHtml(message.html);
  if (html !== null && message.channel === 'email') {
    const inlined = await inlineImages(html, message.createdBy, deps.files, images);
    html = inlined.html;
    attachments.push(...inlined.parts);
  }
  return {
    to: message.to.address,
    subject: message.subject,
    html,
    text: message.text,
    attachments,
    ...(message.options?.unsubscribeUrl ? { unsubscribeUrl: message.options.unsubscribeUrl } : {}),
    ...(message.options?.unsubscribeMailto ? { unsubscribeMailto: message.options.unsubscribeMailto } : {}),
    ...(message.options?.headers ? { headers: message.options.headers } : {}),
  };
}

export type Delivered = {
  sent: number;
  failed: number;
  held: number;
  /** Messages a provider could not take yet: still queued. */
  retry: string[];
  /** With `outcomes: true`, how each message ended, by id (those no longer queued are not in it). */
  outcomes?: Map<string, 'sent' | 'failed' | 'held'>;
};

/**
 * Sends many queued messages at once for a job that owns them (a campaign's): a window of sends in flight through
 * the pooled transport, the outcomes recorded in batches, one transaction each. Transient failures stay queued and
 * come back in `retry`; the caller's job retries them (a rerun after a crash finds them still queued).
 */
export type MessageSender = {
  deliver(ids: string[], options?: { signal?: AbortSignal; window?: number; outcomes?: boolean }): Promise<Delivered>;
};

/** How many due send jobs run together (see `registerMessageSender`). */
export const SEND_BATCH = 50;
/** How many single-message send jobs of a batch send at once; also how many a crash may repeat. */
export const SINGLES_WINDOW = 8;

/** How many sends a `deliver` keeps in flight; also how many a crash may repeat (under the same Message-ID). */
export const DELIVER_WINDOW = 16;

/** Registers the `message.send` handler on the node's job runner; returns the batch sender sharing its rate limits. */
export function registerMessageSender(deps: SendJobDeps): MessageSender {
  const buckets = new TokenBuckets(deps.rateLimits ?? {}, deps.clock, deps.sleep);
  const images = new InlineImageCache();
  type SendPayload = { messageId?: string; messageIds?: string[] };
  /** A job of one message (`outbox.queue`): sent, held without a transport, or refused for a suppressed address. */
  const sendOne = async (job: Job<SendPayload>, signal: AbortSignal): Promise<unknown> => {
    const message = await deps.outbox.get(String(job.payload.messageId));
    // Sent already (a rerun after a crash between send and bookkeeping would be caught here), held or gone.
    if (!message || message.status !== 'queued') return { skipped: message?.status ?? 'missing' };
    if (!deps.transport.configured(message.channel)) {
      await deps.outbox.transition(message.id, 'queued', 'held', {
        campaignId: message.campaignId,
        error: HELD,
        provider: { reason: 'no transport configured' },
      });
      return { status: 'held' };
    }
    // Checked at send time as well: an address may have unsubscribed or bounced since the message was queued.
    if (message.purpose === 'marketing' && (await deps.isSuppressed?.(message.to.address))) {
      await deps.outbox.transition(message.id, 'queued', 'failed', {
        campaignId: message.campaignId,
        error: SUPPRESSED,
        provider: { reason: 'suppressed' },
      });
      return { status: 'suppressed' };
    }
    await buckets.take(message.channel, signal);
    try {
      const sent = await deps.transport.send(message.channel, await outgoing(message, deps, images), {
        idempotencyKey: message.idempotencyKey,
        signal,
      });
      await deps.outbox.transition(message.id, 'queued', 'sent', {
        campaignId: message.campaignId,
        providerId: sent.providerId,
        provider: sent.raw,
        error: null,
      });
      return { status: 'sent', providerId: sent.providerId };
    } catch (e) {
      const permanent = e instanceof FolyamError && e.status < 500;
      if (permanent || job.attempts >= job.maxAttempts) {
        await deps.outbox.transition(message.id, 'queued', 'failed', {
          campaignId: message.campaignId,
          error: errorOf(e),
          provider: { code: errorOf(e).code },
        });
      }
      throw e;
    }
  };
  // Jobs of a step's messages (`outbox.sendLater`) that are due together are sent in one `deliver`: one read of
  // their messages and one write of the outcomes. The ones a provider could not take yet are retried by their job,
  // and marked failed when its last attempt fails too.
  deps.jobs.registerBatch<SendPayload>(
    SEND_JOB,
    async ({ jobs, signal }) => {
      const lists = jobs.map((job) =>
        Array.isArray(job.payload.messageIds) ? job.payload.messageIds.map(String) : null,
      );
      const ids = [...new Set(lists.flatMap((l) => l ?? []))];
      const outcomes: BatchOutcome[] = new Array(jobs.length);
      // Jobs of one message each are sent side by side (a window of them), as the steps' lists are.
      const singles = [...jobs.keys()].filter((i) => !lists[i]);
      const sendSingles = async () => {
        while (singles.length) {
          const i = singles.shift()!;
          outcomes[i] = await sendOne(jobs[i], signal).then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          );
        }
      };
      const [delivered] = await Promise.all([
        ids.length ? sender.deliver(ids, { signal, outcomes: true }) : null,
        ...Array.from({ length: Math.min(SINGLES_WINDOW, singles.length) }, sendSingles),
      ]);
      const again = new Set(delivered?.retry ?? []);
      for (const [i, job] of jobs.entries()) {
        const list = lists[i];
        if (!list) continue;
        const counts = { sent: 0, failed: 0, held: 0 };
        const retry = list.filter((id) => again.has(id));
        for (const id of list) {
          const to = delivered?.outcomes?.get(id);
          if (to) counts[to]++;
        }
        if (!retry.length) outcomes[i] = { result: counts };
        else if (job.attempts < job.maxAttempts)
          outcomes[i] = {
            error: new Error(`${retry.length} of ${list.length} messages could not be sent yet; retrying later`),
          };
        else {
          await deps.outbox.transitionMany(
            retry.map((id) => ({
              id,
              from: 'queued' as const,
              to: 'failed' as const,
              extra: { error: errorOf(null), provider: { code: 'MESSAGE_SEND_FAILED' } },
            })),
          );
          outcomes[i] = { result: { ...counts, failed: counts.failed + retry.length } };
        }
      }
      return outcomes;
    },
    SEND_BATCH,
  );

  type Outcome = Parameters<MessageOutbox['transitionMany']>[0][number];
  const sender: MessageSender = {
    async deliver(ids, options = {}) {
      const window = Math.max(1, options.window ?? DELIVER_WINDOW);
      const messages = (await deps.outbox.getMany(ids)).filter((m) => m.status === 'queued');
      const marketing = messages.filter((m) => m.purpose === 'marketing').map((m) => m.to.address);
      const suppressed = marketing.length && deps.suppressedOf ? await deps.suppressedOf(marketing) : new Set<string>();
      const counts: Delivered = {
        sent: 0,
        failed: 0,
        held: 0,
        retry: [],
        ...(options.outcomes ? { outcomes: new Map() } : {}),
      };
      let pending: Outcome[] = [];
      let flushing: Promise<unknown> = Promise.resolve();
      const flush = () => {
        const batch = pending;
        pending = [];
        flushing = flushing.then(() => deps.outbox.transitionMany(batch));
        return flushing;
      };
      const one = async (m: Message): Promise<Outcome | null> => {
        if (m.purpose === 'marketing' && suppressed.has(suppressionKey(m.to.address)))
          return {
            id: m.id,
            campaignId: m.campaignId,
            from: 'queued',
            to: 'failed',
            extra: { error: SUPPRESSED, provider: { reason: 'suppressed' } },
          };
        if (!deps.transport.configured(m.channel))
          return {
            id: m.id,
            campaignId: m.campaignId,
            from: 'queued',
            to: 'held',
            extra: { error: HELD, provider: { reason: 'no transport configured' } },
          };
        await buckets.take(m.channel, options.signal);
        try {
          const sent = await deps.transport.send(m.channel, await outgoing(m, deps, images), {
            idempotencyKey: m.idempotencyKey,
            signal: options.signal,
          });
          return {
            id: m.id,
            campaignId: m.campaignId,
            from: 'queued',
            to: 'sent',
            extra: { providerId: sent.providerId, provider: sent.raw, error: null },
          };
        } catch (e) {
          if (e instanceof FolyamError && e.status < 500)
            return {
              id: m.id,
              campaignId: m.campaignId,
              from: 'queued',
              to: 'failed',
              extra: { error: errorOf(e), provider: { code: errorOf(e).code } },
            };
          counts.retry.push(m.id);
          return null;
        }
      };
      let next = 0;
      const worker = async () => {
        while (next < messages.length) {
          options.signal?.throwIfAborted();
          const outcome = await one(messages[next++]);
          if (!outcome) continue;
          counts.outcomes?.set(outcome.id, outcome.to as 'sent' | 'failed' | 'held');
          if (outcome.to === 'sent') counts.sent++;
          else if (outcome.to === 'held') counts.held++;
          else counts.failed++;
          pending.push(outcome);
          if (pending.length >= 100) await flush();
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(window, messages.length) }, worker));
      } finally {
        await flush();
      }
      return counts;
    },
  };
  return sender;
}
