/**
 * The Studio's process modeler in the browser: after fitting, no shape is under the palette (at 390, 800 and
 * 1280 px, on opening and after the window changes size); an edit in the Folyam properties panel is undone with
 * Ctrl+Z on the canvas and redone with Ctrl+Y or Ctrl+Shift+Z. Screenshots go to /tmp/shots/modeler/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, signIn, type Browser } from './support/browser.ts';
import { diagramElement, openProcessFromTemplate } from './support/process.ts';
import { ADMIN_PASSWORD, ROOT, startRuntime, type RunningRuntime } from './support/runtime.ts';

const DIST = path.join(ROOT, 'designer', 'dist', 'index.html');
const CLI = path.join(ROOT, 'runtime', 'src', 'cli.ts');
const SHOTS = process.env.FOLYAM_SHOTS_DIR ?? '/tmp/shots/modeler';
const ready = existsSync(CHROMIUM) && existsSync(DIST) && existsSync(CLI);
const LABEL = 'Visszavonás próba';
const NAME = 'visszavonasProba';
const TASK = 'Task_1';

type Rect = { left: number; top: number; right: number; bottom: number };

describe.skipIf(!ready)('process modeler in the browser', () => {
  let runtime: RunningRuntime;
  let browser: Browser;
  let page: Page;

  const atWidth = (width: number) => page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
  const panel = () => page.getByTestId('process-properties');
  const element = (id: string) => diagramElement(page, id);
  const nameInput = () => panel().getByTestId('prop-name').locator('input');
  const assigneeInput = () => panel().getByTestId('prop-assignee').locator('input[type="text"]');
  /** The task's label on the diagram, its lines joined. */
  const taskLabel = async () =>
    (await element(TASK).locator('.djs-visual text tspan').allTextContents()).join(' ').replace(/\s+/g, ' ').trim();
  /** The palette's box, the canvas's box, and the box of every shape drawn, in page pixels. */
  const geometry = () =>
    page.getByTestId('process-canvas').evaluate((canvas) => {
      const box = (e: Element): Rect => {
        const r = e.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      return {
        canvas: box(canvas),
        palette: box(canvas.querySelector('.djs-palette')!),
        shapes: Array.from(canvas.querySelectorAll('.djs-shape .djs-visual'), box),
      };
    });
  /** Every shape lies right of the palette and inside the canvas. */
  const clearOfPalette = async () => {
    const { canvas, palette, shapes } = await geometry();
    expect(shapes.length).toBeGreaterThanOrEqual(3);
    for (const s of shapes) {
      expect(s.left).toBeGreaterThanOrEqual(palette.right);
      expect(s.right).toBeLessThanOrEqual(canvas.right);
      expect(s.top).toBeGreaterThanOrEqual(canvas.top);
      expect(s.bottom).toBeLessThanOrEqual(canvas.bottom);
    }
  };
  /** bpmn-js's focusable drawing, where its keys act. */
  const diagram = () => page.getByRole('application', { name: /^Folyamatábra/ });
  /** Selects the task afresh (the start event first, as a click on a selected element clears the selection). */
  const selectTask = async () => {
    await element('StartEvent_1').click();
    await element(TASK).click({ position: { x: 10, y: 10 } });
    await nameInput().waitFor();
    await expect.poll(() => panel().getByTestId('prop-assignee').count()).toBe(1);
  };
  const draftXml = async () => {
    const drafts = (await page.evaluate(async () => (await fetch('/api/meta/processes?draft=1')).json())) as {
      items: { name: string; bpmn: string }[];
    };
    return drafts.items.find((p) => p.name === NAME)?.bpmn ?? '';
  };
  const shot = async (name: string) => {
    await page.getByTestId('process-canvas').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    runtime = await startRuntime();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await signIn(page, runtime.baseUrl, 'admin', ADMIN_PASSWORD);
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail')
      await page.screenshot({ path: path.join(SHOTS, `failed-${task.name.slice(0, 40)}.png`) });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
  });

  it('opens a new process from the template', async () => {
    await openProcessFromTemplate(page, runtime.baseUrl, LABEL, NAME, TASK);
  });

  it('fits the diagram right of the palette on opening, at 390, 800 and 1280 px', async () => {
    for (const width of [390, 800, 1280]) {
      // given the window at this width
      await atWidth(width);
      // when the modeler opens
      await page.reload();
      await element(TASK).waitFor();
      await page.waitForTimeout(300); // the first resize of the box refits
      // then no shape is under the palette
      await clearOfPalette();
      await shot(`modeler-open-${width}`);
    }
  });

  it('fits it again when the window changes size, until the view is moved', async () => {
    // given the modeler opened at 1280 px
    await atWidth(1280);
    await page.reload();
    await element(TASK).waitFor();
    // when the window narrows to a phone's width
    await atWidth(390);
    // then the diagram is fitted again, clear of the palette
    await expect.poll(async () => (await geometry()).shapes[0]?.left ?? 0).toBeGreaterThan(0);
    await page.waitForTimeout(400);
    await clearOfPalette();
    await shot('modeler-resized-390');
    await atWidth(1280);
    await page.waitForTimeout(400);
    await clearOfPalette();
    await shot('modeler-resized-1280');
  });

  it('undoes a properties panel edit with Ctrl+Z on the canvas and redoes it with Ctrl+Y and Ctrl+Shift+Z', async () => {
    // given the user task selected, with its name and assignee as drawn from the template
    await selectTask();
    const oldName = await nameInput().inputValue();
    expect(oldName).not.toBe('');
    expect(await assigneeInput().inputValue()).toBe('');

    // when the name and then the assignee are changed in the panel
    await nameInput().fill('Ajánlat ellenőrzése');
    await nameInput().press('Enter');
    await assigneeInput().fill('manager');
    await assigneeInput().press('Enter');
    await assigneeInput().press('Tab');
    await expect.poll(taskLabel).toBe('Ajánlat ellenőrzése');
    await expect.poll(() => assigneeInput().inputValue()).toMatch(/manager/);

    // and Ctrl+Z is pressed on the canvas, the task still selected
    await diagram().focus();
    await page.keyboard.press('Control+z');
    // then the assignee is taken back, the name kept
    await expect.poll(() => assigneeInput().inputValue()).toBe('');
    expect(await nameInput().inputValue()).toBe('Ajánlat ellenőrzése');
    // and a second Ctrl+Z takes the name back, in the panel and on the diagram
    await page.keyboard.press('Control+z');
    await expect.poll(() => nameInput().inputValue()).toBe(oldName);
    await expect.poll(taskLabel).toBe(oldName);
    // and the diagram itself holds the old values: the panel reads them again when the task is selected anew
    await selectTask();
    expect(await nameInput().inputValue()).toBe(oldName);
    expect(await assigneeInput().inputValue()).toBe('');

    // when Ctrl+Y is pressed, the name comes back
    await page.keyboard.press('Control+y');
    await expect.poll(() => nameInput().inputValue()).toBe('Ajánlat ellenőrzése');
    await expect.poll(taskLabel).toBe('Ajánlat ellenőrzése');
    // and Ctrl+Shift+Z brings the assignee back
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => assigneeInput().inputValue()).toMatch(/manager/);

    // and the saved draft holds the redone values
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('process-save').isDisabled()).toBe(true);
    const bpmn = await draftXml();
    expect(bpmn).toContain('folyam:assignee="manager"');
    expect(bpmn).toContain('name="Ajánlat ellenőrzése"');
  });

  it('undoes a panel edit with Ctrl+Z when the canvas is reached with the Tab key', async () => {
    // given a due date set in the panel
    await selectTask();
    const due = panel().getByTestId('prop-due').locator('input');
    await due.fill('P3D');
    await due.press('Enter');
    await expect.poll(() => panel().getByTestId('prop-due').textContent()).toContain('3 nap');
    // when Tab is pressed from the last button of the toolbar
    await page.getByTestId('process-publish').focus();
    await page.keyboard.press('Tab');
    // then the diagram, named with its keys, has the focus
    await expect.poll(() => diagram().evaluate((e) => e === document.activeElement)).toBe(true);
    // and Ctrl+Z there takes the due date back, in the diagram too
    await page.keyboard.press('Control+z');
    await expect.poll(() => due.inputValue()).toBe('');
    await selectTask();
    expect(await panel().getByTestId('prop-due').locator('input').inputValue()).toBe('');
    // and Ctrl+Shift+Z sets it again
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => panel().getByTestId('prop-due').locator('input').inputValue()).toBe('P3D');
  });
});
