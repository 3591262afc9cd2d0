/**
 * The process and task API's logic: which processes a user may start, starting one (on a record they may read),
 * instance views for the initiator, task participants, their managers and administrators, the task inbox
 * (own, candidate, team) and claiming / completing tasks. No hapi here.
 */
import {
  candidatesOf,
  findOrgUser,
  loadOrg,
  managerOf,
  readOutcome,
  rowToInstance,
  rowToTask,
  sendsBack,
  subordinatesOf,
  toDbDateTime,
  workflowErrors,
  INSTANCE_STATUSES,
  INSTANCES,
  MAX_LIMIT,
  HISTORY,
  TASKS,
  type Actor,
  type Instance,
  type OpenedTask,
  type Org,
  type OrgUser,
  type Platform,
  type WfTask,
  type WorkflowRuntime,
} from '@folyam/platform';
import type { ProcessDefinition } from '@folyam/metamodel';
import type { Knex } from 'knex';

/** A history row's time (a Date, or the database's `YYYY-MM-DD HH:MM:SS` in UTC) as ISO 8601. */
const isoAt = (at: unknown): string =>
  new Date(String(at).includes('T') ? String(at) : `${String(at).replace(' ', 'T')}Z`).toISOString();
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY = /^[a-z][a-zA-Z0-9]{0,47}$/;

type UserRef = { id: string; name: string } | null;

export type TaskView = {
  id: string;
  name: string;
  /** The step's English name (`folyam:nameEn` in the BPMN), for English-speaking users; null: `name` serves all. */
  nameEn: string | null;
  processKey: string;
  processLabel: { hu: string; en: string } | null;
  instanceId: string;
  elementId: string;
  assignee: UserRef;
  candidateRoles: string[];
  candidateGroups: string[];
  dueAt: string | null;
  overdue: boolean;
  status: string;
  form: string | null;
  record: { entity: string; id: string; title: unknown } | null;
  taskRecordId: string | null;
  createdAt: string;
  completedAt: string | null;
  completedBy: UserRef;
};

function page(query: Record<string, unknown>): { limit: number; offset: number } {
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw workflowErrors.invalidInput('limit', 'tooBig', { max: 500 });
  if (!Number.isInteger(offset) || offset < 0) throw workflowErrors.invalidInput('offset', 'tooSmall', { min: 0 });
  return { limit, offset };
}

export class WorkflowService {
  constructor(
    private readonly platform: Platform,
    private readonly runtime: WorkflowRuntime,
  ) {}

  private get knex(): Knex {
    return this.platform.knex;
  }

  private userRef(org: Org, id: string | null | undefined): UserRef {
    if (!id) return null;
    const u = org.users.get(id);
    return { id, name: u?.displayName ?? u?.username ?? id };
  }

  private mayStart(actor: Actor, def: ProcessDefinition): boolean {
    return actor.admin || !def.startRoles?.length || def.startRoles.some((r) => actor.roles.includes(r));
  }

  /** `GET /api/processes`: the published processes the actor may start. */
  async listProcesses(actor: Actor) {
    const snap = await this.platform.meta.published();
    return {
      items: snap.processes
        .filter((p) => this.mayStart(actor, p))
        .map((p) => ({
          key: p.name,
          label: p.label,
          description: p.description ?? null,
          entity: p.entity ?? null,
          version: snap.version,
        })),
    };
  }

  /** `GET /api/processes/{key}`: one process with its BPMN, for those who may start it (and administrators). */
  async getProcess(actor: Actor, key: string) {
    const snap = await this.platform.meta.published();
    const p = snap.processes.find((x) => x.name === key);
    if (!p || !this.mayStart(actor, p)) throw workflowErrors.notFound();
    return {
      key: p.name,
      label: p.label,
      description: p.description ?? null,
      entity: p.entity ?? null,
      startRoles: p.startRoles ?? [],
      version: snap.version,
      bpmn: p.bpmn,
    };
  }

