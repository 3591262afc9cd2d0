import { defineDesigner } from '../registry.ts';

export default defineDesigner({
  id: 'processes',
  label: { hu: 'Folyamatok', en: 'Processes' },
  description: {
    hu: 'BPMN-folyamatok: felelősök, űrlapok, határidők, emlékeztetők, feltételek.',
    en: 'BPMN processes: assignees, forms, due dates, reminders, conditions.',
  },
  icon: 'mdi-sitemap-outline',
  component: () => import('./ProcessDesignerPage.vue'),
  order: 40,
});
