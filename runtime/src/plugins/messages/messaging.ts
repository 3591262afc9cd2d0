/**
 * Messaging for one runtime node: the connector settings (from `configFromEnv(env)`, passed in), a resource pool
 * for SMTP pools and Twilio clients, the platform's outbox and message service, and the `message.send` handler on
 * the node's job runner. `createServer` builds one; `close()` after the job runner has stopped.
 */
import { timingSafeEqual } from 'node:crypto';
import {
  connectorRegistry,
  createResourcePool,
  type ConnectorRegistry,
  type ConnectorsConfig,
} from '@folyam/connectors';
import {
  MessageOutbox,
  MessageService,
  registerMessageSender,
  SEND_JOB,
  SuppressionList,
  type MessageSender,
  type MessageTransport,
  type Platform,
  type RateLimit,
} from '@folyam/platform';
import { connectorTransport } from './transport.ts';

export type MessagingOptions = {
  /** Connector settings: `configFromEnv(process.env)` in `folyam start`; `{}` keeps every message held. */
  connectors?: ConnectorsConfig;
  /** The URL providers reach this runtime at (`https://crm.example.hu`), for status callbacks and their signatures. */
  publicUrl?: string;
  /** Shared secret of `POST /api/webhooks/email/dsn` (`FOLYAM_WEBHOOK_SECRET`); without it the route refuses all. */
  webhookSecret?: string;
  /** Sends per second per channel on this node. */
  rateLimits?: Partial<Record<'email' | 'sms' | 'fax', RateLimit>>;
  registry?: ConnectorRegistry;
  /** Replaces the connector transport (tests of the outbox alone). */
  transport?: MessageTransport;
  /** `List-Unsubscribe: <mailto:…>` of campaign emails (`FOLYAM_UNSUBSCRIBE_MAILTO`). */
  unsubscribeMailto?: string;
  /** Appended to marketing SMS (`FOLYAM_SMS_OPT_OUT`), e.g. `Leiratkozás: {{unsubscribeUrl}}`. */
  smsOptOutText?: string;
};

export type Messaging = {
  service: MessageService;
  outbox: MessageOutbox;
  registry: ConnectorRegistry;
  /** The live settings: changing a channel here (the channel settings API) takes effect on the next send. */
  settings: ConnectorsConfig;
  /** Channels configured from the environment: they win over stored settings and are read-only. */
  envChannels: ReadonlySet<string>;
  transport: MessageTransport;
  suppressions: SuppressionList;
  /** Sends a batch of queued messages at once (a campaign's), sharing the send job's rate limits. */
  sender: MessageSender;
  /** The public base URL without a trailing slash, when configured. */
  publicUrl: string | null;
  options: MessagingOptions;
  /** The public URL of a webhook path, as given to the provider (signatures are computed over it). */
  webhookUrl(path: string): string | null;
  /** Whether a request carries the DSN webhook's shared secret (constant-time). */
  webhookSecretMatches(given: string | undefined): boolean;
  resources: ReturnType<typeof createResourcePool>;
  close(): Promise<void>;
};

export const SMS_STATUS_PATH = '/api/webhooks/sms/status';
export const EMAIL_DSN_PATH = '/api/webhooks/email/dsn';

export function createMessaging(platform: Platform, options: MessagingOptions = {}): Messaging {
  if (options.publicUrl !== undefined && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(options.publicUrl)) {
    throw new Error(`messaging: publicUrl must be an http(s) URL, got ${options.publicUrl}`);
  }
  if (platform.jobs.has(SEND_JOB))
    throw new Error(`messaging: a ${SEND_JOB} handler is already registered on this platform`);
  const registry = options.registry ?? connectorRegistry();
  // A copy: stored channel settings are added to it later, the caller's object stays as given.
  const settings: ConnectorsConfig = { ...(options.connectors ?? {}) };
  const envChannels = new Set(Object.keys(settings).filter((k) => settings[k as keyof ConnectorsConfig]));
  const resources = createResourcePool();
  const base = options.publicUrl?.replace(/\/+$/, '');
  const webhookUrl = (path: string) => (base ? `${base}${path}` : null);
  const transport =
    options.transport ??
    connectorTransport({
      registry,
      settings,
      resources,
      clock: platform.clock,
      smsStatusCallbackUrl: webhookUrl(SMS_STATUS_PATH) ?? undefined,
    });
  const outbox = new MessageOutbox({
    knex: platform.knex,
    clock: platform.clock,
    events: platform.events,
    jobs: platform.jobs,
  });
  const suppressions = new SuppressionList({
    knex: platform.knex,
    clock: platform.clock,
    normalise: (a) => transport.normaliseAddress('sms', a),
  });
  const sender = registerMessageSender({
    jobs: platform.jobs,
    outbox,
    files: platform.files,
    transport,
    clock: platform.clock,
    rateLimits: options.rateLimits,
    isSuppressed: (address) => suppressions.isSuppressed(address),
    suppressedOf: (addresses) => suppressions.suppressedOf(addresses),
  });
  const service = new MessageService({
    knex: platform.knex,
    records: platform.records,
    files: platform.files,
    outbox,
    transport,
    suppressions,
  });
  const secret = options.webhookSecret ? Buffer.from(options.webhookSecret) : null;
  return {
    service,
    outbox,
    registry,
    settings,
    envChannels,
    transport,
    suppressions,
    sender,
    publicUrl: base ?? null,
    options,
    webhookUrl,
    webhookSecretMatches(given) {
      if (!secret || typeof given !== 'string') return false;
      const g = Buffer.from(given);
      return g.length === secret.length && timingSafeEqual(g, secret);
    },
    resources,
    close: () => resources.close(),
  };
}
