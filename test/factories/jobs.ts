import type { EnqueueInput, JobQueueOptions } from '../../src/main/jobs/types.js';

/** Factories for job inputs and queue settings: valid by default, any field overridable. */

let sequence = 0;

export function makeEnqueueInput(overrides: Partial<EnqueueInput> = {}): EnqueueInput {
  sequence += 1;
  return {
    userId: `customer-${sequence}`,
    gender: 'neutral',
    inputImagePath: `/data/uploads/photo-${sequence}/source.jpg`,
    heightCm: 172,
    consent: true,
    ...overrides,
  };
}

/** A controllable clock in epoch ms for the queue's `now` option. */
export function makeClock(startMs = Date.parse('2025-03-01T09:00:00.000Z')): { now: () => number; advance: (ms: number) => void } {
  let current = startMs;
  return { now: () => current, advance: (ms) => (current += ms) };
}

export function makeQueueOptions(overrides: Partial<JobQueueOptions> = {}): JobQueueOptions {
  return { maxPending: 100, maxAttempts: 3, leaseMs: 60_000, retryAfterSeconds: 10, ...overrides };
}
