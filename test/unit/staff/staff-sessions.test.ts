import { describe, expect, it } from 'vitest';
import { StaffSessions } from '../../../src/main/staff/staff-sessions.js';

describe('StaffSessions', () => {
  it('ends a session after the TTL without use, and each use slides the expiry', () => {
    let nowMs = 1_000_000;
    const sessions = new StaffSessions({ ttlMs: 60_000, clock: () => new Date(nowMs) });
    const { token, expiresAt } = sessions.issue();
    expect(expiresAt.getTime()).toBe(1_060_000);
    nowMs += 59_000;
    expect(sessions.touch(token)?.getTime()).toBe(1_119_000);
    nowMs += 59_000;
    expect(sessions.touch(token)).not.toBeNull();
    nowMs += 60_000;
    expect(sessions.touch(token)).toBeNull();
    expect(sessions.touch(token)).toBeNull();
  });

  it('issues distinct random tokens and forgets revoked ones', () => {
    const sessions = new StaffSessions();
    const first = sessions.issue();
    const second = sessions.issue();
    expect(first.token).not.toBe(second.token);
    sessions.revoke(first.token);
    expect(sessions.touch(first.token)).toBeNull();
    expect(sessions.touch(second.token)).not.toBeNull();
    sessions.revokeAll();
    expect(sessions.touch(second.token)).toBeNull();
  });
});
