/**
 * The organisation and roles designers end to end: an administrator creates a department (and a sub-department, so
 * deleting the parent shows the server's 409), a user in it (a weak password first, shown on its field), then a new
 * role that reads companies with scope "own", published through the plan dialog; the published role is then read
 * back through the API with the page's session. Accessibility (axe) of both pages, screenshots at 1280 and 390 px.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, seriousViolations, signIn, type Browser } from './support/browser.ts';
import { ADMIN_PASSWORD, ROOT, startRuntime, type RunningRuntime } from './support/runtime.ts';

const DIST = path.join(ROOT, 'designer', 'dist', 'index.html');
const CLI = path.join(ROOT, 'runtime', 'src', 'cli.ts');
const SHOTS = path.join(ROOT, 'test', 'output', 'screenshots');
const ready = existsSync(CHROMIUM) && existsSync(DIST) && existsSync(CLI);

// The steps build on each other (the user is created in the department, then given the role), so a failed step is
// not tried again: a second try would only fail on what the first one left behind (the user exists already).
describe.skipIf(!ready)('organisation and roles designers in the browser', { retry: 0 }, () => {
  let runtime: RunningRuntime;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const shot = async (name: string) => {
    await page.waitForTimeout(300); // let transitions settle
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
  };
  const atWidth = (width: number) => page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
  const noHorizontalScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  const snackbar = (text: string | RegExp) => page.locator('.v-snackbar').getByText(text).first().waitFor();
  /** Opens a Vuetify select/autocomplete by its test id, picks an option and waits until the field shows it. */
  const pick = async (scope: Locator, testId: string, option: string | RegExp, shown: string | RegExp = option) => {
    const field = scope.getByTestId(testId);
    await field.locator('.v-field').click();
    await page.locator('.v-overlay--active [role=option]', { hasText: option }).first().click();
    await field.locator('.v-autocomplete__selection, .v-select__selection', { hasText: shown }).first().waitFor();
  };

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

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
  });

  it('opens the Organisation designer from the Studio', async () => {
    await signIn(page, runtime.baseUrl, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('nav-studio').click();
    await page.waitForURL(/\/studio$/);
    await page.getByRole('tab', { name: 'Szervezet' }).click();
    await page.waitForURL(/\/studio\/org$/);
    await page.getByTestId('org-designer').getByRole('heading', { name: 'Osztályok' }).waitFor();
  });

  it('creates a department, a sub-department, and refuses to delete the parent (409)', async () => {
    await page.getByTestId('department-add').click();
    let dialog = page.getByTestId('department-dialog');
    await dialog.getByTestId('department-name').locator('input').fill('E2E Értékesítés');
    await dialog.getByTestId('department-save').click();
    await snackbar('Az osztály létrejött.');
    const tree = page.getByTestId('department-tree');
    const parent = tree.locator('li[data-department="E2E Értékesítés"]');
    await parent.waitFor();

    await parent.getByRole('button', { name: 'Alosztály: E2E Értékesítés' }).click();
    dialog = page.getByTestId('department-dialog');
    await dialog.getByTestId('department-name').locator('input').fill('E2E Belső értékesítés');
    await dialog.getByTestId('department-save').click();
    await snackbar('Az osztály létrejött.');
    await parent.locator('li[data-department="E2E Belső értékesítés"]').waitFor();

    await parent.getByRole('button', { name: 'Törlés: E2E Értékesítés' }).click();
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('department-error').textContent()).resolves.toMatch(/alosztályai/);
    await page.getByTestId('department-error').getByRole('button').click();
  });

  it('creates a user in the department, showing a weak password on its field', async () => {
    await page.getByTestId('org-tab-users').click();
    await page.getByTestId('user-add').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.getByTestId('user-username').locator('input').fill('e2e.kovacs');
    await dialog.getByTestId('user-password').locator('input').fill('rovid');
    await dialog.getByTestId('user-display-name').locator('input').fill('Kovács Éva');
    await dialog.getByTestId('user-email').locator('input').fill('kovacs.eva@example.hu');
    // a mobile number as people write it at home, kept in international form
    await dialog.getByTestId('user-phone').locator('input').fill('06 30 555 0199');
    await pick(dialog, 'user-department', 'E2E Értékesítés');
    await shot('org-user-dialog-1280');
    await dialog.getByTestId('user-save').click();
    // The server's validation error is on the password field. Its hint is a message there from the start, so this
    // waits for the server's message itself: then the first save has finished.
    await dialog
      .getByTestId('user-password')
      .locator('.v-messages__message', { hasText: '10 karakter legyen' })
      .waitFor();
    await dialog.getByTestId('user-password').locator('input').fill('Eros-Jelszo-2026');
    await dialog.getByTestId('user-save').click();
    await snackbar('A felhasználó létrejött.');
    const row = page.locator('li[data-username="e2e.kovacs"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('E2E Értékesítés');
    await expect(row.textContent()).resolves.toContain('+36305550199');
    // search narrows the list
    await page.getByTestId('user-search').locator('input').fill('e2e.kov');
    await expect.poll(() => page.getByTestId('user-list').locator('li').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('org-users-1280');
    await page.getByTestId('org-tab-departments').click();
    await page.getByTestId('department-tree').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('org-1280');
  });

  it('creates a role that reads companies with scope own, and publishes it', async () => {
    await page.getByRole('tab', { name: 'Szerepkörök és jogosultságok' }).click();
    await page.waitForURL(/\/studio\/roles$/);
    await page.getByTestId('role-list').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('org-roles-list-1280');

    await page.getByTestId('role-new').click();
    const editor = page.getByTestId('role-editor');
    await editor.getByTestId('role-name').locator('input').fill('e2eReader');
    await editor.getByTestId('role-label-hu').locator('input').fill('E2E olvasó');
    await editor.getByTestId('role-label-en').locator('input').fill('E2E reader');
    const company = editor.locator('tr[data-entity="company"]').first();
    await company.locator('input[data-action="read"]').check();
    await company.getByTestId('scope-select').selectOption('own');
    // the details of the row open by keyboard
    await company.getByRole('button', { name: /^Részletek:/ }).press('Enter');
    await editor.locator('[data-details="company"]').waitFor();
    await editor.getByTestId('role-save').click();
    await snackbar('A szerepkör a piszkozatba mentve.');
    await page.waitForURL(/\/studio\/roles\/e2eReader$/);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('org-roles-1280');

    await page.getByTestId('role-publish').click();
    const dialog = page.getByTestId('publish-dialog');
    await dialog.getByText('e2eReader').waitFor();
    await dialog.getByTestId('publish-confirm').click();
    await snackbar(/Publikálva/);

    const roles = await page.evaluate(async () => {
      const res = await fetch('/api/meta/roles', { credentials: 'same-origin' });
      return (await res.json()) as {
        items: { name: string; permissions?: { entity: string; actions: string[]; scope?: string }[] }[];
      };
    });
    const role = roles.items.find((r) => r.name === 'e2eReader');
    expect(role?.permissions).toEqual([{ entity: 'company', actions: ['read'], scope: 'own' }]);
  });

  it('gives the user the published role', async () => {
    await page.goto(`${runtime.baseUrl}/studio/org`);
    await page.getByTestId('org-tab-users').click();
    const row = page.locator('li[data-username="e2e.kovacs"]');
    await row.getByTestId('user-edit').click();
    const dialog = page.getByTestId('user-dialog');
    await pick(dialog, 'user-roles', 'e2eReader');
    await page.keyboard.press('Escape'); // close the menu, keep the dialog
    await page.locator('.v-overlay--active [role=listbox]').waitFor({ state: 'detached' });
    await dialog.getByTestId('user-save').click();
    await snackbar('A felhasználó mentve.');
    // The list is reloaded after the save; wait for the row to show the new role.
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('e2eReader');
  });

  it('keeps both designers usable at 390 px', async () => {
    await atWidth(390);
    for (const [url, name] of [
      ['/studio/org', 'org-390'],
      ['/studio/roles/e2eReader', 'org-roles-390'],
    ] as const) {
      await page.goto(`${runtime.baseUrl}${url}`);
      await page.getByTestId(url.includes('roles') ? 'role-editor' : 'department-tree').waitFor();
      expect(await noHorizontalScroll(), url).toBe(true);
      await shot(name);
    }
    // the matrix scrolls inside its own region, the page does not
    await page.getByTestId('permission-matrix').scrollIntoViewIfNeeded();
    expect(await noHorizontalScroll()).toBe(true);
    await shot('org-roles-matrix-390');
    expect(errors).toEqual([]);
  });
});
