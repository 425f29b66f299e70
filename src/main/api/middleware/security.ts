import { createHash, timingSafeEqual } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import { isLoopbackHost, type Config } from '../../config.js';
import type { AppContext } from '../context.js';
import { HttpError, MisdirectedRequestError, UnauthorizedError, ValidationError } from '../errors.js';
import { headerText, type RequestCheck } from './request-checks.js';

const wildcardHosts = new Set(['0.0.0.0', '::', '[::]']);

/** Lowercased host names without brackets or port. */
function normaliseHostName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/**
 * The host names the service answers for: the configured host, the loopback names, names passed
 * in `extraHosts` and, when it listens on every interface, this machine's name and addresses.
 */
export function allowedHostNames(config: Pick<Config, 'host'>, extraHosts: readonly string[] = []): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1', normaliseHostName(config.host), ...extraHosts.map(normaliseHostName)]);
  if (wildcardHosts.has(config.host)) {
    const machine = hostname().toLowerCase();
    names.add(machine);
    names.add(`${machine}.local`);
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) names.add(normaliseHostName(address.address));
    }
  }
  return names;
}

/** Splits a Host header into name and port; null when it is not a host[:port]. */
export function parseHostHeader(header: string): { name: string; port: number | null } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/\s@]+)(?::(\d{1,5}))?$/.exec(header.trim());
  if (!match) return null;
  return { name: normaliseHostName(match[1]!), port: match[2] === undefined ? null : Number(match[2]) };
}

/**
 * DNS rebinding protection: a web page on another site that points its own name at 127.0.0.1
 * reaches us with its name in Host. Only the names this service answers for pass, and the port
 * must be the one the request came in on. Refused with 421 (host_not_allowed).
 */
export function hostCheck(config: Pick<Config, 'host'>, extraHosts: readonly string[] = []): RequestCheck {
  const allowed = allowedHostNames(config, extraHosts);
  // The port of an allowed Host header, by header: clients send the same few headers on every request,
  // and the answer depends on the header alone (the port is still compared with the socket's each time).
  const allowedPorts = new Map<string, number | null>();
  return (ctx: AppContext) => {
    const header = headerText(ctx.req.headers.host);
    if (!header) throw new ValidationError('The Host header is required', 'host_missing');
    let port = allowedPorts.get(header);
    if (port === undefined) {
      const host = parseHostHeader(header);
      if (!host || !allowed.has(host.name)) {
        throw new MisdirectedRequestError(`This service does not answer for host ${JSON.stringify(header.slice(0, 100))}`);
      }
      port = host.port;
      // Bounded: only allowed names get in, but with any port number.
      if (allowedPorts.size >= 64) allowedPorts.clear();
      allowedPorts.set(header, port);
    }
    const localPort = ctx.req.socket.localPort;
    if (port !== null ? port !== localPort : localPort !== 80) {
      throw new MisdirectedRequestError(
        `This service does not answer for host ${JSON.stringify(header.slice(0, 100))} (port ${localPort} expected)`,
      );
    }
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The key a request presents: `Authorization: Bearer …` or `X-API-Key`. */
export function presentedApiKey(ctx: Pick<AppContext, 'get'>): string | null {
  const authorization = ctx.get('authorization');
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return bearer[1]!;
  const header = ctx.get('x-api-key');
  return header ? header.trim() : null;
}

/** Whether an API key must be configured: whenever the service listens on a non-loopback address (api.md). */
export function apiKeyRequired(config: Pick<Config, 'host'>): boolean {
  return !isLoopbackHost(config.host);
}

/** What a key may do: `all` (the API key), `pos` (create scans, read results), `staff` (history, erasure, staff actions). */
export type ApiKeyScope = 'all' | 'pos' | 'staff';

/** 403: the key is valid but its scope does not cover this request. */
export class ScopeInsufficientError extends HttpError {
  override readonly name = 'ScopeInsufficientError';
  readonly kind = 'forbidden';
}

const scanCreation = new Set(['POST /api/v1/avatar', 'POST /api/v1/capture/check']);

/** Whether a key of `scope` may make this request (method and path, before routing). */
export function scopeAllows(scope: ApiKeyScope, method: string, path: string): boolean {
  if (scope === 'all') return true;
  const reading = method === 'GET' || method === 'HEAD';
  const staffOnly = path.endsWith('/history') || path.startsWith('/api/v1/staff/') || path === '/api/v1/sync' || path === '/metrics';
  if (scope === 'pos') return scanCreation.has(`${method} ${path}`) || (reading && !staffOnly);
  return !scanCreation.has(`${method} ${path}`);
}

/**
 * Requires an API key on every path except `openPaths` (liveness) whenever one is configured, on
 * loopback too: a key that only held on the network would let any local program or web page past
 * it. Without a key the service only starts on loopback (config.ts). Keys are compared as SHA-256
 * digests with timingSafeEqual, every configured key each time: equal length, constant time, no
 * early exit that leaks a key's prefix or length. A scoped key (`posApiKey`, `staffApiKey`) passes
 * only the requests its scope covers (403 `scope_insufficient` otherwise).
 */
export function apiKeyCheck(
  config: Pick<Config, 'host' | 'apiKey' | 'posApiKey' | 'staffApiKey'>,
  openPaths: ReadonlySet<string>,
): RequestCheck | null {
  const keys = (
    [
      [config.apiKey, 'all'],
      [config.posApiKey, 'pos'],
      [config.staffApiKey, 'staff'],
    ] as const
  ).flatMap(([key, scope]) => (key ? [{ digest: digest(key), scope }] : []));
  if (keys.length === 0) {
    if (apiKeyRequired(config)) throw new Error(`An API key is required when listening on ${config.host}`);
    return null;
  }
  return (ctx: AppContext) => {
    if (ctx.method === 'OPTIONS' || openPaths.has(ctx.path)) return;
    const presented = presentedApiKey(ctx);
    if (presented === null) throw new UnauthorizedError('An API key is required: send Authorization: Bearer <key> or X-API-Key: <key>');
    const presentedDigest = digest(presented);
    let scope: ApiKeyScope | null = null;
    for (const key of keys) if (timingSafeEqual(presentedDigest, key.digest)) scope = key.scope;
    if (scope === null) throw new UnauthorizedError('The API key is not valid');
    if (!scopeAllows(scope, ctx.method, ctx.path)) {
      throw new ScopeInsufficientError('scope_insufficient', `The ${scope} API key may not ${ctx.method} ${ctx.path}`);
    }
    ctx.state.apiKeyVerified = true;
  };
}
