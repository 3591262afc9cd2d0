/**
 * Deterministic, streaming demo data for the CRM sample (samples/crm): companies, each followed by its contacts,
 * balance sheets and orders/contracts, in API form. Field names match the sample's entity JSON.
 */
import {
  ACTIVITIES,
  ASSOCIATION_ACTIVITIES,
  ASSOCIATION_POSITIONS,
  BUDAPEST_STREETS,
  COMMON_STREETS,
  COMPANY_MAILBOXES,
  COMPANY_NOTES,
  COMPANY_STEMS,
  CONTACT_NOTES,
  CONTRACT_SUBJECTS,
  FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  FREEMAIL_DOMAINS,
  MALE_GIVEN_NAMES,
  POSITIONS,
  SETTLEMENTS,
  SMALL_FIRM_POSITIONS,
  STREET_TYPE_VALUE,
  type Activity,
  type Settlement,
} from './hu-data.ts';
import {
  companyDomain,
  createTaxBaseAllocator,
  euVatNumber,
  huLandline,
  huMobile,
  huTaxNumber,
  personMailbox,
  registrationNumber,
  slug,
  website,
  type TaxpayerKind,
} from './generators.ts';
import { createRandom, deriveSeed, fromEpochDay, toEpochDay, weightedTable, type Random } from './random.ts';

export type CrmDemoOptions = {
  /** Same seed, same data. */
  seed?: number;
  companies: number;
  /** Inclusive range of contacts per company; default [1, 3]. */
  contactsPerCompany?: [number, number];
  /** Inclusive range of orders/contracts per customer (prospects get none); default [0, 3]. */
  contractsPerCompany?: [number, number];
  /** Closed financial years with a balance sheet per company (sole traders file none); default 3. */
  balanceSheetYears?: number;
  /** Users to spread ownership over; a company's children share its owner. */
  ownerIds?: string[];
  idFactory: () => string;
  /** The day the data is "generated on" (`YYYY-MM-DD`); dates are relative to it. Default 2026-01-01. */
  today?: string;
};

export type CrmEntityName = 'company' | 'contact' | 'balanceSheet' | 'contract';
export type DemoRecord = { entity: CrmEntityName; record: Record<string, unknown> };

const DEFAULT_SEED = 20260101;
const DEFAULT_TODAY = '2026-01-01';

type LegalForm = 'kft' | 'bt' | 'zrt' | 'nyrt' | 'ev' | 'kkt' | 'egyesulet' | 'other';
type Status = 'prospect' | 'active' | 'inactive';

const LEGAL_FORMS: readonly LegalForm[] = ['kft', 'bt', 'zrt', 'nyrt', 'ev', 'kkt', 'egyesulet', 'other'];
const LEGAL_FORM_WEIGHTS = [60, 11, 5, 0.3, 14, 2, 4, 3.7];
const NAME_SUFFIX: Record<LegalForm, string> = {
  kft: 'Kft.',
  bt: 'Bt.',
  zrt: 'Zrt.',
  nyrt: 'Nyrt.',
  ev: 'e.v.',
  kkt: 'Kkt.',
  egyesulet: '',
  other: 'Szövetkezet',
};
/** Headcount ranges by legal form; drawn log-uniformly, so small firms dominate as they do in Hungary. */
const HEADCOUNT: Record<LegalForm, [number, number]> = {
  kft: [0, 250],
  bt: [0, 9],
  zrt: [10, 2000],
  nyrt: [250, 8000],
  ev: [0, 2],
  kkt: [1, 12],
  egyesulet: [0, 5],
  other: [3, 80],
};
const pickSettlement = weightedTable(
  SETTLEMENTS,
  SETTLEMENTS.map((s) => s.population),
);
const pickActivity = weightedTable(
  ACTIVITIES,
  ACTIVITIES.map((a) => a.weight),
);
const pickAssociationActivity = weightedTable(
  ASSOCIATION_ACTIVITIES,
  ASSOCIATION_ACTIVITIES.map((a) => a.weight),
);

/** An integer in [min, max], log-uniform: as many firms of 1–9 people as of 10–99. */
function logInt(rng: Random, min: number, max: number): number {
  return Math.min(max, Math.round(Math.exp(rng.float(Math.log(min + 1), Math.log(max + 2)))) - 1);
}

/** Rounds to the nearest thousand forints, as annual reports show them. */
function thousands(n: number): number {
  return Math.round(n / 1000) * 1000;
}

function checkRange(name: string, r: [number, number]): void {
  if (!Array.isArray(r) || r.length !== 2 || !r.every((n) => Number.isInteger(n) && n >= 0) || r[0] > r[1]) {
    throw new RangeError(`${name} must be [min, max] with whole numbers 0 ≤ min ≤ max.`);
  }
}

