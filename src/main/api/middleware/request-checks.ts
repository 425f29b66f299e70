import type { Middleware } from 'koa';
import type { AppContext, AppState } from '../context.js';

/**
 * A check a request passes before it reaches a route (Host, cross-site, API key, staff session,
 * rate limit): it returns to let the request on, throws a typed error (mapped by the error handler)
 * to refuse it, and may note what it found on `ctx.state`.
 */
export type RequestCheck = (ctx: AppContext) => void;

/**
 * The checks as one middleware, run in the order given; null entries (a check with nothing to do
 * under this configuration, such as no API key on loopback) are left out. One middleware instead of
 * one per check: each middleware costs every request a dispatch (koa-compose binds the next one and
 * wraps its result in a promise), and a polled GET passes all of them.
 */
export function requestChecks(checks: readonly (RequestCheck | null)[]): Middleware<AppState> {
  const active = checks.filter((check): check is RequestCheck => check !== null);
  return (ctx: AppContext, next) => {
    for (const check of active) check(ctx);
    return next();
  };
}

/** A request header as one string ('' when absent), read on the Node request: what ctx.get gives, without Koa's delegation. */
export function headerOf(ctx: AppContext, lowerCaseName: string): string {
  const value = ctx.req.headers[lowerCaseName];
  return typeof value === 'string' ? value : '';
}
