/** Debian's Chromium through playwright-core, with the flags these machines need and a throwaway profile. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export type Browser = { context: BrowserContext; close: () => Promise<void> };

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'folyam-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 800 },
    locale: 'hu-HU',
    timezoneId: 'Europe/Budapest',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serious and critical accessibility violations on the page as it is now (in its open dialog, if any), one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await settledAnimations(page);
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  // While a modal dialog is open the page behind it is inert and dimmed by its scrim: the dialog is what is checked.
  if (await page.locator('.v-dialog.v-overlay--active').count()) builder.include('.v-dialog.v-overlay--active');
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(' | ')}`,
    );
}

/**
 * Signs in through the login page. The first render of the app can still reset the fields after they were
 * filled, so they are filled again until the form takes them (the button is enabled only then).
 */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('heading', { name: 'Bejelentkezés' }).waitFor();
  const button = page.getByRole('button', { name: 'Belépés' });
  for (let attempt = 0; attempt < 10 && !(await button.isEnabled()); attempt++) {
    await page.getByLabel('Felhasználónév').fill(username);
    await page.getByLabel('Jelszó', { exact: true }).fill(password);
    if (!(await button.isEnabled())) await page.waitForTimeout(300);
  }
  await button.click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * Waits until the page's finite animations and transitions have ended. A dialog that is still fading in shows its
 * colours blended with the page behind it, which the contrast check would report as a violation.
 */
export async function settledAnimations(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity)
          .map((a) => a.finished.catch(() => undefined)),
      ),
      // a transition that never ends (a paused one) must not hold the check up
      new Promise((resolve) => setTimeout(resolve, 3000)),
    ]),
  );
}

/** A call to the API as the page's signed-in user, answering `{ status, body }` (the body parsed, null if empty). */
export type Api = (method: string, url: string, body?: unknown) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are read freely

/** `pageApi(() => page)`: API calls from inside the page, with its session cookie and the CSRF header. */
export function pageApi(page: () => Page): Api {
  return (method, url, body) =>
    page().evaluate(
      async ([m, u, b]) => {
        const res = await fetch(u as string, {
          method: m as string,
          headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'folyam' },
          body: b === undefined ? undefined : JSON.stringify(b),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null };
      },
      [method, url, body] as const,
    );
}