function companyName(rng: Random, stem: string, activity: Activity): string {
  const word = rng.pick(activity.words);
  return word.startsWith('-') ? `${stem}${word}` : `${stem} ${word}`;
}

type Person = { familyName: string; givenName: string; male: boolean };
function person(rng: Random): Person {
  const male = rng.bool();
  const names = male ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES;
  let givenName = rng.pick(names);
  if (rng.bool(0.05)) {
    const second = rng.pick(names);
    if (second !== givenName) givenName += ' ' + second;
  }
  return { familyName: rng.pick(FAMILY_NAMES), givenName, male };
}

type Company = {
  id: string;
  ownerId?: string;
  status: Status;
  legalForm: LegalForm;
  settlement: Settlement;
  domain?: string;
  phone?: string;
  employees: number;
  owner?: Person;
};

/**
 * Streams the CRM demo data: each company, then its contacts, balance sheets and orders/contracts, so a
 * consumer can insert in batches while generating. Company k depends only on the seed and k, so a run with
 * more companies starts with the same ones.
 * `for (const { entity, record } of generateCrmDemo({ seed: 1, companies: 10, idFactory: uuidv7 })) insert(entity, record)`
 */
export function* generateCrmDemo(options: CrmDemoOptions): Generator<DemoRecord> {
  const seed = options.seed ?? DEFAULT_SEED;
  const contactsRange = options.contactsPerCompany ?? [1, 3];
  const contractsRange = options.contractsPerCompany ?? [0, 3];
  const years = options.balanceSheetYears ?? 3;
  const today = options.today ?? DEFAULT_TODAY;
  if (!Number.isInteger(options.companies) || options.companies < 0)
    throw new RangeError('companies must be a whole number ≥ 0.');
  if (!Number.isInteger(years) || years < 0 || years > 50)
    throw new RangeError('balanceSheetYears must be a whole number from 0 to 50.');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(toEpochDay(today)))
    throw new RangeError('today must be a date as YYYY-MM-DD.');
  if (typeof options.idFactory !== 'function') throw new TypeError('idFactory is required.');
  checkRange('contactsPerCompany', contactsRange);
  checkRange('contractsPerCompany', contractsRange);
  const ownerIds = options.ownerIds?.length ? options.ownerIds : undefined;

  const todayDay = toEpochDay(today);
  const todayYear = Number(today.slice(0, 4));
  // Annual reports are due by the end of May: before June the latest published year is two years back.
  const latestYear = Number(today.slice(5, 7)) > 5 ? todayYear - 1 : todayYear - 2;
  const nextTaxBase = createTaxBaseAllocator(deriveSeed(seed, 0x7a5));
  let contractSeq = 0;

  for (let k = 0; k < options.companies; k++) {
    const rng = createRandom(deriveSeed(seed, k));
    const { company, record } = generateCompany(rng, options.idFactory, ownerIds, nextTaxBase);
    yield { entity: 'company', record };

    const withOwner = (r: Record<string, unknown>) => (company.ownerId ? { ...r, ownerId: company.ownerId } : r);

    // A firm of three people does not have five contacts: the range's maximum shrinks with the headcount.
    const contacts = rng.int(
      contactsRange[0],
      Math.max(contactsRange[0], Math.min(contactsRange[1], company.employees + 1)),
    );
    for (let i = 0; i < contacts; i++) {
      yield { entity: 'contact', record: withOwner(generateContact(rng, company, i, options.idFactory)) };
    }

    if (company.legalForm !== 'ev') {
      for (const r of generateBalanceSheets(rng, company, latestYear, years, options.idFactory)) {
        yield { entity: 'balanceSheet', record: withOwner(r) };
      }
    }

    if (company.status !== 'prospect') {
      const n = rng.int(contractsRange[0], contractsRange[1]);
      for (let i = 0; i < n; i++) {
        const r = generateContract(rng, company, todayDay, ++contractSeq, options.idFactory);
        yield { entity: 'contract', record: withOwner(r) };
      }
    }
  }
}

