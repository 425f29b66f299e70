import { describe, expect, it } from 'vitest';
import { codedErrorClass, PerfitError, perfitErrorClass } from '../../src/main/errors.js';
import { JobExistsError, JobNotFoundError, LeaseLostError } from '../../src/main/jobs/errors.js';

describe('error classes made from a fixed name, kind and code', () => {
  it('carry the name, kind and code they were declared with, and the message they were thrown with', () => {
    class ShelfEmptyError extends perfitErrorClass('ShelfEmptyError', 'conflict', 'shelf_empty') {}
    const error = new ShelfEmptyError('No sizes left', { cause: 'stock' });
    expect(error).toBeInstanceOf(PerfitError);
    expect(error).toBeInstanceOf(Error);
    expect({ name: error.name, kind: error.kind, code: error.code, message: error.message, cause: error.cause }).toEqual({
      name: 'ShelfEmptyError',
      kind: 'conflict',
      code: 'shelf_empty',
      message: 'No sizes left',
      cause: 'stock',
    });
    expect(error.retryAfterSeconds).toBeNull();
    expect(String(error)).toBe('ShelfEmptyError: No sizes left');
  });

  it('keep what a subclass adds and stay apart from each other', () => {
    const notFound = new JobNotFoundError('job-1');
    expect(notFound).toMatchObject({
      name: 'JobNotFoundError',
      kind: 'not_found',
      code: 'job_not_found',
      jobId: 'job-1',
      message: 'No job job-1',
    });
    expect(notFound).not.toBeInstanceOf(JobExistsError);
    expect(new JobExistsError('job-1')).not.toBeInstanceOf(JobNotFoundError);
  });

  it('without a kind are plain errors with a code, outside the error model', () => {
    class DriftError extends codedErrorClass('DriftError', 'clock_drift') {}
    const drift = new DriftError('The clock moved back');
    expect(drift).not.toBeInstanceOf(PerfitError);
    expect({ name: drift.name, code: drift.code, message: drift.message }).toEqual({
      name: 'DriftError',
      code: 'clock_drift',
      message: 'The clock moved back',
    });
    const lost = new LeaseLostError('job-2', 'worker-a', 'expired');
    expect(lost).not.toBeInstanceOf(PerfitError);
    expect(lost).toMatchObject({ name: 'LeaseLostError', code: 'lease_lost', jobId: 'job-2', owner: 'worker-a' });
  });
});
