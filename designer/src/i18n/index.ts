/**
 * vue-i18n set up for the two UI locales. Vuetify's own texts are merged in under `$vuetify`, so one switch
 * changes both. The chosen locale is remembered in localStorage.
 */
import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import { en as vuetifyEn, hu as vuetifyHu } from 'vuetify/locale';
import { en } from './en.ts';
import { hu } from './hu.ts';

export const UI_LOCALES = ['hu', 'en'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

const STORAGE_KEY = 'folyam.locale';

export function isUiLocale(value: unknown): value is UiLocale {
  return typeof value === 'string' && (UI_LOCALES as readonly string[]).includes(value);
}

export function storedLocale(): UiLocale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isUiLocale(v) ? v : null;
  } catch {
    return null;
  }
}

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: storedLocale() ?? 'hu',
  fallbackLocale: 'hu',
  messages: {
    hu: { ...hu, $vuetify: vuetifyHu },
    en: { ...en, $vuetify: vuetifyEn },
  },
});

/** The current UI locale as a reactive value. */
export const currentLocale = computed<UiLocale>(() => i18n.global.locale.value as UiLocale);

export function setLocale(locale: UiLocale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // storage may be unavailable (private mode); the choice then lasts for this page only
  }
}

if (typeof document !== 'undefined') document.documentElement.lang = currentLocale.value;
