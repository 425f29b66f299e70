import { createHash } from 'node:crypto';

/** The part of AnswerCache a route uses. */
export interface AnswerSource {
  get(key: string, compute: () => Promise<unknown> | unknown): Promise<CachedAnswer>;
}

/** A JSON answer ready to send, with its strong ETag. */
export interface CachedAnswer {
  bytes: Buffer;
  etag: string;
}

interface Entry {
  answer: CachedAnswer;
  token: string;
  expiresAtMs: number;
}

export interface AnswerCacheOptions {
  /** The database's change token (DatabaseChangeCounter.token): an entry is good while it is unchanged. */
  changeToken: () => string;
  /** Longest life of an entry even without a change (presigned URLs in answers expire). */
  maxAgeMs: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Answers of hot read endpoints (polling clients ask for the same job many times a second),
 * serialised once and served again while nothing in the database has changed. Any commit clears
 * the validity of every entry at once, so an answer is never older than the data it shows; a
 * size bound and a maximum age keep memory and signed URLs in check. Hand-written: the caches on
 * npm key by time or size, not by a database change token.
 *
 * The change token is read once per turn of the event loop, in its check phase (setImmediate),
 * for every request that asked during that turn: reading it is a SQLite read transaction (two
 * fcntl lock calls on the WAL index), the largest single cost of a cached poll, and a busy poll
 * turn serves dozens of requests. Fresh all the same: every request that waits for the token was
 * received before it is read, so any commit its client could know of (one that finished before
 * the client sent the request) is in it. Reading it at the first request of a turn instead would
 * miss a commit made while the turn was reading later requests (test/unit/api/answer-cache.test.ts).
 */
export class AnswerCache implements AnswerSource {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** The token of the current turn, read once its requests have been received; null between turns. */
  private tokenOfTurn: Promise<string> | null = null;

  constructor(private readonly options: AnswerCacheOptions) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** The cached answer for `key`, or the one `compute` builds now (a thrown error is not cached). */
  async get(key: string, compute: () => Promise<unknown> | unknown): Promise<CachedAnswer> {
    const token = await this.turnToken();
    const nowMs = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.token === token && hit.expiresAtMs > nowMs) return hit.answer;
    // The token read before computing: a change made meanwhile makes the next request recompute.
    const answer = serialise(await compute());
    this.entries.delete(key);
    this.entries.set(key, { answer, token, expiresAtMs: nowMs + this.options.maxAgeMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return answer;
  }

  private turnToken(): Promise<string> {
    return (this.tokenOfTurn ??= new Promise((resolve, reject) => {
      setImmediate(() => {
        this.tokenOfTurn = null;
        try {
          resolve(this.options.changeToken());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    }));
  }
}

/** For an app built without a database change token (tests of other things): every request computes. */
export const uncachedAnswers: AnswerSource = {
  async get(_key, compute) {
    return serialise(await compute());
  },
};

function serialise(body: unknown): CachedAnswer {
  const bytes = Buffer.from(JSON.stringify(body));
  return { bytes, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
}
