import { createHash } from 'node:crypto';
import type { Config } from '../../config.js';
import type { AppContext } from '../context.js';
import { perfitErrorClass } from '../../errors.js';
import { presentedApiKey } from './security.js';
import type { RequestCheck } from './request-checks.js';
import { TokenBuckets } from './token-buckets.js';

/** 429: this client sent more requests to this route than its rate limit allows. */
export class RateLimitedError extends perfitErrorClass('RateLimitedError', 'rate_limited', 'rate_limited') {
  constructor(
    route: string,
    override readonly retryAfterSeconds: number,
  ) {
    super(`Too many requests to ${route} from this client; retry after ${retryAfterSeconds} s`);
  }
}

interface LimitedRoute {
  method: string;
  path: string;
  buckets: TokenBuckets;
}

/**
 * Who a request counts against: the API key it proved (one bucket per key, wherever it comes from),
 * else its remote address. Keys are kept as a digest prefix so no key sits in memory twice or in logs.
 */
export function rateLimitClient(ctx: AppContext): string {
  const key = ctx.state.apiKeyVerified ? presentedApiKey(ctx) : null;
  if (key !== null) return `key:${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16)}`;
  const address = ctx.req.socket.remoteAddress ?? 'unknown';
  return `address:${address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')}`;
}

/**
 * Per-route, per-client token buckets on the routes that do heavy work: POST /api/v1/avatar (decodes
 * and face-checks photos, queues a scan) and POST /api/v1/capture/check (runs pose detection on a
 * frame). Checked before the body is read, so a flood costs no parsing. Runs after the API-key
 * check, so a client is keyed by a key it proved, never by one it merely names.
 */
export function rateLimitCheck(limits: Config['rateLimits'], clock: () => Date): RequestCheck | null {
  const routes: LimitedRoute[] = [];
  const add = (method: string, path: string, settings: Config['rateLimits']['createAvatar']): void => {
    if (settings.ratePerMinute === null) return;
    routes.push({ method, path, buckets: new TokenBuckets({ ratePerMinute: settings.ratePerMinute, burst: settings.burst }) });
  };
  add('POST', '/api/v1/avatar', limits.createAvatar);
  add('POST', '/api/v1/capture/check', limits.captureCheck);
  if (routes.length === 0) return null;
  const limitedMethods = new Set(routes.map((route) => route.method));

  return (ctx: AppContext) => {
    // Most requests (every poll) are of a method no limit names: no path parsed, no lookup.
    const method = ctx.req.method ?? '';
    if (!limitedMethods.has(method)) return;
    const route = routes.find((candidate) => candidate.method === method && candidate.path === ctx.path);
    if (route) {
      const client = rateLimitClient(ctx);
      const result = route.buckets.take(client, clock().getTime());
      if (!result.allowed) {
        const retryAfterSeconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
        ctx.state.log.info({ route: `${route.method} ${route.path}`, client, retry_after_seconds: retryAfterSeconds }, 'rate limited');
        throw new RateLimitedError(`${route.method} ${route.path}`, retryAfterSeconds);
      }
    }
  };
}
