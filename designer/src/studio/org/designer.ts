import { defineDesigner } from '../registry.ts';

export default defineDesigner({
  id: 'org',
  label: { hu: 'Szervezet', en: 'Organisation' },
  description: {
    hu: 'Osztályok fája, munkacsoportok és felhasználók: szerepkörök, felettesek, jelszavak.',
    en: 'The department tree, work groups and users: roles, managers, passwords.',
  },
  icon: 'mdi-sitemap-outline',
  component: () => import('./OrgPage.vue'),
  order: 40,
});
