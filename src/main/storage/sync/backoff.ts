/**
 * Exponential backoff with full jitter (the AWS architecture blog's "Full Jitter"): after the
 * n-th consecutive failure (n ≥ 1) wait a delay drawn uniformly from [0, min(max, base × 2^(n−1))].
 * The jitter spreads out kiosks that lost the same endpoint at the same moment, so they do not all
 * come back in lockstep when it returns.
 */
export interface BackoffSettings {
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export function fullJitterDelayMs(failures: number, settings: BackoffSettings, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  // 2^30 × base is far beyond any sensible max; capping the exponent avoids Infinity.
  const ceilingMs = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.min(failures - 1, 30));
  return Math.floor(random() * ceilingMs);
}
