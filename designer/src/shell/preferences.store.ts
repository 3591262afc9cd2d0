/** The user's UI preferences: language and theme, applied at once and remembered in localStorage. */
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { currentLocale, setLocale, type UiLocale } from '../i18n/index.ts';
import { rememberTheme, type ThemeName } from './theme.ts';
import { vuetify } from './vuetify.ts';

export const usePreferencesStore = defineStore('preferences', () => {
  const theme = vuetify.theme;
  const locale = computed(() => currentLocale.value);
  const themeName = computed<ThemeName>(() => (theme.global.name.value === 'dark' ? 'dark' : 'light'));

  function changeLocale(next: UiLocale): void {
    setLocale(next);
  }

  function toggleLocale(): void {
    changeLocale(locale.value === 'hu' ? 'en' : 'hu');
  }

  function toggleTheme(): void {
    const next: ThemeName = themeName.value === 'dark' ? 'light' : 'dark';
    theme.change(next);
    rememberTheme(next);
  }

  return { locale, themeName, changeLocale, toggleLocale, toggleTheme };
});
