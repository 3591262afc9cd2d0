import { describe, expect, it } from 'vitest';
import { countSegments } from './segments.ts';

describe('countSegments', () => {
  it('fits 160 GSM-7 characters in one SMS and 153 per part after that', () => {
    expect(countSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, chars: 160, remaining: 0 });
    expect(countSegments('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('fits 70 UCS-2 characters in one SMS and 67 per part after that', () => {
    expect(countSegments('ő'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1, chars: 70 });
    expect(countSegments('ő'.repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(countSegments('ő'.repeat(134)).segments).toBe(2);
    expect(countSegments('ő'.repeat(135)).segments).toBe(3);
  });

  it('knows which Hungarian letters are in the GSM alphabet: é, ö, ü (and É, Ö, Ü) are; á, í, ó, ú, ő, ű are not', () => {
    expect(countSegments('Üdvözöljük, Éva! Ön nyert.').encoding).toBe('GSM-7');
    expect(countSegments('Győr')).toMatchObject({ encoding: 'UCS-2', nonGsmChars: ['ő'] });
    expect(countSegments('Tűz')).toMatchObject({ encoding: 'UCS-2', nonGsmChars: ['ű'] });
    expect(countSegments('árvíztűrő tükörfúrógép').nonGsmChars).toEqual(['á', 'í', 'ű', 'ő', 'ú', 'ó']);
    // one ő in a 100-character text turns one SMS into two
    expect(countSegments('a'.repeat(99)).segments).toBe(1);
    expect(countSegments('a'.repeat(98) + 'ő').segments).toBe(2);
  });

  it('counts extension characters as two septets and never splits one across parts', () => {
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 160, chars: 80 });
    expect(countSegments('€'.repeat(81)).segments).toBe(2);
    // 152 + € (2) would be 154 > 153: the € opens part two, and the last 'a' a third part
    expect(countSegments('a'.repeat(152) + '€' + 'a'.repeat(152))).toMatchObject({ units: 306, segments: 3 });
  });

  it('counts an emoji as two UCS-2 units without splitting it', () => {
    expect(countSegments('😀')).toMatchObject({ encoding: 'UCS-2', chars: 1, units: 2, segments: 1 });
    expect(countSegments('a'.repeat(66) + '😀' + 'aaa')).toMatchObject({ units: 71, segments: 2 });
  });

  it('says an empty text costs nothing', () => {
    expect(countSegments('')).toMatchObject({ segments: 0, chars: 0, encoding: 'GSM-7' });
  });
});
