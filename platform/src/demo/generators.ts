/**
 * Generators of Hungarian identifiers and contact details that pass the metamodel's format validators:
 * tax numbers, EU VAT numbers, company registration numbers, phone numbers, e-mail addresses and websites.
 */
import { huTaxCheckDigit } from '@folyam/metamodel';
import { MOBILE_PREFIXES } from './hu-data.ts';
import type { Random } from './random.ts';

/** Digits as a string, the first one not zero when `leadingNonZero`. */
function digits(rng: Random, count: number, leadingNonZero = false): string {
  let s = leadingNonZero ? String(rng.int(1, 9)) : String(rng.int(0, 9));
  for (let i = 1; i < count; i++) s += String(rng.int(0, 9));
  return s;
}

/** Completes seven digits with the check digit: `taxBase('1234567')` → `'12345676'`. */
export function taxBase(first7: string): string {
  return first7 + String(huTaxCheckDigit(first7));
}

/** Regional tax office of a county (1 Budapest … 20 Zala); 51 is the office of the largest taxpayers. */
export function taxOfficeCode(rng: Random, county?: number, large = false): string {
  if (large && rng.bool(0.6)) return '51';
  if (county === 1) return String(rng.weighted([41, 42, 43, 44], [35, 35, 25, 5]));
  if (county !== undefined && county >= 2 && county <= 20) return String(county).padStart(2, '0');
  const codes = [...Array.from({ length: 19 }, (_, i) => i + 2), ...Array.from({ length: 23 }, (_, i) => i + 22), 51];
  return String(rng.pick(codes)).padStart(2, '0');
}

export type TaxNumberOptions = {
  /** The eight-digit base (törzsszám); random when left out. */
  base?: string;
  /** VAT code 1–5 (1 exempt, 2 general rules, 3 simplified, 4 group member, 5 group); weighted when left out. */
  vatCode?: number;
  /** County 1–20, which decides the tax office code. */
  county?: number;
  /** A large taxpayer, usually served by office 51. */
  large?: boolean;
};

/**
 * A valid Hungarian tax number `NNNNNNNN-V-TT`: base with check digit, VAT code, tax office code.
 * `huTaxNumber(createRandom(1))` → e.g. `'24587315-2-13'`
 */
export function huTaxNumber(rng: Random, options: TaxNumberOptions = {}): string {
  const base = options.base ?? taxBase(String(rng.int(1, 3)) + digits(rng, 6));
  const vat = options.vatCode ?? rng.weighted([1, 2, 3, 4], [15, 80, 2, 3]);
  return `${base}-${vat}-${taxOfficeCode(rng, options.county, options.large)}`;
}

/** Community VAT number of a Hungarian taxpayer: `HU` and the base. */
export function euVatNumber(taxNumber: string): string {
  return 'HU' + taxNumber.slice(0, 8);
}

/** Kind of taxpayer; each draws its base from the ranges such taxpayers really have. */
export type TaxpayerKind = 'company' | 'soleTrader' | 'association';

type Space = { ranges: ReadonlyArray<readonly [number, number]>; size: number };
function space(ranges: ReadonlyArray<readonly [number, number]>): Space {
  return { ranges, size: ranges.reduce((n, [from, to]) => n + to - from + 1, 0) };
}
/** Ranges of the first seven digits of the base. */
const SPACES: Record<TaxpayerKind | 'spill', Space> = {
  company: space([
    [1_000_000, 1_799_999],
    [2_000_000, 3_999_999],
  ]),
  association: space([[1_800_000, 1_999_999]]),
  soleTrader: space([[5_000_000, 7_999_999]]),
  // Used once a kind's own range is exhausted, so bases stay unique up to ten million taxpayers.
  spill: space([
    [4_000_000, 4_999_999],
    [8_000_000, 9_999_999],
  ]),
};

function nth(s: Space, k: number): number {
  for (const [from, to] of s.ranges) {
    const n = to - from + 1;
    if (k < n) return from + k;
    k -= n;
  }
  throw new RangeError('index outside the space');
}

/**
 * A keyed bijection on [0, n): mixes bits on the smallest power of two covering n and walks the cycle until
 * the value falls inside (cycle walking keeps it a bijection on [0, n)).
 */
function permute(k: number, n: number, key: number): number {
  const bits = Math.max(1, Math.ceil(Math.log2(n)));
  const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  const half = Math.max(1, bits >>> 1);
  let x = k;
  do {
    for (let round = 0; round < 3; round++) {
      x = (x ^ (key >>> round)) & mask;
      x = (Math.imul(x, 0x2c1b3c6d | 1) >>> 0) & mask;
      x ^= x >>> half;
      x = (x + (key & mask)) & mask;
    }
  } while (x >= n);
  return x;
}

