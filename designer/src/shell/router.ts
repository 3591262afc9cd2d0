/**
 * Client-side history routing: `/login`, `/e/<entity>` (list), `/e/<entity>/<id>` and `/e/<entity>/new` (record),
 * and the Studio for administrators: `/studio`, `/studio/<designer>/<name>` (each designer is registered with
 * `defineDesigner`, so adding one adds no route). Every route but the login page needs a session and the
 * published metadata; the Studio and its designers load lazily.
 */
import { createRouter, createWebHistory } from 'vue-router';
import AppShell from './AppShell.vue';
import { useAuthStore } from './auth.store.ts';
import { useMetaStore } from './meta.store.ts';
import { queryRoutes } from '../workspace/queries/routes.ts';
import { messagingRoutes } from '../workspace/messaging/routes.ts';
import { processRoutes } from '../workspace/processes/routes.ts';
import { taskRoutes } from '../workspace/tasks/routes.ts';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    /** Only administrators may open it. */
    admin?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./LoginPage.vue'), meta: { public: true } },
    {
      path: '/',
      component: AppShell,
      children: [
        { path: '', name: 'home', component: () => import('./HomePage.vue') },
        {
          path: 'e/:entity',
          name: 'list',
          component: () => import('../workspace/list/EntityListPage.vue'),
          props: true,
        },
        {
          path: 'e/:entity/:id',
          name: 'record',
          component: () => import('../workspace/record/RecordPage.vue'),
          props: true,
        },
        {
          path: 'studio',
          component: () => import('../studio/StudioLayout.vue'),
          meta: { admin: true },
          children: [
            { path: '', name: 'studio', component: () => import('../studio/StudioHome.vue') },
            {
              path: ':designer/:name?',
              name: 'studio-designer',
              component: () => import('../studio/DesignerView.vue'),
              props: true,
            },
          ],
        },
        ...queryRoutes,
        ...messagingRoutes,
        ...taskRoutes,
        ...processRoutes,
        { path: ':rest(.*)*', name: 'not-found', component: () => import('./NotFoundPage.vue') },
      ],
    },
  ],
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  if (!auth.checked) await auth.fetchMe();
  if (to.meta.public) return auth.user && to.name === 'login' ? { name: 'home' } : true;
  if (!auth.user) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (to.matched.some((r) => r.meta.admin) && !auth.user.admin) return { name: 'home' };
  const meta = useMetaStore();
  try {
    await meta.load();
  } catch (e) {
    // the shell shows the failure and offers a retry; routing goes on
    console.warn('metadata failed to load', e);
  }
  return true;
});
