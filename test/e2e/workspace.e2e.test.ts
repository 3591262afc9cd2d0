/**
 * The workspace end to end: sign in, the company list in Hungarian, the switch to English, editing a company and
 * seeing the change in its history, a server-checked tax number error on its field, the command palette, a
 * related record created from a company and deleted again, accessibility (axe) of the login, list and record
 * pages, and screenshots at 1280 and 390 px in test/output/screenshots/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, seriousViolations, type Browser } from './support/browser.ts';
import { ADMIN_PASSWORD, ROOT, startRuntime, type RunningRuntime } from './support/runtime.ts';

const DIST = path.join(ROOT, 'designer', 'dist', 'index.html');
const CLI = path.join(ROOT, 'runtime', 'src', 'cli.ts');
const SHOTS = path.join(ROOT, 'test', 'output', 'screenshots');
const ready = existsSync(CHROMIUM) && existsSync(DIST) && existsSync(CLI);

describe.skipIf(!ready)('workspace in the browser', () => {
  let runtime: RunningRuntime;
  let browser: Browser;
  let page: Page;
  let companyUrl = '';
  let companyName = '';

  const shot = async (name: string) => {
    await page.waitForTimeout(300); // let transitions settle
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
  };
  const atWidth = (width: number) => page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
  const noHorizontalScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  /** Opens a Vuetify select by its label (its input is not the clickable part) and picks an option. */
  const openSelect = (scope: ReturnType<Page['locator']>, label: string) =>
    scope
      .locator('.v-input', { has: page.getByLabel(label, { exact: true }) })
      .locator('.v-field')
      .click();
  const waitForRows = () => page.locator('.folyam-list__table tbody tr a.folyam-link').first().waitFor();
  /** The record form (form-js) once it rendered, and one of its fields (label, input, errors) by its label. */
  const formReady = () => page.locator('[data-testid=record-form][data-ready=true]').waitFor();
  const formField = (label: string) =>
    page.locator('.folyam-record-form .fjs-form-field', {
      has: page.locator('.fjs-form-field-label', { hasText: new RegExp(`^${label}\\*?$`) }),
    });

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

  it('shows the login page in Hungarian, refuses a wrong password, and passes axe', async () => {
    // given a fresh browser
    await page.goto(`${runtime.baseUrl}/e/company`);
    // then it is sent to the login page, in Hungarian
    await page.waitForURL(/\/login/);
    await expect(page.getByRole('heading', { name: 'Bejelentkezés' }).isVisible()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('login-1280');
    await atWidth(390);
    await shot('login-390');
    await atWidth(1280);

    // when the password is wrong
    await page.getByLabel('Felhasználónév').fill('admin');
    await page.getByLabel('Jelszó', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Belépés' }).click();
    // then the server's message is shown
    await page.getByTestId('login-error').waitFor();
  });

  it('signs in and lists companies with Hungarian labels', async () => {
    // when the admin signs in
    await page.getByLabel('Felhasználónév').fill('admin');
    await page.getByLabel('Jelszó', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Belépés' }).click();
    // then the page asked for first opens: the company list
    await page.waitForURL(/\/e\/company$/);
    await waitForRows();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Cégek');
    const headers = await page.locator('.folyam-list__table thead th').allTextContents();
    expect(headers.join('|')).toContain('Cégnév');
    expect(headers.join('|')).toContain('Adószám');
    await expect(page.getByRole('navigation').getByText('Kapcsolattartók').isVisible()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('list-1280');
  });

  it('searches the list with the quick search box and sorts on the server', async () => {
    const first = (await page.locator('.folyam-list__table tbody tr a.folyam-link').first().textContent())!.trim();
    const word = first.split(/\s+/)[0];
    const listResponse = (match: (url: string) => boolean) =>
      page.waitForResponse((r) => r.url().includes('/api/data/company?') && match(decodeURIComponent(r.url())));
    // when a word of the first company's name is searched
    let answered = listResponse((u) => u.includes(`q=${word}`));
    await page.getByRole('searchbox', { name: /Keresés itt/ }).fill(word);
    await answered;
    await waitForRows();
    // then the rows shown match it
    const names = await page.locator('.folyam-list__table tbody tr a.folyam-link').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.some((n) => n.includes(word))).toBe(true);
    // and clearing the box brings the full list back
    answered = listResponse((u) => !u.includes('q='));
    await page.getByRole('searchbox', { name: /Keresés itt/ }).fill('');
    await answered;

    // when the name column is sorted, then sorted descending, the server sorts
    const nameHeader = page.locator('.folyam-list__table thead th', { hasText: 'Cégnév' });
    answered = listResponse((u) => u.includes('sort=name'));
    await nameHeader.click();
    await answered;
    answered = listResponse((u) => u.includes('sort=-name'));
    await nameHeader.click();
    const sorted = (await (await answered).json()) as { items: { name: string }[] };
    // then the table shows the server's order (Hungarian collation is the server's business)
    await page
      .locator('.folyam-list__table tbody tr a.folyam-link')
      .first()
      .filter({ hasText: sorted.items[0].name })
      .waitFor();
    await waitForRows();
  });

  it('filters with the filter builder and shows a chosen column', async () => {
    const listResponse = (match: (url: string) => boolean) =>
      page.waitForResponse((r) => r.url().includes('/api/data/company?') && match(decodeURIComponent(r.url())));
    // when a condition "Státusz egyenlő Aktív ügyfél" is built and applied
    await page.getByRole('button', { name: 'Szűrők' }).click();
    const dialog = page.locator('.v-overlay--active .v-card');
    await dialog.getByRole('button', { name: 'Feltétel hozzáadása' }).click();
    await openSelect(dialog, 'Mező');
    await page.getByRole('option', { name: 'Státusz' }).click();
    await openSelect(dialog, 'Érték');
    await page.locator('.v-overlay--active [role=option]').first().click();
    const status = (await dialog
      .locator('.v-input', { has: page.getByLabel('Érték', { exact: true }) })
      .locator('.v-select__selection')
      .textContent())!.trim();
    expect(status).not.toBe('');
    await shot('filter-1280');
    const answered = listResponse((u) => u.includes('filter={"and":[{"field":"status","op":"eq","value":'));
    await dialog.getByRole('button', { name: 'Alkalmaz' }).click();
    await answered;
    await waitForRows();
    // then every row has that status, and the button counts the condition
    const statusColumn = await page.locator('.folyam-list__table thead th').allTextContents();
    const index = statusColumn.findIndex((h) => h.includes('Státusz'));
    const cells = await page.locator(`.folyam-list__table tbody tr td:nth-child(${index + 1})`).allTextContents();
    expect(cells.map((c) => c.trim()).filter((c) => c !== status)).toEqual([]);
    await page.getByRole('button', { name: 'Szűrők (1)' }).waitFor();

    // when the settlement column is chosen
    const withColumn = listResponse((u) => /fields=[^&]*settlement/.test(u));
    await page.getByRole('button', { name: 'Oszlopok kiválasztása' }).click();
    await page.getByRole('checkbox', { name: 'Település' }).check();
    await withColumn;
    await page.keyboard.press('Escape');
    // then it is a column of the table
    await page.locator('.folyam-list__table thead th', { hasText: 'Település' }).waitFor();

    // and the filter can be cleared again
    const cleared = listResponse((u) => !u.includes('filter='));
    await page.getByRole('button', { name: 'Szűrők (1)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Szűrők törlése' }).click();
    await cleared;
  });

  it('switches to English and remembers it', async () => {
    // when English is chosen in the app bar
    await page.getByTestId('locale-switch').click();
    await page
      .getByRole('option', { name: 'English' })
      .or(page.getByRole('listitem').filter({ hasText: 'English' }))
      .first()
      .click();
    // then labels from metadata and the UI are English
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Companies');
    await page.locator('.folyam-list__table thead th', { hasText: 'Company name' }).waitFor();
    // and stay English after a reload
    await page.reload();
    await waitForRows();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Companies');
  });

  it('opens a company, edits a field, and sees the change in its history', async () => {
    // given a company opened from the list
    const link = page.locator('.folyam-list__table tbody tr a.folyam-link').first();
    companyName = (await link.textContent())!.trim();
    await link.click();
    await page.waitForURL(/\/e\/company\/[^/]+$/);
    companyUrl = page.url();
    await formReady();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(companyName);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('record-1280');

    // when its short name is changed and saved
    const newShortName = `E2E ${Date.now().toString(36)}`;
    await formField('Short name').locator('input').fill(newShortName);
    await page.getByTestId('record-save').click();
    await page.getByText('Saved.').waitFor();

    // then the history tab shows the change, newest first
    await page.getByTestId('tab-history').click();
    const history = page.getByTestId('history');
    await history.waitFor();
    await history.getByText(newShortName).first().waitFor();
    await expect(history.locator('li').first().textContent()).resolves.toContain('Short name');
    await shot('record-history-1280');
  });

  it('shows the error of an invalid tax number on the field', async () => {
    // given the details tab of the company
    await page.getByRole('tab', { name: 'Details' }).click();
    const tax = formField('Tax number');
    // when a tax number with a wrong check digit is saved (typed without dashes: they are put in)
    await tax.locator('input').fill('12345678241');
    await expect(tax.locator('input').inputValue()).resolves.toBe('12345678-2-41');
    await page.getByTestId('record-save').click();
    // then the field shows why, in English
    await tax
      .locator('.fjs-form-field-error')
      .getByText(/tax number/i)
      .waitFor();
    await expect(tax.locator('input').getAttribute('aria-invalid')).resolves.toBe('true');
    await shot('record-error-1280');
    // and the value is put back so the page can be left
    await page.reload();
    await formReady();
  });

  it('shows a field error the server found: a tax number another company has', async () => {
    // given the tax number of another company
    const id = companyUrl.split('/').pop()!;
    const res = await page.request.get(`${runtime.baseUrl}/api/data/company?limit=5&fields=taxNumber`);
    const other = ((await res.json()) as { items: { id: string; taxNumber: string | null }[] }).items.find(
      (c) => c.id !== id && c.taxNumber,
    )!;
    // when it is saved on this company
    const tax = formField('Tax number');
    await tax.locator('input').fill(other.taxNumber!);
    await page.getByTestId('record-save').click();
    // then the server's unique check shows on the field
    await tax
      .locator('.fjs-form-field-error')
      .getByText(/already taken/i)
      .waitFor();
    await expect(tax.locator('input').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.reload();
    await formReady();
  });

  it('explains a stale version and reloads the current data', async () => {
    // given someone else changes the company after it was opened
    const id = companyUrl.split('/').pop()!;
    const current = (await (await page.request.get(`${runtime.baseUrl}/api/data/company/${id}`)).json()) as {
      version: number;
    };
    const theirs = `Other ${Date.now().toString(36)}`;
    const patched = await page.request.patch(`${runtime.baseUrl}/api/data/company/${id}`, {
      headers: { 'X-Requested-With': 'folyam' },
      data: { version: current.version, shortName: theirs },
    });
    expect(patched.status()).toBe(200);
    // when this page saves its own change
    await formField('Field of activity').locator('input').fill('Mine');
    await page.getByTestId('record-save').click();
    // then the conflict is explained, and reloading shows their change
    await page.getByTestId('conflict-dialog').waitFor();
    await shot('record-conflict-1280');
    await page.getByTestId('conflict-dialog').getByRole('button', { name: 'Reload' }).click();
    await expect(formField('Short name').locator('input').inputValue()).resolves.toBe(theirs);
  });

  it('finds a company with the command palette', async () => {
    // when Ctrl+K is pressed and part of the name typed
    await page.goto(`${runtime.baseUrl}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Control+k');
    const box = page.getByRole('combobox', { name: /Find a record/ });
    await box.waitFor();
    await box.fill(companyName.slice(0, 12));
    await page
      .getByRole('option', { name: new RegExp(companyName.slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
      .first()
      .waitFor();
    await shot('palette-1280');
    // then Enter opens the first match
    await page.keyboard.press('ArrowDown');
    while ((await page.locator('[role=option][aria-selected=true]').textContent())?.includes('Lists')) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/e\/[a-zA-Z]+\/[^/]+$/);
  });

  it('creates a contact from the company related list, then deletes it after confirming', async () => {
    // given the company's related lists
    await page.goto(companyUrl);
    await page.getByRole('tab', { name: 'Related' }).click();
    // when a new contact is started from there, the company is pre-filled
    await page.getByRole('link', { name: /New: contact/ }).click();
    await page.waitForURL(/\/e\/contact\/new\?company=/);
    await formReady();
    const company = formField('Company').getByRole('combobox');
    await expect.poll(() => company.inputValue()).toBe(companyName);
    await formField('Family name').locator('input').fill('Teszt');
    await formField('Given name').locator('input').fill('Elek');
    await page.getByTestId('record-save').click();
    await page.waitForURL(/\/e\/contact\/(?!new)[^/]+$/);
    await page.getByText('Created.').waitFor();

    // when it is deleted and the question confirmed
    await page.getByTestId('record-delete').click();
    await page.getByTestId('confirm').click();
    // then the contact list opens
    await page.waitForURL(/\/e\/contact$/);
  });

  it('has no layout breakage at 390 px and keeps its screens usable', async () => {
    await atWidth(390);
    await page.goto(`${runtime.baseUrl}/e/company`);
    await waitForRows();
    expect(await noHorizontalScroll()).toBe(true);
    await shot('list-390');
    await page.goto(companyUrl);
    await formReady();
    expect(await noHorizontalScroll()).toBe(true);
    await shot('record-390');
    // the menu is a temporary drawer on phones
    await page.getByRole('button', { name: 'Open or close the menu' }).click();
    await page.getByRole('navigation').getByText('Contacts').waitFor();
    await shot('menu-390');
    await atWidth(1280);
  });
});
