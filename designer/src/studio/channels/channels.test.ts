import { describe, expect, it } from 'vitest';
import { buildChannelBody, formValues } from './channels.ts';

describe('channel settings form', () => {
  it('shows nested non-secret settings as flat fields', () => {
    // given settings as the server shows them
    const settings = {
      smtpUrl: 'smtp://mail.example.hu:587',
      from: 'CRM <crm@example.hu>',
      dkim: { keySelector: 'crm' },
    };
    // when
    const v = formValues('email', settings);
    // then
    expect(v).toMatchObject({ smtpUrl: 'smtp://mail.example.hu:587', 'dkim.keySelector': 'crm', envelopeFrom: '' });
  });

  it('sends typed secrets only and numbers as numbers', () => {
    // when an SMS channel is saved with the token left empty
    const r = buildChannelBody(
      'sms',
      { accountSid: 'AC' + '0'.repeat(32), from: '+36301234567', maxSegments: '3' },
      { authToken: '' },
    );
    // then the token is left out, so the stored one is kept
    expect(r).toEqual({ ok: true, body: { accountSid: 'AC' + '0'.repeat(32), from: '+36301234567', maxSegments: 3 } });
    const typed = buildChannelBody('sms', { accountSid: 'x' }, { authToken: 'secret-token' });
    expect(typed.ok && typed.body.authToken).toBe('secret-token');
  });

  it('puts a typed SMTP password into the URL and nests dotted fields', () => {
    const r = buildChannelBody(
      'email',
      { smtpUrl: 'smtp://crm@mail.example.hu:587', from: 'crm@example.hu', 'dkim.domainName': 'example.hu' },
      { smtpPassword: 'jel szó', 'dkim.privateKey': 'KEY' },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(new URL(r.body.smtpUrl as string).password).toBe(encodeURIComponent('jel szó'));
    expect(r.body.dkim).toEqual({ domainName: 'example.hu', privateKey: 'KEY' });
    expect(r.body).not.toHaveProperty('smtpPassword');
  });

  it('sends the shown URL with its hidden password back as it is (the server keeps the stored one)', () => {
    expect(buildChannelBody('email', { smtpUrl: 'smtp://crm:[redacted]@mail.example.hu' }, {})).toEqual({
      ok: true,
      body: { smtpUrl: 'smtp://crm:[redacted]@mail.example.hu' },
    });
  });
});
