/**
 * The one contract every channel (email, SMS, fax, later webhooks and provider imports) is written against. A
 * connector is data: an id, a zod schema of its settings with the secret ones named, named actions that send, and
 * named webhooks that verify and parse what the provider tells us later. The outbox stores `{ connector, action,
 * input }`, looks the connector up in the registry and calls the action after the business transaction commits.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Issue, LocalizedText } from '@folyam/metamodel';
import { fromZod } from '@folyam/metamodel';
import { ConnectorError } from './errors.ts';

/** Time comes from a clock so tests can move it (structurally the platform's `Clock`). */
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

/** What a send reports at once: the provider took it (`queued`) or already handed it on (`sent`). */
export type SendStatus = 'queued' | 'sent';

/** What a provider may tell us later about a message. */
export type DeliveryStatus = 'sent' | 'delivered' | 'undelivered' | 'failed' | 'bounced';

/** Every status a stored message may be in, from the send result to the last report. */
export type MessageStatus = SendStatus | 'sending' | DeliveryStatus;

export type SendResult = {
  /** The provider's id of the message: the Message-ID `<…@…>` for email, the Twilio `SM…` sid for SMS. */
  providerId: string;
  status: SendStatus;
  /** The provider's answer, trimmed to what is safe to store (no credentials). */
  raw: unknown;
  /** Recipients the provider refused while it took the message for the others (an SMTP 550 for one of three). */
  rejected?: { recipient: string; code?: number | string; response?: string }[];
};

export type StatusUpdate = {
  providerId: string;
  status: DeliveryStatus;
  at: Date;
  /** The provider's error code and text when the status is a failure (Twilio 30003, SMTP 5.1.1). */
  error?: { code: string; message?: string };
  /** Which recipient the report is about, when a message had several. */
  recipient?: string;
  raw: unknown;
};

/**
 * A provider callback as the runtime received it. `url` is the full URL the provider was told to call (with its
 * query string), as configured, because signatures are computed over it; `body` is the form fields, or the raw
 * bytes of a report email.
 */
export type WebhookRequest = {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, string> | string | Uint8Array;
};

/**
 * The outcome of a webhook. A refusal is a value, not an exception: the caller answers `httpStatus` (403 for a bad
 * signature, 400 for a body it cannot read) and logs `reason`. `updates` may be empty (an intermediate status
 * nobody needs, a report that is not ours).
 */
export type WebhookOutcome =
  | { ok: true; updates: StatusUpdate[] }
  | { ok: false; reason: 'signature' | 'malformed'; httpStatus: 400 | 403; message: LocalizedText };

/**
 * Long-lived things a connector keeps between calls (an SMTP pool, a Twilio client), owned by the caller so
 * nothing lives in module globals: one pool per runtime node, closed at shutdown.
 */
export type ResourcePool = {
  /** Returns the resource under `key`, creating it with `create` the first time. */
  get<T>(key: string, create: () => T, dispose: (resource: T) => void | Promise<void>): T;
  /** Disposes of one resource (after a configuration change). */
  drop(key: string): Promise<void>;
  close(): Promise<void>;
};

export type ConnectorContext = {
  clock: Clock;
  resources: ResourcePool;
  /** The outbox's idempotency key: a retry of the same send carries the same key (email derives its Message-ID). */
  idempotencyKey?: string;
  /** Aborted when the job is cancelled or its lease is lost. */
  signal?: AbortSignal;
};

export type Action<C, I, O> = (config: C, input: I, ctx: ConnectorContext) => Promise<O>;
export type Webhook<C> = (config: C, request: WebhookRequest, ctx: ConnectorContext) => Promise<WebhookOutcome>;

export type ConnectorDefinition<
  C,
  A extends Record<string, Action<C, never, unknown>>,
  W extends Record<string, Webhook<C>>,
> = {
  /** `email`, `sms`, `fax`: lowercase, stable, used in the outbox and in settings. */
  id: string;
  label: LocalizedText;
  configSchema: z.ZodType<C>;
  /** Dotted paths of settings that are secrets (`authToken`, `dkim.privateKey`): `redact` hides them. */
  secretKeys: readonly string[];
  actions: A;
  webhooks: W;
};

export type Connector<
  C = unknown,
  A extends Record<string, Action<C, never, unknown>> = Record<string, Action<C, never, unknown>>,
  W extends Record<string, Webhook<C>> = Record<string, Webhook<C>>,
> = ConnectorDefinition<C, A, W> & {
  /** Validates settings; throws `CONNECTOR_CONFIG_INVALID` with the issues. */
  parseConfig(input: unknown): C;
  /** The settings with every secret replaced by `REDACTED` and credentials stripped from URLs. */
  redact(config: unknown): unknown;
};

/** Marks a secret that is set; an unset secret stays absent so a settings screen can say "not set". */
export const REDACTED = '[redacted]';

/**
 * Declares a connector. Checks the declaration itself, so a typo in `secretKeys` fails at start-up, not in a log.
 * `defineConnector({ id: 'sms', label, configSchema, secretKeys: ['authToken'], actions: { send }, webhooks: { status } })`
 */
