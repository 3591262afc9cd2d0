import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './connection.ts';
import { FALLBACK_AUTOCHECKPOINT_PAGES } from './checkpointer.ts';

describe('SQLite background checkpoints', () => {
  let db: Database | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    db = dir = undefined;
  });

  const open = (backgroundCheckpoint: boolean) => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folyam-ckpt-'));
    db = createDatabase(`sqlite:${path.join(dir, 'db.sqlite')}`, { backgroundCheckpoint });
    return db;
  };

  it('copies the write-ahead log into the database in a worker; commits checkpoint only as a fallback', async () => {
    // given
    const { knex, checkpointer } = open(true);
    await knex.schema.createTable('t', (t) => {
      t.increments('id');
      t.text('body');
    });
    const [{ wal_autocheckpoint: pages }] = await knex.raw('PRAGMA wal_autocheckpoint');
    expect(pages).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
    // when: a few thousand commits (far past SQLite's own 1,000-page checkpoint)
    for (let i = 0; i < 3000; i++) await knex('t').insert({ body: 'x'.repeat(200) });
    const stats = await checkpointer!()!.checkpoint();
    // then: the worker checkpointed every page of the log, and the data is whole
    expect(stats.errors).toBe(0);
    expect(stats.lastLogPages).toBeGreaterThan(0);
    expect(stats.lastCheckpointed).toBe(stats.lastLogPages);
    expect(Number((await knex('t').count({ n: '*' }).first())?.n)).toBe(3000);
    const [{ integrity_check: ok }] = await knex.raw('PRAGMA integrity_check');
    expect(ok).toBe('ok');
  });

  it('leaves checkpoints to SQLite without the option, and never for :memory:', async () => {
    const plain = open(false);
    expect(plain.checkpointer?.() ?? null).toBeNull();
    const [{ wal_autocheckpoint: pages }] = await plain.knex.raw('PRAGMA wal_autocheckpoint');
    expect(pages).toBe(1000);
    const memory = createDatabase('sqlite::memory:', { backgroundCheckpoint: true });
    await memory.knex.raw('select 1');
    expect(memory.checkpointer?.() ?? null).toBeNull();
    await memory.close();
  });
});
