import { describe, expect, it } from 'vitest';
import { NotFoundError, PayloadTooLargeError, UnauthorizedError, ValidationError } from '../../../src/main/api/errors.js';
import { mapError } from '../../../src/main/api/middleware/error-handler.js';
import { ImageRejectedError } from '../../../src/main/images/errors.js';
import { JobNotFoundError, QueueFullError } from '../../../src/main/jobs/errors.js';

describe('mapError maps typed errors by type and code, never by message', () => {
  it('maps our HTTP errors to their status, code and headers', () => {
    expect(mapError(new ValidationError('bad', 'no_face'))).toEqual({ status: 400, body: { detail: 'bad', code: 'no_face' }, headers: {} });
    expect(mapError(new NotFoundError('gone'))).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(mapError(new PayloadTooLargeError('big'))).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    expect(mapError(new UnauthorizedError('key'))).toMatchObject({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="perfit"' } });
  });

  it('maps errors of the other layers', () => {
    expect(mapError(new ImageRejectedError('unsupported_format', 'Unsupported image format: GIF'))).toMatchObject({ status: 400, body: { code: 'unsupported_format' } });
    expect(mapError(new QueueFullError(100, 100, 12))).toMatchObject({ status: 429, body: { code: 'queue_full' }, headers: { 'Retry-After': '12' } });
    expect(mapError(new JobNotFoundError('x'))).toMatchObject({ status: 404, body: { code: 'job_not_found' } });
  });

  it('leaves anything else to the 500 path (generic detail, cause only in the log)', () => {
    expect(mapError(new Error('Not found'))).toBeNull();
    expect(mapError(Object.assign(new Error('secret'), { status: 500, expose: false }))).toBeNull();
    expect(mapError('a string')).toBeNull();
  });
});
