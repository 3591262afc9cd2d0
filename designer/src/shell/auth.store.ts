/** Who is signed in: checks the session once, signs in and out. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { authApi } from '../api/auth.api.ts';
import { ApiError } from '../api/client.ts';
import type { User } from '../api/types.ts';

export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null);
  /** True once the session has been asked about (so the router waits only the first time). */
  const checked = ref(false);

  async function fetchMe(): Promise<User | null> {
    try {
      user.value = (await authApi.me()).user;
    } catch (e) {
      if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) console.warn('auth check failed', e);
      user.value = null;
    } finally {
      checked.value = true;
    }
    return user.value;
  }

  async function login(username: string, password: string): Promise<User> {
    const res = await authApi.login(username, password);
    user.value = res.user;
    checked.value = true;
    return res.user;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      forget();
    }
  }

  /** Drops the user locally (after logout or when the server says the session ended). */
  function forget(): void {
    user.value = null;
  }

  return { user, checked, fetchMe, login, logout, forget };
});
