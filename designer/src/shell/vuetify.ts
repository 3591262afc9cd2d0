/**
 * Vuetify with our themes, the MDI font icons, and vue-i18n as its locale adapter. Components are imported where
 * they are used (no global registration), so each route chunk carries only what it renders.
 */
import '@mdi/font/css/materialdesignicons.css';
import { useI18n } from 'vue-i18n';
import { createVuetify } from 'vuetify';
import { aliases, mdi } from 'vuetify/iconsets/mdi';
import { createVueI18nAdapter } from 'vuetify/locale/adapters/vue-i18n';
import 'vuetify/styles';
import { i18n } from '../i18n/index.ts';
import { initialTheme } from './theme.ts';

export const vuetify = createVuetify({
  // the adapter is typed for an untyped vue-i18n instance; ours carries its message schema
  locale: { adapter: createVueI18nAdapter({ i18n: i18n as never, useI18n }) },
  icons: { defaultSet: 'mdi', aliases, sets: { mdi } },
  // dates in inputs and pickers read like the lists: Hungarian, and British (day first) in English
  date: { locale: { hu: 'hu-HU', en: 'en-GB' } },
  theme: {
    defaultTheme: initialTheme(),
    themes: {
      light: {
        dark: false,
        // Vuetify's 0.6 leaves labels and hints below WCAG AA contrast on our light backgrounds
        variables: { 'medium-emphasis-opacity': 0.7 },
        colors: {
          primary: '#1d5a87',
          secondary: '#4a5f73',
          background: '#f5f7fa',
          surface: '#ffffff',
          error: '#b3261e',
          success: '#1e6b34',
          warning: '#8a5300',
        },
      },
      dark: {
        dark: true,
        colors: {
          primary: '#9ccaff',
          secondary: '#b6c8dc',
          background: '#111418',
          surface: '#1b1f24',
          error: '#ffb4ab',
          success: '#8fd6a0',
          warning: '#ffb95c',
        },
      },
    },
  },
  defaults: {
    VTextField: { variant: 'outlined', density: 'comfortable', hideDetails: 'auto' },
    VTextarea: { variant: 'outlined', density: 'comfortable', hideDetails: 'auto' },
    VSelect: { variant: 'outlined', density: 'comfortable', hideDetails: 'auto' },
    VDateInput: { variant: 'outlined', density: 'comfortable', hideDetails: 'auto' },
    VAutocomplete: { variant: 'outlined', density: 'comfortable', hideDetails: 'auto' },
    VCheckbox: { hideDetails: 'auto', density: 'comfortable' },
    VSwitch: { hideDetails: 'auto', density: 'comfortable', color: 'primary', inset: true },
    VBtn: { rounded: 'md' },
  },
});
