import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StaffPinFileError } from '../../../src/main/staff/pin-file.js';
import { StaffPin } from '../../../src/main/staff/staff-pin.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('StaffPin lockout', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let nowMs: number;
  const clock = () => new Date(nowMs);
  const lockout = { freeAttempts: 3, baseLockoutMs: 10_000, maxLockoutMs: 35_000 };

  beforeEach(() => {
    dir = makeTempDir('perfit-staff-pin-');
    nowMs = Date.parse('2026-01-05T09:00:00Z');
  });
  afterEach(() => dir.remove());

  it('doubles the lockout with each wrong PIN after the free attempts, up to the maximum', async () => {
    const pin = new StaffPin(dir.path, { clock, lockout });
    await pin.setPin('13572468');
    const lockSeconds: Array<number | null> = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const result = await pin.check('99999999');
      expect(result.outcome).toBe('wrong');
      const until = result.outcome === 'wrong' ? result.lockedUntil : null;
      lockSeconds.push(until ? (until.getTime() - nowMs) / 1000 : null);
      if (until) nowMs = until.getTime();
    }
    expect(lockSeconds).toEqual([null, null, 10, 20, 35, 35]);
  });

  it('refuses the right PIN while locked, accepts it after, and then clears the counter', async () => {
    const pin = new StaffPin(dir.path, { clock, lockout });
    await pin.setPin('13572468');
    for (let attempt = 0; attempt < 3; attempt += 1) await pin.check('99999999');
    expect(await pin.check('13572468')).toEqual({ outcome: 'locked', lockedUntil: new Date(nowMs + 10_000) });
    nowMs += 10_001;
    expect(await pin.check('13572468')).toEqual({ outcome: 'accepted' });
    expect(await pin.status()).toEqual({ pinSet: true, failedAttempts: 0, lockedUntil: null });
  });

  it('counts attempts made at the same time one by one', async () => {
    const pin = new StaffPin(dir.path, { clock, lockout: { ...lockout, freeAttempts: 100 } });
    await pin.setPin('13572468');
    await Promise.all(Array.from({ length: 8 }, () => pin.check('99999999')));
    expect((await pin.status()).failedAttempts).toBe(8);
  });

  it('sets the first PIN only once', async () => {
    const pin = new StaffPin(dir.path, { clock });
    expect(await pin.setInitialPin('13572468')).toBe(true);
    expect(await pin.setInitialPin('24681357')).toBe(false);
    expect(await pin.check('13572468')).toEqual({ outcome: 'accepted' });
  });

  it('fails closed on a damaged file instead of treating it as no PIN', async () => {
    const pin = new StaffPin(dir.path, { clock });
    writeFileSync(pin.path, '{"version":1,"pin":null,"failedAttempts":-1,"lockedUntil":null}');
    await expect(pin.status()).rejects.toBeInstanceOf(StaffPinFileError);
    await expect(pin.setInitialPin('13572468')).rejects.toMatchObject({ code: 'staff_pin_file_invalid' });
  });
});
