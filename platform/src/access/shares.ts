/**
 * Sharing a record with a user or a work group (`folyam_shares`), for reading or also for updating. The evaluator
 * ORs the ids of the records shared with the actor into the row constraint of the actions their roles grant; the
 * record's owner and administrators manage a record's shares.
 */
import { issue, type Issue } from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';
import { errors } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { uuidv7 } from '../ids.ts';
import type { RecordService } from '../data/records.ts';
import type { ShareAccess } from './evaluator.ts';

export type Share = {
  id: string;
  entity: string;
  recordId: string;
  userId: string | null;
  groupId: string | null;
  access: ShareAccess;
  createdAt: string;
  createdBy: string | null;
};

const ACCESS: ShareAccess[] = ['read', 'update'];
const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

function rowToShare(r: Record<string, unknown>): Share {
  return {
    id: String(r.id),
    entity: String(r.entity),
    recordId: String(r.record_id),
    userId: (r.user_id as string) ?? null,
    groupId: (r.group_id as string) ?? null,
    access: r.access === 'update' ? 'update' : 'read',
    createdAt: fromDbDateTime(r.created_at)!,
    createdBy: (r.created_by as string) ?? null,
  };
}

/** Ids of the records of `entity` shared with a user (directly or through a group) with at least `access`. */
export async function sharedRecordIds(
  knex: Knex,
  userId: string,
  entity: string,
  access: ShareAccess,
): Promise<string[]> {
  const rows = await knex('folyam_shares')
    .where({ entity })
    .whereIn('access', access === 'read' ? ACCESS : ['update'])
    .where((w) =>
      w
        .where('user_id', userId)
        .orWhereIn('group_id', knex('folyam_group_members').select('group_id').where('user_id', userId)),
    )
    .distinct('record_id');
  return rows.map((r) => String(r.record_id));
}

export type ShareServiceDeps = { knex: Knex; clock: Clock; events: EventBus; records: RecordService };

export class ShareService {
  constructor(private readonly deps: ShareServiceDeps) {}

  /** The record as the actor reads it, and a 403 unless they own it or are an administrator. */
  private async managed(actor: Actor, entity: string, id: string): Promise<void> {
    const rec = await this.deps.records.get(actor, entity, id);
    if (!actor.admin && rec.ownerId !== actor.id) {
      await this.deps.records.auditDenied(actor, entity, 'share', id, 'notOwner');
      throw errors.forbidden();
    }
  }

  async list(actor: Actor, entity: string, id: string): Promise<Share[]> {
    await this.managed(actor, entity, id);
    const rows = await this.deps
      .knex('folyam_shares')
      .where({ entity, record_id: id })
      .orderBy('created_at')
      .orderBy('id');
    return rows.map(rowToShare);
  }

  /** Shares a record with `{ userId }` or `{ groupId }`, `access` read (default) or update; sharing again changes the access. */
  async add(actor: Actor, entity: string, id: string, input: Record<string, unknown>): Promise<Share> {
    await this.managed(actor, entity, id);
    const issues: Issue[] = [];
    for (const k of Object.keys(input))
      if (!['userId', 'groupId', 'access'].includes(k)) issues.push(issue(k, 'unknownKey', { key: k }));
    const { userId, groupId } = input;
    const access = input.access ?? 'read';
    if (!ACCESS.includes(access as ShareAccess))
      issues.push(issue('access', 'invalidOption', { value: String(access) }));
    if ((userId === undefined || userId === null) === (groupId === undefined || groupId === null)) {
      issues.push({
        path: 'userId',
        code: 'required',
        message: {
          hu: 'Adjon meg egy felhasználót vagy egy csoportot (pontosan egyet).',
          en: 'Give a user or a group (exactly one).',
        },
      });
    }
    for (const [key, value, table] of [
      ['userId', userId, 'folyam_users'],
      ['groupId', groupId, 'folyam_groups'],
    ] as const) {
      if (value === undefined || value === null) continue;
      if (
        typeof value !== 'string' ||
        !ID_RE.test(value) ||
        !(await this.deps.knex(table).where({ id: value }).first())
      )
        issues.push(issue(key, 'referenceMissing'));
    }
    if (issues.length) throw errors.validation(issues);
    const target = userId
      ? { user_id: userId as string, group_id: null }
      : { user_id: null, group_id: groupId as string };
    return this.deps.knex.transaction(async (trx) => {
      const existing = await trx('folyam_shares')
        .where({ entity, record_id: id, ...target })
        .first();
      const row = existing
        ? { ...existing, access }
        : {
            id: uuidv7(),
            entity,
            record_id: id,
            ...target,
            access,
            created_at: toDbDateTime(this.deps.clock.now()),
            created_by: actor.id,
          };
      if (existing) await trx('folyam_shares').where({ id: existing.id }).update({ access });
      else await trx('folyam_shares').insert(row);
      await this.deps.events.emit(trx, {
        type: 'record.shared',
        entity,
        id,
        actor,
        info: { shareId: row.id, userId: target.user_id, groupId: target.group_id, access },
      });
      return rowToShare(row);
    });
  }

  /** Ends a share by its id, or every share of the record with `{ userId }` / `{ groupId }`. */
  async remove(
    actor: Actor,
    entity: string,
    id: string,
    which: { shareId?: string; userId?: string; groupId?: string },
  ): Promise<void> {
    await this.managed(actor, entity, id);
    await this.deps.knex.transaction(async (trx) => {
      const q = trx('folyam_shares').where({ entity, record_id: id });
      if (which.shareId) q.where({ id: which.shareId });
      else if (which.userId) q.where({ user_id: which.userId });
      else if (which.groupId) q.where({ group_id: which.groupId });
      else throw errors.badRequest('INVALID_PARAMETER', 'userId', 'required');
      const rows = await q.clone().select('id', 'user_id', 'group_id');
      if (!rows.length) throw errors.notFound();
      await trx('folyam_shares')
        .whereIn(
          'id',
          rows.map((r) => r.id),
        )
        .delete();
      await this.deps.events.emit(trx, {
        type: 'record.unshared',
        entity,
        id,
        actor,
        info: { shares: rows.map((r) => ({ shareId: r.id, userId: r.user_id, groupId: r.group_id })) },
      });
    });
  }
}

/** Drops a record's shares when it is deleted, in the deleting transaction. */
export function registerShareCleanup(bus: EventBus): void {
  bus.on('record.deleted', async (event, trx) => {
    if (event.type === 'record.deleted')
      await trx('folyam_shares').where({ entity: event.entity, record_id: event.id }).delete();
  });
}
