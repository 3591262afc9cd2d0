/**
 * Channel settings for the Studio: which channels have a provider and where its settings come from. Settings set
 * in the environment win and are shown read-only; the others are stored in `folyam_channel_settings`, validated
 * with the connector's own `configSchema`, and take effect on the next send without a restart (the transport reads
 * the live settings object). Secrets are stored but never returned: the answer only says which are set.
 */
import { issue } from '@folyam/metamodel';
import { fromZod } from '@folyam/metamodel';
import { REDACTED } from '@folyam/connectors';
import { errors, FolyamError, toDbDateTime, type Actor, type Platform } from '@folyam/platform';
import type { Messaging } from './messaging.ts';

const TABLE = 'folyam_channel_settings';
export const CHANNELS = ['email', 'sms', 'fax'] as const;
type Channel = (typeof CHANNELS)[number];

export type ChannelView = {
  channel: Channel;
  configured: boolean;
  source: 'env' | 'settings' | 'none';
  settings: Record<string, unknown> & { secretsSet: Record<string, boolean> };
};

function getPath(o: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
}

function setPath(o: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) {
    if (!cur[k] || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}

function dropRedacted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropRedacted);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== REDACTED) out[k] = dropRedacted(x);
    return out;
  }
  return v;
}

export class ChannelSettingsService {
  constructor(
    private readonly platform: Platform,
    private readonly messaging: Messaging,
  ) {}

  /** Reads the stored settings into the live ones (channels set in the environment keep theirs). */
  async load(): Promise<void> {
    for (const row of await this.platform.knex(TABLE).select('channel', 'config')) {
      const channel = row.channel as Channel;
      if (!(CHANNELS as readonly string[]).includes(channel) || this.messaging.envChannels.has(channel)) continue;
      try {
        const parsed = this.messaging.registry.get(channel).parseConfig(JSON.parse(String(row.config)));
        (this.messaging.settings as Record<string, unknown>)[channel] = parsed;
      } catch {
        // Invalid stored settings (an older schema): the channel stays unconfigured until saved again.
      }
    }
  }

  private view(channel: Channel): ChannelView {
    const config = this.messaging.settings[channel];
    const source = this.messaging.envChannels.has(channel) ? 'env' : config ? 'settings' : 'none';
    const connector = this.messaging.registry.get(channel);
    const secretsSet: Record<string, boolean> = {};
    for (const key of connector.secretKeys) secretsSet[key] = Boolean(config && getPath(config, key));
    if (channel === 'email' && config) {
      try {
        secretsSet.smtpPassword = Boolean(new URL((config as { smtpUrl: string }).smtpUrl).password);
      } catch {
        secretsSet.smtpPassword = false;
      }
    }
    const shown = config ? (dropRedacted(connector.redact(config)) as Record<string, unknown>) : {};
    // A fax gateway over email carries the whole email configuration: shown once, under email.
    if (channel === 'fax') delete shown.email;
    return { channel, configured: Boolean(config), source, settings: { ...shown, secretsSet } };
  }

  list(): ChannelView[] {
    return CHANNELS.map((c) => this.view(c));
  }

  /** `PUT /api/messaging/channels/{channel}`: administrators only; a secret left out keeps its stored value. */
  async put(actor: Actor, channelParam: string, body: Record<string, unknown>): Promise<ChannelView> {
    if (!actor.admin) throw errors.forbidden();
    if (!(CHANNELS as readonly string[]).includes(channelParam))
      throw errors.notFound({ hu: 'A csatorna', en: 'The channel' });
    const channel = channelParam as Channel;
    if (this.messaging.envChannels.has(channel))
      throw new FolyamError(409, 'CHANNEL_FROM_ENV', {
        hu: 'Ennek a csatornának a beállításai környezeti változókból jönnek, itt nem módosíthatók.',
        en: 'This channel is configured by environment variables and cannot be changed here.',
      });
    const connector = this.messaging.registry.get(channel);
    const input = structuredClone(body) as Record<string, unknown>;
    delete input.secretsSet;
    const stored = this.messaging.settings[channel];
    for (const key of connector.secretKeys) {
      const given = getPath(input, key);
      if ((given === undefined || given === REDACTED) && stored && getPath(stored, key) !== undefined)
        setPath(input, key, getPath(stored, key));
    }
    // The SMTP URL is shown with its password hidden: sent back so, it keeps the stored password.
    if (channel === 'email') keepSmtpPassword(input, stored as { smtpUrl?: unknown } | undefined);
    // Fax over an email gateway sends through the email channel's SMTP settings.
    if (channel === 'fax' && input.mode === 'email' && !input.email) input.email = this.messaging.settings.email;
    const r = connector.configSchema.safeParse(input);
    if (!r.success) {
      const details = fromZod(r.error, []);
      throw new FolyamError(
        400,
        'CHANNEL_SETTINGS_INVALID',
        { hu: 'A csatorna beállításai hibásak.', en: 'The channel settings are not valid.' },
        details.length ? details : [issue('', 'invalid')],
      );
    }
    const now = toDbDateTime(this.platform.clock.now());
    const config = JSON.stringify(r.data);
    await this.platform
      .knex(TABLE)
      .insert({ channel, config, updated_at: now, updated_by: actor.id })
      .onConflict('channel')
      .merge(['config', 'updated_at', 'updated_by']);
    (this.messaging.settings as Record<string, unknown>)[channel] = r.data;
    await this.platform.knex('folyam_audit').insert({
      at: now,
      actor_id: actor.id,
      actor_name: actor.username.slice(0, 64),
      action: 'channel.settings',
      entity: null,
      record_id: channel,
      info: JSON.stringify({ channel }),
    });
    return this.view(channel);
  }
}

const HIDDEN_PASSWORD = /^(\[redacted\]|%5Bredacted%5D|\*+)$/i;

/**
 * `smtp://user:[redacted]@host:587` as the settings page shows it → the stored URL's password, when scheme, host,
 * port and user are unchanged (a different server never receives the old password).
 */
export function keepSmtpPassword(input: Record<string, unknown>, stored: { smtpUrl?: unknown } | undefined): void {
  if (typeof input.smtpUrl !== 'string' || typeof stored?.smtpUrl !== 'string') return;
  let given: URL;
  let old: URL;
  try {
    given = new URL(input.smtpUrl);
    old = new URL(stored.smtpUrl);
  } catch {
    return;
  }
  if (!HIDDEN_PASSWORD.test(given.password)) return;
  const same =
    given.protocol === old.protocol &&
    given.hostname === old.hostname &&
    given.port === old.port &&
    given.username === old.username;
  given.password = same ? old.password : '';
  input.smtpUrl = given.toString().replace(/\/$/, '');
}
