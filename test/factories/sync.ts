import type { SyncSettings } from '../../src/main/storage/sync/sync-service.js';

/** Sync settings for tests: short intervals and backoff so that outages and retries take milliseconds. */
export function makeSyncSettings(overrides: Partial<SyncSettings> = {}): SyncSettings {
  return {
    intervalMs: 20,
    concurrency: 4,
    batchSize: 16,
    maxAttempts: 3,
    backoffBaseMs: 5,
    backoffMaxMs: 40,
    leaseMs: 60_000,
    requestTimeoutMs: 5_000,
    remoteLookup: false,
    ...overrides,
  };
}
