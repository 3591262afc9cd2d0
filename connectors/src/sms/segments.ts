/**
 * How many SMS a text costs. GSM-7 packs 160 characters in one message and 153 per part when split; one character
 * outside the GSM 03.38 alphabet — Hungarian á, í, ó, ú, ő, ű (é, ö, ü are in it) — makes the whole text UCS-2:
 * 70 per message, 67 per part. Characters of the GSM extension table (€ [ ] { } | ^ ~ \) take two septets, and
 * neither an escape pair nor a surrogate pair (emoji) is split across parts.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export type SegmentCount = {
  encoding: SmsEncoding;
  /** Parts the text is sent in; 0 for an empty text. */
  segments: number;
  /** Characters as a person counts them (code points). */
  chars: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  units: number;
  /** Units one part holds at this length: 160/153 or 70/67. */
  perSegment: number;
  /** Units left in the last part before another one starts. */
  remaining: number;
  /** The characters that forced UCS-2, each once, in order of appearance. */
  nonGsmChars: string[];
};

/** `countSegments('Szép napot!')` → `{ encoding: 'GSM-7', segments: 1, chars: 11, … }`; `'Győr'` → UCS-2. */
export function countSegments(text: string): SegmentCount {
  const chars = [...text];
  const nonGsm = [...new Set(chars.filter((c) => !BASIC.has(c) && !EXTENDED.has(c)))];
  const encoding: SmsEncoding = nonGsm.length ? 'UCS-2' : 'GSM-7';
  // The width of each character in units, so a split never cuts one in half.
  const widths = chars.map((c) => (encoding === 'GSM-7' ? (EXTENDED.has(c) ? 2 : 1) : c.length));
  const units = widths.reduce((a, b) => a + b, 0);
  const single = encoding === 'GSM-7' ? 160 : 70;
  const part = encoding === 'GSM-7' ? 153 : 67;
  if (units === 0)
    return { encoding, segments: 0, chars: 0, units: 0, perSegment: single, remaining: single, nonGsmChars: [] };
  if (units <= single) {
    return {
      encoding,
      segments: 1,
      chars: chars.length,
      units,
      perSegment: single,
      remaining: single - units,
      nonGsmChars: nonGsm,
    };
  }
  let segments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > part) {
      segments += 1;
      used = 0;
    }
    used += w;
  }
  return {
    encoding,
    segments,
    chars: chars.length,
    units,
    perSegment: part,
    remaining: part - used,
    nonGsmChars: nonGsm,
  };
}
