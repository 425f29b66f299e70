import type { Middleware } from 'koa';
import { PerfitError, type ErrorKind } from '../../errors.js';
import type { ErrorBody } from '../openapi/common.js';
import type { AppContext, AppState } from '../context.js';
import { routeCustomerId } from './request-context.js';

interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

/** The one place a kind of error becomes an HTTP status. */
const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  misdirected: 421,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  insufficient_storage: 507,
};

/**
 * Maps an error to its answer by kind and code, never by message (`../../errors.ts`). Anything
 * else is a 500 with a generic detail (the cause goes to the log with the request id, never to
 * the client).
 */
export function mapError(error: unknown): MappedError | null {
  if (error instanceof PerfitError) {
    const headers = { ...error.headers, ...(error.retryAfterSeconds !== null ? { 'Retry-After': String(error.retryAfterSeconds) } : {}) };
    return { status: statusOfKind[error.kind], body: { detail: error.message, code: error.code }, headers };
  }
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
        ctx.state.log.debug(refusalLogLine(ctx, mapped.body), 'request refused');
      }
      ctx.status = mapped.status;
      ctx.set(mapped.headers);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = mapped.body;
    }
  };
}

/**
 * A refusal's debug line without the customer number its detail may hold ("No avatar for user …",
 * "… may not GET /api/v1/avatar/…/history"): on a customer's route the number is written
 * `{user_id}` and the id goes in `user_id`, which the logger pseudonymises; elsewhere the request's
 * path is written `{path}`, which the access line of the same request id gives without the
 * customer's segment.
 */
function refusalLogLine(ctx: AppContext, body: { code: string; detail: string }): Record<string, unknown> {
  const userId = routeCustomerId(ctx);
  if (userId !== null) return { code: body.code, detail: body.detail.replaceAll(userId, '{user_id}'), user_id: userId };
  return { code: body.code, detail: body.detail.replaceAll(ctx.path, '{path}') };
}
