import { defineDesigner } from '../registry.ts';

export default defineDesigner({
  id: 'forms',
  label: { hu: 'Űrlapok', en: 'Forms' },
  description: {
    hu: 'A rekordoldalak űrlapjai: sorrend, elrendezés, feltételes mezők (FEEL).',
    en: 'The forms of record pages: order, layout, conditional fields (FEEL).',
  },
  icon: 'mdi-form-select',
  component: () => import('./FormDesignerPage.vue'),
  order: 20,
});
