import { defineDesigner } from '../registry.ts';

export default defineDesigner({
  id: 'roles',
  label: { hu: 'Szerepkörök és jogosultságok', en: 'Roles and permissions' },
  description: {
    hu: 'Szerepkörök: entitásonként műveletek, hatókör, rejtett és csak olvasható mezők, rekordszabályok.',
    en: 'Roles: per entity the actions, scope, hidden and read-only fields, record rules.',
  },
  icon: 'mdi-shield-account-outline',
  component: () => import('./RolesPage.vue'),
  order: 50,
});
