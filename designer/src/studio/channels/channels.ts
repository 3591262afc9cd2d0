/**
 * The channel settings form, as data: which fields each channel has (dotted paths into the connector's settings),
 * which are secrets (write-only: never shown, only "set"), and the PUT body built from what the user typed. A
 * secret left empty is left out, so the server keeps the stored one.
 */
import type { Channel } from '../../workspace/messaging/messaging.api.ts';

/** `placeholder` shows the syntax (not translated: it is what the user types). */
export type FieldDef = {
  path: string;
  kind?: 'text' | 'number' | 'select' | 'multiline';
  options?: string[];
  placeholder?: string;
};

export const CHANNEL_FIELDS: Record<Channel, { fields: FieldDef[]; secrets: FieldDef[] }> = {
  email: {
    fields: [
      { path: 'smtpUrl', placeholder: 'smtp://user@smtp.example.hu:587' },
      { path: 'from' },
      { path: 'envelopeFrom' },
      { path: 'messageIdDomain' },
      { path: 'dkim.domainName' },
      { path: 'dkim.keySelector' },
    ],
    secrets: [{ path: 'smtpPassword' }, { path: 'dkim.privateKey', kind: 'multiline' }],
  },
  sms: {
    fields: [
      { path: 'accountSid' },
      { path: 'from' },
      { path: 'apiUrl' },
      { path: 'statusCallbackUrl' },
      { path: 'maxSegments', kind: 'number' },
    ],
    secrets: [{ path: 'authToken' }],
  },
  fax: {
    fields: [
      { path: 'mode', kind: 'select', options: ['email', 'http'] },
      { path: 'addressPattern', placeholder: '{number}@fax.example.hu' },
      { path: 'url' },
    ],
    secrets: [{ path: 'token' }],
  },
};

/** `getPath({ dkim: { keySelector: 'crm' } }, 'dkim.keySelector')` → `'crm'` */
export function getPath(o: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
}

function setPath(o: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
  cur[keys[keys.length - 1]!] = value;
}

/** Form values from the settings the server showed (secrets never among them). */
export function formValues(channel: Channel, settings: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of CHANNEL_FIELDS[channel].fields) {
    const v = getPath(settings, f.path);
    out[f.path] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

export type BuildResult = { ok: true; body: Record<string, unknown> } | { ok: false; path: string; code: string };

/**
 * The PUT body: non-empty fields (numbers as numbers), typed secrets only; for email, a typed SMTP password goes
 * into the SMTP URL; a URL whose password was hidden is sent as shown, and the server keeps the stored password.
 */
export function buildChannelBody(
  channel: Channel,
  values: Record<string, string>,
  secrets: Record<string, string>,
): BuildResult {
  const body: Record<string, unknown> = {};
  for (const f of CHANNEL_FIELDS[channel].fields) {
    const v = (values[f.path] ?? '').trim();
    if (!v) continue;
    setPath(body, f.path, f.kind === 'number' ? Number(v) : v);
  }
  for (const f of CHANNEL_FIELDS[channel].secrets) {
    if (f.path === 'smtpPassword') continue;
    const v = secrets[f.path] ?? '';
    if (v) setPath(body, f.path, v);
  }
  if (channel === 'email' && typeof body.smtpUrl === 'string') {
    const password = secrets.smtpPassword ?? '';
    if (password) {
      try {
        const url = new URL(body.smtpUrl);
        url.password = encodeURIComponent(password);
        body.smtpUrl = url.toString().replace(/\/$/, '');
      } catch {
        return { ok: false, path: 'smtpUrl', code: 'url' };
      }
    }
    // Otherwise a URL shown with its password hidden goes back as it is: the server keeps the stored password.
  }
  return { ok: true, body };
}