function generateCompany(
  rng: Random,
  idFactory: () => string,
  ownerIds: string[] | undefined,
  nextTaxBase: (kind: TaxpayerKind) => string,
): { company: Company; record: Record<string, unknown> } {
  const status = rng.weighted<Status>(['prospect', 'active', 'inactive'], [40, 45, 15]);
  const legalForm = rng.weighted(LEGAL_FORMS, LEGAL_FORM_WEIGHTS);
  const settlement = pickSettlement(rng);
  const activity = legalForm === 'egyesulet' ? pickAssociationActivity(rng) : pickActivity(rng);
  const employees = logInt(rng, ...HEADCOUNT[legalForm]);
  const stem = rng.pick(COMPANY_STEMS);

  let name: string;
  let shortName: string | undefined;
  let owner: Person | undefined;
  if (legalForm === 'ev') {
    owner = person(rng);
    shortName = `${owner.familyName} ${owner.givenName}`;
    name = `${shortName} ${NAME_SUFFIX.ev}`;
  } else if (legalForm === 'egyesulet') {
    name = companyName(rng, stem, activity);
  } else {
    shortName = companyName(rng, stem, activity);
    name = `${shortName} ${NAME_SUFFIX[legalForm]}`;
  }

  const kind: TaxpayerKind = legalForm === 'ev' ? 'soleTrader' : legalForm === 'egyesulet' ? 'association' : 'company';
  const vatCode =
    legalForm === 'ev' || legalForm === 'egyesulet'
      ? rng.weighted([1, 2], [60, 40])
      : rng.weighted([1, 2, 3, 4], [8, 86, 2, 4]);
  const taxNumber = huTaxNumber(rng, {
    base: nextTaxBase(kind),
    vatCode,
    county: settlement.county,
    large: legalForm === 'nyrt' || employees >= 250,
  });

  const hasWebsite = rng.bool(
    legalForm === 'ev'
      ? 0.3
      : legalForm === 'egyesulet'
        ? 0.5
        : employees >= 10 || legalForm === 'zrt' || legalForm === 'nyrt'
          ? 0.97
          : 0.7,
  );
  const domain = hasWebsite ? companyDomain(rng, shortName ?? name) : undefined;
  const phone = rng.bool(0.95)
    ? legalForm === 'ev' || rng.bool(0.2)
      ? huMobile(rng)
      : huLandline(rng, settlement.areaCode)
    : undefined;
  let email: string | undefined;
  if (domain) email = `${rng.pick(COMPANY_MAILBOXES)}@${domain}`;
  else if (owner) email = `${personMailbox(rng, owner.familyName, owner.givenName)}@${rng.pick(FREEMAIL_DOMAINS)}`;
  else if (rng.bool(0.6)) email = `${slug(shortName ?? name).slice(0, 30)}@${rng.pick(FREEMAIL_DOMAINS)}`;

  const [street, streetType, streetPostcode] =
    settlement.county === 1 && rng.bool(0.4) ? rng.pick(BUDAPEST_STREETS) : [...rng.pick(COMMON_STREETS), undefined];
  const number = logInt(rng, 1, 180);
  const houseNumber = rng.bool(0.1)
    ? `${number}/${rng.pick(['A', 'B', 'C'])}`
    : rng.bool(0.05)
      ? `${number}-${number + 2}`
      : String(number);

  const company: Company = {
    id: idFactory(),
    ownerId: ownerIds ? rng.pick(ownerIds) : undefined,
    status,
    legalForm,
    settlement,
    domain,
    phone,
    employees,
    owner,
  };
  const record: Record<string, unknown> = {
    id: company.id,
    name,
    shortName,
    legalForm,
    status,
    taxNumber,
    euVatNumber: vatCode === 2 && legalForm !== 'egyesulet' && rng.bool(0.55) ? euVatNumber(taxNumber) : undefined,
    registrationNumber: registrationNumber(rng, settlement.county, legalForm),
    teaorCode: activity.code,
    activity: activity.name,
    employees,
    postcode: streetPostcode ?? rng.pick(settlement.postcodes),
    settlement: settlement.name,
    street,
    streetType: STREET_TYPE_VALUE[streetType],
    houseNumber,
    phone,
    email,
    website: domain ? website(rng, domain) : undefined,
    source: rng.weighted(['manual', 'import', 'web', 'referral'], [35, 25, 25, 15]),
    notes: rng.bool(0.2) ? rng.pick(COMPANY_NOTES) : undefined,
    ownerId: company.ownerId,
  };
  return { company, record: compact(record) };
}

function generateContact(
  rng: Random,
  company: Company,
  index: number,
  idFactory: () => string,
): Record<string, unknown> {
  const isOwner = index === 0 && company.owner !== undefined;
  const p = isOwner ? company.owner! : person(rng);
  const prefixRoll = rng.next();
  const prefix =
    prefixRoll < 0.05 ? 'dr.' : p.male && prefixRoll < 0.07 ? 'ifj.' : p.male && prefixRoll < 0.08 ? 'id.' : undefined;
  let position: string;
  if (isOwner) position = 'Egyéni vállalkozó';
  else if (company.legalForm === 'egyesulet') position = index === 0 ? 'Elnök' : rng.pick(ASSOCIATION_POSITIONS);
  else if (index === 0)
    position = rng.pick(company.employees < 10 ? ['Ügyvezető', 'Tulajdonos'] : ['Ügyvezető igazgató', 'Ügyvezető']);
  else position = rng.pick(company.employees < 10 ? SMALL_FIRM_POSITIONS : POSITIONS);

  const mailbox = personMailbox(rng, p.familyName, p.givenName);
  const email = rng.bool(0.9) ? `${mailbox}@${company.domain ?? rng.pick(FREEMAIL_DOMAINS)}` : undefined;
  return compact({
    id: idFactory(),
    prefix,
    familyName: p.familyName,
    givenName: p.givenName,
    position,
    phone: !isOwner && rng.bool(0.4) ? huLandline(rng, company.settlement.areaCode) : undefined,
    mobile: rng.bool(0.85) ? huMobile(rng) : undefined,
    email,
    company: company.id,
    isPrimary: index === 0,
    notes: rng.bool(0.1) ? rng.pick(CONTACT_NOTES) : undefined,
  });
}

