import { describe, expect, it } from 'vitest';
import { configFromEnv, redactConfig } from './config.ts';
import { connectorContext, REDACTED } from './contract.ts';
import { ConnectorError } from './errors.ts';
import { connectorRegistry, runAction } from './registry.ts';

const SID = 'AC' + 'a1b2c3d4'.repeat(4);
const ENV = {
  FOLYAM_SMTP_URL: 'smtp://crm:smtp-jelszo@mail.example.hu:587',
  FOLYAM_MAIL_FROM: 'Folyam CRM <crm@example.hu>',
  FOLYAM_MAIL_ENVELOPE_FROM: 'bounces@example.hu',
  FOLYAM_DKIM_DOMAIN: 'example.hu',
  FOLYAM_DKIM_SELECTOR: 'crm',
  FOLYAM_DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nMIIsecret\\n-----END PRIVATE KEY-----',
  FOLYAM_TWILIO_ACCOUNT_SID: SID,
  FOLYAM_TWILIO_AUTH_TOKEN: 'twilio-secret-token',
  FOLYAM_TWILIO_FROM: '06 1 234 5678',
  FOLYAM_TWILIO_API_URL: 'https://api.dublin.ie1.twilio.com',
  FOLYAM_FAX_GATEWAY: '{number}@fax.example.hu',
};

async function refusal(p: () => unknown): Promise<ConnectorError> {
  try {
    await p();
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    return e as ConnectorError;
  }
  throw new Error('expected a ConnectorError');
}

describe('configFromEnv', () => {
  it('reads every connector whose variables are set', () => {
    // when
    const config = configFromEnv(ENV);

    // then
    expect(config.email).toMatchObject({
      smtpUrl: ENV.FOLYAM_SMTP_URL,
      from: 'Folyam CRM <crm@example.hu>',
      envelopeFrom: 'bounces@example.hu',
      dkim: {
        domainName: 'example.hu',
        keySelector: 'crm',
        privateKey: '-----BEGIN PRIVATE KEY-----\nMIIsecret\n-----END PRIVATE KEY-----',
      },
    });
    expect(config.sms).toEqual({
      accountSid: SID,
      authToken: 'twilio-secret-token',
      from: '+3612345678',
      apiUrl: 'https://api.dublin.ie1.twilio.com',
    });
    expect(config.fax).toMatchObject({
      mode: 'email',
      addressPattern: '{number}@fax.example.hu',
      email: { smtpUrl: ENV.FOLYAM_SMTP_URL },
    });
  });

  it('leaves out what is not configured, and reads an HTTP fax API from a URL', () => {
    expect(configFromEnv({})).toEqual({});
    expect(
      configFromEnv({ FOLYAM_FAX_GATEWAY: 'https://fax.example.hu/api', FOLYAM_FAX_TOKEN: 'fax-token-123' }),
    ).toEqual({
      fax: { mode: 'http', url: 'https://fax.example.hu/api', token: 'fax-token-123' },
    });
  });

  it('names the variables at fault', async () => {
    // when
    const e = await refusal(() =>
      configFromEnv({
        FOLYAM_TWILIO_ACCOUNT_SID: 'SK123',
        FOLYAM_TWILIO_AUTH_TOKEN: 'x'.repeat(32),
        FOLYAM_TWILIO_FROM: '123',
        FOLYAM_FAX_GATEWAY: '{number}@fax.example.hu',
      }),
    );

    // then
    expect(e.code).toBe('CONNECTOR_CONFIG_INVALID');
    expect(e.details.map((d) => d.path).sort()).toEqual([
      'FOLYAM_FAX_GATEWAY',
      'FOLYAM_TWILIO_ACCOUNT_SID',
      'FOLYAM_TWILIO_FROM',
    ]);
    expect(e.details.find((d) => d.path === 'FOLYAM_TWILIO_FROM')?.message.hu).toBe('Érvénytelen telefonszám.');
  });

  it('refuses a Twilio API URL that would send credentials in clear text', async () => {
    const e = await refusal(() => configFromEnv({ ...ENV, FOLYAM_TWILIO_API_URL: 'http://twilio-proxy.example.hu' }));
    expect(e.details.map((d) => d.path)).toEqual(['FOLYAM_TWILIO_API_URL']);
  });
});

describe('redactConfig', () => {
  it('never returns a secret, and keeps what an operator needs to see', () => {
    // when
    const redacted = redactConfig(
      configFromEnv({ ...ENV, FOLYAM_SMTP_URL: 'smtps://crm:smtp-jelszo@mail.example.hu:465?pass=x' }),
    );
    const text = JSON.stringify(redacted);

    // then
    for (const secret of ['smtp-jelszo', 'MIIsecret', 'twilio-secret-token', 'pass=x'])
      expect(text).not.toContain(secret);
    expect(redacted).toMatchObject({
      email: {
        smtpUrl: expect.stringContaining('mail.example.hu:465'),
        dkim: { privateKey: REDACTED, keySelector: 'crm' },
      },
      sms: { authToken: REDACTED, accountSid: SID, from: '+3612345678' },
      fax: { email: { dkim: { privateKey: REDACTED } } },
    });
    expect(redactConfig({ fax: { mode: 'http', url: 'https://fax.example.hu', token: 'fax-token-123' } })).toEqual({
      fax: { mode: 'http', url: 'https://fax.example.hu', token: REDACTED },
    });
  });

  it('drops sections of connectors it does not know', () => {
    expect(redactConfig({ mystery: { apiKey: 'k' } })).toEqual({});
  });
});

describe('connectorRegistry', () => {
  it('lists the built-in connectors and refuses unknown ids, actions and settings', async () => {
    // given
    const registry = connectorRegistry();
    const ctx = connectorContext();

    // then
    expect(registry.list().map((c) => c.id)).toEqual(['email', 'sms', 'fax']);
    expect(registry.get('sms').secretKeys).toEqual(['authToken']);
    expect((await refusal(() => registry.get('pigeon'))).code).toBe('CONNECTOR_UNKNOWN');
    expect((await refusal(() => runAction(registry, 'sms', 'toString', {}, {}, ctx))).code).toBe(
      'CONNECTOR_UNKNOWN_ACTION',
    );
    const bad = await refusal(() => runAction(registry, 'sms', 'send', { accountSid: 'nope' }, {}, ctx));
    expect(bad.code).toBe('CONNECTOR_CONFIG_INVALID');
    expect(bad.details.map((d) => d.path)).toContain('sms.accountSid');
    expect(() => connectorRegistry([registry.get('sms'), registry.get('sms')])).toThrow(/twice/);
  });
});
