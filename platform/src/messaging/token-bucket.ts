/**
 * A token bucket per channel, per runtime node: a provider's sending limit (`{ sms: { perSecond: 1 } }`) kept by
 * making a send wait for a token. Time comes from the clock and waiting from `sleep`, so a test can drive both.
 */
import type { Clock } from '../clock.ts';

export type RateLimit = { perSecond: number; burst?: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limits: Partial<Record<string, RateLimit>>,
    private readonly clock: Clock,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = defaultSleep,
  ) {
    for (const [k, l] of Object.entries(limits)) {
      if (l && !(l.perSecond > 0)) throw new Error(`Rate limit of ${k}: perSecond must be a positive number`);
    }
  }

  /** Waits until a token is free and takes it; without a limit for `key`, returns at once. */
  async take(key: string, signal?: AbortSignal): Promise<void> {
    const limit = this.limits[key];
    if (!limit) return;
    const burst = Math.max(1, limit.burst ?? limit.perSecond);
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now().getTime();
      const b = this.buckets.get(key) ?? { tokens: burst, at: now };
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
      b.at = now;
      this.buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - b.tokens) / limit.perSecond) * 1000), signal);
    }
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
