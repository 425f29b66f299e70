import { describe, expect, it } from 'vitest';
import { NotFoundError, PayloadTooLargeError, UnauthorizedError, ValidationError } from '../../../src/main/api/errors.js';
import { mapError } from '../../../src/main/api/middleware/error-handler.js';
import { ImageRejectedError } from '../../../src/main/images/errors.js';
import { errorKinds, PerfitError, type ErrorKind } from '../../../src/main/errors.js';
import { JobNotFoundError, LeaseLostError, QueueFullError } from '../../../src/main/jobs/errors.js';
import { FaceCheckUnavailableError } from '../../../src/main/scans/errors.js';
import { DiskFullError } from '../../../src/main/storage/disk-space.js';

describe('mapError maps typed errors by type and code, never by message', () => {
  it('maps our HTTP errors to their status, code and headers', () => {
    expect(mapError(new ValidationError('bad', 'no_face'))).toEqual({ status: 400, body: { detail: 'bad', code: 'no_face' }, headers: {} });
    expect(mapError(new NotFoundError('gone'))).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(mapError(new PayloadTooLargeError('big'))).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    expect(mapError(new UnauthorizedError('key'))).toMatchObject({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="perfit"' } });
  });

  it('maps errors of the other layers', () => {
    expect(mapError(new ImageRejectedError('unsupported_format', 'Unsupported image format: GIF'))).toMatchObject({
      status: 400,
      body: { code: 'unsupported_format' },
    });
    expect(mapError(new QueueFullError(100, 100, 12))).toMatchObject({
      status: 429,
      body: { code: 'queue_full' },
      headers: { 'Retry-After': '12' },
    });
    expect(mapError(new JobNotFoundError('x'))).toMatchObject({ status: 404, body: { code: 'job_not_found' } });
  });

  it('answers every kind of the error model with its own status, Retry-After where a retry may succeed', () => {
    class KindError extends PerfitError {
      readonly code = 'some_code';
      constructor(readonly kind: ErrorKind) {
        super(`a ${kind} error`);
      }
    }
    const statuses = errorKinds.map((kind) => mapError(new KindError(kind))!.status);
    expect(statuses).toEqual([400, 401, 403, 404, 405, 409, 413, 415, 421, 422, 429, 503, 507]);
    expect(mapError(new FaceCheckUnavailableError('face_check_busy', 'busy'))).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '5' },
    });
    expect(mapError(new DiskFullError('full'))).toMatchObject({ status: 507, body: { code: 'disk_full' }, headers: {} });
  });

  it('leaves a broken invariant of the queue to the 500 path', () => {
    expect(mapError(new LeaseLostError('job', 'worker-1', 'expired'))).toBeNull();
  });

  it('leaves anything else to the 500 path (generic detail, cause only in the log)', () => {
    expect(mapError(new Error('Not found'))).toBeNull();
    expect(mapError(Object.assign(new Error('secret'), { status: 500, expose: false }))).toBeNull();
    expect(mapError('a string')).toBeNull();
  });
});
