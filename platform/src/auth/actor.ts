/** Who is acting: a logged-in user, an API token's user, or the system itself. */
export type Actor = {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  departmentId: string | null;
  managerId: string | null;
  locale: 'hu' | 'en';
  /** Holds a role marked `admin`, or is the built-in administrator. */
  admin: boolean;
  /** How the actor authenticated: a browser session, an API token, or internal work. */
  via: 'session' | 'token' | 'system';
  sessionId?: string;
};

export const systemActor: Actor = {
  id: '00000000-0000-7000-8000-000000000000',
  username: 'system',
  displayName: 'System',
  roles: ['admin'],
  departmentId: null,
  managerId: null,
  locale: 'en',
  admin: true,
  via: 'system',
};
