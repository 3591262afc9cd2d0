/**
 * Connector settings from the environment (`FOLYAM_SMTP_URL`, `FOLYAM_TWILIO_*`, `FOLYAM_FAX_GATEWAY`), and their
 * redaction for anything that shows or logs them. The environment is passed in, never read from `process.env`.
 */
import type { z } from 'zod';
import type { Issue } from '@folyam/metamodel';
import { fromZod } from '@folyam/metamodel';
import { invalidConfig } from './contract.ts';
import { EmailConfig } from './email/email.config.ts';
import { FaxConfig } from './fax/fax.config.ts';
import { SmsConfig } from './sms/sms.config.ts';
import { connectorRegistry, type ConnectorRegistry } from './registry.ts';
import { customIssue } from './errors.ts';

export type ConnectorsConfig = { email?: EmailConfig; sms?: SmsConfig; fax?: FaxConfig };

type Env = Record<string, string | undefined>;

/** Which variable feeds which setting, so an error names the variable an operator has to fix. */
const ENV_OF: Record<string, string> = {
  'email.smtpUrl': 'FOLYAM_SMTP_URL',
  'email.from': 'FOLYAM_MAIL_FROM',
  'email.envelopeFrom': 'FOLYAM_MAIL_ENVELOPE_FROM',
  'email.dkim.domainName': 'FOLYAM_DKIM_DOMAIN',
  'email.dkim.keySelector': 'FOLYAM_DKIM_SELECTOR',
  'email.dkim.privateKey': 'FOLYAM_DKIM_PRIVATE_KEY',
  'sms.accountSid': 'FOLYAM_TWILIO_ACCOUNT_SID',
  'sms.authToken': 'FOLYAM_TWILIO_AUTH_TOKEN',
  'sms.from': 'FOLYAM_TWILIO_FROM',
  'sms.apiUrl': 'FOLYAM_TWILIO_API_URL',
  'fax.addressPattern': 'FOLYAM_FAX_GATEWAY',
  'fax.url': 'FOLYAM_FAX_GATEWAY',
  'fax.token': 'FOLYAM_FAX_TOKEN',
};

const val = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v ? v : undefined;
};

/**
 * Reads the settings of every connector whose variables are set; a connector without them is absent. Throws
 * `CONNECTOR_CONFIG_INVALID` naming the variables at fault.
 * `configFromEnv({ FOLYAM_SMTP_URL: 'smtp://mail.example.hu:587', FOLYAM_MAIL_FROM: 'CRM <crm@example.hu>' })` → `{ email: {…} }`
 */
export function configFromEnv(env: Env): ConnectorsConfig {
  const issues: Issue[] = [];
  const out: ConnectorsConfig = {};
  const check = <T>(section: string, schema: z.ZodType<T>, raw: unknown): T | undefined => {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    for (const i of fromZod(r.error, [section])) issues.push({ ...i, path: ENV_OF[i.path] ?? i.path });
    return undefined;
  };

  const smtpUrl = val(env, 'FOLYAM_SMTP_URL');
  if (smtpUrl) {
    const dkim = ['FOLYAM_DKIM_DOMAIN', 'FOLYAM_DKIM_SELECTOR', 'FOLYAM_DKIM_PRIVATE_KEY'].map((n) => val(env, n));
    out.email = check('email', EmailConfig, {
      smtpUrl,
      from: val(env, 'FOLYAM_MAIL_FROM'),
      envelopeFrom: val(env, 'FOLYAM_MAIL_ENVELOPE_FROM'),
      ...(dkim.some(Boolean)
        ? { dkim: { domainName: dkim[0], keySelector: dkim[1], privateKey: dkim[2]?.replace(/\\n/g, '\n') } }
        : {}),
    });
  }

  const sid = val(env, 'FOLYAM_TWILIO_ACCOUNT_SID');
  if (sid || val(env, 'FOLYAM_TWILIO_AUTH_TOKEN')) {
    out.sms = check('sms', SmsConfig, {
      accountSid: sid,
      authToken: val(env, 'FOLYAM_TWILIO_AUTH_TOKEN'),
      from: val(env, 'FOLYAM_TWILIO_FROM'),
      apiUrl: val(env, 'FOLYAM_TWILIO_API_URL'),
    });
  }

  const gateway = val(env, 'FOLYAM_FAX_GATEWAY');
  if (gateway) {
    if (/^https?:\/\//i.test(gateway)) {
      out.fax = check('fax', FaxConfig, { mode: 'http', url: gateway, token: val(env, 'FOLYAM_FAX_TOKEN') });
    } else if (!smtpUrl) {
      issues.push(
        customIssue(
          'FOLYAM_FAX_GATEWAY',
          'faxNeedsEmail',
          'Az e-mail-fax átjáróhoz a FOLYAM_SMTP_URL is kell.',
          'An email-to-fax gateway needs FOLYAM_SMTP_URL as well.',
        ),
      );
    } else if (out.email) {
      out.fax = check('fax', FaxConfig, { mode: 'email', addressPattern: gateway, email: out.email });
    }
  }

  if (issues.length) throw invalidConfig('connectors', issues);
  return out;
}

/**
 * The settings with every secret replaced by `[redacted]` and passwords stripped from URLs: safe for an API
 * answer or a log line. Sections of unknown connectors are dropped rather than guessed at.
 */
export function redactConfig(
  config: ConnectorsConfig | Record<string, unknown>,
  registry: ConnectorRegistry = connectorRegistry(),
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, section] of Object.entries(config)) {
    if (section === undefined) continue;
    if (registry.has(id)) out[id] = registry.get(id).redact(section);
  }
  return out;
}
