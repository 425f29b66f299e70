import { Router } from '@koa/router';
import type { AppState } from './context.js';

/**
 * A router of the service's routes, matching a path only as it is written in the API: case and a
 * trailing slash count. The security checks that run before routing (API key scopes, rate limits,
 * the staff guard) name routes by their exact path; a router that also answered `/API/v1/avatar`
 * or `/api/v1/avatar/` would run a route those checks had not recognised.
 */
export function apiRouter(): Router<AppState> {
  return new Router<AppState>({ sensitive: true, strict: true });
}
