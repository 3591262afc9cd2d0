import { describe, expect, it } from 'vitest';
import { buildOrg, type OrgUser } from '../org/org.ts';
import { orgUser } from '../testing/org.ts';
import { recipientsOf, resolveRecipients } from './service-call.ts';

const user = (username: string, extra: Partial<OrgUser> = {}) =>
  orgUser(username, { email: `${username}@example.hu`, phone: null, ...extra });

const org = buildOrg({
  users: [
    user('anna', { phone: '+36301234567' }),
    user('bela'),
    user('cecil', { phone: '+36309876543', disabled: true }),
    user('dora', { email: null }),
  ],
  departments: [],
});

const brief = (rs: ReturnType<typeof recipientsOf>) => rs.map((r) => `${r.channel}:${r.address}`);

describe('service task recipients', () => {
  it('reaches users by SMS on their mobile number, by email when they have none, and nobody disabled', () => {
    expect(brief(recipientsOf(['anna', 'bela', 'cecil', 'dora'], 'sms', org))).toEqual([
      'sms:+36301234567',
      'email:bela@example.hu',
    ]);
    expect(brief(recipientsOf('anna, bela', 'email', org))).toEqual(['email:anna@example.hu', 'email:bela@example.hu']);
  });

  it('takes plain addresses and numbers as they are, and FEEL for everything else', () => {
    expect(brief(resolveRecipients('ops@example.hu, +36 30 111 2222', 'sms', org, {}))).toEqual([
      'email:ops@example.hu',
      'sms:+36301112222',
    ]);
    expect(brief(resolveRecipients('"ops@example.hu"', 'email', org, {}))).toEqual(['email:ops@example.hu']);
    expect(brief(resolveRecipients('who', 'sms', org, { who: 'anna' }))).toEqual(['sms:+36301234567']);
    expect(brief(resolveRecipients('=[who, "bela"]', 'email', org, { who: 'anna' }))).toEqual([
      'email:anna@example.hu',
      'email:bela@example.hu',
    ]);
  });
});
