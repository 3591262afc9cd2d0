/** The task inbox's routes; the pages (and form-js with them) load lazily. */
import type { RouteRecordRaw } from 'vue-router';

export const taskRoutes: RouteRecordRaw[] = [
  { path: 'tasks', name: 'tasks', component: () => import('./TaskInboxPage.vue') },
  { path: 'tasks/:id', name: 'task', component: () => import('./TaskPage.vue'), props: true },
];
