/**
 * The audit view (`GET /api/audit`): administrators and holders of a role marked `audit` read the log, and see only
 * entries about records they may read (the same row constraint as the data API, as a subquery), with the fields
 * hidden from them removed from the changes. Entries about no record (logins, organisation changes, publishing)
 * are shown to every audit reader; entries of records since deleted only to those who read the whole entity.
 */
import type { Knex } from 'knex';
import { canReadAudit } from '../access/evaluator.ts';
import type { Actor } from '../auth/actor.ts';
import type { RecordService } from '../data/records.ts';
import { errors } from '../errors.ts';
import type { MetaStore } from '../meta/store.ts';
import { rowToAuditEntry, type AuditEntry } from './audit.ts';

export type AuditQuery = {
  entity?: string;
  recordId?: string;
  actor?: string;
  action?: string;
  limit?: number;
  offset?: number;
};
export type AuditViewDeps = { knex: Knex; meta: MetaStore; records: RecordService };

export const AUDIT_DEFAULT_LIMIT = 50;
export const AUDIT_MAX_LIMIT = 500;

export class AuditView {
  constructor(private readonly deps: AuditViewDeps) {}

  async list(actor: Actor, query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    const snapshot = await this.deps.meta.published();
    if (!canReadAudit(actor, snapshot.roles)) {
      await this.deps.records.auditDenied(actor, null, 'audit', null, 'notGranted');
      throw errors.forbidden();
    }
    const limit = query.limit ?? AUDIT_DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const { knex } = this.deps;
    const qb = knex('folyam_audit as a');
    if (query.entity) qb.where('a.entity', query.entity);
    if (query.recordId) qb.where('a.record_id', query.recordId);
    if (query.action) qb.where('a.action', query.action);
    if (query.actor) qb.where((w) => w.where('a.actor_id', query.actor!).orWhere('a.actor_name', query.actor!));
    const hidden = new Map<string, Set<string>>();
    if (!actor.admin) {
      const all: string[] = [];
      const scoped: { entity: string; ids: Knex.QueryBuilder }[] = [];
      for (const e of snapshot.entities) {
        const r = await this.deps.records.readableIds(actor, e, snapshot);
        hidden.set(e.name, r.hidden);
        if (r.ids === 'all') all.push(e.name);
        else if (r.ids !== 'none') scoped.push({ entity: e.name, ids: r.ids });
      }
      qb.where((w) => {
        w.whereNull('a.entity');
        if (all.length) w.orWhereIn('a.entity', all);
        for (const s of scoped) {
          w.orWhere((x) =>
            x.where('a.entity', s.entity).andWhere((y) => y.whereNull('a.record_id').orWhereIn('a.record_id', s.ids)),
          );
        }
      });
    }
    const countRow = await qb.clone().count({ n: '*' }).first();
    const rows = await qb.select('a.*').orderBy('a.id', 'desc').limit(limit).offset(offset);
    const items = rows.map(rowToAuditEntry);
    for (const e of items) {
      const h = e.entity ? hidden.get(e.entity) : undefined;
      if (h && e.changes) for (const f of h) delete e.changes[f];
    }
    return { items, total: Number(countRow?.n ?? 0) };
  }
}
