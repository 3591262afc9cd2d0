import { z } from 'zod';
import { LocalizedText } from './i18n.ts';
import { Identifier, StableId } from './names.ts';

/** Named formats the platform validates for text fields (beyond a plain `pattern`). */
export const TEXT_FORMATS = [
  'huTaxNumber',
  'huCompanyRegistrationNumber',
  'euVatNumber',
  'huPostcode',
  'teaor',
] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

export const EnumOption = z.object({
  value: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  label: LocalizedText,
  color: z.string().optional(),
});
export type EnumOption = z.infer<typeof EnumOption>;

/** A FEEL expression computing the field from the record: stored (written on save) or virtual (on read). */
export const Computed = z.object({
  expression: z.string().min(1),
  stored: z.boolean().optional(),
});

const base = {
  id: StableId,
  name: Identifier,
  label: LocalizedText,
  description: LocalizedText.optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  indexed: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  computed: Computed.optional(),
  default: z.unknown().optional(),
};

const numberRange = { min: z.number().optional(), max: z.number().optional() };

export const TextField = z.object({
  ...base,
  type: z.literal('text'),
  maxLength: z.number().int().min(1).max(4000).optional(),
  minLength: z.number().int().min(0).optional(),
  pattern: z.string().optional(),
  format: z.enum(TEXT_FORMATS).optional(),
});
export const LongTextField = z.object({
  ...base,
  type: z.literal('longText'),
  maxLength: z.number().int().min(1).optional(),
  rich: z.boolean().optional(),
});
export const IntegerField = z.object({ ...base, type: z.literal('integer'), ...numberRange });
export const DecimalField = z.object({
  ...base,
  type: z.literal('decimal'),
  ...numberRange,
  scale: z.number().int().min(0).max(8).optional(),
});
export const MoneyField = z.object({
  ...base,
  type: z.literal('money'),
  ...numberRange,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  currencies: z.array(z.string().regex(/^[A-Z]{3}$/)).optional(),
});
export const PercentField = z.object({ ...base, type: z.literal('percent'), ...numberRange });
export const BooleanField = z.object({ ...base, type: z.literal('boolean') });
export const DateField = z.object({
  ...base,
  type: z.literal('date'),
  min: z.string().optional(),
  max: z.string().optional(),
});
export const DateTimeField = z.object({ ...base, type: z.literal('datetime') });
export const EnumField = z.object({ ...base, type: z.literal('enum'), options: z.array(EnumOption).min(1) });
export const MultiEnumField = z.object({ ...base, type: z.literal('multiEnum'), options: z.array(EnumOption).min(1) });
export const EmailField = z.object({ ...base, type: z.literal('email') });
export const PhoneField = z.object({ ...base, type: z.literal('phone') });
export const UrlField = z.object({ ...base, type: z.literal('url') });
export const ReferenceField = z.object({
  ...base,
  type: z.literal('reference'),
  target: Identifier,
  onDelete: z.enum(['restrict', 'setNull', 'cascade']).optional(),
});
export const FileField = z.object({
  ...base,
  type: z.literal('file'),
  accept: z.array(z.string()).optional(),
  maxSize: z.number().int().positive().optional(),
});
export const JsonField = z.object({ ...base, type: z.literal('json') });

export const Field = z.discriminatedUnion('type', [
  TextField,
  LongTextField,
  IntegerField,
  DecimalField,
  MoneyField,
  PercentField,
  BooleanField,
  DateField,
  DateTimeField,
  EnumField,
  MultiEnumField,
  EmailField,
  PhoneField,
  UrlField,
  ReferenceField,
  FileField,
  JsonField,
]);
export type Field = z.infer<typeof Field>;
export type FieldType = Field['type'];
export const FIELD_TYPES = Field.options.map((o) => o.shape.type.value) as FieldType[];
export type FieldOf<T extends FieldType> = Extract<Field, { type: T }>;

/** Default maximum length of a text column when the field does not set one. */
export const DEFAULT_TEXT_LENGTH = 255;
/** Default currency of money fields. */
export const DEFAULT_CURRENCY = 'HUF';
