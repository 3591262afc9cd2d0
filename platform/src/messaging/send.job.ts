/**
 * The `message.send` job: reads a queued message, waits for its channel's token, sends it through the transport
 * with the message's idempotency key and records `sent` with the provider's id. Retries and backoff are the job
 * runner's; a message whose last attempt failed, or that the provider refused for good, is marked `failed`.
 * Without a configured transport the message is `held`: kept, and never reported as sent.
 */
import fs from 'node:fs';
import type { Clock } from '../clock.ts';
import { FolyamError } from '../errors.ts';
import type { FileStore } from '../files/store.ts';
import type { JobRunner } from '../jobs/runner.ts';
import { SEND_JOB, type MessageOutbox } from './outbox.ts';
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

async function outgoing(message: Message, deps: SendJobDeps): Promise<OutgoingMessage> {
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
  return {
    to: message.to.address,
    subject: message.subject,
    // Sanitised on save already; again here, so a row written by other code or an older policy is safe too.
    html: message.html === null ? null : deps.transport.sanitizeHtml(message.html),
    text: message.text,
    attachments,
  };
}

/** Registers the `message.send` handler on the node's job runner. */
export function registerMessageSender(deps: SendJobDeps): void {
  const buckets = new TokenBuckets(deps.rateLimits ?? {}, deps.clock, deps.sleep);
  deps.jobs.register<{ messageId: string }>(SEND_JOB, async ({ job, signal }) => {
    const message = await deps.outbox.get(job.payload.messageId);
    // Sent already (a rerun after a crash between send and bookkeeping would be caught here), held or gone.
    if (!message || message.status !== 'queued') return { skipped: message?.status ?? 'missing' };
    if (!deps.transport.configured(message.channel)) {
      await deps.outbox.transition(message.id, 'queued', 'held', {
        error: HELD,
        provider: { reason: 'no transport configured' },
      });
      return { status: 'held' };
    }
    await buckets.take(message.channel, signal);
    try {
      const sent = await deps.transport.send(message.channel, await outgoing(message, deps), {
        idempotencyKey: message.idempotencyKey,
        signal,
      });
      await deps.outbox.transition(message.id, 'queued', 'sent', {
        providerId: sent.providerId,
        provider: sent.raw,
        error: null,
      });
      return { status: 'sent', providerId: sent.providerId };
    } catch (e) {
      const permanent = e instanceof FolyamError && e.status < 500;
      if (permanent || job.attempts >= job.maxAttempts) {
        await deps.outbox.transition(message.id, 'queued', 'failed', {
          error: errorOf(e),
          provider: { code: errorOf(e).code },
        });
      }
      throw e;
    }
  });
}
