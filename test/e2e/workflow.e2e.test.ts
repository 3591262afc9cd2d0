/**
 * Workflow end to end in the browser: an administrator draws a small approval in the Studio's process modeler
 * (from the template: start → user task → end), ties it to companies, sets the assignee and a due date in the
 * properties panel (an invalid due date shows as a lint badge until fixed), saves and publishes it. sales1 starts
 * it from a company's page and sees the step waiting on the diagram; the manager finds the task in the inbox and
 * completes it; sales1 sees the process completed, the step marked done and the history. An automatic step that
 * fails shows as stuck, and an administrator runs it again with a corrected variable. Screenshots in Hungarian
 * and English at 1280 and 390 px go to /tmp/shots/workflow/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  launchBrowser,
  pageApi,
  seriousViolations,
  signIn as signInAs,
  type Browser,
} from './support/browser.ts';
import { diagramElement, openProcessFromTemplate } from './support/process.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ROOT, startRuntime, type RunningRuntime } from './support/runtime.ts';

const DIST = path.join(ROOT, 'designer', 'dist', 'index.html');
const CLI = path.join(ROOT, 'runtime', 'src', 'cli.ts');
const SHOTS = process.env.FOLYAM_SHOTS_DIR ?? '/tmp/shots/workflow';
const ready = existsSync(CHROMIUM) && existsSync(DIST) && existsSync(CLI);
const LABEL = 'Kedvezmény jóváhagyása';
const NAME = 'kedvezmenyJovahagyasa';
const TASK = 'Task_1';

describe.skipIf(!ready)('workflow in the browser', () => {
  let runtime: RunningRuntime;
  let browser: Browser;
  let page: Page;
  let instanceUrl = '';

  const atWidth = (width: number) => page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
  const setLocale = async (locale: 'hu' | 'en') => {
    await page.evaluate((l) => localStorage.setItem('folyam.locale', l), locale);
    await page.reload();
  };
  /** Screenshots of the page as it is, in both languages and both widths; back to Hungarian at 1280 px. */
  const shots = async (name: string, waitFor: () => Promise<unknown>) => {
    for (const locale of ['hu', 'en'] as const) {
      await setLocale(locale);
      await waitFor();
      for (const width of [1280, 390]) {
        await atWidth(width);
        await page.waitForTimeout(400);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${locale}-${width}.png`), fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      }
      await atWidth(1280);
    }
    await setLocale('hu');
    await waitFor();
  };
  const api = pageApi(() => page);
  const signIn = async (username: string, password = DEMO_PASSWORD) => {
    if (page.url().startsWith(runtime.baseUrl)) {
      await page.evaluate(() =>
        fetch('/api/auth/logout', { method: 'POST', headers: { 'X-Requested-With': 'folyam' } }),
      );
    }
    await signInAs(page, runtime.baseUrl, username, password);
  };
  /** Opens a Vuetify autocomplete (by its label, inside `scope`) and picks the option. */
  const pick = async (scope: Locator, label: string, option: string) => {
    const input = scope.locator('.v-input', { has: page.getByLabel(label, { exact: true }) });
    await input.locator('.v-field').click();
    await page.getByRole('option', { name: option, exact: true }).click();
    await page.keyboard.press('Escape');
  };
  /** Opens the signed-in user's task of an instance from the list `query` selects (`assignee=me`, `candidate=me`). */
  const openTaskOf = async (instanceId: string, query: string) => {
    const { body } = await api('GET', `/api/tasks?${query}`);
    const task = (body.items as { id: string; instanceId: string }[]).find((x) => x.instanceId === instanceId);
    if (!task) throw new Error(`no task of ${instanceId} in ${query}`);
    await page.goto(`${runtime.baseUrl}/tasks/${task.id}`);
  };
  const panel = () => page.getByTestId('process-properties');
  const element = (id: string) => diagramElement(page, id);
  /** Opens the start dialog of the record page's process `label`: from the menu when it offers several. */
  const startFromRecord = async (label: string) => {
    await page.getByTestId('record-start-process').click();
    const menuItem = page.locator('.v-overlay--active .v-list-item', { hasText: label });
    const dialog = page.getByTestId('start-process-dialog');
    await menuItem.or(dialog).first().waitFor();
    if (await menuItem.isVisible()) await menuItem.click();
    await dialog.waitFor();
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    runtime = await startRuntime();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
  });

  it('draws an approval from the template and sets it up in the properties panel', async () => {
    // given the administrator in the Studio's process designer
    await signIn('admin', ADMIN_PASSWORD);
    await openProcessFromTemplate(page, runtime.baseUrl, LABEL, NAME, TASK);

    // when the process is tied to companies (nothing selected: the process's own properties)
    await pick(panel(), 'Entitás', 'Cég');
    await panel().getByTestId('process-label-en').locator('input').fill('Discount approval');
    await panel().getByTestId('process-label-en').locator('input').press('Enter');

    // … and the user task gets a name, an assignee and a due date that is not ISO 8601
    await element(TASK).click({ position: { x: 10, y: 10 } });
    await panel().getByTestId('prop-assignee').waitFor();
    const name = panel().getByTestId('prop-name').locator('input');
    await name.fill('Kedvezmény ellenőrzése');
    await name.press('Enter');
    const nameEn = panel().getByTestId('prop-name-en').locator('input');
    await nameEn.fill('Discount check');
    await nameEn.press('Enter');
    const due = panel().getByTestId('prop-due').locator('input');
    await due.fill('2 nap');
    await due.press('Enter');

    // then the validator's issue names the task, with a badge on it
    const issue = page.locator(`[data-testid="process-issue"][data-element="${TASK}"]`);
    await issue.first().waitFor();
    await page.locator('.folyam-lint-badge').first().waitFor();

    // when the due date is fixed and the assignee picked
    await due.fill('P2D');
    await due.press('Enter');
    await expect.poll(() => panel().getByTestId('prop-due').textContent()).toContain('2 nap');
    await expect.poll(() => issue.count()).toBe(0);
    const assignee = panel().getByTestId('prop-assignee').locator('input[type="text"]');
    await assignee.fill('manager');
    await assignee.press('Enter');
    await assignee.press('Tab');
    expect(await page.locator('.folyam-lint-badge').count()).toBe(0);

    // saved to the draft (Ctrl+S), so the reloads of the screenshots below find it
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('process-save').isDisabled()).toBe(true);
    await shots('modeler', () => element(TASK).waitFor());
  }, 240_000);

  it('saves and publishes the process', async () => {
    await element(TASK).waitFor();
    // the draft kept the panel's settings across the reloads
    await element(TASK).click({ position: { x: 10, y: 10 } });
    await expect.poll(() => panel().getByTestId('prop-due').locator('input').inputValue()).toBe('P2D');
    const save = page.getByTestId('process-save');
    if (await save.isEnabled()) await save.click();
    await page.getByTestId('process-publish').click();
    await page.getByTestId('publish-dialog').waitFor();
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('publish-dialog').waitFor({ state: 'hidden' });
    // the published definition carries the panel's settings
    const published = await page.evaluate(async (name) => (await fetch(`/api/processes/${name}`)).json(), NAME);
    expect(published.bpmn).toContain('folyam:assignee="manager"');
    expect(published.bpmn).toContain('folyam:due="P2D"');
    expect(published.entity).toBe('company');
  });

  it('sales1 starts it on a company and sees the step waiting', async () => {
    // given a company of sales1's
    await signIn('sales1');
    const company = await page.evaluate(async () => {
      const res = await fetch('/api/data/company', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'folyam' },
        body: JSON.stringify({ name: 'Folyamat Teszt Kft.', status: 'active' }),
      });
      return res.json();
    });
    await page.goto(`${runtime.baseUrl}/e/company/${company.id}`);
    // when started from the record page
    await startFromRecord(LABEL);
    await page.getByTestId('start-comment').locator('textarea').first().fill('10% kedvezmény kérése');
    await page.getByTestId('start-confirm').click();
    await page.waitForURL(/\/processes\/instances\//);
    instanceUrl = page.url();
    // then the diagram highlights the task as the current step
    await page
      .locator(`[data-testid="process-diagram"] .djs-element.folyam-step-active[data-element-id="${TASK}"]`)
      .waitFor();
    await page.getByTestId('instance-current').waitFor();
    expect(await page.getByTestId('instance-current').textContent()).toContain('Kedvezmény ellenőrzése');
  });

  it('the manager finds the task in the inbox and completes it', async () => {
    await signIn('manager');
    // the home page counts the manager's open tasks and leads to them
    await page.goto(`${runtime.baseUrl}/`);
    const mine = page.getByTestId('home-tasks-mine');
    await expect.poll(() => mine.textContent()).toMatch(/[1-9]\d* nyitott feladat/);
    expect(await seriousViolations(page)).toEqual([]);
    await shots('home', () => page.getByTestId('home-tasks-mine').waitFor());
    await page.getByTestId('home-tasks-mine').click();
    await page.waitForURL(/\/tasks/);
    const task = page.getByTestId('inbox-task').filter({ hasText: 'Kedvezmény ellenőrzése' });
    await task.waitFor();
    expect(await task.getByTestId('task-due').textContent()).toMatch(/Határidő/);
    await page.getByTestId('nav-tasks-count').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shots('inbox', () => page.getByTestId('inbox-task').first().waitFor());

    await page.getByTestId('inbox-task').filter({ hasText: 'Kedvezmény ellenőrzése' }).getByRole('link').click();
    await page.getByTestId('task-complete').waitFor();
    await page.getByTestId('task-comment').locator('textarea').first().fill('Rendben.');
    await page.getByTestId('task-complete').click();
    await page.waitForURL(/\/tasks$/);
    await expect
      .poll(() => page.getByTestId('inbox-task').filter({ hasText: 'Kedvezmény ellenőrzése' }).count())
      .toBe(0);
  });

  it('sales1 sees the process move on: completed, the step done, the history', async () => {
    await signIn('sales1');
    await page.getByTestId('nav-my-processes').click();
    await page
      .getByTestId('my-processes')
      .getByRole('link', { name: new RegExp(LABEL) })
      .first()
      .click();
    await page.waitForURL(/\/processes\/instances\//);
    expect(page.url()).toBe(instanceUrl);
    await page
      .locator(`[data-testid="process-diagram"] .djs-element.folyam-step-done[data-element-id="${TASK}"]`)
      .waitFor();
    expect(await page.locator('[data-testid="process-diagram"] .folyam-step-active').count()).toBe(0);
    expect(await page.getByTestId('instance-status').textContent()).toContain('befejeződött');
    const rows = page.getByTestId('instance-history').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    expect(await page.getByTestId('instance-history').textContent()).toContain('Kovács Katalin');
    // the manager's completion tells what they decided and wrote; the start and end are one entry each
    const managers = page.getByTestId('instance-history').locator('tbody tr', { hasText: 'Kovács Katalin' });
    expect(await managers.locator('td:nth-child(4)').textContent()).toBe('Elvégezve · „Rendben.”');
    // newest first: the process's end above the manager's completed step; the unnamed flows only when asked for
    const what = await rows.locator('td:nth-child(3)').allTextContents();
    expect(what[0]).toContain(`${LABEL} — befejeződött`);
    expect(what.findIndex((w) => w.includes('Kész'))).toBeLessThan(
      what.findIndex((w) => w.includes('Kedvezmény ellenőrzése')),
    );
    expect(what.some((w) => w.includes('Átmenet'))).toBe(false);
    expect(what.filter((w) => w.includes('Kész'))).toEqual(['Kész — megtörtént']);
    await page.getByTestId('history-every-step').locator('input').check();
    await expect
      .poll(async () => (await rows.locator('td:nth-child(3)').allTextContents()).join())
      .toContain('Átmenet');
    await page.getByTestId('history-every-step').locator('input').uncheck();
    // in English the step has the English name the analyst gave it, in the history and on the diagram
    await setLocale('en');
    await expect
      .poll(async () => (await rows.locator('td:nth-child(3)').allTextContents()).join())
      .toContain('Discount check');
    await expect
      .poll(() => page.locator(`[data-testid="process-diagram"] [data-element-id="${TASK}"]`).first().textContent())
      .toMatch(/Discount\s*check/);
    await setLocale('hu');
    await shots('process', () => page.getByTestId('instance-history').waitFor());
  });
  it('sales1 starting an offer approval lands on preparing the offer, the first step being theirs', async () => {
    // given a company of sales1's
    await signIn('sales1');
    const company = await page.evaluate(async () => {
      const res = await fetch('/api/data/company', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'folyam' },
        body: JSON.stringify({ name: 'Ajánlatkérő Kft.', status: 'active' }),
      });
      return res.json();
    });
    await page.goto(`${runtime.baseUrl}/e/company/${company.id}`);
    // when the offer approval is started on it
    await startFromRecord('Ajánlat jóváhagyása');
    await page.getByTestId('start-confirm').click();
    // then the preparer's task opens at once, ready to work on
    await page.waitForURL(/\/tasks\/[^/]+$/);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Ajánlat elkészítése');
    await page.getByTestId('task-complete').waitFor();
    // the preparation has nobody before it to send the work back to
    expect(await page.getByTestId('task-send-back').count()).toBe(0);
    // and its form is readable and labelled, in both languages and at both widths
    expect(await seriousViolations(page)).toEqual([]);
    await shots('task', () => page.getByTestId('task-complete').waitFor());

    // when sales1 completes it and a checker of the key account team sends it back with a reason
    const instanceId = (await api('GET', `${new URL(page.url()).pathname.replace('/tasks/', '/api/tasks/')}`)).body
      .instanceId as string;
    await page.getByTestId('task-comment').locator('textarea').first().fill('Elkészült.');
    await page.getByTestId('task-complete').click();
    await page.waitForURL(/\/tasks$/);
    await signIn('sales2');
    await openTaskOf(instanceId, 'candidate=me');
    await page.getByTestId('task-claim').click();
    await page.getByTestId('task-send-back').waitFor();
    await page.getByTestId('task-comment').locator('textarea').first().fill('Az ár hiányzik.');
    await page.getByTestId('task-send-back').click();
    await page.waitForURL(/\/tasks$/);
    // then sales1's new preparation says who sent it back and why, above the form, and lists what was written
    await signIn('sales1');
    await openTaskOf(instanceId, 'assignee=me');
    const sentBack = page.getByTestId('task-sent-back');
    await sentBack.waitFor();
    expect((await sentBack.textContent())?.replace(/\s+/g, ' ').trim()).toMatch(
      /visszaküldte \(Ajánlat ellenőrzése\): „Az ár hiányzik\.”$/,
    );
    expect(await page.getByTestId('task-comments').locator('li').allTextContents()).toEqual([
      expect.stringMatching(/Ajánlat ellenőrzése — Visszaküldve\s*„Az ár hiányzik\.”/),
      expect.stringMatching(/Nagy Péter · Ajánlat elkészítése — Elvégezve\s*„Elkészült\.”/),
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await shots('task-sent-back', () => page.getByTestId('task-sent-back').waitFor());

    // when sales1 decides the offer is not wanted after all and stops the process from its page
    await page.getByRole('link', { name: 'Folyamat megtekintése' }).click();
    await page.waitForURL(/\/processes\/instances\//);
    await page.getByTestId('instance-cancel').click();
    await page.getByTestId('cancel-reason').locator('textarea').first().fill('Az ügyfél visszalépett.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'cancel-hu-1280.png') });
    await page.getByTestId('cancel-confirm').click();
    // then it shows stopped, by whom and why, with nothing left to stop; the task left the inbox
    await expect.poll(() => page.getByTestId('instance-status').textContent()).toContain('leállítva');
    expect(await page.getByTestId('instance-cancel').count()).toBe(0);
    await expect.poll(() => page.getByTestId('nav-tasks-count').count()).toBe(0);
    const top = page.getByTestId('instance-history').locator('tbody tr').first();
    expect((await top.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /Nagy Péter\s*Ajánlat jóváhagyása — megszakadt\s*„Az ügyfél visszalépett\.”/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'cancelled-hu-1280.png'), fullPage: true });
    expect(
      (await api('GET', '/api/tasks?assignee=me')).body.items.map((x: { instanceId: string }) => x.instanceId),
    ).not.toContain(instanceId);
    // and the company's page lists it among the processes run on it
    await page.getByRole('link', { name: 'Rekord: Ajánlatkérő Kft.' }).click();
    await page.getByTestId('tab-processes').click();
    const onRecord = page.getByTestId('record-processes').getByTestId('process-item');
    await expect.poll(() => onRecord.count()).toBe(1);
    expect((await onRecord.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /Ajánlat jóváhagyása.*Indította: Nagy Péter.*leállítva/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await shots('record-processes', async () => {
      await page.getByTestId('tab-processes').click();
      await page.getByTestId('record-processes').waitFor();
    });
  });

  it('sales1 hands a task to a colleague, who finds it in the inbox with the note', async () => {
    // given: an offer approval of sales1's, waiting in sales1's preparation
    await signIn('sales1');
    const company = await api('POST', '/api/data/company', { name: 'Átadó Kft.', status: 'active' });
    const started = await api('POST', '/api/processes/offerApproval/start', {
      variables: { offerTitle: 'Karbantartás', amount: 100_000, customerEmail: 'info@atado.hu' },
      record: { entity: 'company', id: company.body.id },
    });
    const instanceId = started.body.instanceId as string;
    await openTaskOf(instanceId, 'assignee=me');
    // when: sales1 hands it to Szabó Eszter with a note
    await page.getByTestId('task-reassign').click();
    const dialog = page.getByTestId('reassign-dialog');
    await dialog.waitFor();
    await page.getByTestId('reassign-to').locator('input').fill('Szabó');
    const option = page.getByRole('option', { name: 'Szabó Eszter' });
    // she works in another department: the list and the dialog say she cannot open the company
    expect(await option.textContent()).toContain('Nem láthatja a rekordot');
    await option.click();
    expect(await dialog.getByTestId('reassign-no-record').textContent()).toContain(
      'Szabó Eszter nem láthatja a rekordot, amelyen a folyamat fut.',
    );
    await page.getByTestId('reassign-comment').locator('textarea').first().fill('Szabadságon leszek.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'reassign-hu-1280.png') });
    await page.getByTestId('reassign-confirm').click();
    // then: sales1 is back in the inbox without it
    await page.waitForURL(/\/tasks$/);
    // and Szabó Eszter has it, with the note on the task page
    await signIn('sales2');
    await openTaskOf(instanceId, 'assignee=me');
    await page.getByTestId('task-complete').waitFor();
    const note = (await page.getByTestId('task-comments').textContent())?.replace(/\s+/g, ' ');
    expect(note).toContain('Nagy Péter · Ajánlat elkészítése — átadta neki: Szabó Eszter');
    expect(note).toContain('„Szabadságon leszek.”');
    expect(await page.getByTestId('task-assignee').textContent()).toContain('Szabó Eszter');
  });

  it('an administrator sees a stuck automatic step and runs it again with a corrected value', async () => {
    // given: a process whose automatic step sets a company's status from a variable, started with a bad value
    await signIn('admin', ADMIN_PASSWORD);
    const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:folyam="https://folyam.hu/schema/bpmn/1.0" id="d_stuck" targetNamespace="https://folyam.hu/e2e">
  <bpmn:process id="p_stuck" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="setStatus" />
    <bpmn:serviceTask id="setStatus" name="Státusz beállítása" folyam:connector="record" folyam:action="update">
      <bpmn:extensionElements><folyam:input name="status" value="=newStatus" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="setStatus" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
    await api('PUT', '/api/meta/processes/statusSetting', {
      id: 'proc_statusSetting',
      name: 'statusSetting',
      label: { hu: 'Státusz beállítása', en: 'Set a status' },
      entity: 'company',
      bpmn,
    });
    await api('POST', '/api/meta/publish', {});
    const company = await api('POST', '/api/data/company', { name: 'Elakadt Lépés Kft.', status: 'prospect' });
    const companyId = company.body.id as string;
    const started = await api('POST', '/api/processes/statusSetting/start', {
      variables: { newStatus: 'nincs-ilyen' },
      record: { entity: 'company', id: companyId },
    });
    const instanceId = started.body.instanceId as string;
    expect(instanceId).toEqual(expect.any(String));
    // when: the step has run and failed
    await page.goto(`${runtime.baseUrl}/processes/instances/${instanceId}`);
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId('instance-status').waitFor();
          return page.getByTestId('instance-incident').count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
    // then: the page says which step is stuck and why
    expect(await page.getByTestId('instance-incident').textContent()).toContain('Státusz beállítása');
    await page
      .locator('[data-testid="process-diagram"] .djs-element.folyam-step-stuck[data-element-id="setStatus"]')
      .waitFor();
    expect(await page.getByTestId('instance-history').textContent()).toContain('nem sikerült');
    const v = await seriousViolations(page);
    expect(v, JSON.stringify(v).slice(0, 1500)).toEqual([]);
    await shots('incident', () => page.getByTestId('instance-incident').waitFor());
    // and: the administrator's process list finds it among everyone's stuck processes, with the step it waits in
    await page.getByTestId('nav-my-processes').click();
    await page.getByTestId('processes-scope-all').click();
    await page.getByTestId('processes-filter-stuck').click();
    await page.waitForURL(/scope=all/);
    await page.waitForURL(/status=stuck/);
    const stuckItem = page.getByTestId('process-item').filter({ hasText: 'Elakadt Lépés Kft.' });
    await stuckItem.getByTestId('process-stuck').waitFor();
    expect(await stuckItem.getByTestId('process-current').textContent()).toContain('Státusz beállítása');
    for (const item of await page.getByTestId('process-item').all())
      expect(await item.getByTestId('process-stuck').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await shots('processes', () => page.getByTestId('process-item').first().waitFor());
    await page.getByTestId('process-item').filter({ hasText: 'Elakadt Lépés Kft.' }).getByRole('link').click();
    await page.getByTestId('instance-incident').waitFor();
    // when: the administrator corrects the variable and runs the step again
    await page.getByTestId('incident-retry').click();
    const variables = page.getByTestId('retry-variables').locator('textarea').first();
    await variables.waitFor();
    expect(await variables.inputValue()).toContain('nincs-ilyen');
    await variables.fill('{ "newStatus": "active" }');
    await page.getByTestId('retry-confirm').click();
    // then: the process completes and the company changed
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await page.getByTestId('instance-status').textContent()) ?? '';
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toContain('befejeződött');
    expect(await page.getByTestId('instance-history').textContent()).toContain('újraindítva');
    const status = await page.evaluate(
      async (id) => (await (await fetch(`/api/data/company/${id}`)).json()).status,
      companyId,
    );
    expect(status).toBe('active');
  });
  it('opens BPMN files written elsewhere: a compensation file is drawn and refused by element, a Camunda file runs', async () => {
    // given a new process in the Studio
    await signIn('admin', ADMIN_PASSWORD);
    await page.goto(`${runtime.baseUrl}/studio/processes`);
    await page.getByTestId('process-new').waitFor();
    // (a retry of this step finds the process made the first time)
    const made = page.getByRole('link', { name: /Idegen fájl/ });
    if (await made.count()) await made.first().click();
    else {
      await page.getByTestId('process-new').click();
      await page.getByTestId('new-process-label').locator('input').fill('Idegen fájl');
      await expect.poll(() => page.getByTestId('new-process-name').locator('input').inputValue()).toBe('idegenFajl');
      await page.getByTestId('process-create').click();
    }
    await page.waitForURL(/\/studio\/processes\/idegenFajl$/);
    await page.getByTestId('process-canvas').locator('.djs-element').first().waitFor();
    // when a hand-written file without a drawing, using compensation, is imported
    const fixtures = path.join(ROOT, 'metamodel', 'src', 'process', 'fixtures');
    await page.getByTestId('process-import-file').setInputFiles(path.join(fixtures, 'compensation.bpmn'));
    // then it is laid out and drawn, and the unsupported elements are named at once
    for (const id of ['Book', 'UndoBooking', 'Pay', 'Failed']) await element(id).waitFor();
    const named = async () =>
      page
        .locator('[data-testid="process-issue"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-element')));
    await expect.poll(named).toEqual(expect.arrayContaining(['UndoBooking', 'Failed']));
    // and saving it is refused already, naming the elements (the draft keeps only processes that can run)
    await page.getByTestId('process-save').click();
    await expect.poll(named).toEqual(expect.arrayContaining(['UndoBooking', 'Failed']));
    expect(await page.getByTestId('process-save').isEnabled()).toBe(true);
    expect(await page.getByTestId('publish-dialog').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'foreign-file-hu-1280.png') });
    // when a Camunda Modeler file with zeebe: extensions is imported instead
    await page.getByTestId('process-import-file').setInputFiles(path.join(fixtures, 'camunda-zeebe.bpmn'));
    await expect.poll(() => page.locator('[data-testid="process-issue"]').allTextContents()).toEqual([]);
    await page.getByTestId('process-save').click();
    await expect.poll(() => page.getByTestId('process-save').isDisabled()).toBe(true);
    await page.getByTestId('process-publish').click();
    await page.getByTestId('publish-dialog').waitFor();
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('publish-dialog').waitFor({ state: 'hidden' });
    // then it is published and can be started
    const started = await page.evaluate(async () => {
      const res = await fetch('/api/processes/idegenFajl/start', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'folyam' },
        body: JSON.stringify({ variables: {} }),
      });
      return { status: res.status, body: await res.json() };
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
  }, 240_000);

  it('shows an overdue task in red on the menu badge and on the home page', async () => {
    // given: a task of the administrator's own, due a second after it opens
    await signIn('admin', ADMIN_PASSWORD);
    const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:folyam="https://folyam.hu/schema/bpmn/1.0" id="d_late" targetNamespace="https://folyam.hu/e2e">
  <bpmn:process id="p_late" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
    <bpmn:userTask id="call" name="Visszahívás" folyam:assignee="=initiator" folyam:due="PT1S">
      <bpmn:extensionElements><folyam:reminder after="PT1S" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
    await api('PUT', '/api/meta/processes/lateCall', {
      id: 'proc_lateCall',
      name: 'lateCall',
      label: { hu: 'Késő visszahívás', en: 'Late call-back' },
      bpmn,
    });
    await api('POST', '/api/meta/publish', {});
    // started by sales1, whose profile has an email address for the reminder
    await signIn('sales1');
    const started = await api('POST', '/api/processes/lateCall/start', { variables: {} });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    // when: its due time has passed
    await page.waitForTimeout(1500);
    await page.goto(`${runtime.baseUrl}/`);
    // then: the menu badge is red and says so to a screen reader; the home page counts it overdue
    const badge = page.getByTestId('nav-tasks-count');
    await expect.poll(async () => (await badge.getAttribute('data-overdue')) ?? '').toMatch(/^[1-9]/);
    const label = badge.locator('[aria-label]').or(page.locator('[data-testid="nav-tasks-count"][aria-label]'));
    expect((await label.first().getAttribute('aria-label')) ?? '').toMatch(/lejárt/);
    const overdue = page.getByTestId('home-tasks-mine').getByTestId('home-tasks-overdue');
    await expect.poll(async () => (await overdue.textContent()) ?? '').toMatch(/[1-9]\d* lejárt/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'home-overdue-hu-1280.png') });
    // and the inbox's own tab count is red too
    await page.getByTestId('home-tasks-mine').click();
    await page.waitForURL(/\/tasks/);
    await expect
      .poll(async () => (await page.getByTestId('inbox-tab-mine').locator('[data-overdue]').count()) > 0)
      .toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'inbox-overdue-hu-1280.png') });
    // and the reminder a second after the due time went out: the task page counts it
    await page.goto(`${runtime.baseUrl}/tasks/${started.body.tasks[0].id}`);
    const reminders = page.getByTestId('task-reminders');
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId('task-assignee').waitFor();
          return reminders.count();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBe(1);
    expect(await reminders.textContent()).toMatch(/Emlékeztetők: 1 · utoljára /);
    await page.screenshot({ path: path.join(SHOTS, 'task-reminders-hu-1280.png') });
  });
});
