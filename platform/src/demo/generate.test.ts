import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkRecordRules,
  isValidEuVatNumber,
  isValidHuCompanyRegistrationNumber,
  isValidHuTaxNumber,
  validateEntities,
  validateRecordInput,
  type Entity,
} from '@folyam/metamodel';
import { generateCrmDemo, type CrmDemoOptions, type DemoRecord } from './generate.ts';
import { createTaxBaseAllocator, huTaxNumber, REGISTRATION_FORM } from './generators.ts';
import { createRandom } from './random.ts';

const SAMPLE = fileURLToPath(new URL('../../../samples/crm/', import.meta.url));

function loadEntities(): Map<string, Entity> {
  const dir = join(SAMPLE, 'entities');
  const inputs = readdirSync(dir).map((name) =>
    JSON.parse(readFileSync(join(dir, name, `${name}.entity.json`), 'utf8')),
  );
  const result = validateEntities(inputs);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return new Map(result.value.map((e) => [e.name, e]));
}

function counter(): () => string {
  let n = 0;
  return () => `id-${++n}`;
}

function collect(options: Omit<CrmDemoOptions, 'idFactory'>): DemoRecord[] {
  return [...generateCrmDemo({ ...options, idFactory: counter() })];
}

const recipe = JSON.parse(readFileSync(join(SAMPLE, 'demo/recipe.json'), 'utf8')) as Omit<CrmDemoOptions, 'idFactory'>;

describe('generateCrmDemo', () => {
  it('produces records that the sample entities accept', () => {
    // given
    const entities = loadEntities();
    // when
    const records = collect({ ...recipe, companies: 500, ownerIds: ['user-1', 'user-2'] });
    // then
    const problems: unknown[] = [];
    for (const { entity, record } of records) {
      const { id, ownerId, ...input } = record;
      expect(typeof id).toBe('string');
      expect(['user-1', 'user-2']).toContain(ownerId);
      const def = entities.get(entity)!;
      const { values, issues } = validateRecordInput(def, input, { mode: 'create' });
      const all = [...issues, ...checkRecordRules(def, values)];
      if (all.length) problems.push({ entity, record, issues: all });
    }
    expect(problems).toEqual([]);
    expect(new Set(records.map((r) => r.entity))).toEqual(new Set(['company', 'contact', 'balanceSheet', 'contract']));
  });

  it('yields each company before its children and keeps unique values unique', () => {
    // given
    const records = collect({ ...recipe, companies: 500 });
    // when
    const seen = new Set<string>();
    const unique = { taxNumber: new Set<unknown>(), number: new Set<unknown>(), year: new Set<string>() };
    let current = '';
    // then
    for (const { entity, record } of records) {
      if (entity === 'company') {
        current = record.id as string;
        seen.add(current);
        expect(unique.taxNumber.has(record.taxNumber)).toBe(false);
        unique.taxNumber.add(record.taxNumber);
        continue;
      }
      expect(record.company).toBe(current);
      expect(seen.has(record.company as string)).toBe(true);
      if (entity === 'contract') {
        expect(unique.number.has(record.number)).toBe(false);
        unique.number.add(record.number);
      }
      if (entity === 'balanceSheet') {
        const key = `${record.company}/${record.year}`;
        expect(unique.year.has(key)).toBe(false);
        unique.year.add(key);
      }
    }
    expect(seen.size).toBe(500);
  });

  it('follows the status mix: prospects have no contracts, inactive customers only old ones', () => {
    // given
    const records = collect({ seed: 7, companies: 2000, contractsPerCompany: [1, 3], today: '2026-01-01' });
    const status = new Map<string, string>();
    // when
    for (const { entity, record } of records)
      if (entity === 'company') status.set(record.id as string, record.status as string);
    const contracts = records
      .filter((r) => r.entity === 'contract')
      .map((r) => r.record as { company: string; issueDate: string; validUntil?: string });
    // then
    const share = (s: string) => [...status.values()].filter((v) => v === s).length / status.size;
    expect(share('prospect')).toBeGreaterThan(0.35);
    expect(share('prospect')).toBeLessThan(0.45);
    expect(share('active')).toBeGreaterThan(0.4);
    expect(share('inactive')).toBeGreaterThan(0.1);
    expect(contracts.length).toBeGreaterThan(0);
    for (const c of contracts) {
      const s = status.get(c.company);
      expect(s).not.toBe('prospect');
      if (s === 'inactive') {
        // at least two and a half years before today
        expect(c.issueDate <= '2023-07-03').toBe(true);
        if (c.validUntil) expect(c.validUntil < '2026-01-01').toBe(true);
      }
    }
  });

  it('is deterministic for a seed, and a longer run starts with the same companies', () => {
    // given
    const options = { ...recipe, companies: 50 };
    // when
    const first = collect(options);
    const second = collect(options);
    const other = collect({ ...options, seed: options.seed! + 1 });
    const companiesOf = (rs: DemoRecord[]) =>
      rs.filter((r) => r.entity === 'company').map((r) => ({ ...r.record, id: undefined }));
    const longer = collect({ ...options, companies: 80, contactsPerCompany: [0, 0], contractsPerCompany: [0, 0] });
    // then
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
    expect(companiesOf(longer).slice(0, 50)).toEqual(companiesOf(first));
  });

  it('streams: a million companies without children in constant memory', () => {
    // given
    const generator = generateCrmDemo({
      seed: 1,
      companies: 1_000_000,
      contactsPerCompany: [0, 0],
      contractsPerCompany: [0, 0],
      balanceSheetYears: 0,
      idFactory: counter(),
    });
    // when
    const start = Date.now();
    let count = 0;
    let heapAt100k = 0;
    for (const _ of generator) {
      count++;
      if (count === 100_000) heapAt100k = process.memoryUsage().heapUsed;
    }
    // then
    expect(count).toBe(1_000_000);
    expect(Date.now() - start).toBeLessThan(60_000);
    // Keeping the records would take about a kilobyte each, so a gigabyte; what remains is uncollected garbage.
    expect(process.memoryUsage().heapUsed - heapAt100k).toBeLessThan(200 * 1024 * 1024);
  }, 120_000);

  it('refuses options it cannot honour, with a clear message', () => {
    expect(() => collect({ companies: -1 })).toThrow(/companies/);
    expect(() => collect({ companies: 1, contactsPerCompany: [3, 1] })).toThrow(/contactsPerCompany/);
    expect(() => collect({ companies: 1, today: '2026-13-45x' })).toThrow(/today/);
  });
});

