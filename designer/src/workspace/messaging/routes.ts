/** The messaging section's routes; every page (and Quill with the editors) loads lazily. */
import type { RouteRecordRaw } from 'vue-router';

export const messagingRoutes: RouteRecordRaw[] = [
  { path: 'campaigns', name: 'campaigns', component: () => import('./campaigns/CampaignsPage.vue') },
  { path: 'campaigns/new', name: 'campaign-new', component: () => import('./campaigns/CampaignEditorPage.vue') },
  {
    path: 'campaigns/:id/edit',
    name: 'campaign-edit',
    component: () => import('./campaigns/CampaignEditorPage.vue'),
    props: true,
  },
  {
    path: 'campaigns/:id',
    name: 'campaign',
    component: () => import('./campaigns/CampaignDetailPage.vue'),
    props: true,
  },
  { path: 'outbox', name: 'outbox', component: () => import('./outbox/OutboxPage.vue') },
  { path: 'message-templates', name: 'message-templates', component: () => import('./TemplatesPage.vue') },
  { path: 'suppressions', name: 'suppressions', component: () => import('./SuppressionsPage.vue') },
];
