/**
 * Images of an email's HTML that point at the file store (`<img src="/api/files/{id}">`, as the newsletter editor
 * inserts them) become inline parts referenced as `cid:…`: a recipient's mail client cannot fetch `/api/files`,
 * which needs a Folyam login. Only images uploaded by the message's author are taken (as with attachments); any
 * other `src` is left as it is.
 */
import fs from 'node:fs';
import type { FileStore } from '../files/store.ts';

export type InlinePart = { filename: string; contentType: string; content: string; cid: string };

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const SRC = /(<img\b[^>]*?\ssrc\s*=\s*)(["'])\/api\/files\/([A-Za-z0-9_-]{1,64})\2/gi;
/** Per image and per message: larger images stay links rather than swell every copy of a campaign. */
export const MAX_INLINE_IMAGE_BYTES = 2 * 1024 * 1024;
const MAX_INLINE_IMAGES = 20;

/** Base64 contents of recently inlined images: a campaign sends the same few images to every recipient. */
export class InlineImageCache {
  private readonly entries = new Map<string, string>();
  constructor(private readonly maxEntries = 32) {}

  async read(files: FileStore, id: string, storageKey: string): Promise<string> {
    const hit = this.entries.get(id);
    if (hit !== undefined) return hit;
    const content = (await fs.promises.readFile(files.pathOf(storageKey))).toString('base64');
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, content);
    return content;
  }
}

/**
 * `inlineImages('<img src="/api/files/abc">', 'user-1', files, cache)` →
 * `{ html: '<img src="cid:abc@folyam">', parts: [{ cid: 'abc@folyam', … }] }`.
 */
export async function inlineImages(
  html: string,
  authorId: string | null,
  files: FileStore,
  cache: InlineImageCache,
): Promise<{ html: string; parts: InlinePart[] }> {
  const ids = [...new Set([...html.matchAll(SRC)].map((m) => m[3]))].slice(0, MAX_INLINE_IMAGES);
  if (!ids.length) return { html, parts: [] };
  const parts = new Map<string, InlinePart>();
  let total = 0;
  for (const id of ids) {
    const file = await files.get(id);
    if (!file || !IMAGE_TYPES.has(file.mime) || file.size > MAX_INLINE_IMAGE_BYTES) continue;
    if (authorId === null || file.createdBy !== authorId) continue;
    if (total + file.size > MAX_INLINE_IMAGE_BYTES * 4) break;
    total += file.size;
    const cid = `${id}@folyam`;
    parts.set(id, {
      filename: file.name,
      contentType: file.mime,
      content: await cache.read(files, id, file.storageKey),
      cid,
    });
  }
  if (!parts.size) return { html, parts: [] };
  const out = html.replace(SRC, (whole, head: string, quote: string, id: string) => {
    const part = parts.get(id);
    return part ? `${head}${quote}cid:${part.cid}${quote}` : whole;
  });
  return { html: out, parts: [...parts.values()] };
}
