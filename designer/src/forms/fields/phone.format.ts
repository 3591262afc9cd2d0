/**
 * Hungarian phone numbers formatted as they are typed: `06301234567` → `+36 30 123 4567`, `+3612345678` →
 * `+36 1 234 5678`. Numbers of other countries (`+49…`, `0049…`) keep their digits as typed.
 */

/** Mobile network codes: seven-digit subscriber numbers. */
const MOBILE = new Set(['20', '21', '30', '31', '50', '70']);

function groups(digits: string, sizes: number[]): string[] {
  const out: string[] = [];
  let rest = digits;
  sizes.forEach((size, i) => {
    if (!rest) return;
    const take = i === sizes.length - 1 ? rest.length : size;
    out.push(rest.slice(0, take));
    rest = rest.slice(take);
  });
  return out;
}

/** The national part (after +36 / 06) in groups: area code, then 3+4 (Budapest, mobiles) or 3+3 digits. */
function formatNational(national: string): string {
  if (!national) return '+36';
  const area = national.startsWith('1') ? '1' : national.slice(0, 2);
  const rest = national.slice(area.length);
  const sizes = area === '1' || MOBILE.has(area) ? [3, 4] : [3, 3];
  return ['+36', area, ...groups(rest, sizes)].join(' ');
}

/** `formatPhoneAsYouType('06 30 1234567')` → `+36 30 123 4567` */
export function formatPhoneAsYouType(input: string): string {
  const s = input.trim();
  if (!s) return '';
  const digits = s.replace(/\D/g, '');
  if (s.startsWith('+')) {
    if (digits.startsWith('36')) return formatNational(digits.slice(2));
    // another country: keep what was typed, without stray characters
    return '+' + s.slice(1).replace(/[^\d\s()./-]/g, '');
  }
  if (digits.startsWith('00')) return formatPhoneAsYouType('+' + digits.slice(2));
  if (digits.startsWith('06')) return formatNational(digits.slice(2));
  if (digits === '0') return '0';
  if (!digits) return '';
  // no prefix typed: a Hungarian number without its trunk prefix
  return formatNational(digits.startsWith('0') ? digits.slice(1) : digits);
}

/** Where the caret goes after formatting: after as many digits as were before it. */
export function caretAfterFormat(raw: string, caret: number, formatted: string): number {
  if (caret >= raw.length) return formatted.length;
  const before = raw.slice(0, caret).replace(/\D/g, '').length;
  const shift = formatted.replace(/\D/g, '').length - raw.replace(/\D/g, '').length;
  let want = Math.max(0, before + Math.max(0, shift));
  for (let i = 0; i < formatted.length; i++) {
    if (want === 0) return i;
    if (/\d/.test(formatted[i])) want--;
  }
  return formatted.length;
}