/**
 * Hands out tax-number bases that never repeat within one generator run, in constant memory: the k-th
 * taxpayer of a kind gets a keyed permutation of k inside that kind's range.
 * `const next = createTaxBaseAllocator(7); next('company')` → e.g. `'27051946'`
 */
export function createTaxBaseAllocator(seed: number): (kind: TaxpayerKind) => string {
  const used: Record<TaxpayerKind | 'spill', number> = { company: 0, association: 0, soleTrader: 0, spill: 0 };
  return (kind) => {
    let which: TaxpayerKind | 'spill' = kind;
    if (used[kind] >= SPACES[kind].size) which = 'spill';
    const s = SPACES[which];
    const k = used[which]++;
    if (k >= s.size)
      throw new RangeError('Too many taxpayers for unique demo tax numbers (about ten million at most).');
    const first7 = nth(s, permute(k, s.size, seed >>> 0));
    return taxBase(String(first7));
  };
}

/** Company form code in a registration number, by legal form; sole traders and associations have none. */
export const REGISTRATION_FORM: Readonly<Record<string, string>> = {
  kft: '09',
  bt: '06',
  zrt: '10',
  nyrt: '10',
  kkt: '03',
  other: '02',
};

/** Cégjegyzékszám `CC-FF-NNNNNN`: court (the county code), company form, serial. */
export function registrationNumber(rng: Random, county: number, legalForm: string): string | undefined {
  const form = REGISTRATION_FORM[legalForm];
  if (!form) return undefined;
  return `${String(county).padStart(2, '0')}-${form}-${digits(rng, 6, true)}`;
}

/** A landline: `+36 1 234 5678` in Budapest, `+36 52 412 345` elsewhere. */
export function huLandline(rng: Random, areaCode: string): string {
  return areaCode === '1'
    ? `+36 1 ${rng.int(2, 9)}${digits(rng, 2)} ${digits(rng, 4)}`
    : `+36 ${areaCode} ${rng.int(2, 9)}${digits(rng, 2)} ${digits(rng, 3)}`;
}

/** A mobile number: `+36 30 123 4567`. */
export function huMobile(rng: Random): string {
  return `+36 ${rng.pick(MOBILE_PREFIXES)} ${rng.int(2, 9)}${digits(rng, 2)} ${digits(rng, 4)}`;
}

const HU_FOLD: Record<string, string> = {
  á: 'a',
  é: 'e',
  í: 'i',
  ó: 'o',
  ö: 'o',
  ő: 'o',
  ú: 'u',
  ü: 'u',
  ű: 'u',
  Á: 'A',
  É: 'E',
  Í: 'I',
  Ó: 'O',
  Ö: 'O',
  Ő: 'O',
  Ú: 'U',
  Ü: 'U',
  Ű: 'U',
};

/** Accents folded to ASCII: `asciiFold('Őrség Műanyag')` → `'Orseg Muanyag'`. */
export function asciiFold(text: string): string {
  // The Hungarian letters by table (fast); anything outside printable ASCII through Unicode decomposition.
  const folded = text.replace(/[áéíóöőúüűÁÉÍÓÖŐÚÜŰ]/g, (c) => HU_FOLD[c]);
  return /[^ -~]/.test(folded) ? folded.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : folded;
}

/** Lower-case ASCII letters and digits only, for mailboxes and domains. */
export function slug(text: string, separator = ''): string {
  return asciiFold(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join(separator);
}

/** A domain from a company's short name: `'Tisza Fa'` → `'tiszafa.hu'` (sometimes `tisza-fa.hu`, `.com`, `.eu`). */
export function companyDomain(rng: Random, shortName: string): string {
  const name = slug(shortName, rng.bool(0.2) ? '-' : '');
  return `${name}.${rng.weighted(['hu', 'com', 'eu'], [88, 9, 3])}`;
}

/** A mailbox from a person's name, mostly as Hungarians write them: `kovacs.anna`, `anna.kovacs`, `akovacs`. */
export function personMailbox(rng: Random, familyName: string, givenName: string): string {
  const family = slug(familyName);
  const given = slug(givenName.split(' ')[0]);
  return rng.weighted(
    [`${family}.${given}`, `${given}.${family}`, `${given[0]}${family}`, `${family}${given[0]}`],
    [55, 25, 12, 8],
  );
}

/** A website of a domain: `https://www.tiszafa.hu`. */
export function website(rng: Random, domain: string): string {
  return rng.bool(0.8) ? `https://www.${domain}` : `https://${domain}`;
}
