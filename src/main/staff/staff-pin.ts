import { join } from 'node:path';
import * as z from 'zod';
import { hashPin, pinMatches } from './pin-hash.js';
import { readPinFile, staffPinFileName, writePinFile, type PinFile } from './pin-file.js';

export const staffPinLengths = { min: 6, max: 8 } as const;

/**
 * A new PIN schema per call. The API's copy gets `.openapi()`, which zod-to-openapi adds to schemas
 * made after it extends zod; a schema made when this module loads can come first (a bundle evaluates
 * shared modules before the API's), so the API makes its own.
 */
export function staffPinField() {
  return z.string({ error: 'pin must be a string of digits' }).regex(new RegExp(`^\\d{${staffPinLengths.min},${staffPinLengths.max}}$`), {
    error: `pin must be ${staffPinLengths.min} to ${staffPinLengths.max} digits`,
  });
}

export const staffPinSchema = staffPinField();

export interface StaffPinStatus {
  pinSet: boolean;
  failedAttempts: number;
  /** Until when every attempt is refused unchecked; null when not locked. */
  lockedUntil: Date | null;
}

export type PinCheck =
  | { outcome: 'accepted' }
  | { outcome: 'wrong'; attemptsBeforeLockout: number; lockedUntil: Date | null }
  | { outcome: 'locked'; lockedUntil: Date }
  | { outcome: 'not_set' };

export interface LockoutPolicy {
  /** Wrong PINs allowed before the first lockout. */
  freeAttempts: number;
  /** The first lockout; each further wrong PIN doubles it, up to maxLockoutMs. */
  baseLockoutMs: number;
  maxLockoutMs: number;
}

export const defaultLockoutPolicy: LockoutPolicy = { freeAttempts: 5, baseLockoutMs: 30_000, maxLockoutMs: 3_600_000 };

export interface StaffPinOptions {
  clock?: () => Date;
  lockout?: LockoutPolicy;
}

/**
 * The staff PIN of one data folder: set once at first start (no default), kept as a scrypt hash,
 * checked with a persisted attempt counter and a lockout that doubles with each wrong PIN. Calls are
 * serialised, so two attempts at once cannot both read the same counter.
 */
export class StaffPin {
  readonly path: string;
  private readonly clock: () => Date;
  private readonly lockout: LockoutPolicy;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string, options: StaffPinOptions = {}) {
    this.path = join(dataDir, staffPinFileName);
    this.clock = options.clock ?? (() => new Date());
    this.lockout = options.lockout ?? defaultLockoutPolicy;
  }

  status(): Promise<StaffPinStatus> {
    return this.serialised(async () => {
      const file = await readPinFile(this.path);
      return { pinSet: file.pin !== null, failedAttempts: file.failedAttempts, lockedUntil: this.activeLock(file) };
    });
  }

  /** Sets or replaces the PIN and clears the attempt counter. The caller decides who may do so. */
  setPin(pin: string): Promise<void> {
    const valid = staffPinSchema.parse(pin);
    return this.serialised(async () => {
      await writePinFile(this.path, { version: 1, pin: await hashPin(valid), failedAttempts: 0, lockedUntil: null });
    });
  }

  /** Sets the PIN only when none is set (first start); false when one already is. */
  setInitialPin(pin: string): Promise<boolean> {
    const valid = staffPinSchema.parse(pin);
    return this.serialised(async () => {
      if ((await readPinFile(this.path)).pin !== null) return false;
      await writePinFile(this.path, { version: 1, pin: await hashPin(valid), failedAttempts: 0, lockedUntil: null });
      return true;
    });
  }

  check(pin: string): Promise<PinCheck> {
    return this.serialised(async (): Promise<PinCheck> => {
      const file = await readPinFile(this.path);
      if (file.pin === null) return { outcome: 'not_set' };
      const lockedUntil = this.activeLock(file);
      if (lockedUntil) return { outcome: 'locked', lockedUntil };
      if (staffPinSchema.safeParse(pin).success && (await pinMatches(pin, file.pin))) {
        if (file.failedAttempts > 0 || file.lockedUntil !== null)
          await writePinFile(this.path, { ...file, failedAttempts: 0, lockedUntil: null });
        return { outcome: 'accepted' };
      }
      const failedAttempts = file.failedAttempts + 1;
      const lockMs = this.lockoutMs(failedAttempts);
      const newLock = lockMs === null ? null : new Date(this.clock().getTime() + lockMs);
      await writePinFile(this.path, { ...file, failedAttempts, lockedUntil: newLock?.toISOString() ?? null });
      return { outcome: 'wrong', attemptsBeforeLockout: Math.max(0, this.lockout.freeAttempts - failedAttempts), lockedUntil: newLock };
    });
  }

  private lockoutMs(failedAttempts: number): number | null {
    const over = failedAttempts - this.lockout.freeAttempts;
    if (over < 0) return null;
    return Math.min(this.lockout.maxLockoutMs, this.lockout.baseLockoutMs * 2 ** Math.min(over, 30));
  }

  private activeLock(file: PinFile): Date | null {
    if (file.lockedUntil === null) return null;
    const until = new Date(file.lockedUntil);
    return until.getTime() > this.clock().getTime() ? until : null;
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