describe('Hungarian identifiers', () => {
  it('makes valid tax numbers, EU VAT numbers and registration numbers', () => {
    // given
    const rng = createRandom(99);
    // when
    const standalone = Array.from({ length: 2000 }, () => huTaxNumber(rng));
    const companies = collect({
      seed: 3,
      companies: 5000,
      contactsPerCompany: [0, 0],
      contractsPerCompany: [0, 0],
      balanceSheetYears: 0,
    }).map((r) => r.record);
    // then
    for (const t of standalone) expect(isValidHuTaxNumber(t), t).toBe(true);
    for (const c of companies) {
      expect(isValidHuTaxNumber(c.taxNumber as string), String(c.taxNumber)).toBe(true);
      if (c.euVatNumber) {
        expect(isValidEuVatNumber(c.euVatNumber as string)).toBe(true);
        expect(c.euVatNumber).toBe('HU' + (c.taxNumber as string).slice(0, 8));
      }
      const form = REGISTRATION_FORM[c.legalForm as string];
      if (form) {
        expect(isValidHuCompanyRegistrationNumber(c.registrationNumber as string)).toBe(true);
        expect((c.registrationNumber as string).slice(3, 5)).toBe(form);
      } else {
        expect(c.registrationNumber).toBeUndefined();
      }
    }
  });

  it('never repeats a tax-number base, also beyond a kind’s own range', () => {
    // given
    const next = createTaxBaseAllocator(12345);
    const seen = new Set<string>();
    // when: the association range holds 200,000 bases, so the rest spills over
    for (let i = 0; i < 250_000; i++) seen.add(next('association'));
    for (let i = 0; i < 100_000; i++) seen.add(next('company'));
    // then
    expect(seen.size).toBe(350_000);
    for (const base of [...seen].slice(0, 1000)) expect(isValidHuTaxNumber(`${base}-2-41`)).toBe(true);
  });
});
