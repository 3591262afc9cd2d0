/** Boots the workspace SPA: i18n, Pinia, Vuetify, the router, and the API client's locale and 401 handling. */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { configureApi } from './api/client.ts';
import App from './App.vue';
import { currentLocale, i18n } from './i18n/index.ts';
import { router } from './shell/router.ts';
import { useAuthStore } from './shell/auth.store.ts';
import { vuetify } from './shell/vuetify.ts';
import './shell/global.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia).use(i18n).use(vuetify);

configureApi({
  locale: () => currentLocale.value,
  onUnauthorized: () => {
    const auth = useAuthStore(pinia);
    if (!auth.user) return;
    auth.forget();
    const here = router.currentRoute.value;
    if (here.name !== 'login') void router.push({ name: 'login', query: { redirect: here.fullPath, expired: '1' } });
  },
});

app.use(router);
app.mount('#app');
