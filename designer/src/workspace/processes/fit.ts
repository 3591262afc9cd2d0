/**
 * Fitting a bpmn-js diagram (the modeler's or the viewer's) to its box: the whole drawing, with a margin, centred
 * in the part of the box that the modeler's palette (the tool strip on the left) leaves free, so on a narrow screen
 * no shape starts under it. When the box changes size (a phone turned, the properties panel moved under the canvas)
 * the diagram is fitted again, unless the person has panned or zoomed since.
 */

export type Box = { x: number; y: number; width: number; height: number };
export type Size = { width: number; height: number };

/** Space (px) kept free around the drawing: room for the badges above the shapes. */
export const FIT_MARGIN = 24;

/**
 * The viewbox (in diagram units) that shows `inner` centred in the `outer` px box less `left` px on the left and
 * `margin` px all round, never zoomed in beyond 1:1; null when no room is left.
 * `fitViewbox({ x: 150, y: 80, width: 300, height: 80 }, { width: 390, height: 500 }, 68)` → a viewbox at ~0.85.
 */
export function fitViewbox(inner: Box, outer: Size, left = 0, margin = FIT_MARGIN): Box | null {
  const free = { width: outer.width - left - 2 * margin, height: outer.height - 2 * margin };
  if (free.width <= 0 || free.height <= 0) return null;
  const scale = Math.min(1, free.width / Math.max(inner.width, 1), free.height / Math.max(inner.height, 1));
  // the centre of the free area (px) shows the centre of the drawing
  const px = left + margin + free.width / 2;
  const py = margin + free.height / 2;
  return {
    x: inner.x + inner.width / 2 - px / scale,
    y: inner.y + inner.height / 2 - py / scale,
    width: outer.width / scale,
    height: outer.height / scale,
  };
}

type Canvas = {
  viewbox(): { inner: Box; outer: Size };
  viewbox(box: Box): unknown;
  zoom(to: 'fit-viewport'): number;
  resized(): void;
  getContainer(): HTMLElement;
};
/** The part of a bpmn-js modeler or viewer used here. */
export type Diagram = {
  get(name: string): unknown;
  on(event: string, fn: () => void): void;
  off(event: string, fn: () => void): void;
};

/** How far (px) the palette reaches into the canvas from its left edge; 0 without one (the viewer). */
function paletteInset(container: HTMLElement): number {
  const palette = container.querySelector('.djs-palette');
  const p = palette?.getBoundingClientRect();
  if (!p || !p.width || !p.height) return 0;
  return Math.max(0, p.right - container.getBoundingClientRect().left);
}

/** Shows the whole diagram in the free part of its box (see `fitViewbox`). */
export function fitDiagram(diagram: Diagram): void {
  const canvas = diagram.get('canvas') as Canvas;
  const { inner, outer } = canvas.viewbox();
  const box = fitViewbox(inner, outer, paletteInset(canvas.getContainer()));
  if (box) canvas.viewbox(box);
  else if (outer.width > 0 && outer.height > 0) canvas.zoom('fit-viewport');
}

export type Fitting = {
  /** Fits the diagram now (after an import) and again on resize until the person pans or zooms. */
  fit(): void;
  stop(): void;
};

/**
 * `const fitting = keepFitted(modeler, host)`: fits the diagram now and whenever `host` changes size, as long as
 * the view is still the fitted one; `fitting.stop()` before the diagram is destroyed.
 */
export function keepFitted(diagram: Diagram, host: HTMLElement): Fitting {
  let fitted = false;
  let fitting = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fit = () => {
    fitting = true;
    try {
      fitDiagram(diagram);
    } finally {
      fitting = false;
    }
    fitted = true;
  };
  const moved = () => {
    if (!fitting) fitted = false;
  };
  diagram.on('canvas.viewbox.changed', moved);
  const resizing =
    typeof ResizeObserver === 'undefined'
      ? undefined
      : new ResizeObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            // the palette takes its one- or two-column shape on `resized`, so it is measured after
            (diagram.get('canvas') as Canvas).resized();
            if (fitted) fit();
          }, 100);
        });
  resizing?.observe(host);
  fit();
  return {
    fit,
    stop() {
      resizing?.disconnect();
      clearTimeout(timer);
      diagram.off('canvas.viewbox.changed', moved);
    },
  };
}
