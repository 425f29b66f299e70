import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/main/config.js';
import { TokenBuckets } from '../../../src/main/api/middleware/token-buckets.js';

describe('token buckets', () => {
  it('allows a burst at once, then one request per refill interval', () => {
    const buckets = new TokenBuckets({ ratePerMinute: 60, burst: 3 });
    expect([0, 0, 0].map((nowMs) => buckets.take('a', nowMs).allowed)).toEqual([true, true, true]);
    expect(buckets.take('a', 0)).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(buckets.take('a', 400)).toEqual({ allowed: false, retryAfterMs: 600 });
    expect(buckets.take('a', 1000).allowed).toBe(true);
    expect(buckets.take('a', 1000).allowed).toBe(false);
  });

  it('refills no further than the burst', () => {
    const buckets = new TokenBuckets({ ratePerMinute: 60, burst: 2 });
    buckets.take('a', 0);
    const later = [3_600_000, 3_600_000, 3_600_000].map((nowMs) => buckets.take('a', nowMs).allowed);
    expect(later).toEqual([true, true, false]);
  });

  it('keeps keys apart', () => {
    const buckets = new TokenBuckets({ ratePerMinute: 1, burst: 1 });
    expect(buckets.take('a', 0).allowed).toBe(true);
    expect(buckets.take('a', 0).allowed).toBe(false);
    expect(buckets.take('b', 0).allowed).toBe(true);
  });

  it('adds nothing when the clock steps back', () => {
    const buckets = new TokenBuckets({ ratePerMinute: 60, burst: 1 });
    buckets.take('a', 10_000);
    expect(buckets.take('a', 5_000).allowed).toBe(false);
    expect(buckets.take('a', 11_000).allowed).toBe(true);
  });

  it('forgets the least recently seen clients beyond maxKeys, so memory stays bounded', () => {
    const buckets = new TokenBuckets({ ratePerMinute: 1, burst: 1, maxKeys: 2 });
    buckets.take('a', 0);
    buckets.take('b', 0);
    buckets.take('a', 0);
    buckets.take('c', 0);
    expect(buckets.size).toBe(2);
    // 'b' was forgotten and starts full; 'a' was kept and is still empty.
    expect(buckets.take('a', 0).allowed).toBe(false);
    expect(buckets.take('b', 0).allowed).toBe(true);
  });
});

describe('default rate limits', () => {
  const { rateLimits } = configSchema.parse({ dataDir: '/nonexistent/perfit', modelsDir: '/nonexistent/perfit/models' });

  it('never throttle the kiosk UI checking one frame at a time with a 400 ms pause', () => {
    // The fastest the UI can go: an instant answer, then its 400 ms pause, for ten minutes.
    const settings = rateLimits.captureCheck;
    expect(settings.ratePerMinute).not.toBeNull();
    const buckets = new TokenBuckets({ ratePerMinute: settings.ratePerMinute ?? 0, burst: settings.burst });
    const refused = Array.from({ length: 1500 }, (_, index) => buckets.take('kiosk', index * 400)).filter((result) => !result.allowed);
    expect(refused).toEqual([]);
  });

  it('let a kiosk scan a customer every 10 s for an hour', () => {
    const settings = rateLimits.createAvatar;
    const buckets = new TokenBuckets({ ratePerMinute: settings.ratePerMinute ?? 0, burst: settings.burst });
    const refused = Array.from({ length: 360 }, (_, index) => buckets.take('kiosk', index * 10_000)).filter((result) => !result.allowed);
    expect(refused).toEqual([]);
  });

  it('do limit a flood on both routes', () => {
    for (const settings of [rateLimits.createAvatar, rateLimits.captureCheck]) {
      const buckets = new TokenBuckets({ ratePerMinute: settings.ratePerMinute ?? 0, burst: settings.burst });
      const allowed = Array.from({ length: 1000 }, () => buckets.take('flood', 0)).filter((result) => result.allowed);
      expect(allowed).toHaveLength(settings.burst);
    }
  });
});
