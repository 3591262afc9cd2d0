/**
 * Uploaded files (for `file` fields and attachments): stored by the platform's file store under a key it makes,
 * never a name or path from the user. A file may be read by whoever uploaded it, by administrators, and by anyone
 * who may read a record whose file field holds it — through the access evaluator like every other read.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fs from 'node:fs';
import { errors, FolyamError, uuidv7, type Actor, type Platform, type StoredFile } from '@folyam/platform';

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
/** Types a browser may render inline without risk; everything else is sent as an attachment. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

function cleanName(name: unknown): string {
  const base =
    String(name ?? '')
      .split(/[\\/]/)
      .pop() ?? '';
  // Control characters never belong in a file name.
  // eslint-disable-next-line no-control-regex
  const unsafe = /[\u0000-\u001f"<>|]/g;
  const clean = base.replace(unsafe, '').trim().slice(0, 200);
  return clean || 'file';
}

function cleanMime(mime: unknown): string {
  const m = String(mime ?? '')
    .toLowerCase()
    .split(';')[0]
    .trim();
  return /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(m) ? m : 'application/octet-stream';
}

export async function uploadFile(
  platform: Platform,
  actor: Actor,
  part: { stream: Readable; name: unknown; mime: unknown },
): Promise<StoredFile> {
  const id = uuidv7();
  const name = cleanName(part.name);
  const ext = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
  return platform.files.save(
    { id, key: `uploads/${id}${ext ? `.${ext}` : ''}`, name, mime: cleanMime(part.mime), createdBy: actor.id },
    async (tmp) => {
      await pipeline(part.stream, fs.createWriteStream(tmp));
    },
  );
}

/** The file, if this actor may read it; 404 otherwise (a file's existence is not revealed). */
export async function readableFile(platform: Platform, actor: Actor, id: string): Promise<StoredFile> {
  const file = await platform.files.get(id);
  if (!file) throw errors.notFound();
  if (actor.admin || file.createdBy === actor.id) return file;
  const snap = await platform.meta.published();
  for (const entity of snap.entities) {
    const fields = entity.fields.filter((f) => f.type === 'file').map((f) => f.name);
    if (!fields.length) continue;
    try {
      const found = await platform.records.list(actor, entity.name, {
        filter: { or: fields.map((field) => ({ field, op: 'eq' as const, value: id })) },
        limit: 1,
        fields,
      });
      if (found.items.some((r) => fields.some((f) => r[f] === id))) return file;
    } catch (e) {
      if (!(e instanceof FolyamError) || e.status >= 500) throw e;
    }
  }
  throw errors.notFound();
}

export function dispositionOf(file: StoredFile): { inline: boolean; header: string } {
  const inline = INLINE.has(file.mime);
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return {
    inline,
    header: `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
  };
}
