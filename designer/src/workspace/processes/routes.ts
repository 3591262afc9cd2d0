/** Starting processes and following the ones I started; the pages (and bpmn-js with them) load lazily. */
import type { RouteRecordRaw } from 'vue-router';

export const processRoutes: RouteRecordRaw[] = [
  { path: 'processes', name: 'processes-start', component: () => import('./StartProcessPage.vue') },
  { path: 'processes/mine', name: 'processes-mine', component: () => import('./MyProcessesPage.vue') },
  {
    path: 'processes/instances/:id',
    name: 'process-instance',
    component: () => import('./ProcessInstancePage.vue'),
    props: true,
  },
];
