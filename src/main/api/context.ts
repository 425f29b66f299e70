import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';

/** What the request-context middleware puts on `ctx.state` for every request. */
export interface AppState {
  requestId: string;
  /** The request's child logger: every line carries `request_id`. */
  log: Logger;
}

export type AppContext = ParameterizedContext<AppState>;
