/**
 * Processes end to end on a real runtime with the CRM package: starting the offer approval, the inbox, claiming
 * and completing with a send-back loop, the automatic email to the customer and the initiator's notice;
 * permissions; reminders under a hand-moved clock; a record-triggered start; completing a task by entering its
 * completion date on the task record, and the follow-up task of a plain task record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '@folyam/platform';
import { testDatabases, publishProcess } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = '2026-03-02T08:00:00.000Z';

describe.each(testDatabases())('workflow API on $dialect', (db) => {
  const clock = manualClock(START);
  let app: TestApp;
  let admin: TestClient;
  let manager: TestClient;
  let sales1: TestClient;
  let sales2: TestClient;
  let marketing: TestClient;
  let companyId: string;

  const runJobs = () => app.platform.jobs.runDue(500);
  /** The daily job's work: task records past their deadline become overdue. */
  const refreshOverdue = () =>
    (
      app.server.plugins as Record<
        string,
        { workflow: { runtime: { taskRecords: { refreshOverdue(): Promise<number> } } } }
      >
    )['folyam-workflow'].workflow.runtime.taskRecords.refreshOverdue();
  const messagesTo = (address: string) =>
    app.platform.knex('folyam_messages').where({ to_address: address }).orderBy('created_at').select();
  const openTasks = async (client: TestClient, query = 'assignee=me') =>
    (await client.request('GET', `/api/tasks?${query}`)).body.items as {
      id: string;
      name: string;
      elementId: string;
      instanceId: string;
    }[];
  const taskOf = async (client: TestClient, instanceId: string, elementId: string, query = 'assignee=me') =>
    (await openTasks(client, query)).find((t) => t.instanceId === instanceId && t.elementId === elementId);
  const startOffer = async (client: TestClient, variables: Record<string, unknown> = {}) => {
    const res = await client.request('POST', '/api/processes/offerApproval/start', {
      variables: {
        offerTitle: 'Éves karbantartás',
        amount: 1_200_000,
        customerEmail: 'beszerzes@vevo.hu',
        ...variables,
      },
      record: { entity: 'company', id: companyId },
    });
    expect(res.status).toBe(201);
    return res.body.instanceId as string;
  };

  beforeAll(async () => {
    app = await startTestApp(db, { demoUsers: true, clock });
    [admin, manager, sales1, sales2, marketing] = await Promise.all(
      ['admin', 'manager', 'sales1', 'sales2', 'marketing'].map((u) => app.login(u)),
    );
    const company = await sales1.request('POST', '/api/data/company', { name: 'Vevő Kft.', status: 'active' });
    expect(company.status).toBe(201);
    companyId = company.body.id;
  }, 60_000);
  afterAll(() => app?.close());

  it('lists the processes a user may start, with the BPMN for the viewer', async () => {
    // given / when
    const mine = await sales1.request('GET', '/api/processes');
    const theirs = await marketing.request('GET', '/api/processes');
    const one = await sales1.request('GET', '/api/processes/offerApproval');
    // then
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((p: { key: string }) => p.key).sort()).toEqual(['customerOnboarding', 'offerApproval']);
    expect(mine.body.items.find((p: { key: string }) => p.key === 'offerApproval')).toMatchObject({
      entity: 'company',
      label: { hu: 'Ajánlat jóváhagyása', en: 'Offer approval' },
    });
    expect(theirs.body.items).toEqual([]);
    expect(one.body.bpmn).toContain('<bpmn:userTask id="prepare"');
    expect((await marketing.request('GET', '/api/processes/offerApproval')).body.code).toBe('workflow.notFound');
  });

  it('answers the tasks a start or a completion opened for the caller, and only theirs', async () => {
    // given: sales1 starts an approval, whose first step (preparing the offer) is the initiator's
    const started = await sales1.request('POST', '/api/processes/offerApproval/start', {
      variables: { offerTitle: 'Gyors ajánlat', amount: 300_000, customerEmail: 'gyors@vevo.hu' },
      record: { entity: 'company', id: companyId },
    });
    // then: the answer names that task, as the inbox has it
    expect(started.status).toBe(201);
    const prepare = await taskOf(sales1, started.body.instanceId, 'prepare');
    expect(started.body.tasks).toEqual([
      { id: prepare!.id, name: 'Ajánlat elkészítése', elementId: 'prepare', dueAt: expect.any(String) },
    ]);
    // when: it is completed, and the check goes to the key account team's candidates
    const done = await sales1.request('POST', `/api/tasks/${prepare!.id}/complete`, { variables: { notes: 'kész' } });
    // then: nothing new is sales1's own
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ instanceId: started.body.instanceId, status: 'running', tasks: [] });
    // and when a checker sends it back, the preparer's new task is not the checker's to open
    const check = await taskOf(sales2, started.body.instanceId, 'check', 'candidate=me');
    await sales2.request('POST', `/api/tasks/${check!.id}/claim`);
    const back = await sales2.request('POST', `/api/tasks/${check!.id}/complete`, {
      variables: { decision: 'reject' },
    });
    expect(back.body.tasks).toEqual([]);
    // while the preparer, completing their task again, is not handed someone else's either
    const again = await taskOf(sales1, started.body.instanceId, 'prepare');
    expect(again).toBeDefined();
    expect((await sales1.request('POST', `/api/tasks/${again!.id}/complete`, {})).body.tasks).toEqual([]);
  });

  it('runs an offer approval: inbox, claim, send-back, approval, email to the customer, notice to the initiator', async () => {
    // given: sales1 starts an approval on their customer
    const instanceId = await startOffer(sales1);
    // then: the preparer's task is in sales1's inbox, with the customer's name
    const prepare = await taskOf(sales1, instanceId, 'prepare');
    expect(prepare).toMatchObject({
      name: 'Ajánlat elkészítése',
      status: 'open',
      record: { entity: 'company', id: companyId, title: 'Vevő Kft.' },
    });
    // when: sales1 completes it
    expect(
      (await sales1.request('POST', `/api/tasks/${prepare!.id}/complete`, { variables: { notes: 'kész' } })).status,
    ).toBe(200);
    // then: the check goes to the key account team as candidates; nobody completes it without claiming
    const check = await taskOf(sales2, instanceId, 'check', 'candidate=me');
    expect(check).toBeDefined();
    const early = await sales2.request('POST', `/api/tasks/${check!.id}/complete`, {}, { 'accept-language': 'en' });
    expect(early.status).toBe(403);
    expect(early.body).toMatchObject({
      code: 'workflow.notAssignee',
      messages: { hu: expect.any(String), en: expect.any(String) },
    });
    expect((await marketing.request('POST', `/api/tasks/${check!.id}/claim`)).body.code).toBe('workflow.notCandidate');
    expect((await sales2.request('POST', `/api/tasks/${check!.id}/claim`)).status).toBe(200);
    expect((await manager.request('POST', `/api/tasks/${check!.id}/claim`)).body.code).toBe('workflow.alreadyClaimed');
    // and: the check can be sent back (its gateway tests the decision); the preparation could only move on
    expect((await sales2.request('GET', `/api/tasks/${check!.id}`)).body.canSendBack).toBe(true);
    expect((await sales1.request('GET', `/api/tasks/${prepare!.id}`)).body.canSendBack).toBe(false);
    expect(await taskOf(manager, instanceId, 'check', 'candidate=me')).toBeUndefined();
    // when: the checker sends it back
    const reason = 'Az ár hiányzik.';
    expect(
      (
        await sales2.request('POST', `/api/tasks/${check!.id}/complete`, {
          variables: { decision: 'reject', comment: reason },
        })
      ).status,
    ).toBe(200);
    expect((await sales2.request('POST', `/api/tasks/${check!.id}/complete`, {})).body.code).toBe(
      'workflow.taskClosed',
    );
    // then: the preparer has the task again; after it, the check passes and the manager approves
    const again = await taskOf(sales1, instanceId, 'prepare');
    expect(again).toBeDefined();
    expect(again!.id).not.toBe(prepare!.id);
    // with the checker's reason on it
    expect((await sales1.request('GET', `/api/tasks/${again!.id}`)).body.comments).toEqual([
      {
        at: expect.any(String),
        step: 'Ajánlat ellenőrzése',
        stepEn: 'Check the offer',
        actor: expect.objectContaining({ id: expect.any(String) }),
        decision: 'reject',
        assignee: null,
        comment: reason,
      },
    ]);
    await sales1.request('POST', `/api/tasks/${again!.id}/complete`, {});
    const check2 = await taskOf(sales2, instanceId, 'check', 'candidate=me');
    await sales2.request('POST', `/api/tasks/${check2!.id}/claim`);
    await sales2.request('POST', `/api/tasks/${check2!.id}/complete`, { variables: { decision: 'ok' } });
    const approve = await taskOf(manager, instanceId, 'approve');
    expect(approve).toMatchObject({ assignee: { name: 'Kovács Katalin' } });
    expect((await sales1.request('POST', `/api/tasks/${approve!.id}/complete`, {})).body.code).toBe(
      'workflow.notAssignee',
    );
    const done = await manager.request('POST', `/api/tasks/${approve!.id}/complete`, {
      variables: { decision: 'approve' },
    });
    expect(done.status).toBe(200);
    // when: the jobs run (the service task's email, the end notice)
    await runJobs();
    // then: one email to the customer, one notice to the initiator, the instance completed
    const toCustomer = await messagesTo('beszerzes@vevo.hu');
    expect(toCustomer).toHaveLength(1);
    expect(toCustomer[0].subject).toBe('Árajánlat: Éves karbantartás');
    const toInitiator = await messagesTo('nagy.peter@example.hu');
    expect(
      toInitiator.filter(
        (m) =>
          String(m.idempotency_key).startsWith(`wf:${instanceId}:`) &&
          !String(m.idempotency_key).includes(':reminder:'),
      ),
    ).toHaveLength(1);
    const view = await sales1.request('GET', `/api/processes/instances/${instanceId}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      status: 'completed',
      processKey: 'offerApproval',
      record: { entity: 'company', id: companyId },
      active: [],
    });
    expect(view.body.startedBy.name).toBe('Nagy Péter');
    expect(view.body.bpmn).toContain('offerApproval');
    const completions = view.body.history.filter(
      (h: { event: string; elementType: string }) => h.event === 'completed' && /userTask/i.test(h.elementType),
    );
    expect(completions.map((h: { elementId: string }) => h.elementId)).toEqual([
      'prepare',
      'check',
      'prepare',
      'check',
      'approve',
    ]);
    expect(completions[4].actor).toMatchObject({ name: 'Kovács Katalin' });
    // each completion tells its decision and comment, as sent
    expect(completions.map((h: { outcome: unknown }) => h.outcome)).toEqual([
      null,
      { decision: 'reject', comment: reason },
      null,
      { decision: 'ok' },
      { decision: 'approve' },
    ]);
    const started = view.body.history.find(
      (h: { event: string; elementType: string }) => h.event === 'entered' && h.elementType === 'process',
    );
    expect(started.actor).toMatchObject({ name: 'Nagy Péter' });
    // and: the participants and their managers see it, others do not
    expect((await sales2.request('GET', `/api/processes/instances/${instanceId}`)).status).toBe(200);
    expect((await manager.request('GET', `/api/processes/instances/${instanceId}`)).status).toBe(200);
    expect((await marketing.request('GET', `/api/processes/instances/${instanceId}`)).body.code).toBe(
      'workflow.forbidden',
    );
    const mine = await sales1.request('GET', '/api/processes/instances?startedBy=me&status=completed');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(instanceId);
    expect((await marketing.request('GET', '/api/processes/instances')).body.items).toEqual([]);
    // and: every user task left a task record, all done
    const records = await admin.request(
      'GET',
      `/api/data/task?filter=${encodeURIComponent(JSON.stringify({ field: 'processInstance', op: 'eq', value: instanceId }))}`,
    );
    expect(records.body.total).toBe(5);
    expect(
      records.body.items.every(
        (r: { status: string; customer: string }) => r.status === 'done' && r.customer === companyId,
      ),
    ).toBe(true);
  });

  it('refuses starts and inputs it cannot accept, with codes, paths and hu/en messages', async () => {
    // a role without the start right
    const denied = await marketing.request('POST', '/api/processes/offerApproval/start', {
      record: { entity: 'company', id: companyId },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('workflow.cannotStart');
    // a record out of reach: sales2 (Debrecen) cannot read sales1's company
    const outOfReach = await sales2.request('POST', '/api/processes/offerApproval/start', {
      record: { entity: 'company', id: companyId },
    });
    expect(outOfReach.status).toBe(404);
    // bad variables
    const bad = await sales1.request(
      'POST',
      '/api/processes/offerApproval/start',
      { variables: { 'bad name': 1, initiator: 'x' }, record: { entity: 'company', id: companyId } },
      { 'accept-language': 'en' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('workflow.invalidVariables');
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'variables.bad name',
      'variables.initiator',
    ]);
    expect(bad.body.messages.hu).toMatch(/változó/);
    const notObject = await sales1.request('POST', '/api/processes/offerApproval/start', {
      variables: [1],
      record: { entity: 'company', id: companyId },
    });
    expect(notObject.body).toMatchObject({ code: 'workflow.invalidVariables', details: [{ path: 'variables' }] });
    const wrongEntity = await sales1.request('POST', '/api/processes/offerApproval/start', {
      record: { entity: 'contact', id: companyId },
    });
    expect(wrongEntity.body).toMatchObject({ code: 'workflow.invalidInput', details: [{ path: 'record.entity' }] });
    expect((await sales1.request('POST', '/api/processes/nope/start', {})).status).toBe(404);
    expect((await sales1.request('GET', '/api/tasks/nope')).body.code).toBe('workflow.notFound');
    const badStatus = await sales1.request('GET', '/api/tasks?status=whatever');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.details[0]).toMatchObject({
      path: 'status',
      code: 'enum',
      messages: {
        hu: 'Csak ezek egyike lehet: open, done, cancelled, all.',
        en: 'Must be one of: open, done, cancelled, all.',
      },
    });
  });

  it('reminds one day before the due date, then hourly after it until the task is done, one message each', async () => {
    // given: a prepare task due in two days
    clock.set(START);
    const instanceId = await startOffer(sales1);
    const prepare = await taskOf(sales1, instanceId, 'prepare');
    const detail = await sales1.request('GET', `/api/tasks/${prepare!.id}`);
    const due = Date.parse(detail.body.dueAt);
    expect(due).toBe(Date.parse(START) + 2 * DAY);
    const reminders = async () =>
      (
        await app.platform
          .knex('folyam_messages')
          .where('idempotency_key', 'like', `wf:${instanceId}:%:reminder:%`)
          .orderBy('idempotency_key')
      ).map((m) => `${m.to_address} ${m.subject}`);
    // when / then: nothing until one day before
    clock.set(new Date(due - DAY - 60_000));
    await runJobs();
    expect(await reminders()).toEqual([]);
    clock.set(new Date(due - DAY));
    await runJobs();
    await runJobs();
    expect(await reminders()).toEqual(['nagy.peter@example.hu Emlékeztető: Ajánlat elkészítése']);
    // and the task says so: one reminder, when
    expect((await sales1.request('GET', `/api/tasks/${prepare!.id}`)).body.reminders).toEqual({
      sent: 1,
      lastAt: new Date(due - DAY).toISOString(),
    });
    const inbox = async () => (await sales1.request('GET', '/api/tasks?assignee=me&limit=100')).body;
    const before = await inbox();
    expect(before.items.find((t: { id: string }) => t.id === prepare!.id).overdue).toBe(false);
    // nothing at the due date itself, then one an hour after it, and each hour
    clock.set(new Date(due + 30 * 60_000));
    await runJobs();
    expect(await reminders()).toHaveLength(1);
    // and the inbox counts the task among the overdue ones, as many as it flags
    const after = await inbox();
    expect(after.items.find((t: { id: string }) => t.id === prepare!.id).overdue).toBe(true);
    expect(after.overdue).toBeGreaterThanOrEqual(before.overdue + 1);
    expect(after.overdue).toBe(after.items.filter((t: { overdue: boolean }) => t.overdue).length);
    const locale = (value: 'hu' | 'en') =>
      app.platform.knex('folyam_users').where({ username: 'sales1' }).update({ locale: value });
    for (let h = 1; h <= 3; h++) {
      // the third comes after sales1 switched to English: the step's English name
      if (h === 3) await locale('en');
      clock.set(new Date(due + h * HOUR));
      await runJobs();
      await runJobs();
      expect(await reminders()).toHaveLength(1 + h);
    }
    await locale('hu');
    expect((await reminders())[1]).toBe('nagy.peter@example.hu Lejárt feladat: Ajánlat elkészítése');
    expect((await reminders())[3]).toBe('nagy.peter@example.hu Overdue task: Prepare the offer');
    expect((await sales1.request('GET', `/api/tasks/${prepare!.id}`)).body.reminders).toEqual({
      sent: 4,
      lastAt: new Date(due + 3 * HOUR).toISOString(),
    });
    // when: the task is done, the hourly reminders stop
    clock.set(new Date(due + 3 * HOUR + 10 * 60_000));
    await sales1.request('POST', `/api/tasks/${prepare!.id}/complete`, {});
    for (let h = 4; h <= 6; h++) {
      clock.set(new Date(due + h * HOUR));
      await runJobs();
    }
    const all = await reminders();
    expect(all).toHaveLength(4);
    expect(new Set(all.map((x) => x.split(' ')[0]))).toEqual(new Set(['nagy.peter@example.hu']));
    clock.set(START);
  });

  it('lets the initiator stop a running approval: its task, task record and reminders end, others are refused', async () => {
    // given: an approval of sales1's waiting in its first step, with reminders scheduled
    clock.set(START);
    const instanceId = await startOffer(sales1);
    const prepare = await taskOf(sales1, instanceId, 'prepare');
    const detail = await sales1.request('GET', `/api/tasks/${prepare!.id}`);
    expect((await sales1.request('GET', `/api/processes/instances/${instanceId}`)).body.canCancel).toBe(true);
    // then: a colleague who takes part in nothing cannot see it, the manager sees it but may not stop it
    expect((await sales2.request('POST', `/api/processes/instances/${instanceId}/cancel`, {})).status).toBe(404);
    expect((await manager.request('GET', `/api/processes/instances/${instanceId}`)).body.canCancel).toBe(false);
    const refused = await manager.request('POST', `/api/processes/instances/${instanceId}/cancel`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('workflow.forbidden');
    const bad = await sales1.request('POST', `/api/processes/instances/${instanceId}/cancel`, { reason: 5 });
    expect(bad.body).toMatchObject({
      code: 'workflow.invalidInput',
      details: [{ path: 'reason', code: 'invalidType' }],
    });
    const long = await sales1.request('POST', `/api/processes/instances/${instanceId}/cancel`, {
      reason: 'x'.repeat(201),
    });
    expect(long.body).toMatchObject({
      details: [{ path: 'reason', code: 'tooLong', messages: { hu: expect.any(String), en: expect.any(String) } }],
    });
    expect((await sales1.request('GET', `/api/processes/instances/${instanceId}`)).body.status).toBe('running');
    // when: sales1 stops it with a reason
    const stopped = await sales1.request('POST', `/api/processes/instances/${instanceId}/cancel`, {
      reason: 'Rossz ügyfélen indult.',
    });
    // then: it has ended, nothing of it waits, and the history says who and why
    expect(stopped.status).toBe(200);
    expect(stopped.body).toEqual({ instanceId, status: 'terminated' });
    const view = await sales1.request('GET', `/api/processes/instances/${instanceId}`);
    expect(view.body).toMatchObject({ status: 'terminated', active: [], canCancel: false });
    expect(view.body.history.at(-1)).toMatchObject({
      elementType: 'process',
      event: 'cancelled',
      actor: { name: 'Nagy Péter' },
      outcome: { comment: 'Rossz ügyfélen indult.' },
    });
    expect(await taskOf(sales1, instanceId, 'prepare')).toBeUndefined();
    expect((await sales1.request('GET', `/api/tasks/${prepare!.id}`)).body.status).toBe('cancelled');
    const stoppedList = await sales1.request('GET', '/api/processes/instances?startedBy=me&status=terminated');
    expect(stoppedList.body.items.map((i: { id: string }) => i.id)).toContain(instanceId);
    // and the company's processes list it, for those who may see it
    const onRecord = `/api/processes/instances?recordEntity=company&recordId=${companyId}`;
    const ids = async (client: TestClient) =>
      ((await client.request('GET', onRecord)).body.items as { id: string; record: { id: string } }[]).map((i) => {
        expect(i.record.id).toBe(companyId);
        return i.id;
      });
    expect(await ids(sales1)).toContain(instanceId);
    expect(await ids(marketing)).not.toContain(instanceId);
    const half = await sales1.request('GET', '/api/processes/instances?recordEntity=company');
    expect(half.body).toMatchObject({
      code: 'workflow.invalidInput',
      details: [{ path: 'recordId', code: 'required' }],
    });
    expect((await sales1.request('GET', `/api/data/task/${detail.body.taskRecordId}`)).body.status).toBe('cancelled');
    // and no reminder comes for it, nor does the daily overdue job revive its record
    clock.set(new Date(Date.parse(START) + 3 * DAY));
    await runJobs();
    await runJobs();
    expect(
      await app.platform.knex('folyam_messages').where('idempotency_key', 'like', `wf:${instanceId}:%:reminder:%`),
    ).toEqual([]);
    await refreshOverdue();
    expect((await sales1.request('GET', `/api/data/task/${detail.body.taskRecordId}`)).body.status).toBe('cancelled');
    // and a second stop is refused as the process has ended
    const again = await sales1.request('POST', `/api/processes/instances/${instanceId}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('workflow.notRunning');
    clock.set(START);
  });

  it('hands a task on: by its assignee or their manager, to an active colleague, with an email and a history entry', async () => {
    // given: sales1's preparation of an approval
    clock.set(START);
    const instanceId = await startOffer(sales1);
    const prepare = await taskOf(sales1, instanceId, 'prepare');
    const url = `/api/tasks/${prepare!.id}`;
    expect((await sales1.request('GET', url)).body).toMatchObject({
      name: 'Ajánlat elkészítése',
      nameEn: 'Prepare the offer',
      canReassign: true,
    });
    // then: whoever cannot see it learns nothing; the manager may hand it on and sees whom to
    expect((await sales2.request('POST', `${url}/assign`, { assignee: 'sales2' })).status).toBe(404);
    expect((await marketing.request('GET', `${url}/assignees`)).status).toBe(404);
    const choices = await manager.request('GET', `${url}/assignees`);
    expect(choices.status).toBe(200);
    const names = choices.body.items.map((u: { name: string }) => u.name);
    expect(names).toContain('Szabó Eszter');
    expect(names).not.toContain('Nagy Péter');
    // each says whether they may open the company the process runs on: sales2 works in another department
    const sees = (name: string) =>
      choices.body.items.find((u: { name: string; seesRecord: boolean | null }) => u.name === name)?.seesRecord;
    expect(sees('Szabó Eszter')).toBe(false);
    expect(sees('Kovács Katalin')).toBe(true);
    // and bad input is refused with its path, changing nothing
    const unknown = await sales1.request('POST', `${url}/assign`, { assignee: 'nobody' });
    expect(unknown.body).toMatchObject({
      code: 'workflow.invalidInput',
      details: [{ path: 'assignee', code: 'referenceMissing' }],
    });
    expect((await sales1.request('POST', `${url}/assign`, {})).body.details[0]).toMatchObject({
      path: 'assignee',
      code: 'required',
    });
    expect((await sales1.request('POST', `${url}/assign`, { assignee: 'sales2', x: 1 })).status).toBe(400);
    expect((await sales1.request('GET', url)).body.assignee).toMatchObject({ name: 'Nagy Péter' });
    // when: sales1 hands it to sales2 (by user name) before going on leave
    const moved = await sales1.request('POST', `${url}/assign`, {
      assignee: 'sales2',
      comment: 'Szabadságon leszek, kérlek, vedd át.',
    });
    // then: it is sales2's, with its record, and out of sales1's hands
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ assignee: { name: 'Szabó Eszter' }, canReassign: false });
    expect(await taskOf(sales1, instanceId, 'prepare')).toBeUndefined();
    expect(await taskOf(sales2, instanceId, 'prepare')).toBeDefined();
    const detail = await sales2.request('GET', url);
    expect(detail.body).toMatchObject({ canComplete: true, canReassign: true });
    expect(detail.body.comments[0]).toMatchObject({
      step: 'Ajánlat elkészítése',
      stepEn: 'Prepare the offer',
      actor: { name: 'Nagy Péter' },
      assignee: { name: 'Szabó Eszter' },
      decision: null,
      comment: 'Szabadságon leszek, kérlek, vedd át.',
    });
    const record = await sales2.request('GET', `/api/data/task/${detail.body.taskRecordId}`);
    expect(record.status).toBe(200);
    expect(record.body.ownerId).toBe(detail.body.assignee.id);
    // and sales2 has an email about it, and the history says who handed it to whom
    await runJobs();
    expect((await messagesTo('szabo.eszter@example.hu')).map((m) => m.subject)).toContain(
      'Önre bízott feladat: Ajánlat elkészítése',
    );
    const view = await sales1.request('GET', `/api/processes/instances/${instanceId}`);
    expect(view.body.history.find((h: { event: string }) => h.event === 'assigned')).toMatchObject({
      elementId: 'prepare',
      nameEn: 'Prepare the offer',
      actor: { name: 'Nagy Péter' },
      outcome: { assignee: { name: 'Szabó Eszter' }, comment: 'Szabadságon leszek, kérlek, vedd át.' },
    });
    // when: the manager gives it back to sales1, who completes it
    expect((await manager.request('POST', `${url}/assign`, { assignee: 'sales1' })).status).toBe(200);
    expect((await sales1.request('POST', `${url}/complete`, {})).status).toBe(200);
    // then: a closed task cannot be handed on
    expect((await sales1.request('GET', url)).body.canReassign).toBe(false);
    const closed = await manager.request('POST', `${url}/assign`, { assignee: 'sales2' });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('workflow.taskClosed');
    // and a check still offered to the key account team: their manager gives it to one of them, only to them
    const check = await taskOf(sales2, instanceId, 'check', 'candidate=me');
    const checkUrl = `/api/tasks/${check!.id}`;
    expect((await sales1.request('GET', checkUrl)).body.canReassign).toBe(false);
    expect((await sales1.request('POST', `${checkUrl}/assign`, { assignee: 'sales2' })).status).toBe(403);
    const offered = await manager.request('GET', `${checkUrl}/assignees`);
    expect(offered.body.items.map((u: { name: string }) => u.name).sort()).toEqual([
      'Kovács Katalin',
      'Nagy Péter',
      'Szabó Eszter',
    ]);
    const outsider = await manager.request('POST', `${checkUrl}/assign`, { assignee: 'marketing' });
    expect(outsider.body).toMatchObject({
      code: 'workflow.invalidInput',
      details: [{ path: 'assignee', code: 'invalidOption' }],
    });
    const given = await manager.request('POST', `${checkUrl}/assign`, { assignee: 'sales2' });
    expect(given.body).toMatchObject({ assignee: { name: 'Szabó Eszter' }, status: 'claimed' });
    expect(await taskOf(sales2, instanceId, 'check')).toBeDefined();
  });

  it('reminds by SMS on the mobile number of the user profile, and by email whoever has none', async () => {
    // given: a task due in two hours with an SMS reminder one hour after the due time
    const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:folyam="https://folyam.hu/schema/bpmn/1.0" id="d" targetNamespace="https://folyam.hu/test">
  <bpmn:process id="callBack" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="call" name="Visszahívás" folyam:assignee="=who" folyam:due="PT2H">
      <bpmn:extensionElements><folyam:reminder after="PT1H" channel="sms" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
    await publishProcess(app.platform, 'callBack', bpmn);
    clock.set(START);
    const started = await Promise.all(
      ['sales1', 'auditor'].map((who) =>
        admin.request('POST', '/api/processes/callBack/start', { variables: { who } }),
      ),
    );
    expect(started.map((r) => r.status)).toEqual([201, 201]);
    // when: the reminder is due
    clock.set(new Date(Date.parse(START) + 3 * HOUR));
    await runJobs();
    await runJobs();
    // then: sales1 (with a mobile number) gets an SMS, auditor (without) an email
    const sent = async (instanceId: string) =>
      (
        await app.platform.knex('folyam_messages').where('idempotency_key', 'like', `wf:${instanceId}:%:reminder:%`)
      ).map((m) => ({ channel: m.channel, to: m.to_address, subject: m.subject, text: m.body_text }));
    const [sms] = await sent(started[0].body.instanceId);
    expect(sms).toMatchObject({ channel: 'sms', to: '+36305550102', subject: null });
    expect(sms.text).toMatch(/^Lejárt feladat: Visszahívás – határidő: /);
    expect(await sent(started[1].body.instanceId)).toMatchObject([
      { channel: 'email', to: 'varga.judit@example.hu', subject: 'Lejárt feladat: Visszahívás' },
    ]);
    clock.set(START);
  });

  it('names the record of a task only for those who may read it, without logging a refused read', async () => {
    // given: sales1 has a task on a company only the administrator may read (callBack is published above)
    const secret = await admin.request('POST', '/api/data/company', { name: 'Titkos Zrt.', status: 'active' });
    expect((await sales1.request('GET', `/api/data/company/${secret.body.id}`)).status).toBe(404);
    const started = await admin.request('POST', '/api/processes/callBack/start', {
      variables: { who: 'sales1' },
      record: { entity: 'company', id: secret.body.id },
    });
    expect(started.status).toBe(201);
    const denials = async () =>
      Number(
        (
          await app.platform
            .knex('folyam_audit')
            .where({ action: 'denied', record_id: secret.body.id })
            .count({ n: '*' })
            .first()
        )?.n,
      );
    const before = await denials();
    // when
    const mine = (await openTasks(sales1)).find((t) => t.instanceId === started.body.instanceId) as
      { record: { title: unknown } } | undefined;
    const asAdmin = (await admin.request('GET', `/api/processes/instances?processKey=callBack`)).body.items.find(
      (i: { id: string }) => i.id === started.body.instanceId,
    );
    // then
    expect(mine?.record).toEqual({ entity: 'company', id: secret.body.id, title: null });
    expect(asAdmin.record).toEqual({ entity: 'company', id: secret.body.id, title: 'Titkos Zrt.' });
    expect(await denials()).toBe(before);
  });

  it('starts the prospect process when a prospect company is created, in the same transaction', async () => {
    // when
    const res = await sales1.request('POST', '/api/data/company', { name: 'Érdeklődő Bt.', status: 'prospect' });
    expect(res.status).toBe(201);
    // then
    const instances = await app.platform
      .knex('folyam_wf_instances')
      .where({ record_entity: 'company', record_id: res.body.id });
    expect(instances).toHaveLength(1);
    expect(instances[0].process_key).toBe('newProspect');
    const call = await taskOf(sales1, instances[0].id, 'firstCall');
    expect(call).toMatchObject({ name: 'Bemutatkozó hívás', record: { title: 'Érdeklődő Bt.' } });
    // an active customer starts nothing
    const active = await sales1.request('POST', '/api/data/company', { name: 'Aktív Zrt.', status: 'active' });
    expect(await app.platform.knex('folyam_wf_instances').where({ record_id: active.body.id })).toHaveLength(0);
  });

  it('completes a process task when its record gets a completion date, and the next task follows', async () => {
    // given: a new prospect's first call, as a task record
    const company = await sales1.request('POST', '/api/data/company', { name: 'Hívandó Kft.', status: 'prospect' });
    const [instance] = await app.platform.knex('folyam_wf_instances').where({ record_id: company.body.id });
    const call = await taskOf(sales1, instance.id, 'firstCall');
    const detail = await sales1.request('GET', `/api/tasks/${call!.id}`);
    const record = await sales1.request('GET', `/api/data/task/${detail.body.taskRecordId}`);
    expect(record.body).toMatchObject({
      title: 'Bemutatkozó hívás',
      status: 'inProgress',
      customer: company.body.id,
      activation: expect.any(String),
    });
    // an outsider cannot complete it through the record either
    expect(
      (
        await sales2.request('PATCH', `/api/data/task/${record.body.id}`, {
          completionDate: '2026-03-02',
          version: record.body.version,
        })
      ).status,
    ).toBe(404);
    // when: sales1 enters the completion date through the data API
    const patched = await sales1.request('PATCH', `/api/data/task/${record.body.id}`, {
      completionDate: '2026-03-02',
      version: record.body.version,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.status).toBe('done');
    // then: the workflow task is done and the next one is waiting
    expect((await sales1.request('GET', `/api/tasks/${call!.id}`)).body.status).toBe('done');
    expect(await taskOf(sales1, instance.id, 'needsMeeting')).toMatchObject({ name: 'Igényfelmérő találkozó' });
  });

  it('generates the follow-up of a plain task record and keeps its status', async () => {
    // given: a call due yesterday, to be followed by a meeting three days after it is done
    clock.set('2026-03-10T09:00:00.000Z');
    const created = await sales1.request('POST', '/api/data/task', {
      title: 'Visszahívás',
      taskType: 'call',
      customer: companyId,
      deadline: '2026-03-09',
      nextTaskType: 'meeting',
      nextTaskAfterDays: 3,
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('overdue');
    const later = await sales1.request('POST', '/api/data/task', {
      title: 'Levél',
      taskType: 'email',
      deadline: '2026-03-11',
    });
    expect(later.body.status).toBe('inProgress');
    expect((await sales1.request('POST', '/api/data/task', { title: 'x', status: 'done' })).status).toBe(400);
    // when: it is done
    const done = await sales1.request('PATCH', `/api/data/task/${created.body.id}`, {
      completionDate: '2026-03-10',
      version: created.body.version,
    });
    expect(done.body.status).toBe('done');
    // then: the meeting follows, due three days later
    const filter = encodeURIComponent(
      JSON.stringify({
        and: [
          { field: 'customer', op: 'eq', value: companyId },
          { field: 'taskType', op: 'eq', value: 'meeting' },
        ],
      }),
    );
    const next = await sales1.request('GET', `/api/data/task?filter=${filter}`);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0]).toMatchObject({
      startDate: '2026-03-10',
      deadline: '2026-03-13',
      status: 'inProgress',
      ownerId: created.body.ownerId,
    });
    // and: the daily refresh marks the letter overdue once its deadline passes
    clock.set('2026-03-12T00:10:00.000Z');
    expect(await refreshOverdue()).toBeGreaterThanOrEqual(1);
    expect((await sales1.request('GET', `/api/data/task/${later.body.id}`)).body.status).toBe('overdue');
    clock.set(START);
  });

  it('shows a manager the team’s tasks, and nobody else’s', async () => {
    const instanceId = await startOffer(sales1);
    const team = await manager.request('GET', '/api/tasks?scope=team');
    expect(team.body.items.some((t: { instanceId: string }) => t.instanceId === instanceId)).toBe(true);
    const notTeam = await sales2.request('GET', '/api/tasks?scope=team');
    expect(notTeam.body.items).toEqual([]);
    const task = await taskOf(sales1, instanceId, 'prepare');
    expect((await marketing.request('GET', `/api/tasks/${task!.id}`)).status).toBe(404);
    expect((await admin.request('POST', `/api/tasks/${task!.id}/complete`, {})).status).toBe(200);
  });
  it('checks a process definition at save, naming the BPMN element, and keeps instances on their version', async () => {
    // given: the published offer approval and an instance running on it
    const current = (await admin.request('GET', '/api/meta/processes?draft=1')).body.items.find(
      (p: { name: string }) => p.name === 'offerApproval',
    );
    const instanceId = await startOffer(sales1);
    const { metaVersion } = (await app.platform
      .knex('folyam_wf_instances')
      .where({ id: instanceId })
      .first('meta_version as metaVersion'))!;
    // when: an analyst saves a broken condition
    const broken = current.bpmn.replace('=decision = "reject"', '=decision = "reject" )(');
    const refused = await admin.request(
      'PUT',
      '/api/meta/processes/offerApproval',
      { ...current, bpmn: broken },
      { 'accept-language': 'en' },
    );
    // then: refused, and the issue names the flow
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((d: { path: string }) => d.path)).toContain('bpmn.f_checked_back');
    // when: a valid change is published (the preparer's task renamed)
    const renamed = current.bpmn.replace('name="Ajánlat elkészítése"', 'name="Ajánlat összeállítása"');
    expect(
      (await admin.request('PUT', '/api/meta/processes/offerApproval', { ...current, bpmn: renamed })).status,
    ).toBe(200);
    expect((await admin.request('POST', '/api/meta/publish', {})).status).toBe(200);
    // then: the running instance stays on its version, a new one runs the new one
    expect((await taskOf(sales1, instanceId, 'prepare'))!.name).toBe('Ajánlat elkészítése');
    const view = await sales1.request('GET', `/api/processes/instances/${instanceId}`);
    expect(view.body.version).toBe(Number(metaVersion));
    expect(view.body.bpmn).toContain('Ajánlat elkészítése');
    const newer = await startOffer(sales1);
    expect((await taskOf(sales1, newer, 'prepare'))!.name).toBe('Ajánlat összeállítása');
  });
  it('updates the record as the initiator in an automatic step, and marks the step failed when the update is refused', async () => {
    // given: a process whose service task sets the company's status from a variable
    const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:folyam="https://folyam.hu/schema/bpmn/1.0" id="d" targetNamespace="https://folyam.hu/test">
  <bpmn:process id="p_close" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="setStatus" />
    <bpmn:serviceTask id="setStatus" name="Státusz beállítása" folyam:connector="record" folyam:action="update">
      <bpmn:extensionElements>
        <folyam:input name="status" value="=newStatus" />
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="setStatus" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
    const saved = await admin.request('PUT', '/api/meta/processes/closeCustomer', {
      id: 'proc_closeCustomer',
      name: 'closeCustomer',
      label: { hu: 'Ügyfél lezárása', en: 'Close a customer' },
      entity: 'company',
      bpmn,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBeLessThan(300);
    expect((await admin.request('POST', '/api/meta/publish', {})).status).toBe(200);
    const company = await sales1.request('POST', '/api/data/company', { name: 'Záruló Bt.', status: 'active' });
    const start = (newStatus: string) =>
      sales1.request('POST', '/api/processes/closeCustomer/start', {
        variables: { newStatus },
        record: { entity: 'company', id: company.body.id },
      });
    // when: started with a valid status and the job runs
    const ok = await start('inactive');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    await runJobs();
    // then: the company changed, as sales1 (the initiator) and audited so; the instance completed
    const after = await sales1.request('GET', `/api/data/company/${company.body.id}`);
    expect(after.body).toMatchObject({ status: 'inactive', version: company.body.version + 1 });
    const view = await sales1.request('GET', `/api/processes/instances/${ok.body.instanceId}`);
    expect(view.body.status).toBe('completed');
    expect(view.body.record).toEqual({ entity: 'company', id: company.body.id, title: 'Záruló Bt.' });
    const audit = await app.platform
      .knex('folyam_audit')
      .where({ entity: 'company', record_id: company.body.id, action: 'updated' })
      .select('actor_name');
    expect(audit.map((a) => a.actor_name)).toEqual(['sales1']);
    // when: started with a status the field does not allow
    const bad = await start('bogus');
    expect(bad.status).toBe(201);
    await runJobs();
    // then: the record is untouched, and the step waits with an incident naming the refusal
    expect((await sales1.request('GET', `/api/data/company/${company.body.id}`)).body.status).toBe('inactive');
    const failed = await sales1.request('GET', `/api/processes/instances/${bad.body.instanceId}`);
    expect(failed.body.status).toBe('running');
    expect(failed.body.active).toEqual([
      expect.objectContaining({
        elementId: 'setStatus',
        incident: {
          code: 'VALIDATION_FAILED',
          message: expect.stringMatching(/valid/i),
          messages: { hu: expect.any(String), en: expect.any(String) },
        },
      }),
    ]);
    expect(failed.body.history.at(-1)).toMatchObject({
      elementId: 'setStatus',
      event: 'failed',
      outcome: 'VALIDATION_FAILED',
    });
    // and: the lists show the step it waits in, stuck; the stuck filter finds it and not the completed one
    const mine = await sales1.request('GET', '/api/processes/instances?startedBy=me&limit=500');
    expect(mine.body.items.find((i: { id: string }) => i.id === bad.body.instanceId).current).toEqual([
      { elementId: 'setStatus', name: 'Státusz beállítása', nameEn: null, stuck: true },
    ]);
    expect(mine.body.items.find((i: { id: string }) => i.id === ok.body.instanceId).current).toEqual([]);
    const stuck = await admin.request('GET', '/api/processes/instances?stuck=true&limit=500');
    expect(stuck.body.items.map((i: { id: string }) => i.id)).toContain(bad.body.instanceId);
    expect(stuck.body.items.map((i: { id: string }) => i.id)).not.toContain(ok.body.instanceId);
    expect(stuck.body.items.every((i: { current: { stuck: boolean }[] }) => i.current.some((c) => c.stuck))).toBe(true);
    expect((await admin.request('GET', '/api/processes/instances?stuck=yes')).body.code).toBe('workflow.invalidInput');
    // when: the initiator may not retry it; an administrator fixes the variable and runs the step again
    const path = `/api/processes/instances/${bad.body.instanceId}/retry`;
    expect((await sales1.request('POST', path, {})).status).toBe(403);
    expect((await admin.request('POST', path, { variables: { record: 1 } })).body.code).toBe(
      'workflow.invalidVariables',
    );
    const retried = await admin.request('POST', path, { variables: { newStatus: 'active' } });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    const again = await admin.request('POST', path, {});
    expect(again.body.code, JSON.stringify(again.body)).toBe('workflow.noIncident');
    await runJobs();
    // then: the record changed and the process completed, its history naming who retried
    expect((await sales1.request('GET', `/api/data/company/${company.body.id}`)).body.status).toBe('active');
    const healed = await sales1.request('GET', `/api/processes/instances/${bad.body.instanceId}`);
    expect(healed.body.status).toBe('completed');
    expect(healed.body.history.filter((h: { event: string }) => ['failed', 'retried'].includes(h.event))).toEqual([
      expect.objectContaining({ event: 'failed', actor: null }),
      expect.objectContaining({ event: 'retried', actor: expect.objectContaining({ name: expect.any(String) }) }),
    ]);
    expect((await admin.request('POST', path, {})).body.code).toBe('workflow.notRunning');
    const cleared = await admin.request('GET', '/api/processes/instances?stuck=true&limit=500');
    expect(cleared.body.items.map((i: { id: string }) => i.id)).not.toContain(bad.body.instanceId);
  });
});
