import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock.ts';
import { TokenBuckets } from './token-bucket.ts';

describe('token buckets per channel', () => {
  it('lets a burst through, then makes each send wait for its token; other channels are not limited', async () => {
    // given: 2 per second, burst 2; sleeping moves the clock
    const clock = manualClock('2026-03-18T10:00:00Z');
    const slept: number[] = [];
    const buckets = new TokenBuckets({ sms: { perSecond: 2 } }, clock, async (ms) => {
      slept.push(ms);
      clock.advance(ms);
    });
    // when
    for (let i = 0; i < 5; i++) await buckets.take('sms');
    await buckets.take('email');
    // then: two at once, then one every 500 ms
    expect(slept).toEqual([500, 500, 500]);
  });

  it('refuses a limit that is not positive at construction', () => {
    expect(() => new TokenBuckets({ sms: { perSecond: 0 } }, manualClock('2026-03-18T10:00:00Z'))).toThrow(/perSecond/);
  });
});
