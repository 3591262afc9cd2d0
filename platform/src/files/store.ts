/**
 * The file store: files on local disk under the data directory (`<data>/files/<key>`), described in
 * `folyam_files` (name, type, size, checksum, who made it). Keys are made by the platform, never taken from users.
 * A file is written to a temporary name and renamed into place, so a reader never sees half a file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';

export type StoredFile = {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  storageKey: string;
  createdAt: string;
  createdBy: string | null;
};

const KEY_RE = /^[a-z0-9-]{1,40}(\/[A-Za-z0-9_-]{1,80}(\.[a-z0-9]{1,8})?){1,3}$/;

export class FileStore {
  readonly dir: string;

  constructor(
    dir: string,
    private readonly deps: { knex: Knex; clock: Clock },
  ) {
    this.dir = path.resolve(dir);
  }

  /** The absolute path of a key like `exports/0192f3c1-….xlsx`. */
  pathOf(key: string): string {
    if (!KEY_RE.test(key)) throw new Error(`Invalid storage key: ${key}`);
    const full = path.resolve(this.dir, key);
    if (!full.startsWith(this.dir + path.sep)) throw new Error(`Invalid storage key: ${key}`);
    return full;
  }

  /**
   * Writes a file through `write(tmpPath)`, moves it into place and records it in `folyam_files`.
   * `await files.save({ id, key, name, mime, createdBy }, (tmp) => writeXlsx(tmp))`
   */
  async save(
    meta: { id: string; key: string; name: string; mime: string; createdBy: string | null },
    write: (tmpPath: string) => Promise<void>,
  ): Promise<StoredFile> {
    const target = this.pathOf(meta.key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.part`;
    try {
      await write(tmp);
      const hash = createHash('sha256');
      await pipeline(fs.createReadStream(tmp), hash);
      const { size } = await fs.promises.stat(tmp);
      await fs.promises.rename(tmp, target);
      const file: StoredFile = {
        id: meta.id,
        name: meta.name.slice(0, 255),
        mime: meta.mime,
        size,
        sha256: hash.digest('hex'),
        storageKey: meta.key,
        createdAt: toDbDateTime(this.deps.clock.now()),
        createdBy: meta.createdBy,
      };
      await this.deps
        .knex('folyam_files')
        .insert({
          id: file.id,
          name: file.name,
          mime: file.mime,
          size: file.size,
          sha256: file.sha256,
          storage_key: file.storageKey,
          created_at: file.createdAt,
          created_by: file.createdBy,
        })
        .onConflict('id')
        .merge();
      return { ...file, createdAt: fromDbDateTime(file.createdAt)! };
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  }

  async get(id: string): Promise<StoredFile | null> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
    const r = await this.deps.knex('folyam_files').where({ id }).first();
    if (!r) return null;
    return {
      id: String(r.id),
      name: String(r.name),
      mime: String(r.mime),
      size: Number(r.size),
      sha256: String(r.sha256),
      storageKey: String(r.storage_key),
      createdAt: fromDbDateTime(r.created_at)!,
      createdBy: (r.created_by as string) ?? null,
    };
  }

  /** Opens a stored file for reading; null when its bytes are gone. */
  open(file: StoredFile): fs.ReadStream | null {
    const p = this.pathOf(file.storageKey);
    return fs.existsSync(p) ? fs.createReadStream(p) : null;
  }
}
