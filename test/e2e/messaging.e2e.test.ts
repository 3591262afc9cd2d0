/**
 * Messaging end to end, with email pointed at a loopback SMTP server: a marketing user writes a newsletter with an
 * image and an attachment to a saved query's contacts, sees how many are skipped (no consent), sends it, watches
 * the progress reach 100 %, and the SMTP server receives one message per consenting contact. An email sent from a
 * contact's page shows up in its communication history. Screenshots in Hungarian and English at 1280 and 390 px
 * go to /tmp/shots/messaging/.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSmtpServer, type SmtpServerFake } from '@folyam/connectors/testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, pageApi, signIn as signInAs, type Browser } from './support/browser.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ROOT, startRuntime, type RunningRuntime } from './support/runtime.ts';

const DIST = path.join(ROOT, 'designer', 'dist', 'index.html');
const SHOTS = process.env.FOLYAM_SHOTS_DIR ?? '/tmp/shots/messaging';
const ready = existsSync(CHROMIUM) && existsSync(DIST);
const FAMILY = 'Hírlevélpróba';
const QUERY = 'Hírlevél próba kapcsolattartói';
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe.skipIf(!ready)('messaging screens in the browser', () => {
  let runtime: RunningRuntime;
  let browser: Browser;
  let page: Page;
  let smtp: SmtpServerFake;
  let campaignId = '';
  const contactIds: string[] = [];
  const files = path.join(tmpdir(), `folyam-msg-${process.pid}`);

  const api = pageApi(() => page);
  const signIn = async (username: string) => {
    if (page.url().startsWith(runtime.baseUrl)) {
      await page.evaluate(() =>
        fetch('/api/auth/logout', { method: 'POST', headers: { 'X-Requested-With': 'folyam' } }),
      );
    }
    await page.evaluate(() => localStorage.setItem('folyam.locale', 'hu')).catch(() => undefined);
    await signInAs(page, runtime.baseUrl, username, username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
  };
  /** Screenshots of the current page in both languages at both widths. */
  const shots = async (name: string) => {
    for (const locale of ['hu', 'en']) {
      await page.evaluate((l) => localStorage.setItem('folyam.locale', l), locale);
      await page.reload();
      await page.locator('h1').first().waitFor();
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
        await page.waitForTimeout(500);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${locale}-${width}.png`), fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      }
    }
    await page.evaluate(() => localStorage.setItem('folyam.locale', 'hu'));
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await page.locator('h1').first().waitFor();
  };
  const pick = async (testid: string, option: string) => {
    await page.getByTestId(testid).locator('.v-field').click();
    await page.getByRole('option', { name: option }).first().click();
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(files, { recursive: true });
    writeFileSync(path.join(files, 'banner.png'), PNG);
    writeFileSync(path.join(files, 'arlista.pdf'), '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    smtp = await startSmtpServer();
    process.env.FOLYAM_SMTP_URL = smtp.url;
    process.env.FOLYAM_MAIL_FROM = 'Folyam CRM <crm@example.hu>';
    runtime = await startRuntime();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page)
      await page
        .screenshot({ path: path.join(SHOTS, `failed-${ctx.task.name.slice(0, 30)}.png`), fullPage: true })
        .catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    await smtp?.close();
  });

  it('prepares a prospect with three contacts, two of them consenting, and a shared query of them', async () => {
    // given an administrator
    await signIn('admin');
    const company = await api('POST', '/api/data/company', { name: 'Hírlevél Próba Kft.', status: 'prospect' });
    expect(company.status).toBe(201);
    for (const [given, email] of [
      ['Anna', 'anna@prospect.example.hu'],
      ['Béla', 'bela@prospect.example.hu'],
      ['Csilla', 'csilla@prospect.example.hu'],
    ]) {
      const c = await api('POST', '/api/data/contact', {
        familyName: FAMILY,
        givenName: given,
        email,
        company: company.body.id,
      });
      expect(c.status).toBe(201);
      contactIds.push(c.body.id);
    }
    for (const id of contactIds.slice(0, 2)) {
      const r = await api('POST', '/api/consents', {
        entity: 'contact',
        id,
        channel: 'email',
        granted: true,
        source: 'form',
        wording: 'Hozzájárulok a hírlevél küldéséhez.',
      });
      expect(r.status).toBe(200);
    }
    const q = await api('POST', '/api/queries', {
      name: QUERY,
      folder: null,
      sharing: 'everyone',
      roles: [],
      definition: {
        entity: 'contact',
        columns: [{ path: 'familyName' }, { path: 'givenName' }, { path: 'email' }],
        filter: { field: 'familyName', op: 'eq', value: FAMILY },
      },
    });
    expect(q.status).toBe(201);
  });

  it('writes a newsletter with an image and an attachment and sees who is skipped', async () => {
    // given the marketing user on the campaigns page
    await signIn('marketing');
    await page.getByTestId('nav-campaigns').click();
    await page.getByRole('heading', { name: 'Kampányok' }).waitFor();
    await page.getByTestId('campaign-new').click();
    await page.waitForURL(/\/campaigns\/new$/);

    // when the newsletter is written: name, subject, body with a merge field and an uploaded image
    await page.getByTestId('campaign-name').locator('input').fill('Őszi hírlevél');
    await page.getByTestId('campaign-subject').locator('input').fill('Őszi ajánlataink');
    const editor = page.locator('.ql-editor');
    await editor.click();
    await page.keyboard.type('Kedves ');
    await page.getByTestId('rte-merge').click();
    await page.getByTestId('merge-{{contact.givenName}}').click();
    await editor.click();
    await page.keyboard.press('End');
    await page.keyboard.type('! Nézze meg őszi ajánlatainkat.');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('rte-image').click();
    await (await chooser).setFiles(path.join(files, 'banner.png'));
    await editor.locator('img[src^="/api/files/"]').waitFor();
    // … an attachment
    await page.getByTestId('attachment-input').setInputFiles(path.join(files, 'arlista.pdf'));
    await page.getByTestId('attachment-chip').waitFor();
    // … to the saved query's contacts
    await pick('recipients-query-select', QUERY);
    await page.getByTestId('campaign-audience').click();

    // then the audience shows three recipients, two to send and one skipped for lack of consent
    await expect.poll(() => page.getByTestId('audience-total').textContent(), { timeout: 15_000 }).toBe('3');
    expect(await page.getByTestId('audience-will-send').textContent()).toBe('2');
    expect(await page.getByTestId('audience-skipped').textContent()).toBe('1');
    expect(await page.getByTestId('skip-noConsent').textContent()).toContain('1');
    campaignId = new URL(page.url()).pathname.split('/')[2]!;
    const saved = await api('GET', `/api/campaigns/${campaignId}`);
    expect(saved.body.html).toMatch(/<img[^>]+src="\/api\/files\/[^"]+"/);
    expect(saved.body.html).not.toContain('base64');
    expect(saved.body.html).toContain('{{contact.givenName}}');
    expect(saved.body.attachments).toHaveLength(1);

    // and the preview for a recipient is rendered in a sandboxed frame with the name filled in
    await page.getByTestId('campaign-preview').click();
    const frame = page.getByTestId('preview-frame');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('allow-same-origin');
    await page.locator('h1').first().scrollIntoViewIfNeeded();
    await shots('campaign-editor');
  }, 240_000);

  it('sends it, shows the progress reaching 100 %, and one email arrives per consenting contact', async () => {
    // when the campaign is started now
    await page.goto(`${runtime.baseUrl}/campaigns/${campaignId}/edit`);
    await page.getByTestId('campaign-send').click();
    await page.getByTestId('confirm').click();
    await page.waitForURL(new RegExp(`/campaigns/${campaignId}$`));

    // then the progress bar reaches 100 % and the SMTP server has exactly two messages
    await expect.poll(() => page.getByTestId('campaign-progress-text').textContent(), { timeout: 60_000 }).toBe('100%');
    const mails = await smtp.waitFor(2, 30_000);
    await page.waitForTimeout(1000);
    expect(smtp.messages).toHaveLength(2);
    const to = mails.flatMap((m) => m.envelope.to).sort();
    expect(to).toEqual(['anna@prospect.example.hu', 'bela@prospect.example.hu']);
    for (const m of mails) {
      expect(m.attachments.some((a) => a.filename === 'arlista.pdf')).toBe(true);
      expect(m.html ?? '').toMatch(/Kedves (Anna|Béla)!/);
      // the editor's image travels inline (cid), so the recipient sees it without logging in
      expect(m.attachments.some((a) => a.contentType.startsWith('image/') && !!a.cid)).toBe(true);
      expect(m.html ?? '').not.toContain('/api/files/');
    }
    // and the recipient table lists the skipped contact with its reason
    await pick('recipient-status-filter', 'Kihagyva');
    await expect.poll(() => page.getByTestId('recipient-table').textContent()).toContain('nincs hozzájárulás');
    expect(await page.getByTestId('total-skipped').textContent()).toBe('1');
    await shots('campaign-detail');
  }, 240_000);

  it('lists the messages in the outbox with their status history', async () => {
    await page.getByTestId('nav-outbox').click();
    await page.getByRole('heading', { name: 'Kimenő üzenetek' }).waitFor();
    await page.locator('[data-testid^="outbox-row-"]').first().waitFor();
    await shots('outbox');
    await page.locator('[data-testid^="outbox-row-"] a').first().click();
    await page.getByTestId('message-events').locator('.folyam-status-chip').first().waitFor();
  }, 180_000);

  it('sends an individual email from a contact page and shows it in the communication history', async () => {
    // given the consenting contact's page
    await page.goto(`${runtime.baseUrl}/e/contact/${contactIds[0]}`);
    await page.getByTestId('record-send-email').click();
    const dialog = page.getByTestId('compose-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('compose-to').locator('input').inputValue()).toContain('anna@prospect.example.hu');

    // when an email is written and sent
    await dialog.getByTestId('compose-subject').locator('input').fill('Visszahívás');
    await dialog.locator('.ql-editor').click();
    await page.keyboard.type('Köszönöm a mai beszélgetést.');
    await dialog.getByTestId('compose-send').click();
    await dialog.waitFor({ state: 'detached' });

    // then the SMTP server receives it and the communication tab lists it
    await smtp.waitFor(3, 30_000);
    await page.getByTestId('tab-communications').click();
    await expect
      .poll(() => page.getByTestId('communication-history').textContent(), { timeout: 15_000 })
      .toContain('Visszahívás');
    await page.getByTestId('tab-consent').click();
    await page.getByTestId('consent-email').locator('[data-status="granted"]').waitFor();
  }, 120_000);

  it('shows the channel settings to an administrator, the environment values read-only', async () => {
    await signIn('admin');
    await page.goto(`${runtime.baseUrl}/studio/channels`);
    await page.getByTestId('channel-email').waitFor();
    expect(await page.getByTestId('channel-email-state').textContent()).toContain('Beállítva');
    expect(await page.getByTestId('channel-email-smtpUrl').locator('input').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByTestId('channel-email-save').count()).toBe(0);
    await shots('channel-settings');
  }, 180_000);
});
