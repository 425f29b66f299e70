import { createHash, randomBytes } from 'node:crypto';

/** How long a staff session lasts after its last use, unless the caller sets another. */
export const defaultStaffSessionTtlMs = 15 * 60_000;
/** Sessions held at once; the least recently used goes first (one kiosk has one staff screen). */
const maxSessions = 16;

export interface StaffSession {
  token: string;
  expiresAt: Date;
}

export interface StaffSessionsOptions {
  ttlMs?: number;
  clock?: () => Date;
}

/**
 * Staff sessions held in memory only: a restart signs every member of staff out, and no token is
 * ever written to disk. Each use slides the expiry. Tokens are kept as SHA-256 digests, so the
 * lookup compares digests rather than the secret itself.
 */
export class StaffSessions {
  private readonly ttlMs: number;
  private readonly clock: () => Date;
  /** Token digest → expiry (ms since epoch); Map order is least recently used first. */
  private readonly expiries = new Map<string, number>();

  constructor(options: StaffSessionsOptions = {}) {
    this.ttlMs = options.ttlMs ?? defaultStaffSessionTtlMs;
    this.clock = options.clock ?? (() => new Date());
  }

  get sessionTtlMs(): number {
    return this.ttlMs;
  }

  issue(): StaffSession {
    const token = randomBytes(32).toString('base64url');
    const expiresAtMs = this.clock().getTime() + this.ttlMs;
    this.expiries.set(digest(token), expiresAtMs);
    while (this.expiries.size > maxSessions) this.expiries.delete(this.expiries.keys().next().value!);
    return { token, expiresAt: new Date(expiresAtMs) };
  }

  /** The session's new expiry when the token is live (and slides it); null when unknown or expired. */
  touch(token: string): Date | null {
    const key = digest(token);
    const expiresAtMs = this.expiries.get(key);
    const nowMs = this.clock().getTime();
    this.expiries.delete(key);
    if (expiresAtMs === undefined || expiresAtMs <= nowMs) return null;
    const slidMs = nowMs + this.ttlMs;
    this.expiries.set(key, slidMs);
    return new Date(slidMs);
  }

  revoke(token: string): void {
    this.expiries.delete(digest(token));
  }

  revokeAll(): void {
    this.expiries.clear();
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
