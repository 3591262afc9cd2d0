/**
 * Process definitions by published metadata version, parsed and compiled once. Published versions never change,
 * so the cache never goes stale; every read takes the caller's connection or transaction (SQLite has one
 * connection: a read beside an open transaction would wait for it forever).
 */
import type { Entity, ProcessDefinition } from '@folyam/metamodel';
import type { Knex } from 'knex';
import { compileProcess, type CompiledProcess } from './index.ts';
import { parseDefinition, recordTriggers, type ProcessModel, type RecordTrigger } from './bpmn-check.ts';

export type LoadedProcess = { definition: ProcessDefinition; model: ProcessModel; compiled: CompiledProcess };
type VersionBody = { entities: Entity[]; processes: ProcessDefinition[] };

export class ProcessDefinitions {
  private readonly versions = new Map<number, Promise<VersionBody>>();
  private readonly loaded = new Map<string, Promise<LoadedProcess>>();
  private readonly triggers = new Map<number, Promise<{ key: string; trigger: RecordTrigger }[]>>();

  /** The latest version read, and when; see `latestVersion`. */
  private known: { version: number; at: number } | null = null;

  /** @param refreshMs how long a read latest version is trusted (publishes on this node are seen at once). */
  constructor(private readonly refreshMs = 1000) {}

  /**
   * The latest published version, read through `db` at most once per `refreshMs` — the same freshness as the
   * published metadata every API call uses. A publish on this node is noted at once (`noteVersion`).
   */
  async latestVersion(db: Knex): Promise<number> {
    const now = Date.now();
    if (this.known && now - this.known.at < this.refreshMs) return this.known.version;
    const row = await db('folyam_meta_versions').max({ v: 'version' }).first();
    const version = Number(row?.v ?? 0);
    this.known = { version: Math.max(version, this.known?.version ?? 0), at: now };
    return this.known.version;
  }

  /** Tells the store that `version` was published (by this node's metadata store). */
  noteVersion(version: number): void {
    if (!this.known || version > this.known.version) this.known = { version, at: Date.now() };
  }

  private body(db: Knex, version: number): Promise<VersionBody> {
    let p = this.versions.get(version);
    if (!p) {
      p = (async () => {
        const row = await db('folyam_meta_versions').where({ version }).select('snapshot').first();
        const body = row ? (JSON.parse(String(row.snapshot)) as Partial<VersionBody>) : {};
        return { entities: body.entities ?? [], processes: body.processes ?? [] };
      })();
      p.catch(() => this.versions.delete(version));
      this.versions.set(version, p);
    }
    return p;
  }

  async processes(db: Knex, version: number): Promise<ProcessDefinition[]> {
    return (await this.body(db, version)).processes;
  }

  async entity(db: Knex, version: number, name: string): Promise<Entity | null> {
    return (await this.body(db, version)).entities.find((e) => e.name === name) ?? null;
  }

  /** A process of a version, parsed and compiled; null when that version has no such process. */
  async load(db: Knex, version: number, key: string): Promise<LoadedProcess | null> {
    const definition = (await this.processes(db, version)).find((p) => p.name === key);
    if (!definition) return null;
    const cacheKey = `${version}:${key}`;
    let p = this.loaded.get(cacheKey);
    if (!p) {
      p = (async () => {
        const model = await parseDefinition(definition);
        return { definition, model, compiled: compileProcess(model) };
      })();
      p.catch(() => this.loaded.delete(cacheKey));
      this.loaded.set(cacheKey, p);
    }
    return p;
  }

  /** The record triggers of every process of a version, with their process's key. */
  async recordTriggers(db: Knex, version: number): Promise<{ key: string; trigger: RecordTrigger }[]> {
    let p = this.triggers.get(version);
    if (!p) {
      p = (async () => {
        const out: { key: string; trigger: RecordTrigger }[] = [];
        for (const def of await this.processes(db, version)) {
          const loaded = await this.load(db, version, def.name);
          for (const trigger of recordTriggers(loaded!.model)) out.push({ key: def.name, trigger });
        }
        return out;
      })();
      p.catch(() => this.triggers.delete(version));
      this.triggers.set(version, p);
    }
    return p;
  }
}
