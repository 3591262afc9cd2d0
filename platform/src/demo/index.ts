/** Demo data: a seeded random generator, Hungarian dictionaries and the CRM sample's data generator. */
export { generateCrmDemo, type CrmDemoOptions, type CrmEntityName, type DemoRecord } from './generate.ts';
export {
  asciiFold,
  companyDomain,
  createTaxBaseAllocator,
  euVatNumber,
  huLandline,
  huMobile,
  huTaxNumber,
  registrationNumber,
  taxBase,
  type TaxNumberOptions,
  type TaxpayerKind,
} from './generators.ts';
export { createRandom, deriveSeed, weightedTable, type Random } from './random.ts';
