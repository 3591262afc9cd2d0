/**
 * What the command palette finds: entity lists whose label matches, and records whose text matches (the data
 * API's `q` on every entity, a few per entity, in parallel).
 */
import type { Entity } from '@folyam/metamodel';
import { dataApi } from '../../api/data.api.ts';
import type { DataRecord } from '../../api/types.ts';
import { localize } from '../../i18n/localize.ts';

export type PaletteHit = {
  key: string;
  kind: 'list' | 'record';
  title: string;
  subtitle: string;
  icon: string;
  to: string;
};

const PER_ENTITY = 5;

const iconOf = (e: Entity) => (e.icon ? (e.icon.startsWith('mdi-') ? e.icon : `mdi-${e.icon}`) : 'mdi-table');

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function searchLists(entities: Entity[], text: string): PaletteHit[] {
  const q = fold(text.trim());
  return entities
    .filter((e) => !q || fold(localize(e.pluralLabel)).includes(q) || fold(localize(e.label)).includes(q))
    .map((e) => ({
      key: `list:${e.name}`,
      kind: 'list',
      title: localize(e.pluralLabel),
      subtitle: '',
      icon: iconOf(e),
      to: `/e/${e.name}`,
    }));
}

export async function searchRecords(
  entities: Entity[],
  text: string,
  titleOf: (e: Entity, r: DataRecord) => string,
  signal: AbortSignal,
): Promise<PaletteHit[]> {
  const results = await Promise.all(
    entities.map(async (e) => {
      try {
        const res = await dataApi.list(e.name, { q: text, limit: PER_ENTITY }, signal);
        return res.items.map<PaletteHit>((r) => ({
          key: `${e.name}:${r.id}`,
          kind: 'record',
          title: titleOf(e, r),
          subtitle: localize(e.label),
          icon: iconOf(e),
          to: `/e/${e.name}/${encodeURIComponent(r.id)}`,
        }));
      } catch (err) {
        if (signal.aborted) throw err;
        return []; // an entity the user may not read, or one without searchable fields
      }
    }),
  );
  return results.flat();
}
