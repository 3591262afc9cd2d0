import { describe, expect, it } from 'vitest';
import { keepSmtpPassword } from './channels.service.ts';

describe('the SMTP password on a settings save', () => {
  const stored = { smtpUrl: 'smtp://crm%40ceg.hu:Titkos%20jelsz%C3%B3@mail.ceg.hu:587' };

  it('is kept when the URL comes back as shown, with its password hidden', () => {
    for (const hidden of ['[redacted]', '%5Bredacted%5D', '***']) {
      const input: Record<string, unknown> = { smtpUrl: `smtp://crm%40ceg.hu:${hidden}@mail.ceg.hu:587` };
      keepSmtpPassword(input, stored);
      expect(input.smtpUrl).toBe(stored.smtpUrl);
    }
  });

  it('is never carried to another server or user', () => {
    for (const url of [
      'smtp://crm%40ceg.hu:[redacted]@mail.masik.hu:587',
      'smtp://crm%40ceg.hu:[redacted]@mail.ceg.hu:25',
      'smtps://crm%40ceg.hu:[redacted]@mail.ceg.hu:587',
      'smtp://masik%40ceg.hu:[redacted]@mail.ceg.hu:587',
    ]) {
      const input: Record<string, unknown> = { smtpUrl: url };
      keepSmtpPassword(input, stored);
      expect(new URL(input.smtpUrl as string).password).toBe('');
    }
  });

  it('leaves a newly typed password and a URL without one as they are', () => {
    const typed: Record<string, unknown> = { smtpUrl: 'smtp://crm%40ceg.hu:uj@mail.ceg.hu:587' };
    keepSmtpPassword(typed, stored);
    expect(typed.smtpUrl).toBe('smtp://crm%40ceg.hu:uj@mail.ceg.hu:587');
    const none: Record<string, unknown> = { smtpUrl: 'smtp://mail.ceg.hu:25' };
    keepSmtpPassword(none, stored);
    expect(none.smtpUrl).toBe('smtp://mail.ceg.hu:25');
    const first: Record<string, unknown> = { smtpUrl: 'smtp://u:[redacted]@mail.ceg.hu:25' };
    keepSmtpPassword(first, undefined);
    expect(first.smtpUrl).toBe('smtp://u:[redacted]@mail.ceg.hu:25');
  });
});
