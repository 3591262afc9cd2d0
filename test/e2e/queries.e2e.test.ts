/**
 * The query generator end to end: a salesperson (sales1) builds "my active companies with their open orders'
 * total" (company name, related contracts in progress: sum of value and latest date; status = active and owner =
 * whoever runs it), sees the live preview, saves it shared with everyone, runs it in the grid, prints it and
 * exports it to xlsx; the file is read back with exceljs: sums are numbers, dates are dates, and every row is one
 * of sales1's own companies. A sales manager opening the shared query sees their own rows, not sales1's. Axe on
 * the designer and screenshots at 1280 and 390 px in test/output/screenshots/queries-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, seriousViolations, signIn as signInAs, type Browser } from './support/browser.ts';
import { DEMO_PASSWORD, ROOT, startRuntime, type RunningRuntime } from './support/runtime.ts';

const DIST = path.join(ROOT, 'designer', 'dist', 'index.html');
const CLI = path.join(ROOT, 'runtime', 'src', 'cli.ts');
const SHOTS = path.join(ROOT, 'test', 'output', 'screenshots');
const ready = existsSync(CHROMIUM) && existsSync(DIST) && existsSync(CLI);
const QUERY_NAME = 'Aktív cégeim nyitott rendelésekkel';

describe.skipIf(!ready)('query generator in the browser', () => {
  let runtime: RunningRuntime;
  let browser: Browser;
  let page: Page;
  let queryId = '';

  const shot = async (name: string) => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, `queries-${name}.png`), fullPage: false });
  };
  const atWidth = (width: number) => page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
  /** Opens a Vuetify select (found by its label inside `scope`) and picks the option. */
  const pick = async (scope: Locator, label: string, option: string) => {
    const input = scope.locator('.v-input', { has: page.getByLabel(label, { exact: true }) });
    await input.locator('.v-field').click();
    await page.getByRole('option', { name: option, exact: true }).click();
    await expect.poll(() => input.textContent()).toContain(option);
  };
  const signIn = async (username: string) => {
    // End any earlier session first, so the login page is not redirected away while it is being filled.
    if (page.url().startsWith(runtime.baseUrl)) {
      await page.evaluate(() =>
        fetch('/api/auth/logout', { method: 'POST', headers: { 'X-Requested-With': 'folyam' } }),
      );
    }
    await signInAs(page, runtime.baseUrl, username, DEMO_PASSWORD);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    runtime = await startRuntime();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    // an API call that fails is named in the output, so a failing step says what the screen was told
    page.on('response', (r) => {
      const where = new URL(r.url()).pathname;
      // (signing in and out asks /api/auth while signed out: 401 there is expected)
      if (r.status() >= 400 && where.startsWith('/api/') && !where.startsWith('/api/auth/'))
        console.error(`api ${r.request().method()} ${where}: ${r.status()}`);
    });
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail')
      await page.screenshot({ path: path.join(SHOTS, `failed-queries-${task.name.slice(0, 40)}.png`) });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
  });

  it('builds the query with a related aggregate and shows a live preview', async () => {
    // given sales1 signed in, on the queries page from the menu
    await signIn('sales1');
    await page.getByTestId('nav-queries').click();
    await page.waitForURL(/\/queries$/);
    await page.getByRole('heading', { name: 'Lekérdezések' }).waitFor();

    // when a new query of companies gets the name column and the sum of the related contracts' value
    await page.getByTestId('query-new').click();
    await page.waitForURL(/\/queries\/new/);
    await pick(page.locator('.fq-top'), 'Mit kérdez le?', 'Cégek');
    await page.getByTestId('tree-name').click();
    await page.getByTestId('tree-expand-~contract.company').click();
    await page.getByTestId('tree-~contract.company:sum:value').click();
    await page.getByTestId('tree-~contract.company:max:issueDate').click();
    // … restricted to contracts in progress
    await page.getByTestId('col-filter-1').click();
    const colFilter = page.locator('.fq-col__filter');
    await colFilter.getByRole('button', { name: 'Feltétel hozzáadása' }).click();
    await pick(colFilter, 'Mező', 'Állapot');
    await pick(colFilter, 'Érték', 'Folyamatban');
    // … and only active companies
    const filters = page.locator('section[aria-labelledby="fq-filter-h"]');
    await filters.getByRole('button', { name: 'Feltétel hozzáadása' }).click();
    await pick(filters, 'Mező', 'Státusz');
    await pick(filters, 'Érték', 'Aktív ügyfél');
    // … owned by whoever runs the query
    await filters.getByRole('button', { name: 'Feltétel hozzáadása' }).click();
    await pick(filters.locator('.fq-cond').nth(1), 'Mező', 'Tulajdonos');
    expect(await filters.locator('.fq-cond').nth(1).textContent()).toContain('Én (aki futtatja)');

    // … sorted by the sum, largest first
    const sorting = page.locator('section[aria-labelledby="fq-sort-h"]');
    await sorting.getByRole('button', { name: 'Rendezés hozzáadása' }).click();
    await pick(sorting, 'Mező', 'Megrendelések / szerződések (Cég) — Érték: összeg');
    await pick(sorting, 'Rendezés', 'Csökkenő');

    // then the preview shows the two columns and a count
    const preview = page.getByTestId('query-preview');
    await preview.locator('th', { hasText: 'Cégnév' }).waitFor();
    await expect.poll(() => preview.locator('tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByTestId('preview-count').waitFor();
    expect(await page.getByTestId('preview-count').textContent()).toMatch(/Összesen \d+ sor/);
    // money is formatted the Hungarian way
    await expect
      .poll(() => preview.locator('tbody tr:first-child td:nth-child(2)').textContent())
      .toMatch(/^[\d\s]+Ft$/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('h1').first().scrollIntoViewIfNeeded();
    await shot('designer-1280');
    await atWidth(390);
    await shot('designer-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await atWidth(1280);
  });

  it('saves the query shared with everyone and lists it', async () => {
    await page.getByTestId('query-save').click();
    await page.getByTestId('save-name').locator('input').fill(QUERY_NAME);
    await page.getByTestId('save-folder').locator('input').fill('Értékesítés');
    await page.getByTestId('save-sharing').locator('.v-field').click();
    await page.getByRole('option', { name: 'Mindenki', exact: true }).click();
    await page.getByTestId('save-confirm').click();
    await page.waitForURL(/\/queries\/[^/]+\/edit$/);
    queryId = new URL(page.url()).pathname.split('/')[2]!;
    expect(queryId).toBeTruthy();
    // the saved definition is the backend's syntax: a related sum with its own filter, and the status filter
    const saved = await page.evaluate(async (id) => (await fetch(`/api/queries/${id}`)).json(), queryId);
    expect(saved.definition).toMatchObject({
      entity: 'company',
      columns: [
        { path: 'name' },
        {
          related: { entity: 'contract', via: 'company', filter: { field: 'status', op: 'eq', value: 'open' } },
          fn: 'sum',
          path: 'value',
        },
        { related: { entity: 'contract', via: 'company' }, fn: 'max', path: 'issueDate' },
      ],
      filter: {
        and: [
          { field: 'status', op: 'eq', value: 'active' },
          { field: 'ownerId', op: 'eq', value: { currentUser: true } },
        ],
      },
      sort: [{ path: 'contract_company_value_sum', dir: 'desc' }],
    });
    expect(saved.sharing).toBe('everyone');

    await page.goto(`${runtime.baseUrl}/queries`);
    const item = page.getByTestId(`query-item-${QUERY_NAME}`);
    await item.waitFor();
    await expect(item.getByRole('link', { name: 'Szerkesztés' }).isVisible()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('list-1280');
    await atWidth(390);
    await shot('list-390');
    await atWidth(1280);
  });

  it('runs the saved query in the grid and prints it', async () => {
    await page.getByTestId(`query-item-${QUERY_NAME}`).getByRole('link', { name: 'Futtatás' }).click();
    await page.waitForURL(new RegExp(`/queries/${queryId}$`));
    await page.locator('.ag-row .ag-cell').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('results-title').textContent()).toContain(QUERY_NAME);
    expect(await page.getByTestId('results-total').textContent()).toMatch(/\d+ sor/);
    // the first block arrives: the largest open total first, formatted as forints
    const firstRow = page.locator('.ag-row[row-index="0"]');
    await expect
      .poll(() => firstRow.locator('.ag-cell[col-id="name"]').textContent(), { timeout: 15_000 })
      .toMatch(/\S/);
    expect(await firstRow.locator('.ag-cell[col-id="contract_company_value_sum"]').textContent()).toMatch(
      /^[\d\s]+Ft$/,
    );
    await shot('results-1280');
    await atWidth(390);
    await shot('results-390');
    await atWidth(1280);

    // when printing, the print page opens in a new tab with the query's name as its title
    const [printPage] = await Promise.all([
      browser.context.waitForEvent('page'),
      page.getByTestId('results-print').click(),
    ]);
    await printPage.waitForLoadState();
    expect(await printPage.title()).toBe(QUERY_NAME);
    expect(await printPage.locator('h1').textContent()).toContain(QUERY_NAME);
    await printPage.close();
  });

  it("exports the query to xlsx as sales1, with typed numbers and dates and only sales1's companies", async () => {
    // given the results of the saved query on screen
    const total = Number((await page.getByTestId('results-total').textContent())!.replace(/\D/g, ''));
    expect(total).toBeGreaterThan(0);

    // when exporting to Excel
    await page.getByTestId('results-export').click();
    await page.getByTestId('export-xlsx').click();
    const download = page.getByTestId('export-download');
    await download.waitFor({ timeout: 60_000 });
    await shot('export-1280');
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    const target = path.join(tmpdir(), `folyam-query-${Date.now()}.xlsx`);
    await file.saveAs(target);

    // then the workbook has the header, typed sums and dates, one row per result row
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(target);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const headerAt = rows.findIndex((r) => r.includes('Cégnév'));
    expect(headerAt).toBeGreaterThanOrEqual(0);
    const data = rows.slice(headerAt + 1).filter((r) => typeof r[0] === 'string' && r[0] !== '');
    expect(data.length).toBe(total);
    const numbers = data.map((r) => r[1]).filter((v) => v !== null && v !== undefined);
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.every((v) => typeof v === 'number')).toBe(true);
    const dates = data.map((r) => r[2]).filter((v) => v !== null && v !== undefined);
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((v) => v instanceof Date)).toBe(true);

    // … and every company in it is one of sales1's own
    const own = await page.evaluate(async () => {
      const res = await fetch('/api/queries/run', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Requested-With': 'folyam' },
        body: JSON.stringify({
          definition: {
            entity: 'company',
            columns: [{ path: 'name' }],
            filter: { field: 'ownerId', op: 'eq', value: { currentUser: true } },
          },
          limit: 1000,
        }),
      });
      return ((await res.json()) as { rows: { name: string }[] }).rows.map((r) => r.name);
    });
    const mine = new Set(own);
    expect(data.every((r) => mine.has(r[0] as string))).toBe(true);
  });

  it('shows a sales manager their own rows when they open the shared query', async () => {
    // given the manager signed in
    await browser.context.clearCookies();
    await signIn('manager');
    await page.goto(`${runtime.baseUrl}/queries`);
    const item = page.getByTestId(`query-item-${QUERY_NAME}`);
    await item.waitFor();
    // shared with them, not theirs: no edit
    expect(await item.getByRole('link', { name: 'Szerkesztés' }).count()).toBe(0);

    // when running it
    const result = await page.evaluate(
      async (id) =>
        (
          await fetch('/api/queries/run', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'X-Requested-With': 'folyam' },
            body: JSON.stringify({ id, limit: 1000 }),
          })
        ).json(),
      queryId,
    );
    // then the owner filter is the manager's: none of the rows belongs to anyone else
    const others = await page.evaluate(async () => {
      const res = await fetch('/api/queries/run', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Requested-With': 'folyam' },
        body: JSON.stringify({
          definition: {
            entity: 'company',
            columns: [{ path: 'name' }],
            filter: { field: 'ownerId', op: 'ne', value: { currentUser: true } },
          },
          limit: 1000,
        }),
      });
      return ((await res.json()) as { rows: { name: string }[] }).rows.map((r) => r.name);
    });
    const rows = (result as { rows: { name: string }[] }).rows;
    expect(rows.length).toBeGreaterThan(0);
    const notMine = new Set(others);
    expect(rows.every((r) => !notMine.has(r.name))).toBe(true);
  });
});
