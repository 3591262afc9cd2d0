import { describe, expect, it } from 'vitest';
import { FIT_MARGIN, fitViewbox, type Box } from './fit.ts';

/** Where a diagram point lands on screen (px) under a viewbox shown in a box `outerWidth` px wide. */
const toScreen = (vb: Box, outerWidth: number, x: number, y: number) => {
  const scale = outerWidth / vb.width;
  return { x: (x - vb.x) * scale, y: (y - vb.y) * scale, scale };
};

// the new-process template: start at x 152, end ending at 448, labels below
const TEMPLATE: Box = { x: 140, y: 80, width: 320, height: 80 };

describe('fitting a diagram right of the palette', () => {
  it('keeps the whole drawing clear of the palette on a phone, zoomed out to fit', () => {
    // given a 358 px wide canvas with a palette reaching 68 px into it
    const outer = { width: 358, height: 506 };
    // when fitted
    const vb = fitViewbox(TEMPLATE, outer, 68)!;
    // then the drawing starts after the palette and the margin, and ends inside the box less the margin
    const topLeft = toScreen(vb, outer.width, TEMPLATE.x, TEMPLATE.y);
    const bottomRight = toScreen(vb, outer.width, TEMPLATE.x + TEMPLATE.width, TEMPLATE.y + TEMPLATE.height);
    expect(topLeft.x).toBeCloseTo(68 + FIT_MARGIN);
    expect(bottomRight.x).toBeCloseTo(outer.width - FIT_MARGIN);
    expect(topLeft.y).toBeGreaterThanOrEqual(FIT_MARGIN);
    expect(bottomRight.y).toBeLessThanOrEqual(outer.height - FIT_MARGIN);
    expect(topLeft.scale).toBeLessThan(1);
    // and the viewbox has the box's proportions, so bpmn-js keeps this scale
    expect(vb.width / vb.height).toBeCloseTo(outer.width / outer.height);
  });

  it('does not zoom in on a small drawing in a wide box, and centres it in the free area', () => {
    // given a 900 × 470 px canvas with the palette
    const outer = { width: 900, height: 470 };
    // when fitted
    const vb = fitViewbox(TEMPLATE, outer, 68)!;
    const topLeft = toScreen(vb, outer.width, TEMPLATE.x, TEMPLATE.y);
    // then it stays at 1:1, centred right of the palette
    expect(topLeft.scale).toBe(1);
    expect(topLeft.x - 68).toBeCloseTo(outer.width - (topLeft.x + TEMPLATE.width));
    expect(topLeft.y).toBeCloseTo(outer.height - (topLeft.y + TEMPLATE.height));
  });

  it('fits a tall drawing by its height, keeping the margin above and below', () => {
    // given a drawing taller than the viewer's box, and no palette
    const tall: Box = { x: -50, y: -400, width: 200, height: 1200 };
    const outer = { width: 800, height: 400 };
    // when fitted
    const vb = fitViewbox(tall, outer)!;
    // then it touches the margins at the top and bottom
    expect(toScreen(vb, outer.width, tall.x, tall.y).y).toBeCloseTo(FIT_MARGIN);
    expect(toScreen(vb, outer.width, tall.x, tall.y + tall.height).y).toBeCloseTo(outer.height - FIT_MARGIN);
  });

  it('gives up on a box with no room left (hidden, or narrower than the palette)', () => {
    expect(fitViewbox(TEMPLATE, { width: 0, height: 0 })).toBeNull();
    expect(fitViewbox(TEMPLATE, { width: 100, height: 300 }, 68)).toBeNull();
  });

  it('shows an empty diagram at 1:1', () => {
    const vb = fitViewbox({ x: 0, y: 0, width: 0, height: 0 }, { width: 400, height: 300 }, 68)!;
    expect(vb.width).toBe(400);
    expect(vb.height).toBe(300);
  });
});
