/** The queries section's routes; every page (and AG Grid with them) loads lazily. */
import type { RouteRecordRaw } from 'vue-router';

export const queryRoutes: RouteRecordRaw[] = [
  { path: 'queries', name: 'queries', component: () => import('./QueriesPage.vue') },
  { path: 'queries/new', name: 'query-new', component: () => import('./QueryDesignerPage.vue') },
  { path: 'queries/run', name: 'query-run-draft', component: () => import('./QueryResultsPage.vue') },
  { path: 'queries/:id/edit', name: 'query-edit', component: () => import('./QueryDesignerPage.vue'), props: true },
  { path: 'queries/:id', name: 'query-run', component: () => import('./QueryResultsPage.vue'), props: true },
];
