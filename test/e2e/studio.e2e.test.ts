/**
 * The Studio end to end: an administrator creates the "Project" entity (a text, a date, an enum and a reference to
 * company), sees a server error on the input it concerns, reorders fields, publishes after reading the plan; the
 * workspace offers the entity at once, a project is created, found with a filter, and edited with an invalid value
 * shown on its field; then the form designer moves a field and adds one shown only when the status is "done", and
 * the record page renders both. Accessibility (axe) of the Studio pages, and screenshots at 1280 and 390 px.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, seriousViolations, signIn, type Browser } from './support/browser.ts';
import { ADMIN_PASSWORD, ROOT, startRuntime, type RunningRuntime } from './support/runtime.ts';

const DIST = path.join(ROOT, 'designer', 'dist', 'index.html');
const CLI = path.join(ROOT, 'runtime', 'src', 'cli.ts');
const SHOTS = path.join(ROOT, 'test', 'output', 'screenshots');
const ready = existsSync(CHROMIUM) && existsSync(DIST) && existsSync(CLI);

describe.skipIf(!ready)('studio in the browser', () => {
  let runtime: RunningRuntime;
  let browser: Browser;
  let page: Page;
  let projectUrl = '';
  let companyName = '';
  const errors: string[] = [];

  const shot = async (name: string) => {
    await page.waitForTimeout(300); // let transitions settle
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
  };
  const atWidth = (width: number) => page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
  const noHorizontalScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  const snackbar = async (text: string | RegExp) => {
    await page.locator('.v-snackbar').getByText(text).waitFor();
    await page.waitForTimeout(400); // its transition: axe reads half-faded colours as low contrast
  };
  /** The form-js field (label, input, errors) whose label is `label`. */
  const formField = (label: string) =>
    page.locator('.folyam-record-form .fjs-form-field', {
      has: page.locator('.fjs-form-field-label', { hasText: new RegExp(`^${label}\\*?$`) }),
    });
  const fieldEditor = () => page.getByTestId('field-editor');
  /** Opens a Vuetify select by its label and picks an option. */
  const pick = async (scope: Locator, label: string, option: string | RegExp) => {
    await scope
      .locator('.v-input', { has: page.getByLabel(label, { exact: true }) })
      .locator('.v-field')
      .click();
    await page.locator('.v-overlay--active [role=option]', { hasText: option }).first().click();
  };
  const addField = async (type: string, hu: string, en: string) => {
    await page.getByTestId('field-add').click();
    await page
      .locator('.v-overlay--active [role=menuitem], .v-overlay--active .v-list-item', { hasText: type })
      .first()
      .click();
    await fieldEditor().getByTestId('field-label-hu').locator('input').fill(hu);
    if (en) await fieldEditor().getByTestId('field-label-en').locator('input').fill(en);
  };
  const fieldOrder = () =>
    page
      .locator('[data-testid=field-list] > li')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field-name')));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    runtime = await startRuntime();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => {
      errors.push(e.message);
      console.error('page error:', e.message);
    });
  });

  afterEach(async ({ task }) => {
    // what the page looked like when a step failed
    if (task.result?.state === 'fail')
      await page.screenshot({ path: path.join(SHOTS, `failed-${task.name.slice(0, 40)}.png`) });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
  });

  it('offers the Studio to an administrator', async () => {
    // given the administrator signed in
    await signIn(page, runtime.baseUrl, 'admin', ADMIN_PASSWORD);
    // when the Studio entry of the menu is chosen
    await page.getByTestId('nav-studio').click();
    // then the Studio lists its designers
    await page.waitForURL(/\/studio$/);
    await page.getByRole('heading', { name: 'Stúdió', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Entitások' }).waitFor();
    await page.getByRole('tab', { name: 'Űrlapok' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('studio-1280');
  });

  it('creates the Project entity with a text, a date, an enum and a reference field', async () => {
    // given the entity designer
    await page.getByRole('tab', { name: 'Entitások' }).click();
    await page.getByTestId('entity-new').click();
    const dialog = page.getByTestId('new-entity-dialog');
    // (the first input takes the focus once the dialog is open)
    await expect
      .poll(() => dialog.getByLabel('Megnevezés (magyar)').evaluate((e) => e === document.activeElement))
      .toBe(true);
    // when "Projekt" is created, its technical name is proposed from the English label
    await dialog.getByLabel('Megnevezés (magyar)').fill('Projekt');
    await dialog.getByLabel('Megnevezés (angol)').fill('Project');
    await dialog.getByLabel('Többes szám (magyar)').fill('Projektek');
    await dialog.getByLabel('Többes szám (angol)').fill('Projects');
    await expect(dialog.getByLabel('Technikai név').inputValue()).resolves.toBe('project');
    await dialog.getByTestId('entity-create').click();
    await page.waitForURL(/\/studio\/entities\/project$/);
    // then it starts with a required name field, whose length is limited here
    await expect(fieldOrder()).resolves.toEqual(['name']);
    await fieldEditor().getByLabel('Legnagyobb hossz').fill('40');

    // and a date, an enum with three options, and a reference to company are added
    await addField('Dátum', 'Határidő', 'Due date');
    await expect(fieldEditor().getByTestId('field-name').locator('input').inputValue()).resolves.toBe('dueDate');
    await addField('Választólista', 'Állapot', 'Status');
    const options = page.getByTestId('options-editor');
    const option = (i: number) => options.locator(`[data-option="${i}"]`);
    for (const [i, hu, en] of [
      [0, 'Tervezett', 'Planned'],
      [1, 'Folyamatban', 'Active'],
      [2, 'Kész', 'Done'],
    ] as const) {
      if (i > 0) await page.getByTestId('option-add').click();
      await option(i).getByLabel('Felirat (magyar)').fill(hu);
      await option(i).getByLabel('Felirat (angol)').fill(en);
    }
    await expect(option(2).getByLabel('Érték', { exact: true }).inputValue()).resolves.toBe('done');
    // the reference is left without its English label, to see the server's answer
    await addField('Hivatkozás', 'Ügyfél', '');
    await pick(fieldEditor(), 'Hivatkozott entitás', /\(company\)/);
    await expect(fieldOrder()).resolves.toEqual(['name', 'dueDate', 'status', 'ugyfel']);

    // when it is saved without the English label
    await page.getByTestId('entity-save').click();
    // then the server's error shows on that input of that field
    const enLabel = fieldEditor().getByTestId('field-label-en');
    await enLabel.locator('.v-messages').getByText(/./).first().waitFor();
    await expect(enLabel.getAttribute('class')).resolves.toContain('v-input--error');
    await page.getByTestId('field-list').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await shot('studio-entity-error-1280');

    // when it is fixed (the technical name now follows the English label) and saved
    await fieldEditor().getByTestId('field-label-en').locator('input').fill('Customer');
    await expect(fieldEditor().getByTestId('field-name').locator('input').inputValue()).resolves.toBe('customer');
    await page.getByTestId('entity-save').click();
    await snackbar('Piszkozatba mentve.');
    // then the field has its stable id, made from the entity and its name
    await expect(fieldEditor().getByLabel('Állandó azonosító').inputValue()).resolves.toBe('project_customer');
    await page.getByTestId('studio-draft-count').getByText('1 publikálatlan változás').waitFor();
  });

  it('reorders fields by keyboard and by dragging', async () => {
    // when the customer field is moved up with its button
    await page.getByRole('button', { name: 'Feljebb: Ügyfél' }).click();
    // then it swaps with the status, and keeps the focus
    await expect(fieldOrder()).resolves.toEqual(['name', 'dueDate', 'customer', 'status']);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe(
      'Feljebb: Ügyfél',
    );
    // when the status row is dragged onto the due date row
    await page.locator('[data-field-name=status]').dragTo(page.locator('[data-field-name=dueDate]'));
    // then it takes its place
    await expect(fieldOrder()).resolves.toEqual(['name', 'status', 'dueDate', 'customer']);
    // and dragged onto the last row, it goes last
    await page.locator('[data-field-name=status]').dragTo(page.locator('[data-field-name=customer]'));
    await expect(fieldOrder()).resolves.toEqual(['name', 'dueDate', 'customer', 'status']);
    await page.getByTestId('entity-save').click();
    await snackbar('Piszkozatba mentve.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('field-list').evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await shot('studio-entity-1280');
  });

  it('publishes after showing the plan', async () => {
    // when publishing is asked for
    await page.getByTestId('studio-publish').click();
    const dialog = page.getByTestId('publish-dialog');
    // then the plan is shown first, in Hungarian
    await dialog
      .getByTestId('publish-plan')
      .getByText(/project tábla létrehozása/)
      .waitFor();
    await expect(dialog.locator('[data-loss=true]').count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('studio-publish-1280');
    // when it is confirmed
    await dialog.getByTestId('publish-confirm').click();
    await snackbar(/Publikálva/);
    // then nothing is left to publish
    await page.getByTestId('studio-draft-count').getByText('Nincs publikálatlan változás').waitFor();
  });

  it('offers the new entity in the workspace at once, and creates a project there', async () => {
    // given a company's name to refer to
    const res = await page.request.get(`${runtime.baseUrl}/api/data/company?limit=1&sort=name`);
    companyName = ((await res.json()) as { items: { name: string }[] }).items[0].name;
    // when "All entities" is opened in the menu
    await page.getByTestId('nav-all-entities').click();
    await page.getByRole('navigation').getByRole('link', { name: 'Projektek' }).click();
    await page.waitForURL(/\/e\/project$/);
    await page.getByRole('heading', { level: 1 }).getByText('Projektek').waitFor();
    // and a new project is filled in on the form-js form
    await page
      .getByRole('link', { name: /Új projekt/i })
      .or(page.getByRole('button', { name: /Új projekt/i }))
      .first()
      .click();
    await page.waitForURL(/\/e\/project\/new$/);
    await page.locator('[data-testid=record-form][data-ready=true]').waitFor();
    await formField('Név').locator('input').fill('Bevezetés');
    const due = page.getByRole('textbox', { name: 'Határidő' });
    await due.fill('2026. 12. 31.');
    await due.press('Enter');
    await formField('Állapot').locator('select').selectOption({ label: 'Tervezett' });
    const customer = formField('Ügyfél').getByRole('combobox');
    await customer.fill(companyName.slice(0, 6));
    await page.getByRole('option', { name: companyName }).first().click();
    await expect(customer.inputValue()).resolves.toBe(companyName);
    await shot('project-new-1280');
    await page.getByTestId('record-save').click();
    // then it is created
    await page.waitForURL(/\/e\/project\/(?!new)[^/]+$/);
    await snackbar('Létrehozva.');
    projectUrl = page.url();
    await page.getByRole('heading', { level: 1 }).getByText('Bevezetés').waitFor();
    await expect(formField('Ügyfél').getByRole('combobox').inputValue()).resolves.toBe(companyName);
  });

  it('finds the project with a filter', async () => {
    // given the project list
    await page.goto(`${runtime.baseUrl}/e/project`);
    await page.locator('.folyam-list__table tbody tr a.folyam-link').first().waitFor();
    // when the status is filtered for "Tervezett"
    await page.getByRole('button', { name: 'Szűrők' }).click();
    const dialog = page.locator('.v-overlay--active .v-card');
    await dialog.getByRole('button', { name: 'Feltétel hozzáadása' }).click();
    await pick(dialog, 'Mező', 'Állapot');
    await pick(dialog, 'Érték', 'Tervezett');
    const answered = page.waitForResponse(
      (r) => r.url().includes('/api/data/project?') && decodeURIComponent(r.url()).includes('"field":"status"'),
    );
    await dialog.getByRole('button', { name: 'Alkalmaz' }).click();
    await answered;
    // then the project is listed
    await page.locator('.folyam-list__table tbody tr a.folyam-link', { hasText: 'Bevezetés' }).waitFor();
  });

  it('shows an invalid value on its field, and saves once it is fixed', async () => {
    // given the project
    await page.locator('.folyam-list__table tbody tr a.folyam-link', { hasText: 'Bevezetés' }).click();
    await page.locator('[data-testid=record-form][data-ready=true]').waitFor();
    // when a name longer than 40 characters is saved
    await formField('Név').locator('input').fill('Bevezetés '.repeat(5));
    await page.getByTestId('record-save').click();
    // then the field says why
    await formField('Név').locator('.fjs-form-field-error').getByText('Legfeljebb 40 karakter lehet.').waitFor();
    await expect(formField('Név').locator('input').getAttribute('aria-invalid')).resolves.toBe('true');
    await shot('project-error-1280');
    // when it is fixed
    await formField('Név').locator('input').fill('Bevezetés – első ütem');
    await expect(formField('Név').locator('.fjs-form-field-error').count()).resolves.toBe(0);
    await page.getByTestId('record-save').click();
    // then it is saved
    await snackbar('Mentve.');
    await page.getByRole('heading', { level: 1 }).getByText('Bevezetés – első ütem').waitFor();
  });

  it('designs the form: moves a field, adds one shown only when the status is done, publishes', async () => {
    // given a new field on the entity, saved to the draft
    await page.goto(`${runtime.baseUrl}/studio/entities/project`);
    await addField('Hosszú szöveg', 'Tanulságok', 'Lessons learned');
    await page.getByTestId('entity-save').click();
    await snackbar('Piszkozatba mentve.');
    // and the project's form in the form designer
    await page.getByRole('link', { name: 'Űrlap tervezése' }).click();
    await page.waitForURL(/\/studio\/forms\/project$/);
    const canvas = page.getByTestId('form-canvas');
    await canvas.locator('.fjs-form-field-label', { hasText: /^Ügyfél$/ }).waitFor();

    // when the customer field is selected and moved up twice
    await canvas
      .locator('.fjs-element', { has: page.locator('.fjs-form-field-label', { hasText: /^Ügyfél$/ }) })
      .last()
      .click();
    await page.getByTestId('form-move-up').click();
    await page.getByTestId('form-move-up').click();
    // and the new field is put on the form, shown only when the status is done
    await page.getByTestId('form-add-field').click();
    await page.locator('.v-overlay--active .v-list-item', { hasText: 'Tanulságok' }).click();
    const props = page.locator('.folyam-form-designer__props');
    // then it is selected, bound to its field
    await expect.poll(() => props.locator('[data-entry-id=folyam-binding] select').inputValue()).toBe('lessonsLearned');
    const condition = props.locator('.bio-properties-panel-group', { hasText: 'Condition' });
    await condition.locator('.bio-properties-panel-group-header').click();
    const hideIf = condition.locator('[data-entry-id=conditional-hide] [contenteditable=true]');
    await hideIf.click();
    await page.keyboard.type('status != "done"');
    await page.waitForTimeout(600); // the properties panel debounces
    expect(await seriousViolations(page)).toEqual([]);
    await shot('studio-form-1280');
    await page.getByTestId('form-save').click();
    await snackbar('Piszkozatba mentve.');

    // when the draft is published: a column is added, nothing lost
    await page.getByTestId('studio-publish').click();
    const dialog = page.getByTestId('publish-dialog');
    await dialog
      .getByTestId('publish-plan')
      .getByText(/lessons_learned/)
      .waitFor();
    await dialog.getByTestId('publish-confirm').click();
    await snackbar(/Publikálva/);
  });

  it('renders the designed form on the record page: new order, and the field only when its condition holds', async () => {
    // given the project's record page
    await page.goto(projectUrl);
    await page.locator('[data-testid=record-form][data-ready=true]').waitFor();
    const labels = () => page.locator('.folyam-record-form .fjs-form-field-label').allTextContents();
    // then the customer comes before the due date and the status, and the lessons are hidden
    const order = (await labels()).map((l) => l.replace('*', ''));
    expect(order.indexOf('Ügyfél')).toBeLessThan(order.indexOf('Határidő'));
    expect(order).not.toContain('Tanulságok');
    // when the status becomes "done"
    await formField('Állapot').locator('select').selectOption({ label: 'Kész' });
    // then the lessons field appears, and is saved with the record
    await formField('Tanulságok').locator('textarea').fill('Korán kell kezdeni.');
    await shot('project-conditional-1280');
    await page.getByTestId('record-save').click();
    await snackbar('Mentve.');
    const saved = await page.request.get(`${runtime.baseUrl}/api/data/project/${projectUrl.split('/').pop()}`);
    expect(await saved.json()).toMatchObject({ status: 'done', lessonsLearned: 'Korán kell kezdeni.' });
    // and in English the labels follow the entity
    await page.getByTestId('locale-switch').click();
    await page
      .getByRole('option', { name: 'English' })
      .or(page.getByRole('listitem').filter({ hasText: 'English' }))
      .first()
      .click();
    await formField('Lessons learned').waitFor();
    await formField('Customer').waitFor();
    await page.getByTestId('locale-switch').click();
    await page
      .getByRole('option', { name: 'Magyar' })
      .or(page.getByRole('listitem').filter({ hasText: 'Magyar' }))
      .first()
      .click();
    await formField('Tanulságok').waitFor();
    // when the status changes back, the field is hidden again
    await formField('Állapot').locator('select').selectOption({ label: 'Tervezett' });
    await expect(formField('Tanulságok').count()).resolves.toBe(0);
  });

  it('asks for confirmation before a publish that loses data, and the designed form follows the entity', async () => {
    // given the lessons field removed from the entity
    await page.goto(`${runtime.baseUrl}/studio/entities/project`);
    await page.getByRole('button', { name: 'Mező törlése: Tanulságok' }).click();
    await page.getByTestId('entity-save').click();
    await snackbar('Piszkozatba mentve.');
    // when publishing
    await page.getByTestId('studio-publish').click();
    const dialog = page.getByTestId('publish-dialog');
    // then the step that drops the column is marked, and publishing waits for a confirmation
    await dialog
      .locator('[data-loss=true]')
      .getByText(/lessons_learned/)
      .waitFor();
    await dialog.locator('li', { hasText: 'Űrlap' }).getByText('project').waitFor();
    await expect(dialog.getByTestId('publish-confirm').isDisabled()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('studio-publish-loss-1280');
    await dialog.getByTestId('confirm-data-loss').locator('input').check();
    await dialog.getByTestId('publish-confirm').click();
    await snackbar(/Publikálva/);
    // and the record page no longer has the field, whatever the status
    await page.goto(projectUrl);
    await page.locator('[data-testid=record-form][data-ready=true]').waitFor();
    await formField('Állapot').locator('select').selectOption({ label: 'Kész' });
    await formField('Ügyfél').waitFor();
    await expect(formField('Tanulságok').count()).resolves.toBe(0);
  });

  it('keeps the Studio usable at 390 px', async () => {
    await atWidth(390);
    for (const [url, name] of [
      ['/studio', 'studio-390'],
      ['/studio/entities/project', 'studio-entity-390'],
      ['/studio/forms/project', 'studio-form-390'],
      [new URL(projectUrl).pathname, 'project-390'],
    ] as const) {
      await page.goto(`${runtime.baseUrl}${url}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForTimeout(800);
      expect(await noHorizontalScroll(), url).toBe(true);
      await shot(name);
    }
    await atWidth(1280);
    expect(errors).toEqual([]);
  });
});
