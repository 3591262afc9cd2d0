import { z } from 'zod';
import { Field } from './field.ts';
import { LocalizedText } from './i18n.ts';
import { Identifier, StableId } from './names.ts';

export const Index = z.object({
  id: StableId,
  fields: z.array(Identifier).min(1),
  unique: z.boolean().optional(),
});
export type Index = z.infer<typeof Index>;

/** Many-to-many link between two entities, kept in a link table. */
export const Relation = z.object({
  id: StableId,
  name: Identifier,
  label: LocalizedText,
  target: Identifier,
  kind: z.literal('manyToMany'),
});
export type Relation = z.infer<typeof Relation>;

/** A record rule: a FEEL condition that must hold on save, with the message shown when it does not. */
export const RecordRule = z.object({
  id: StableId,
  when: z.string().min(1),
  message: LocalizedText,
  path: Identifier.optional(),
});
export type RecordRule = z.infer<typeof RecordRule>;

export const Entity = z.object({
  id: StableId,
  name: Identifier,
  label: LocalizedText,
  pluralLabel: LocalizedText,
  description: LocalizedText.optional(),
  icon: z.string().optional(),
  titleField: Identifier.optional(),
  searchFields: z.array(Identifier).optional(),
  fields: z.array(Field),
  indexes: z.array(Index).optional(),
  relations: z.array(Relation).optional(),
  rules: z.array(RecordRule).optional(),
  /** Removed fields are kept (column and data) until purged; their ids are remembered here. */
  removedFields: z.array(Field).optional(),
});
export type Entity = z.infer<typeof Entity>;