export function defineConnector<
  C,
  A extends Record<string, Action<C, never, unknown>>,
  W extends Record<string, Webhook<C>>,
>(def: ConnectorDefinition<C, A, W>): Connector<C, A, W> {
  if (!/^[a-z][a-z0-9-]*$/.test(def.id))
    throw new Error(`Connector id must be lowercase letters, digits and dashes: ${def.id}`);
  for (const key of def.secretKeys) {
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(key))
      throw new Error(`Connector ${def.id}: bad secret key path ${key}`);
  }
  return {
    ...def,
    parseConfig(input) {
      const r = def.configSchema.safeParse(input);
      if (r.success) return r.data;
      throw invalidConfig(def.id, fromZod(r.error, [def.id]));
    },
    redact(config) {
      return redactSecrets(config, def.secretKeys);
    },
  };
}

export function invalidConfig(id: string, details: Issue[]): ConnectorError {
  return new ConnectorError(
    'CONNECTOR_CONFIG_INVALID',
    { hu: `A(z) ${id} csatorna beállításai hibásak.`, en: `The settings of the ${id} connector are not valid.` },
    { kind: 'config', details },
  );
}

/** Replaces the values at `paths` and strips passwords and query strings from anything that looks like a URL. */
export function redactSecrets(value: unknown, paths: readonly string[]): unknown {
  const secret = new Set(paths);
  const walk = (v: unknown, path: string): unknown => {
    if (secret.has(path)) return v === undefined || v === null || v === '' ? v : REDACTED;
    if (typeof v === 'string') return redactUrl(v);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v instanceof Uint8Array) return REDACTED;
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, path ? `${path}.${k}` : k);
      return out;
    }
    return v;
  };
  return walk(value, '');
}

function redactUrl(s: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return s;
  try {
    const u = new URL(s);
    if (!u.password && !u.search) return s;
    // Plain `redacted` inside a URL: brackets would come out percent-encoded.
    if (u.password) u.password = 'redacted';
    // Query strings of SMTP URLs may carry options such as `pass=`: keep the names, drop the values.
    for (const k of [...u.searchParams.keys()]) u.searchParams.set(k, 'redacted');
    return u.toString();
  } catch {
    return REDACTED;
  }
}

/** A stable key for a configuration, for caching resources per configuration (hashed: it contains secrets). */
export function configKey(id: string, config: unknown): string {
  return `${id}:${createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 32)}`;
}

function canonicalJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** A resource pool for a runtime node or a test: `const resources = createResourcePool(); … await resources.close()`. */
export function createResourcePool(): ResourcePool {
  const held = new Map<string, { resource: unknown; dispose: (r: unknown) => void | Promise<void> }>();
  return {
    get<T>(key: string, create: () => T, dispose: (resource: T) => void | Promise<void>): T {
      const found = held.get(key);
      if (found) return found.resource as T;
      const resource = create();
      held.set(key, { resource, dispose: dispose as (r: unknown) => void | Promise<void> });
      return resource;
    },
    async drop(key) {
      const found = held.get(key);
      held.delete(key);
      if (found) await found.dispose(found.resource);
    },
    async close() {
      const all = [...held.values()];
      held.clear();
      await Promise.allSettled(all.map((h) => h.dispose(h.resource)));
    },
  };
}

/** A context for one caller: `connectorContext({ clock })`; pass `resources` to share pools across calls. */
export function connectorContext(opts: Partial<ConnectorContext> = {}): ConnectorContext {
  return { ...opts, clock: opts.clock ?? systemClock, resources: opts.resources ?? createResourcePool() };
}

const RANK: Record<MessageStatus, number> = {
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  bounced: 4,
};

/**
 * Orders statuses so reports arriving out of order never move a message backwards:
 * queued < sending < sent < delivered | undelivered | failed | bounced (final).
 * `statusRank('sent') < statusRank('delivered')` → true
 */
export function statusRank(status: MessageStatus): number {
  return RANK[status];
}

export function isFinalStatus(status: MessageStatus): boolean {
  return RANK[status] === 4;
}

/**
 * Whether a report should change a stored status. A duplicate, an older status, or a second final status after a
 * first one is ignored. `applyStatus('delivered', 'sent')` → `{ apply: false, reason: 'stale' }`
 */
export function applyStatus(
  current: MessageStatus | null | undefined,
  incoming: MessageStatus,
): { apply: true; status: MessageStatus } | { apply: false; reason: 'duplicate' | 'stale' | 'final' } {
  if (!current) return { apply: true, status: incoming };
  if (current === incoming) return { apply: false, reason: 'duplicate' };
  if (isFinalStatus(current)) return { apply: false, reason: 'final' };
  if (RANK[incoming] <= RANK[current]) return { apply: false, reason: 'stale' };
  return { apply: true, status: incoming };
}

/** A refused webhook, with the status the caller answers. */
export function refuse(reason: 'signature' | 'malformed', message: LocalizedText): WebhookOutcome {
  return { ok: false, reason, httpStatus: reason === 'signature' ? 403 : 400, message };
}
