export interface TokenBucketSettings {
  /** Tokens added per minute. */
  ratePerMinute: number;
  /** Most tokens a bucket holds: the requests a client may send at once. */
  burst: number;
  /** Most clients remembered; beyond it the least recently seen are forgotten (they start full again). */
  maxKeys?: number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** One token bucket per key, in memory, refilled lazily when the key is next seen. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly tokensPerMs: number;
  private readonly maxKeys: number;

  constructor(private readonly settings: TokenBucketSettings) {
    this.tokensPerMs = settings.ratePerMinute / 60_000;
    this.maxKeys = settings.maxKeys ?? 10_000;
  }

  /** Takes one token for `key` at `nowMs`, or says how long until one is there. */
  take(key: string, nowMs: number): TakeResult {
    const bucket = this.refilled(key, nowMs);
    // Re-inserted on every use, so the Map's order is least recently seen first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.forgetBeyondLimit();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.tokensPerMs) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, nowMs: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.settings.burst, updatedMs: nowMs };
    // A clock that steps back adds nothing rather than taking tokens away.
    const elapsedMs = Math.max(0, nowMs - bucket.updatedMs);
    return {
      tokens: Math.min(this.settings.burst, bucket.tokens + elapsedMs * this.tokensPerMs),
      updatedMs: Math.max(nowMs, bucket.updatedMs),
    };
  }

  private forgetBeyondLimit(): void {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) return;
      this.buckets.delete(key);
    }
  }
}
