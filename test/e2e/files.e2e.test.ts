/**
 * Files end to end: on a contract's record page the administrator uploads the signed copy through the form's file
 * field, saves, and after a reload the field links to the stored file, which downloads with its name.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, signIn, type Browser } from './support/browser.ts';
import { ADMIN_PASSWORD, ROOT, startRuntime, type RunningRuntime } from './support/runtime.ts';

const ready = existsSync(CHROMIUM) && existsSync(path.join(ROOT, 'designer', 'dist', 'index.html'));

describe.skipIf(!ready)('file fields in the browser', () => {
  let runtime: RunningRuntime;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    runtime = await startRuntime();
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
  });

  it('uploads a signed copy to a contract and links to it', async () => {
    // given
    await signIn(page, runtime.baseUrl, 'admin', ADMIN_PASSWORD);
    const list = await page.evaluate(
      async () => (await (await fetch('/api/data/contract?limit=1&sort=number')).json()) as { items: { id: string }[] },
    );
    const id = list.items[0].id;
    await page.goto(`${runtime.baseUrl}/e/contract/${id}`);
    // when
    const upload = page.locator('.folyam-fjs-file input[type=file]');
    await upload.waitFor({ state: 'attached' });
    await upload.setInputFiles({
      name: 'Szerződés aláírva.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 signed'),
    });
    await page.locator('.folyam-fjs-file a').waitFor();
    await page.getByTestId('record-save').click();
    await page.locator('.v-snackbar').first().waitFor();
    await page.reload();
    // then
    const link = page.locator('.folyam-fjs-file a');
    await link.waitFor();
    expect(await link.textContent()).toBe('Szerződés aláírva.pdf');
    const href = await link.getAttribute('href');
    const download = await page.evaluate(async (url) => {
      const res = await fetch(url!);
      return { status: res.status, disposition: res.headers.get('content-disposition'), body: await res.text() };
    }, href);
    expect(download.status).toBe(200);
    expect(download.body).toBe('%PDF-1.4 signed');
    expect(download.disposition).toContain('filename*=UTF-8');
  });
});