  /**
   * `POST /api/processes/{key}/start` → `{ instanceId, tasks }`, `tasks` being the ones the start opened for the
   * actor (so a screen can go on to the first step when it is theirs). A given record must be readable by them.
   */
  async start(actor: Actor, key: string, body: Record<string, unknown>) {
    if (!KEY.test(key)) throw workflowErrors.notFound();
    const snap = await this.platform.meta.published();
    const def = snap.processes.find((x) => x.name === key);
    if (!def) throw workflowErrors.notFound();
    if (!this.mayStart(actor, def)) {
      await this.platform.records.auditDenied(actor, null, 'process.start', null, 'notGranted', { process: key });
      throw workflowErrors.cannotStart();
    }
    let record: { entity: string; id: string; values: Record<string, unknown> } | null = null;
    if (body.record !== undefined && body.record !== null) {
      const r = body.record as Record<string, unknown>;
      if (typeof r !== 'object' || Array.isArray(r))
        throw workflowErrors.invalidInput('record', 'invalidType', { expected: 'object' });
      if (typeof r.entity !== 'string' || !KEY.test(r.entity))
        throw workflowErrors.invalidInput('record.entity', 'required');
      if (typeof r.id !== 'string' || !ID.test(r.id)) throw workflowErrors.invalidInput('record.id', 'required');
      if (def.entity && r.entity !== def.entity)
        throw workflowErrors.invalidInput('record.entity', 'enum', { values: [def.entity] });
      // Read as the actor: a record out of their reach answers 404/403 here, and hidden fields stay hidden.
      const values = await this.platform.records.get(actor, r.entity, r.id);
      record = {
        entity: r.entity,
        id: r.id,
        values: Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith('_'))),
      };
    } else if (def.entity && !actor.admin && !def.startRoles?.length) {
      throw workflowErrors.invalidInput('record', 'required');
    }
    const { instanceId, opened } = await this.runtime.start(actor, key, {
      variables: body.variables as Record<string, unknown>,
      record,
    });
    return { instanceId, tasks: tasksOf(actor, opened) };
  }

  /** The users whose work the actor may see: themselves and everyone they manage. */
  private async reach(actor: Actor, org: Org): Promise<string[]> {
    return [actor.id, ...subordinatesOf(org, actor.id)];
  }

  /** Whether the actor may view an instance: initiator, a task participant, their manager, or an administrator. */
  private async mayView(actor: Actor, instance: Instance, org: Org): Promise<boolean> {
    if (actor.admin) return true;
    const reach = new Set(await this.reach(actor, org));
    if (instance.startedBy && reach.has(instance.startedBy)) return true;
    const tasks = (await this.knex(TASKS).where({ instance_id: instance.id })).map(rowToTask);
    for (const t of tasks) {
      if ((t.assigneeId && reach.has(t.assigneeId)) || (t.completedBy && reach.has(t.completedBy))) return true;
      if (t.status === 'open' && !t.assigneeId && (await this.runtime.isCandidate(this.knex, actor, t))) return true;
    }
    return false;
  }

  /** `GET /api/processes/instances?startedBy=me&status=running&stuck=true` */
  async listInstances(actor: Actor, query: Record<string, unknown>) {
    const { limit, offset } = page(query);
    const org = await loadOrg(this.knex);
    const q = this.knex(INSTANCES);
    if (!actor.admin) {
      const reach = await this.reach(actor, org);
      q.where((w) =>
        w
          .whereIn('started_by', reach)
          .orWhereIn('id', this.knex(TASKS).select('instance_id').whereIn('assignee_id', reach))
          .orWhereIn('id', this.knex(TASKS).select('instance_id').whereIn('completed_by', reach)),
      );
    }
    if (query.startedBy !== undefined) {
      const who = query.startedBy === 'me' ? actor.id : String(query.startedBy);
      if (!ID.test(who)) throw workflowErrors.invalidInput('startedBy', 'invalid');
      q.where('started_by', who);
    }
    if (query.status !== undefined) {
      if (!(INSTANCE_STATUSES as readonly string[]).includes(String(query.status)))
        throw workflowErrors.invalidInput('status', 'enum', { values: INSTANCE_STATUSES });
      q.where('status', String(query.status));
    }
    if (query.processKey !== undefined) q.where('process_key', String(query.processKey));
    if (query.recordEntity !== undefined || query.recordId !== undefined) {
      // a record's processes: both halves of the reference, or neither
      for (const key of ['recordEntity', 'recordId'] as const)
        if (typeof query[key] !== 'string' || !ID.test(query[key] as string))
          throw workflowErrors.invalidInput(key, query[key] === undefined ? 'required' : 'invalid');
      q.where({ record_entity: String(query.recordEntity), record_id: String(query.recordId) });
    }
    if (query.stuck !== undefined) {
      if (query.stuck !== 'true') throw workflowErrors.invalidInput('stuck', 'enum', { values: ['true'] });
      // the key with its object: an element whose id is "incident" does not match
      q.where('status', 'running').where('active', 'like', '%"incident":{%');
    }
    const total = Number((await q.clone().count({ n: '*' }).first())?.n ?? 0);
    const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset);
    const snap = await this.platform.meta.published();
    const instances = rows.map(rowToInstance);
    const current = await Promise.all(instances.map((i) => this.currentSteps(i)));
    const records = await this.recordRefs(
      actor,
      instances.map((i) => i.record),
    );
    return {
      items: instances.map((i, n) => ({
        id: i.id,
        processKey: i.processKey,
        processLabel: snap.processes.find((p) => p.name === i.processKey)?.label ?? null,
        version: i.metaVersion,
        status: i.status,
        record: records[n],
        startedBy: this.userRef(org, i.startedBy),
        startedAt: i.startedAt,
        endedAt: i.endedAt,
        current: current[n],
      })),
      total,
    };
  }

  /** The steps an instance waits in, by name, and whether each is stuck (its automatic action was refused). */
  private async currentSteps(
    i: Instance,
  ): Promise<{ elementId: string; name: string | null; nameEn: string | null; stuck: boolean }[]> {
    if (!i.active.length) return [];
    const elements = await this.elementsOf(i.metaVersion, i.processKey);
    return i.active.map((a) => ({
      elementId: a.elementId,
      name: elements[a.elementId]?.name ?? null,
      nameEn: elements[a.elementId]?.nameEn ?? null,
      stuck: Boolean(a.incident),
    }));
  }

  /** A process version's elements by id (their names in both languages); none when the version is gone. */
  private async elementsOf(
    version: number,
    key: string,
  ): Promise<Record<string, { name: string | null; nameEn?: string } | undefined>> {
    const process = await this.runtime.definitions.load(this.knex, version, key);
    return process?.model.elements ?? {};
  }

  /**
   * Record links with their titles as `actor` may read them: one list query per entity through the access
   * evaluator, so a page of instances or tasks costs a query per entity, not one per row, and a record out of the
   * actor's reach keeps its link but shows no title (and is not logged as a refused read: nobody asked to open it).
   */
  private async recordRefs(
    actor: Actor,
    refs: ({ entity: string; id: string } | null)[],
  ): Promise<({ entity: string; id: string; title: unknown } | null)[]> {
    const byEntity = new Map<string, Set<string>>();
    for (const r of refs) if (r) byEntity.set(r.entity, (byEntity.get(r.entity) ?? new Set()).add(r.id));
    const titles = new Map<string, unknown>();
    for (const [entityName, idSet] of byEntity) {
      try {
        const { entity } = await this.platform.records.entity(entityName);
        const titleField = this.platform.records.titleField(entity);
        if (!titleField) continue;
        const ids = [...idSet];
        for (let i = 0; i < ids.length; i += MAX_LIMIT) {
          const { items } = await this.platform.records.list(actor, entityName, {
            filter: { field: 'id', op: 'in', value: ids.slice(i, i + MAX_LIMIT) },
            fields: [titleField],
            limit: MAX_LIMIT,
          });
          for (const rec of items) titles.set(`${entityName}:${String(rec.id)}`, rec[titleField] ?? null);
        }
      } catch {
        // The entity is gone or not readable by this user: the links stay, without titles.
      }
    }
    return refs.map((r) => (r ? { ...r, title: titles.get(`${r.entity}:${r.id}`) ?? null } : null));
  }

  /** `GET /api/processes/instances/{id}`: the instance with its waiting steps, its history and its BPMN. */
  async getInstance(actor: Actor, id: string) {
    const row = ID.test(id) ? await this.knex(INSTANCES).where({ id }).first() : null;
    if (!row) throw workflowErrors.notFound();
    const instance = rowToInstance(row);
    const org = await loadOrg(this.knex);
    if (!(await this.mayView(actor, instance, org))) {
      await this.platform.records.auditDenied(actor, null, 'process.view', null, 'notParticipant', { instanceId: id });
      throw workflowErrors.forbidden();
    }
    const process = await this.runtime.definitions.load(this.knex, instance.metaVersion, instance.processKey);
    const elements = await this.elementsOf(instance.metaVersion, instance.processKey);
    const tasks = (await this.knex(TASKS).where({ instance_id: id })).map(rowToTask);
    const history = await this.knex(HISTORY).where({ instance_id: id }).orderBy('id', 'asc').limit(5000);
    return {
      id: instance.id,
      processKey: instance.processKey,
      processLabel: process?.definition.label ?? null,
      version: instance.metaVersion,
      status: instance.status,
      variables: instance.variables,
      record: (await this.recordRefs(actor, [instance.record]))[0],
      startedBy: this.userRef(org, instance.startedBy),
      canCancel: instance.status === 'running' && mayCancel(actor, instance),
      startedAt: instance.startedAt,
      endedAt: instance.endedAt,
      active: instance.active.map((a) => ({
        activationId: a.activationId,
        elementId: a.elementId,
        elementType: a.elementType,
        name: elements[a.elementId]?.name ?? null,
        nameEn: elements[a.elementId]?.nameEn ?? null,
        taskId: tasks.find((t) => t.activationId === a.activationId)?.id ?? null,
        ...(a.incident ? { incident: a.incident } : {}),
      })),
      history: history.map((h) => ({
        at: isoAt(h.at),
        elementId: h.element_id,
        elementType: h.element_type,
        name: h.name ?? null,
        nameEn: elements[h.element_id]?.nameEn ?? null,
        event: h.event,
        activationId: h.activation_id ?? null,
        actor: this.userRef(org, h.actor_id),
        outcome: this.outcomeView(org, readOutcome(h.outcome)),
      })),
      bpmn: process?.definition.bpmn ?? null,
    };
  }

  private async present(tasks: WfTask[], actor: Actor, org: Org): Promise<TaskView[]> {
    const snap = await this.platform.meta.published();
    const instances = new Map<string, Instance>();
    const ids = [...new Set(tasks.map((t) => t.instanceId))];
    if (ids.length)
      for (const r of await this.knex(INSTANCES).whereIn('id', ids)) instances.set(String(r.id), rowToInstance(r));
    const now = this.platform.clock.now().getTime();
    const records = await this.recordRefs(
      actor,
      tasks.map((t) => instances.get(t.instanceId)?.record ?? null),
    );
    const out: TaskView[] = [];
    for (const [n, t] of tasks.entries()) {
      const inst = instances.get(t.instanceId);
      const record = records[n];
      const elements = inst ? await this.elementsOf(inst.metaVersion, inst.processKey) : {};
      out.push({
        id: t.id,
        name: t.name,
        nameEn: elements[t.elementId]?.nameEn ?? null,
        processKey: inst?.processKey ?? '',
        processLabel: snap.processes.find((p) => p.name === inst?.processKey)?.label ?? null,
        instanceId: t.instanceId,
        elementId: t.elementId,
        assignee: this.userRef(org, t.assigneeId),
        candidateRoles: t.candidateRoles,
        candidateGroups: t.candidateGroups,
        dueAt: t.dueAt,
        overdue: Boolean(t.dueAt && (t.status === 'open' || t.status === 'claimed') && Date.parse(t.dueAt) < now),
        status: t.status,
        form: t.form,
        record,
        taskRecordId: t.taskRecordId,
        createdAt: t.createdAt,
        completedAt: t.completedAt,
        completedBy: this.userRef(org, t.completedBy),
      });
    }
    return out;
  }

  /** A LIKE pattern matching one JSON array element. */
  private static jsonElement(value: string): string {
    return `%${JSON.stringify(value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }

  /** `GET /api/tasks?assignee=me | candidate=me | scope=team &status=open|done` */
  async listTasks(actor: Actor, query: Record<string, unknown>) {
    const { limit, offset } = page(query);
    const org = await loadOrg(this.knex);
    const q = this.knex(TASKS);
    const status = query.status === undefined ? 'open' : String(query.status);
    if (status === 'open') q.whereIn('status', ['open', 'claimed']);
    else if (status === 'done' || status === 'cancelled') q.where('status', status);
    else if (status !== 'all')
      throw workflowErrors.invalidInput('status', 'enum', { values: ['open', 'done', 'cancelled', 'all'] });
    const groups = [...org.groups.values()].filter((g) => g.members.includes(actor.id));
    const candidate = (w: Knex.QueryBuilder) => {
      w.whereNull('assignee_id').where((x) => {
        x.whereRaw('1 = 0');
        for (const r of actor.roles) x.orWhere('candidate_roles', 'like', WorkflowService.jsonElement(r));
        for (const g of groups) {
          x.orWhere('candidate_groups', 'like', WorkflowService.jsonElement(g.name));
          x.orWhere('candidate_groups', 'like', WorkflowService.jsonElement(g.id));
        }
      });
    };
    if (query.scope !== undefined) {
      if (query.scope !== 'team') throw workflowErrors.invalidInput('scope', 'enum', { values: ['team'] });
      const team = subordinatesOf(org, actor.id);
      q.where((w) => w.whereIn('assignee_id', team).orWhereIn('completed_by', team));
    } else if (query.candidate !== undefined) {
      if (query.candidate !== 'me') throw workflowErrors.invalidInput('candidate', 'enum', { values: ['me'] });
      q.where(candidate);
    } else if (query.assignee !== undefined) {
      if (query.assignee !== 'me') throw workflowErrors.invalidInput('assignee', 'enum', { values: ['me'] });
      q.where((w) =>
        status === 'done'
          ? w.where('completed_by', actor.id).orWhere('assignee_id', actor.id)
          : w.where('assignee_id', actor.id),
      );
    } else {
      q.where((w) => w.where('assignee_id', actor.id).orWhere((x) => candidate(x)));
    }
    const total = Number((await q.clone().count({ n: '*' }).first())?.n ?? 0);
    const overdue =
      status === 'done' || status === 'cancelled' || total === 0
        ? 0
        : Number(
            (
              await q
                .clone()
                .whereIn('status', ['open', 'claimed'])
                .where('due_at', '<', toDbDateTime(this.platform.clock.now()))
                .count({ n: '*' })
                .first()
            )?.n ?? 0,
          );
    const rows = await q
      .orderByRaw('case when due_at is null then 1 else 0 end')
      .orderBy('due_at', 'asc')
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(limit)
      .offset(offset);
    return { items: await this.present(rows.map(rowToTask), actor, org), total, overdue };
  }

  /** Whether the actor may see a task: a participant, a candidate, one who may view its instance. */
  private async mayViewTask(actor: Actor, task: WfTask, org: Org): Promise<boolean> {
    if (actor.admin || task.assigneeId === actor.id || task.completedBy === actor.id) return true;
    if (!task.assigneeId && (await this.runtime.isCandidate(this.knex, actor, task))) return true;
    const inst = await this.knex(INSTANCES).where({ id: task.instanceId }).first();
    return inst ? this.mayView(actor, rowToInstance(inst), org) : false;
  }

  /** `GET /api/tasks/{id}`: the task, its instance's variables, and the form schema when it names a published form. */
  async getTask(actor: Actor, id: string) {
    const row = ID.test(id) ? await this.knex(TASKS).where({ id }).first() : null;
    if (!row) throw workflowErrors.notFound({ hu: 'A feladat', en: 'The task' });
    const task = rowToTask(row);
    const org = await loadOrg(this.knex);
    if (!(await this.mayViewTask(actor, task, org))) throw workflowErrors.notFound({ hu: 'A feladat', en: 'The task' });
    const [view] = await this.present([task], actor, org);
    const inst = rowToInstance(await this.knex(INSTANCES).where({ id: task.instanceId }).first());
    const snap = await this.platform.meta.published();
    const form = task.form ? snap.forms.find((f) => f.name === task.form) : undefined;
    const process = await this.runtime.definitions.load(this.knex, inst.metaVersion, inst.processKey);
    return {
      ...view,
      variables: inst.variables,
      formSchema: form?.schema ?? null,
      canComplete: actor.admin || task.assigneeId === actor.id,
      canSendBack: process ? sendsBack(process.compiled.graph, task.elementId) : false,
      canClaim:
        !task.assigneeId &&
        task.status === 'open' &&
        (actor.admin || (await this.runtime.isCandidate(this.knex, actor, task))),
      manager: this.userRef(org, task.assigneeId ? managerOf(org, task.assigneeId) : null),
      canReassign: this.mayReassign(actor, task, org),
      reminders: await this.remindersOf(task),
      comments: await this.comments(task.instanceId, org, await this.elementsOf(inst.metaVersion, inst.processKey)),
    };
  }

  /**
   * The reminders sent about a task so far: how many times one went out (to however many candidates) and when
   * last. Read from the outbox by the keys the reminder job writes (`wf:<instance>:<activation>:reminder:<n>…`).
   */
  private async remindersOf(task: WfTask): Promise<{ sent: number; lastAt: string | null }> {
    const prefix = `wf:${task.instanceId}:${task.activationId}:reminder:`;
    // ids hold no `%`; a `_` in one matches any character in LIKE, so the prefix is checked exactly below
    const rows = (
      (await this.knex('folyam_messages')
        .where('idempotency_key', 'like', `${prefix}%`)
        .select('idempotency_key', 'created_at')
        .limit(1000)) as { idempotency_key: string; created_at: unknown }[]
    ).filter((r) => r.idempotency_key.startsWith(prefix));
    const times = new Set(rows.map((r) => r.idempotency_key.slice(prefix.length).split(':')[0]));
    const last = rows.reduce<string | null>((max, r) => {
      const at = isoAt(r.created_at);
      return !max || at > max ? at : max;
    }, null);
    return { sent: times.size, lastAt: last };
  }

  /** A history outcome as the API shows it: a handover's `assignee` id as the user's `{ id, name }`. */
  private outcomeView(org: Org, outcome: unknown): unknown {
    if (!outcome || typeof outcome !== 'object' || !('assignee' in outcome)) return outcome;
    return { ...outcome, assignee: this.userRef(org, String((outcome as { assignee: unknown }).assignee)) };
  }

  /**
   * The comments of an instance's earlier user tasks, newest first (a task's `comments`): those they were completed
   * with, and those written when one was handed on.
   */
  private async comments(instanceId: string, org: Org, elements: Record<string, { nameEn?: string } | undefined>) {
    const rows = await this.knex(HISTORY)
      .where({ instance_id: instanceId, element_type: 'userTask' })
      .whereIn('event', ['completed', 'assigned'])
      .where('outcome', 'like', '{%')
      .orderBy('id', 'desc')
      .limit(100);
    return rows
      .map((h) => ({
        h,
        outcome: readOutcome(h.outcome) as { decision?: string; comment?: string; assignee?: string },
      }))
      .filter(({ outcome }) => typeof outcome?.comment === 'string' && outcome.comment !== '')
      .slice(0, 20)
      .map(({ h, outcome }) => ({
        at: isoAt(h.at),
        step: h.name ?? null,
        stepEn: elements[h.element_id]?.nameEn ?? null,
        actor: this.userRef(org, h.actor_id),
        decision: outcome.decision ?? null,
        /** whom the task was handed to, when this is a handover's note */
        assignee: outcome.assignee ? this.userRef(org, String(outcome.assignee)) : null,
        comment: outcome.comment!,
      }));
  }

  async claim(actor: Actor, id: string) {
    await this.runtime.claim(actor, id);
    return this.getTask(actor, id);
  }

  /**
   * Whether the actor may give a task to someone: an administrator; for an assigned task its assignee or a manager
   * above them; for one still offered to candidates, a manager above one of the candidates.
   */
  private mayReassign(actor: Actor, task: WfTask, org: Org): boolean {
    if (task.status === 'done' || task.status === 'cancelled') return false;
    if (actor.admin || (!!task.assigneeId && task.assigneeId === actor.id)) return true;
    const team = subordinatesOf(org, actor.id);
    if (task.assigneeId) return team.includes(task.assigneeId);
    const candidates = candidatesOf(org, task);
    return team.some((id) => candidates.includes(id));
  }

  /**
   * Whom the actor may give the task to: anyone active, but a task still offered to candidates only to one of
   * them (administrators: anyone). Never its present assignee.
   */
  private receivers(actor: Actor, task: WfTask, org: Org): OrgUser[] {
    const candidates = !task.assigneeId && !actor.admin ? new Set(candidatesOf(org, task)) : null;
    return [...org.users.values()].filter(
      (u) => !u.disabled && u.id !== task.assigneeId && (!candidates || candidates.has(u.id)),
    );
  }

  /**
   * `receivers` by name, each with `seesRecord`: whether they may read the record the process runs on (the access
   * evaluator decides for each; null when it runs on none). The task's variables carry its work, so one who may
   * not is still a valid choice, but the person handing it on should know.
   */
  private async receiverChoices(
    actor: Actor,
    task: WfTask,
    org: Org,
  ): Promise<{ id: string; name: string; seesRecord: boolean | null }[]> {
    const users = this.receivers(actor, task, org);
    const readers = await this.recordReaders(task, users);
    return users
      .map((u) => ({ id: u.id, name: u.displayName || u.username, seesRecord: readers ? readers.has(u.id) : null }))
      .sort((a, b) => a.name.localeCompare(b.name, 'hu'));
  }

  /** Which of `users` may read the record the task's process runs on; null when it runs on none (or it is gone). */
  private async recordReaders(task: WfTask, users: OrgUser[]): Promise<Set<string> | null> {
    const inst = await this.knex(INSTANCES).where({ id: task.instanceId }).first('record_entity', 'record_id');
    if (!inst?.record_entity || !inst.record_id) return null;
    const snap = await this.platform.meta.published();
    const adminRoles = new Set(snap.roles.filter((r) => r.admin).map((r) => r.name));
    const actors: Actor[] = users.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roles: u.roles,
      departmentId: u.departmentId,
      managerId: u.managerId,
      locale: 'hu',
      admin: u.roles.includes('admin') || u.roles.some((r) => adminRoles.has(r)),
      via: 'system',
    }));
    return this.platform.records.readers(actors, String(inst.record_entity), String(inst.record_id));
  }

  /**
   * The task, loaded for a reassignment by `actor`: 404 when they may not see it, 409 when it is closed, 403 when
   * they may not hand it on.
   */
  private async taskToReassign(actor: Actor, id: string): Promise<{ task: WfTask; org: Org }> {
    const row = ID.test(id) ? await this.knex(TASKS).where({ id }).first() : null;
    if (!row) throw workflowErrors.notFound({ hu: 'A feladat', en: 'The task' });
    const task = rowToTask(row);
    const org = await loadOrg(this.knex);
    if (!(await this.mayViewTask(actor, task, org))) throw workflowErrors.notFound({ hu: 'A feladat', en: 'The task' });
    if (task.status === 'done' || task.status === 'cancelled') throw workflowErrors.taskClosed();
    if (!this.mayReassign(actor, task, org)) {
      await this.platform.records.auditDenied(actor, null, 'task.reassign', null, 'notGranted', { taskId: id });
      throw workflowErrors.forbidden();
    }
    return { task, org };
  }

  /** `GET /api/tasks/{id}/assignees`: whom the caller may give the task to (see `receiverChoices`). */
  async assignees(actor: Actor, id: string) {
    const { task, org } = await this.taskToReassign(actor, id);
    return { items: await this.receiverChoices(actor, task, org) };
  }

  /** `POST /api/tasks/{id}/assign` `{ assignee, comment? }`: gives the task on; answers it as `getTask` does. */
  async reassign(actor: Actor, id: string, body: Record<string, unknown>) {
    const { task, org } = await this.taskToReassign(actor, id);
    const extra = Object.keys(body).filter((k) => k !== 'assignee' && k !== 'comment');
    if (extra.length) throw workflowErrors.invalidInput(extra[0], 'unknownField', { value: extra[0] });
    const target = findOrgUser(org, body.assignee);
    if (target && !target.disabled && target.id !== task.assigneeId) {
      if (!this.receivers(actor, task, org).some((u) => u.id === target.id))
        throw workflowErrors.invalidInput('assignee', 'invalidOption', {
          value: target.displayName || target.username,
        });
    }
    await this.runtime.reassign(actor, id, body);
    return this.getTask(actor, id);
  }

  async unclaim(actor: Actor, id: string) {
    await this.runtime.unclaim(actor, id);
    return this.getTask(actor, id);
  }

  /** `POST /api/processes/instances/{id}/retry`: administrators run a stuck automatic step again. */
  async retry(actor: Actor, id: string, body: Record<string, unknown>) {
    if (!ID.test(id)) throw workflowErrors.notFound();
    if (!actor.admin) {
      await this.platform.records.auditDenied(actor, null, 'process.retry', null, 'notGranted', { instanceId: id });
      throw workflowErrors.forbidden();
    }
    const extra = Object.keys(body).filter((k) => k !== 'variables' && k !== 'activationId');
    if (extra.length) throw workflowErrors.invalidInput(extra[0], 'unknownField', { value: extra[0] });
    if (body.activationId !== undefined && typeof body.activationId !== 'string')
      throw workflowErrors.invalidInput('activationId', 'invalidType', { expected: 'string' });
    return this.runtime.retry(actor, id, body);
  }

  /** `POST /api/processes/instances/{id}/cancel`: the initiator or an administrator stops a running instance. */
  async cancel(actor: Actor, id: string, body: Record<string, unknown>) {
    const row = ID.test(id) ? await this.knex(INSTANCES).where({ id }).first() : null;
    if (!row) throw workflowErrors.notFound();
    const instance = rowToInstance(row);
    if (!mayCancel(actor, instance)) {
      await this.platform.records.auditDenied(actor, null, 'process.cancel', null, 'notInitiator', { instanceId: id });
      const org = await loadOrg(this.knex);
      // whoever may not even see the instance learns nothing of it
      if (!(await this.mayView(actor, instance, org))) throw workflowErrors.notFound();
      throw workflowErrors.forbidden();
    }
    const extra = Object.keys(body).filter((k) => k !== 'reason');
    if (extra.length) throw workflowErrors.invalidInput(extra[0], 'unknownField', { value: extra[0] });
    return this.runtime.cancel(actor, id, body);
  }

  async complete(actor: Actor, id: string, body: Record<string, unknown>) {
    if (!ID.test(id)) throw workflowErrors.notFound({ hu: 'A feladat', en: 'The task' });
    const extra = Object.keys(body).filter((k) => k !== 'variables');
    if (extra.length) throw workflowErrors.invalidInput(extra[0], 'unknownField', { value: extra[0] });
    const { instanceId, status, opened } = await this.runtime.completeTask(actor, id, body.variables ?? {});
    return { instanceId, status, tasks: tasksOf(actor, opened) };
  }
}

/** Who may stop an instance: the one who started it, and administrators. */
function mayCancel(actor: Actor, instance: Instance): boolean {
  return actor.admin || (!!instance.startedBy && instance.startedBy === actor.id);
}

/** The tasks a step opened that are the actor's to do: `{ id, name, elementId, dueAt }` each. */
function tasksOf(actor: Actor, opened: OpenedTask[]) {
  return opened
    .filter((t) => t.assigneeId !== null && t.assigneeId === actor.id)
    .map((t) => ({ id: t.id, name: t.name, elementId: t.elementId, dueAt: t.dueAt }));
}
