import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { Metrics } from '../../metrics.js';
import type { AppContext, AppState } from '../context.js';

/** A client's X-Request-Id is kept when it is a plain token of at most 128 characters; otherwise a UUID is made. */
const saneRequestId = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export function requestIdFrom(header: string | undefined): string {
  return header !== undefined && saneRequestId.test(header) ? header : randomUUID();
}

/**
 * Outermost middleware: gives the request its id (echoed in `X-Request-Id`) and a child logger
 * carrying it, then writes one access line and one duration observation when the answer is done.
 * Runs outside the error handler, so it sees the final status of failed requests too.
 */
export function requestContext(log: Logger, metrics: Metrics): Middleware<AppState> {
  return async (ctx: AppContext, next) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(ctx.get('x-request-id') || undefined);
    ctx.state.requestId = requestId;
    ctx.state.log = log.child({ request_id: requestId });
    ctx.set('X-Request-Id', requestId);
    ctx.set('X-Content-Type-Options', 'nosniff');
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The route pattern, not the path: job ids and user ids would make a label per request.
      const route = (ctx as AppContext & { _matchedRoute?: string | RegExp })._matchedRoute;
      const routeLabel = typeof route === 'string' ? route : 'unmatched';
      metrics.httpRequestDurationSeconds.observe({ method: ctx.method, route: routeLabel, status: String(ctx.status) }, seconds);
      const level = ctx.status >= 500 ? 'error' : 'info';
      if (ctx.state.log.isLevelEnabled(level)) {
        ctx.state.log[level](
          { method: ctx.method, path: ctx.path, route: routeLabel, status: ctx.status, duration_ms: Math.round(seconds * 1e6) / 1e3 },
          'request',
        );
      }
    }
  };
}
