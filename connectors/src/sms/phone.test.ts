import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../errors.ts';
import { requireE164, toE164 } from './phone.ts';

describe('toE164', () => {
  it('normalises Hungarian numbers written the usual ways', () => {
    expect(toE164('06 30 123 4567')).toBe('+36301234567');
    expect(toE164('+36 30 123 4567')).toBe('+36301234567');
    expect(toE164('0036301234567')).toBe('+36301234567');
    expect(toE164('06-1-234-5678')).toBe('+3612345678');
    expect(toE164('(06 20) 987-6543')).toBe('+36209876543');
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
  });

  it('refuses what is not a valid number', () => {
    expect(toE164('06 30 123 456')).toBeNull();
    expect(toE164('06 30 1234 5678')).toBeNull();
    expect(toE164('hívj fel')).toBeNull();
    expect(toE164('+36301234567\nBcc')).toBeNull();
  });

  it('throws a clear, located error on send paths', () => {
    try {
      requireE164('06 30 123', 'to');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConnectorError);
      expect(e).toMatchObject({ code: 'PHONE_INVALID', kind: 'input', details: [{ path: 'to', code: 'phone' }] });
    }
  });
});
