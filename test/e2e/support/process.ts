/**
 * The Studio's process designer, as the browser tests reach it.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** A drawn BPMN element on the designer's canvas, by its id. */
export const diagramElement = (page: Page, id: string) =>
  page.locator(`[data-testid="process-canvas"] .djs-element[data-element-id="${id}"]`);

/**
 * Opens the process `name` labelled `label` in the designer, creating it from the template when it does not exist
 * yet (a retried test finds the one made the first time), and waits until `element` is drawn.
 * `await openProcessFromTemplate(page, baseUrl, 'Kedvezmény jóváhagyása', 'kedvezmenyJovahagyasa', 'Task_1')`
 */
export async function openProcessFromTemplate(
  page: Page,
  baseUrl: string,
  label: string,
  name: string,
  element: string,
): Promise<void> {
  await page.goto(`${baseUrl}/studio/processes`);
  await page.getByTestId('process-new').waitFor();
  const existing = page.getByRole('link', { name: new RegExp(label) });
  if (await existing.count()) await existing.first().click();
  else {
    await page.getByTestId('process-new').click();
    await page.getByTestId('new-process-label').locator('input').fill(label);
    await expect.poll(() => page.getByTestId('new-process-name').locator('input').inputValue()).toBe(name);
    await page.getByTestId('process-create').click();
  }
  await page.waitForURL(new RegExp(`/studio/processes/${name}$`));
  await diagramElement(page, element).waitFor();
}
