import { defineDesigner } from '../registry.ts';

export default defineDesigner({
  id: 'entities',
  label: { hu: 'Entitások', en: 'Entities' },
  description: {
    hu: 'Táblák és mezők: típusok, kötelezőség, egyediség, hivatkozások.',
    en: 'Tables and fields: types, required and unique values, references.',
  },
  icon: 'mdi-database-edit-outline',
  component: () => import('./EntityDesignerPage.vue'),
  order: 10,
});
