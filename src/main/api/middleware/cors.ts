import koaCors from '@koa/cors';
import type { Middleware } from 'koa';
import type { AppState } from '../context.js';
import { staffTokenHeader } from '../staff/guard.js';

/** Every method the API serves (the preflight test reads them from the OpenAPI document). */
const allowedMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const allowedHeaders = ['Content-Type', 'Authorization', 'X-API-Key', staffTokenHeader, 'X-Request-Id'];
const exposedHeaders = ['X-Request-Id', 'Retry-After', 'Location'];

/**
 * CORS only for the configured origins (none by default: no CORS header is ever sent, and there is
 * no middleware: null). A preflight from an allowed origin is answered by @koa/cors (204); a request
 * from any other origin gets no CORS headers, so the browser blocks it.
 */
export function cors(origins: readonly string[]): Middleware<AppState> | null {
  const allowed = new Set(origins.map((origin) => new URL(origin).origin));
  if (allowed.size === 0) return null;
  return koaCors({
    origin: (ctx) => {
      const origin = ctx.get('origin');
      return allowed.has(origin) ? origin : '';
    },
    allowMethods: allowedMethods,
    allowHeaders: allowedHeaders,
    exposeHeaders: exposedHeaders,
    maxAge: 600,
  }) as Middleware<AppState>;
}
