import { describe, expect, it } from 'vitest';
import { fromDbDateTime, toDbDateTime } from './connection.ts';

describe('stored date-times', () => {
  it('writes an instant in the stored form and reads it back as the same ISO instant', () => {
    for (const iso of ['2026-03-18T10:00:00.000Z', '2024-02-29T23:59:59.999Z', '1999-12-31T00:00:00.001Z']) {
      expect(toDbDateTime(iso)).toBe(iso.replace('T', ' ').replace('Z', ''));
      expect(toDbDateTime(new Date(iso))).toBe(toDbDateTime(iso));
      expect(fromDbDateTime(toDbDateTime(iso))).toBe(iso);
    }
  });

  it('reads what the databases give back: with or without milliseconds, ISO strings and Date objects', () => {
    expect(fromDbDateTime('2026-03-18 10:00:00')).toBe('2026-03-18T10:00:00.000Z');
    expect(fromDbDateTime('2026-03-18 10:00:00.250')).toBe('2026-03-18T10:00:00.250Z');
    expect(fromDbDateTime('2026-03-18T10:00:00+01:00')).toBe('2026-03-18T09:00:00.000Z');
    expect(fromDbDateTime(new Date('2026-03-18T10:00:00Z'))).toBe('2026-03-18T10:00:00.000Z');
    expect(fromDbDateTime(null)).toBeNull();
    expect(fromDbDateTime(undefined)).toBeNull();
  });

  it('reads an impossible calendar value as the Date parser does, not copied through', () => {
    for (const s of ['2026-02-30 10:00:00', '2025-02-29 00:00:00.000', '2026-04-31 12:00:00'])
      expect(fromDbDateTime(s)).toBe(new Date(s.replace(' ', 'T') + 'Z').toISOString());
    expect(() => fromDbDateTime('2026-13-01 00:00:00')).toThrow(RangeError);
    for (const iso of ['2026-02-30T10:00:00.000Z', '2026-03-18T10:00:00+01:00', '2026-03-18T10:00:00Z'])
      expect(toDbDateTime(iso)).toBe(new Date(iso).toISOString().replace('T', ' ').replace('Z', ''));
    expect(() => toDbDateTime('2026-13-01T00:00:00.000Z')).toThrow(RangeError);
  });
});
