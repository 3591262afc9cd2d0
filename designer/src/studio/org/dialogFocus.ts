/**
 * The first field of an organisation dialog: focused when the dialog has opened (its `after-enter`), but only if the
 * focus is not already inside the dialog. Vuetify's `autofocus` focuses from an IntersectionObserver and a timer,
 * whenever those fire: on a busy machine that is after the user has clicked into another field, and taking the
 * focus from an open autocomplete closes its menu under the user's next click.
 */
export const AUTOFOCUS_ATTR = 'data-autofocus';

/** Focuses the `[data-autofocus]` field inside `root` unless an element inside `root` already has the focus. */
export function focusFirstField(root: Element | null | undefined): void {
  if (!root) return;
  const active = root.ownerDocument.activeElement;
  if (active && active !== root && root.contains(active)) return;
  root
    .querySelector<HTMLElement>(`[${AUTOFOCUS_ATTR}] input, [${AUTOFOCUS_ATTR}] textarea`)
    ?.focus({ preventScroll: true });
}