function* generateBalanceSheets(
  rng: Random,
  company: Company,
  latestYear: number,
  years: number,
  idFactory: () => string,
): Generator<Record<string, unknown>> {
  if (years === 0) return;
  const association = company.legalForm === 'egyesulet';
  const perHead = association ? rng.float(1e6, 5e6) : rng.float(12e6, 45e6);
  let revenue = Math.max(1, company.employees) * perHead * (company.employees === 0 ? rng.float(0.2, 1) : 1);
  let equity = revenue * rng.float(0.1, 0.6);
  // Walk back from the latest year's figures, then emit oldest first.
  const rows: { year: number; revenue: number; profit: number; employees: number }[] = [];
  let employees = company.employees;
  // Validation accepts years from 1990 on.
  for (let y = latestYear; y > Math.max(latestYear - years, 1989); y--) {
    const margin = association ? rng.float(-0.05, 0.08) : rng.float(-0.08, 0.15);
    rows.push({ year: y, revenue, profit: revenue * margin, employees });
    revenue /= rng.float(0.85, 1.25);
    employees = Math.max(0, Math.round(employees * rng.float(0.85, 1.1)));
  }
  equity -= rows.reduce((sum, r) => sum + r.profit, 0);
  for (const r of rows.reverse()) {
    equity += r.profit;
    yield {
      id: idFactory(),
      company: company.id,
      year: r.year,
      revenue: { amount: thousands(r.revenue), currency: 'HUF' },
      profit: { amount: thousands(r.profit), currency: 'HUF' },
      equity: { amount: thousands(equity), currency: 'HUF' },
      employees: r.employees,
    };
  }
}

function generateContract(
  rng: Random,
  company: Company,
  todayDay: number,
  seq: number,
  idFactory: () => string,
): Record<string, unknown> {
  const kind = rng.weighted(['order', 'contract'], [65, 35]);
  // Active customers deal with us now; inactive ones stopped at least two and a half years ago.
  const issueDay =
    company.status === 'active' ? rng.int(todayDay - 3 * 365, todayDay) : rng.int(todayDay - 8 * 365, todayDay - 913);
  const issueDate = fromEpochDay(issueDay);
  let validUntil: string | undefined;
  if (kind === 'contract')
    validUntil = fromEpochDay(issueDay + rng.int(1, company.status === 'active' ? 3 : 2) * 365 - 1);
  else if (rng.bool(0.6)) validUntil = fromEpochDay(issueDay + rng.int(30, 120));

  let status: string;
  if (issueDay > todayDay - 60) status = rng.weighted(['draft', 'open', 'signed'], [20, 40, 40]);
  else if (kind === 'contract' && validUntil && toEpochDay(validUntil) >= todayDay)
    status = rng.weighted(['signed', 'cancelled'], [90, 10]);
  else status = rng.weighted(['fulfilled', 'cancelled'], [85, 15]);

  const size = Math.sqrt(Math.max(1, company.employees));
  const huf =
    kind === 'order'
      ? Math.exp(rng.float(Math.log(5e4), Math.log(5e6)))
      : Math.exp(rng.float(Math.log(5e5), Math.log(5e7)));
  const amountHuf = huf * Math.min(size, 10);
  const eur = rng.bool(0.1);
  const value = eur
    ? { amount: Math.round(amountHuf / 400 / 10) * 10, currency: 'EUR' }
    : { amount: thousands(amountHuf), currency: 'HUF' };

  return compact({
    id: idFactory(),
    number: `${kind === 'order' ? 'MR' : 'SZ'}-${issueDate.slice(0, 4)}-${String(seq).padStart(6, '0')}`,
    kind,
    issueDate,
    value,
    status,
    company: company.id,
    validUntil,
    description: rng.bool(0.85) ? rng.pick(CONTRACT_SUBJECTS) : undefined,
  });
}

/** Leaves out keys without a value, as an API client would (copying, as `delete` slows objects down). */
function compact(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in record) if (record[key] !== undefined) out[key] = record[key];
  return out;
}
