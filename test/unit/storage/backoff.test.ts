import { describe, expect, it } from 'vitest';
import { fullJitterDelayMs } from '../../../src/main/storage/sync/backoff.js';

const settings = { backoffBaseMs: 100, backoffMaxMs: 5_000 };

describe('exponential backoff with full jitter', () => {
  it('draws from [0, base × 2^(n−1)): the ceiling doubles with each failure', () => {
    const almostOne = () => 0.999_999;
    expect([1, 2, 3, 4, 5].map((n) => fullJitterDelayMs(n, settings, almostOne))).toEqual([99, 199, 399, 799, 1599]);
    expect(fullJitterDelayMs(3, settings, () => 0)).toBe(0);
    expect(fullJitterDelayMs(3, settings, () => 0.5)).toBe(200);
  });

  it('never exceeds the maximum, even after very many failures', () => {
    expect(fullJitterDelayMs(7, settings, () => 0.999_999)).toBe(4999);
    expect(fullJitterDelayMs(10_000, settings, () => 0.999_999)).toBe(4999);
  });

  it('waits nothing before the first failure', () => {
    expect(fullJitterDelayMs(0, settings, () => 0.7)).toBe(0);
  });

  it('spreads delays uniformly over the whole range', () => {
    // A seeded generator (mulberry32) keeps the test deterministic.
    let seed = 42;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const delays = Array.from({ length: 2000 }, () => fullJitterDelayMs(4, settings, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(800);
    // Uniform on [0, 800): the mean is near 400 and both halves are used.
    const mean = delays.reduce((sum, value) => sum + value, 0) / delays.length;
    expect(mean).toBeGreaterThan(340);
    expect(mean).toBeLessThan(460);
    expect(delays.filter((value) => value < 400).length).toBeGreaterThan(800);
  });
});
