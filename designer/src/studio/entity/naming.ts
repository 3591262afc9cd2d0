/**
 * Names and stable ids the entity designer proposes: identifiers from labels (`Határidő` → `hatarido`,
 * `Due date` → `dueDate`), and ids made once — `<entity>_<name>` for fields — that never change afterwards.
 */
import { IDENTIFIER_RE } from '@folyam/metamodel';

/** `toIdentifier('Due date')` → `dueDate`; empty when the label has no letters or digits. */
export function toIdentifier(label: string): string {
  const words = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (!words.length) return '';
  let id = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('');
  if (!/^[a-z]/.test(id)) id = `f${id}`;
  return id.slice(0, 48);
}

/** `base`, or `base2`, `base3`… — the first one not taken. */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

/** A field's stable id, made once when it is first saved: `project_dueDate` (`_2`… when taken). */
export function stableFieldId(entityId: string, name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = `${entityId}_${name || 'field'}`.replace(/[^a-zA-Z0-9_-]/g, '').slice(0, 60);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

export const isIdentifier = (s: string) => IDENTIFIER_RE.test(s);
