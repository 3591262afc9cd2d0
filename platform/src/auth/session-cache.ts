/**
 * A short-lived, per-process cache of resolved sessions, so a request does not cost a database round trip just
 * to learn who is asking. Entries live `ttlMs` (2 s by default). Logout, a password change or disabling a user
 * evicts that user's entries on this node at once; other runtime nodes notice within `ttlMs`.
 */
import type { User } from './users.ts';

type Entry = { user: User; sessionId: string; cachedAt: number };

export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  /** Users evicted recently: not cached again until this time, so a read racing the change's commit cannot
   * put the old state back. */
  private readonly blocked = new Map<string, number>();

  constructor(
    private readonly ttlMs = 2000,
    private readonly maxEntries = 10_000,
  ) {}

  get(token: string, now = Date.now()): Entry | null {
    const e = this.entries.get(token);
    if (!e) return null;
    if (now - e.cachedAt > this.ttlMs) {
      this.entries.delete(token);
      return null;
    }
    return e;
  }

  set(token: string, user: User, sessionId: string, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    const until = this.blocked.get(user.id);
    if (until !== undefined) {
      if (now < until) return;
      this.blocked.delete(user.id);
    }
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { user, sessionId, cachedAt: now });
  }

  evictSession(sessionId: string): void {
    for (const [k, e] of this.entries) if (e.sessionId === sessionId) this.entries.delete(k);
  }

  evictUser(userId: string, now = Date.now()): void {
    for (const [k, e] of this.entries) if (e.user.id === userId) this.entries.delete(k);
    this.blocked.set(userId, now + this.ttlMs);
  }
}
