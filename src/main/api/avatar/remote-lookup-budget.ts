import type { RemoteAvatarSource } from '../../avatars/newest-avatar.js';
import { codedErrorClass } from '../../errors.js';
import { TokenBuckets, type TokenBucketSettings } from '../middleware/token-buckets.js';

/** The central store was not asked: this kiosk asked it too often in the last minute. */
export class RemoteLookupThrottledError extends codedErrorClass('RemoteLookupThrottledError', 'remote_lookup_throttled') {}

export interface RemoteLookupBudgetOptions {
  /** Lookups that reach the bucket, for all clients together; a null rate sets no budget. */
  rate: { ratePerMinute: TokenBucketSettings['ratePerMinute'] | null; burst: TokenBucketSettings['burst'] };
  /** How long a customer the bucket has no avatar for is answered as such without asking again. */
  absentForMs?: number;
  /** Most customers remembered as absent; the longest remembered are forgotten first. */
  maxAbsent?: number;
  clock?: () => number;
}

type RemoteAnswer = Awaited<ReturnType<RemoteAvatarSource['latestForUser']>>;

/**
 * Bounds what a GET of an unknown customer costs the central bucket (sync.remoteLookup): every such
 * request would otherwise list the customer's prefix and read their erasure tombstone, so a client
 * looping over made-up customer numbers, or a POS polling a customer whose scan is not done yet,
 * turned each request into bucket calls. A customer the bucket has no avatar for is remembered as
 * absent for a while; lookups of one customer that overlap share one; and the lookups that reach the
 * bucket draw on one budget. Beyond it the lookup throws, and the route answers as when the bucket
 * cannot be reached (not found, saying why). Avatars found are not remembered: an erasure elsewhere
 * must hold at the next request.
 */
export class RemoteLookupBudget implements RemoteAvatarSource {
  private readonly buckets: TokenBuckets | null;
  private readonly absentUntil = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<RemoteAnswer>>();
  private readonly absentForMs: number;
  private readonly maxAbsent: number;
  private readonly clock: () => number;

  constructor(
    private readonly source: RemoteAvatarSource,
    options: RemoteLookupBudgetOptions,
  ) {
    const { ratePerMinute, burst } = options.rate;
    this.buckets = ratePerMinute === null ? null : new TokenBuckets({ ratePerMinute, burst, maxKeys: 1 });
    this.absentForMs = options.absentForMs ?? 30_000;
    this.maxAbsent = options.maxAbsent ?? 10_000;
    this.clock = options.clock ?? Date.now;
  }

  latestForUser(userId: string): Promise<RemoteAnswer> {
    const now = this.clock();
    const until = this.absentUntil.get(userId);
    if (until !== undefined) {
      if (until > now) return Promise.resolve(null);
      this.absentUntil.delete(userId);
    }
    const running = this.inFlight.get(userId);
    if (running) return running;
    const take = this.buckets?.take('bucket', now) ?? { allowed: true };
    if (!take.allowed) {
      const seconds = Math.max(1, Math.ceil(take.retryAfterMs / 1000));
      return Promise.reject(
        new RemoteLookupThrottledError(`this kiosk asked the central store too often; it is asked again in ${seconds} s`),
      );
    }
    const lookup = this.source
      .latestForUser(userId)
      .then((answer) => {
        if (answer === null) this.rememberAbsent(userId);
        return answer;
      })
      .finally(() => this.inFlight.delete(userId));
    this.inFlight.set(userId, lookup);
    return lookup;
  }

  private rememberAbsent(userId: string): void {
    this.absentUntil.delete(userId);
    this.absentUntil.set(userId, this.clock() + this.absentForMs);
    for (const key of this.absentUntil.keys()) {
      if (this.absentUntil.size <= this.maxAbsent) return;
      this.absentUntil.delete(key);
    }
  }
}
