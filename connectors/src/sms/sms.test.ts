import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  applyStatus,
  connectorContext,
  createResourcePool,
  type ConnectorContext,
  type MessageStatus,
  type StatusUpdate,
} from '../contract.ts';
import { ConnectorError } from '../errors.ts';
import { connectorRegistry, runWebhook } from '../registry.ts';
import { startCallbackReceiver, startTwilioFake, type CallbackReceiver, type TwilioFake } from '../testing/index.ts';
import type { SmsConfig } from './sms.config.ts';
import { smsConnector } from './sms.connector.ts';
import { sendSms } from './sms.send.ts';

const ACCOUNT_SID = 'AC' + '0123456789abcdef'.repeat(2);
const AUTH_TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

async function refusal(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    return e as ConnectorError;
  }
  throw new Error('expected a ConnectorError');
}

describe('SMS through the real twilio package and the loopback Twilio fake', () => {
  let twilio: TwilioFake;
  let hooks: CallbackReceiver;
  let config: SmsConfig;
  let ctx: ConnectorContext;
  const updates: StatusUpdate[] = [];
  const registry = connectorRegistry();

  beforeAll(async () => {
    twilio = await startTwilioFake({ authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID });
    // The runtime's webhook route, in miniature: verify and parse, answer 200 or what the refusal says.
    hooks = await startCallbackReceiver(async (req) => {
      const outcome = await runWebhook(
        registry,
        'sms',
        'status',
        config,
        { url: req.url, headers: req.headers, body: req.form },
        ctx,
      );
      if (!outcome.ok) return outcome.httpStatus;
      updates.push(...outcome.updates);
      return 200;
    });
    config = smsConnector.parseConfig({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: '+36 1 234 5678',
      apiUrl: twilio.url,
      statusCallbackUrl: `${hooks.url}/hooks/sms/status?tenant=demo`,
    });
  });
  afterAll(async () => {
    await hooks.close();
    await twilio.close();
  });
  beforeEach(() => {
    ctx = connectorContext({ clock: { now: () => new Date('2025-03-01T10:00:00Z') }, resources: createResourcePool() });
    updates.length = 0;
    twilio.messages.length = 0;
  });
  afterEach(async () => {
    await ctx.resources.close();
  });

  it('sends to a Hungarian number in E.164 with the form fields Twilio expects', async () => {
    // when
    const result = await smsConnector.actions.send(
      config,
      { to: '06 30 123 4567', body: 'Holnap 10-kor várjuk az irodában.' },
      ctx,
    );

    // then
    expect(result).toMatchObject({ status: 'queued', raw: { numSegments: '1', encoding: 'UCS-2', segments: 1 } });
    expect(result.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0].form).toEqual({
      To: '+36301234567',
      From: '+3612345678',
      Body: 'Holnap 10-kor várjuk az irodában.',
      StatusCallback: `${hooks.url}/hooks/sms/status?tenant=demo`,
    });
    expect(twilio.messages[0].sid).toBe(result.providerId);
  });

  it('refuses an invalid number before calling Twilio', async () => {
    const e = await refusal(sendSms(config, { to: '06 30 123', body: 'x' }, ctx));
    expect(e.code).toBe('PHONE_INVALID');
    expect(twilio.messages).toHaveLength(0);
  });

  it('refuses a text longer than the configured number of parts', async () => {
    const e = await refusal(sendSms({ ...config, maxSegments: 2 }, { to: '+36301234567', body: 'ő'.repeat(135) }, ctx));
    expect(e.code).toBe('SMS_TOO_LONG');
    expect(e.messages.en).toContain('3 messages (UCS-2)');
  });

  it('maps Twilio errors: bad credentials, a refused number, an outage', async () => {
    // given
    twilio.rejectNumber('+36309999999', 21610, 'Attempt to send to unsubscribed recipient');

    // when
    const auth = await refusal(
      sendSms({ ...config, authToken: 'wrong-token-123' }, { to: '+36301234567', body: 'x' }, ctx),
    );
    const refused = await refusal(sendSms(config, { to: '+36309999999', body: 'x' }, ctx));
    twilio.failNext(503);
    const outage = await refusal(sendSms(config, { to: '+36301234567', body: 'x' }, ctx));

    // then
    expect(auth).toMatchObject({
      code: 'SMS_AUTH_FAILED',
      kind: 'config',
      retryable: false,
      provider: { status: 401, code: 20003 },
    });
    expect(refused).toMatchObject({
      code: 'SMS_RECIPIENT_REFUSED',
      retryable: false,
      provider: { status: 400, code: 21610 },
    });
    expect(outage).toMatchObject({ code: 'SMS_PROVIDER_UNAVAILABLE', retryable: true, provider: { status: 503 } });
  });

  it('accepts signed status callbacks and refuses forged ones', async () => {
    // given
    const { providerId } = await sendSms(config, { to: '+36301234567', body: 'Szia!' }, ctx);

    // when
    const sent = await twilio.fireStatusCallback(providerId, 'sent');
    const wrongToken = await twilio.fireForgedCallback(providerId, 'delivered', 'wrong-token');
    const tampered = await twilio.fireForgedCallback(providerId, 'failed', 'tampered');
    const unsigned = await twilio.fireForgedCallback(providerId, 'delivered', 'unsigned');
    const delivered = await twilio.fireStatusCallback(providerId, 'delivered');

    // then
    expect([sent.status, wrongToken.status, tampered.status, unsigned.status, delivered.status]).toEqual([
      200, 403, 403, 403, 200,
    ]);
    expect(hooks.received.at(-1)?.headers['x-twilio-signature']).toBeTruthy();
    expect(updates.map((u) => [u.providerId, u.status])).toEqual([
      [providerId, 'sent'],
      [providerId, 'delivered'],
    ]);
    expect(updates[1].at).toEqual(new Date('2025-03-01T10:00:00Z'));
  });

  it('reads a failure with its error code, and skips intermediate statuses', async () => {
    // given
    const { providerId } = await sendSms(config, { to: '+36301234567', body: 'Szia!' }, ctx);

    // when
    await twilio.fireStatusCallback(providerId, 'sending');
    await twilio.fireStatusCallback(providerId, 'undelivered');

    // then
    expect(updates).toEqual([expect.objectContaining({ providerId, status: 'undelivered', error: { code: '30003' } })]);
  });

  it('never moves a status backwards when callbacks arrive late, twice, or out of order', async () => {
    // given
    const { providerId } = await sendSms(config, { to: '+36301234567', body: 'Szia!' }, ctx);
    let stored: MessageStatus = 'queued';
    const outcomes: string[] = [];

    // when: Twilio retries and reorders
    for (const s of ['delivered', 'sent', 'delivered', 'failed']) await twilio.fireStatusCallback(providerId, s);
    for (const u of updates) {
      const r = applyStatus(stored, u.status);
      outcomes.push(r.apply ? `→${r.status}` : `skip:${r.reason}`);
      if (r.apply) stored = r.status;
    }

    // then
    expect(outcomes).toEqual(['→delivered', 'skip:final', 'skip:duplicate', 'skip:final']);
    expect(stored).toBe('delivered');
  });
});
