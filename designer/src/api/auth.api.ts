import { http } from './client.ts';
import type { User } from './types.ts';

export const authApi = {
  login: (username: string, password: string) => http.post<{ user: User }>('/api/auth/login', { username, password }),
  logout: () => http.post<unknown>('/api/auth/logout'),
  me: () => http.get<{ user: User }>('/api/auth/me'),
};
