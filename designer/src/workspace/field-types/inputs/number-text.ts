/**
 * The text of a number input: what the user typed while focused, the value with digit grouping otherwise
 * (`17 156 000`), re-read from the model on blur and on a language switch.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { numberToInput, parseNumber } from '../../../i18n/format.ts';
import { currentLocale } from '../../../i18n/index.ts';

export function useNumberText(value: () => number | null | undefined) {
  const focused = ref(false);
  const typed = ref(numberToInput(value()));

  watch(value, (v) => {
    const mine = parseNumber(typed.value);
    if (v !== mine && !(Number.isNaN(v) && Number.isNaN(mine))) typed.value = numberToInput(v);
  });
  watch([focused, currentLocale], () => {
    if (!focused.value && !Number.isNaN(parseNumber(typed.value))) typed.value = numberToInput(value());
  });

  const text = computed(() => {
    if (focused.value) return typed.value;
    const v = value();
    const parsed = parseNumber(typed.value);
    // text that does not parse stays as typed, so its error can be seen and fixed
    return Number.isNaN(parsed) ? typed.value : numberToInput(v, currentLocale.value, true);
  });

  /** Takes typed text; returns the number it means (null for empty, NaN for junk). */
  function input(s: string): number | null {
    typed.value = s;
    return parseNumber(s);
  }

  return { text, focused: focused as Ref<boolean>, input };
}
