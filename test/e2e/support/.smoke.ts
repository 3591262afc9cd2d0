// scratch script (deleted later): start runtime + browser, keep running, log page errors
import { launchBrowser } from './browser.ts';
import { ADMIN_PASSWORD, startRuntime } from './runtime.ts';
import { writeFileSync } from 'node:fs';

const runtime = await startRuntime();
const browser = await launchBrowser();
const page = await browser.context.newPage();
page.on('pageerror', (e) => console.error('page error:', e.message));
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.error('console:', m.text()); });
await page.goto(`${runtime.baseUrl}/login`);
await page.getByRole('heading', { name: 'Bejelentkezés' }).waitFor();
await page.getByLabel('Felhasználónév').fill('admin');
await page.getByLabel('Jelszó', { exact: true }).fill(ADMIN_PASSWORD);
await page.getByRole('button', { name: 'Belépés' }).click();
await page.waitForURL((u) => !u.pathname.startsWith('/login'));
writeFileSync('/tmp/smoke/url', runtime.baseUrl);
const script = process.argv[2];
if (script) {
  const mod = await import(script);
  try { await mod.default(page, runtime.baseUrl); } catch (e) { console.error('FAILED', e); }
}
await browser.close();
await runtime.stop();
