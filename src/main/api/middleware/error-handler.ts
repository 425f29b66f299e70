import type { Middleware } from 'koa';
import { ImageRejectedError } from '../../images/errors.js';
import { JobNotFoundError, QueueFullError } from '../../jobs/errors.js';
import { FaceCheckUnavailableError, NoFaceError } from '../../scans/errors.js';
import { ConsentRequiredError } from '../../scans/submit-scan.js';
import { DiskFullError } from '../../storage/disk-space.js';
import type { ErrorBody } from '../openapi/common.js';
import type { AppContext, AppState } from '../context.js';
import { HttpError } from '../errors.js';
import { AvatarNotFoundError } from '../../avatars/errors.js';

interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

/**
 * Maps an error to its answer by type, never by message: our HttpErrors carry status and code;
 * errors of other layers with a stable code are mapped here. Anything else is a 500 with a
 * generic detail (the cause goes to the log with the request id, never to the client).
 */
export function mapError(error: unknown): MappedError | null {
  if (error instanceof HttpError) return { status: error.status, body: { detail: error.message, code: error.code }, headers: error.headers };
  if (error instanceof ConsentRequiredError) return { status: 400, body: { detail: error.message, code: error.code }, headers: {} };
  if (error instanceof ImageRejectedError) return { status: 400, body: { detail: error.message, code: error.code }, headers: {} };
  if (error instanceof NoFaceError) return { status: 400, body: { detail: error.message, code: error.code }, headers: {} };
  if (error instanceof FaceCheckUnavailableError) {
    return { status: 503, body: { detail: error.message, code: error.code }, headers: { 'Retry-After': String(error.retryAfterSeconds) } };
  }
  if (error instanceof QueueFullError) {
    return { status: 429, body: { detail: error.message, code: error.code }, headers: { 'Retry-After': String(error.retryAfterSeconds) } };
  }
  if (error instanceof DiskFullError) return { status: 507, body: { detail: error.message, code: error.code }, headers: {} };
  if (error instanceof AvatarNotFoundError) return { status: 404, body: { detail: error.message, code: error.code }, headers: {} };
  if (error instanceof JobNotFoundError) return { status: 404, body: { detail: error.message, code: error.code }, headers: {} };
  // Koa's own client errors (ctx.throw(4xx) in a dependency), with their exposed message.
  const koaError = error as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof koaError.status === 'number' && koaError.status >= 400 && koaError.status < 500 && koaError.expose === true) {
    return { status: koaError.status, body: { detail: String(koaError.message), code: `http_${koaError.status}` }, headers: {} };
  }
  return null;
}

export function errorHandler(): Middleware<AppState> {
  return async (ctx: AppContext, next) => {
    try {
      await next();
    } catch (error) {
      let mapped = mapError(error);
      if (!mapped) {
        ctx.state.log.error({ err: error }, 'unhandled error while answering a request');
        mapped = {
          status: 500,
          body: { detail: `Internal server error (request id ${ctx.state.requestId})`, code: 'internal_error' },
          headers: {},
        };
      } else if (mapped.status >= 500) {
        ctx.state.log.warn({ err: error, code: mapped.body.code }, 'request failed');
      } else {
        ctx.state.log.debug({ code: mapped.body.code, detail: mapped.body.detail }, 'request refused');
      }
      ctx.status = mapped.status;
      ctx.set(mapped.headers);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = mapped.body;
    }
  };
}
