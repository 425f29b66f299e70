import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';
import type { BodyBudget } from './middleware/body-budget.js';

/** What the request-context middleware puts on `ctx.state` for every request. */
export interface AppState {
  requestId: string;
  /** The request's child logger: every line carries `request_id`. */
  log: Logger;
  /** The service's budget of request-body bytes held at once (middleware/json-body.ts). */
  bodyBudget?: BodyBudget;
  /** Set when the request presented the configured API key (middleware/security.ts). */
  apiKeyVerified?: boolean;
  /** Set when the request sent a staff session token: whether it is live (staff/guard.ts). */
  staffSession?: 'valid' | 'invalid';
}

export type AppContext = ParameterizedContext<AppState>;
