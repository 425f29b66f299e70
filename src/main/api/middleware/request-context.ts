import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { pino, type Logger } from 'pino';
import type { Metrics } from '../../metrics.js';
import type { AppContext, AppState } from '../context.js';
import type { BodyBudget } from './body-budget.js';

/** A client's X-Request-Id is kept when it is a plain token of at most 128 characters; otherwise a UUID is made. */
const saneRequestId = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export function requestIdFrom(header: string | undefined): string {
  return header !== undefined && saneRequestId.test(header) ? header : randomUUID();
}

/** The fields of the access line: fixed keys, none of them a redacted path (logging.ts), primitive values only. */
export interface AccessLine {
  request_id: string;
  method: string;
  path: string;
  route: string;
  status: number;
  duration_ms: number;
}

/** What writes access lines: `info` and `error` take an AccessLine only. */
export interface AccessLog {
  info(line: AccessLine, message: 'request'): void;
  error(line: AccessLine, message: 'request'): void;
  isLevelEnabled(level: string): boolean;
}

const levelNumbers = { info: 30, error: 50 } as const;

/**
 * The logger of access lines: the line the service's logger writes for an AccessLine, byte for byte
 * (test/unit/logging/access-log.test.ts), built in one template and handed to the logger's stream.
 * Redaction works on keys, and no key of an AccessLine is a redacted one, nor can a string or a
 * number hold one; pino's generic path passes every value of every line through the wildcard
 * paths' redactor and its per-key serialiser lookups, about a tenth of a polled GET's instructions.
 * The logger's own level prefixes, time and bindings (pino.symbols) are used, so a change to them
 * shows here too; where the stream wants pino's metadata (a multistream) the line goes through pino.
 */
export function accessLogger(log: Logger): AccessLog {
  const plain = log.child({}, { redact: { paths: [] } });
  const internals = plain as unknown as Record<symbol, unknown>;
  const stream = internals[pino.symbols.streamSym] as { write(text: string): void } & Record<symbol, unknown>;
  if (stream[pino.symbols.needsMetadataGsym] === true) return plain;
  const levelPrefixes = internals[pino.symbols.lsCacheSym] as Record<number, string>;
  const time = internals[pino.symbols.timeSym] as () => string;
  const bindings = internals[pino.symbols.chindingsSym] as string;
  const write = (level: keyof typeof levelNumbers, line: AccessLine): void => {
    if (!plain.isLevelEnabled(level)) return;
    stream.write(
      `${levelPrefixes[levelNumbers[level]]}${time()}${bindings},"request_id":${JSON.stringify(line.request_id)},` +
        `"method":${JSON.stringify(line.method)},"path":${JSON.stringify(line.path)},"route":${JSON.stringify(line.route)},` +
        `"status":${line.status},"duration_ms":${line.duration_ms},"msg":"request"}\n`,
    );
  };
  return {
    info: (line) => write('info', line),
    error: (line) => write('error', line),
    isLevelEnabled: (level) => plain.isLevelEnabled(level),
  };
}

/** `ctx.state` with the request's child logger made on first use: most requests log only their access line. */
class RequestState implements AppState {
  private child: Logger | undefined;
  constructor(
    readonly requestId: string,
    private readonly parent: Logger,
    readonly bodyBudget: BodyBudget | undefined,
  ) {}

  get log(): Logger {
    return (this.child ??= this.parent.child({ request_id: this.requestId }));
  }
}

/**
 * Outermost middleware: gives the request its id (echoed in `X-Request-Id`) and a child logger
 * carrying it, then writes one access line and one duration observation when the answer is done.
 * Runs outside the error handler, so it sees the final status of failed requests too.
 */
export function requestContext(
  log: Logger,
  metrics: Metrics,
  options: {
    bodyBudget?: BodyBudget;
    /** Every fixed segment of the routes' paths ('api', 'v1', 'avatar', 'history', …): what an unmatched API path may show. */
    routeSegments?: ReadonlySet<string>;
  } = {},
): Middleware<AppState> {
  const access = accessLogger(log);
  const routeSegments = options.routeSegments ?? new Set<string>();
  return async (ctx: AppContext, next) => {
    const started = process.hrtime.bigint();
    // Read and set on the Node objects: the same values as ctx.get/ctx.set, without Koa's delegation.
    const header = ctx.req.headers['x-request-id'];
    const requestId = requestIdFrom(typeof header === 'string' && header !== '' ? header : undefined);
    ctx.state = new RequestState(requestId, log, options.bodyBudget);
    ctx.res.setHeader('X-Request-Id', requestId);
    ctx.res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The route pattern, not the path: job ids and user ids would make a label per request.
      const route = (ctx as AppContext & { _matchedRoute?: string | RegExp })._matchedRoute;
      const routeLabel = typeof route === 'string' ? route : 'unmatched';
      // ctx.method and ctx.status are these two, through Koa's delegates (a megamorphic load each).
      const method = ctx.req.method ?? '';
      const status = ctx.res.statusCode;
      metrics.httpRequestDurationSeconds.observe({ method, route: routeLabel, status: String(status) }, seconds);
      const level = status >= 500 ? 'error' : 'info';
      if (access.isLevelEnabled(level)) {
        const line = {
          request_id: requestId,
          method,
          // A request refused before routing (a wrong key, a foreign origin) or routed nowhere has
          // no user_id parameter to pseudonymise, and its path may still name a customer.
          path: routeLabel === 'unmatched' ? withOnlyRouteSegments(ctx.path, routeSegments) : ctx.path,
          route: routeLabel,
          status,
          duration_ms: Math.round(seconds * 1e6) / 1e3,
        };
        const userId = routeCustomerId(ctx);
        // A customer's number in the path is personal data: those lines go through the redacting
        // logger, which writes user_id as its pseudonym, and the path names the segment instead.
        if (userId !== null) log[level]({ ...line, path: withoutCustomerId(ctx.path, userId), user_id: userId }, 'request');
        else access[level](line, 'request');
      }
    }
  };
}

/** The customer number the matched route took from the path (its `user_id` parameter), if any. */
export function routeCustomerId(ctx: AppContext): string | null {
  const userId = (ctx as AppContext & { params?: Record<string, unknown> }).params?.['user_id'];
  return typeof userId === 'string' && userId !== '' ? userId : null;
}

/** The path with the customer's id segment written as `{user_id}`. */
export function withoutCustomerId(path: string, userId: string): string {
  return path
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment) === userId ? '{user_id}' : segment;
      } catch {
        return segment;
      }
    })
    .join('/');
}

/**
 * An API path with every segment that is not one of the routes' fixed segments written as `{…}`
 * (`/api/v1/avatar/CUST-1/files` → `/api/v1/avatar/{…}/files`); other paths (the kiosk UI's files)
 * as they are.
 */
export function withOnlyRouteSegments(path: string, routeSegments: ReadonlySet<string>): string {
  if (!path.startsWith('/api/')) return path;
  return path
    .split('/')
    .map((segment) => (segment === '' || routeSegments.has(segment) ? segment : '{…}'))
    .join('/');
}
