import { describe, expect, it } from 'vitest';
import { applyStatus, createResourcePool, defineConnector, isFinalStatus, statusRank } from './contract.ts';
import { z } from 'zod';

describe('statusRank and applyStatus', () => {
  it('orders queued < sending < sent < final states', () => {
    expect(statusRank('queued')).toBeLessThan(statusRank('sending'));
    expect(statusRank('sending')).toBeLessThan(statusRank('sent'));
    for (const s of ['delivered', 'undelivered', 'failed', 'bounced'] as const) {
      expect(statusRank('sent')).toBeLessThan(statusRank(s));
      expect(isFinalStatus(s)).toBe(true);
    }
  });

  it('applies progress, ignores duplicates and stale reports, and never leaves a final state', () => {
    expect(applyStatus(null, 'queued')).toEqual({ apply: true, status: 'queued' });
    expect(applyStatus('queued', 'sent')).toEqual({ apply: true, status: 'sent' });
    expect(applyStatus('queued', 'delivered')).toEqual({ apply: true, status: 'delivered' });
    expect(applyStatus('sent', 'sent')).toEqual({ apply: false, reason: 'duplicate' });
    expect(applyStatus('sent', 'sending')).toEqual({ apply: false, reason: 'stale' });
    expect(applyStatus('delivered', 'sent')).toEqual({ apply: false, reason: 'final' });
    expect(applyStatus('delivered', 'failed')).toEqual({ apply: false, reason: 'final' });
    expect(applyStatus('bounced', 'delivered')).toEqual({ apply: false, reason: 'final' });
  });
});

describe('defineConnector', () => {
  it('checks its declaration', () => {
    const base = { label: { hu: 'x', en: 'x' }, configSchema: z.object({}), actions: {}, webhooks: {} };
    expect(() => defineConnector({ ...base, id: 'Email', secretKeys: [] })).toThrow(/lowercase/);
    expect(() => defineConnector({ ...base, id: 'x', secretKeys: ['a..b'] })).toThrow(/secret key/);
  });
});

describe('createResourcePool', () => {
  it('creates a resource once per key and disposes of all on close', async () => {
    // given
    const pool = createResourcePool();
    const disposed: string[] = [];
    let created = 0;
    const make = () => ({ n: ++created });

    // when
    const a = pool.get('a', make, () => void disposed.push('a'));
    const again = pool.get('a', make, () => void disposed.push('a'));
    pool.get('b', make, () => void disposed.push('b'));
    await pool.close();

    // then
    expect(again).toBe(a);
    expect(created).toBe(2);
    expect(disposed.sort()).toEqual(['a', 'b']);
  });
});
