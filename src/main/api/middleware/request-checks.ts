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

/**
 * A request header's value as one string ('' when absent): what ctx.get gives. Callers read the
 * header themselves with a constant name (`ctx.req.headers['sec-fetch-site']`): a property load with
 * a fixed name stays cheap, one site loading many names (ctx.get, Koa's delegates) goes megamorphic.
 */
export function headerText(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : '';
}
