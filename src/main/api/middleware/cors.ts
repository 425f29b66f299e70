import type { Middleware } from 'koa';
import type { AppContext, AppState } from '../context.js';
import { staffTokenHeader } from '../staff/guard.js';

/** Every method the API serves (the preflight test reads them from the OpenAPI document). */
const allowedMethods = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const allowedHeaders = `Content-Type, Authorization, X-API-Key, ${staffTokenHeader}, X-Request-Id`;
const exposedHeaders = 'X-Request-Id, Retry-After, Location';

/**
 * CORS only for the configured origins (none by default: no CORS header is ever sent). A preflight
 * from an allowed origin is answered here (204); one from any other origin gets no CORS headers, so
 * the browser blocks the real request.
 */
export function cors(origins: readonly string[]): Middleware<AppState> {
  const allowed = new Set(origins.map((origin) => new URL(origin).origin));
  if (allowed.size === 0) return (_ctx, next) => next();
  return async (ctx: AppContext, next) => {
    const origin = ctx.get('origin');
    ctx.vary('Origin');
    if (!origin || !allowed.has(origin)) return next();
    ctx.set('Access-Control-Allow-Origin', origin);
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      ctx.set('Access-Control-Allow-Methods', allowedMethods);
      ctx.set('Access-Control-Allow-Headers', allowedHeaders);
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    ctx.set('Access-Control-Expose-Headers', exposedHeaders);
    await next();
  };
}
