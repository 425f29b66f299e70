import type { Middleware } from 'koa';
import type { StaffSessions } from '../../staff/staff-sessions.js';
import type { AppContext, AppState } from '../context.js';
import { HttpError } from '../errors.js';
import { headerText, type RequestCheck } from '../middleware/request-checks.js';

/**
 * The header that carries a staff session token (issued by POST /api/v1/staff/session); read as
 * `ctx.req.headers['x-staff-token']` (Node lowercases header names).
 */
export const staffTokenHeader = 'X-Staff-Token';

/** 401: a route that changes or erases data was called without a live staff session or the API key. */
export class StaffRequiredError extends HttpError {
  override readonly name = 'StaffRequiredError';
  readonly kind = 'unauthorized';
  constructor(code: 'staff_required' | 'staff_session_expired', message: string) {
    super(code, message);
    this.headers['WWW-Authenticate'] = `Staff realm="perfit", header="${staffTokenHeader}"`;
  }
}

/**
 * Reads the staff session token, when one is sent, and records on `ctx.state` whether it is live
 * (each use slides its expiry). It refuses nothing itself: routes that need staff use the guard.
 */
export function staffSessionCheck(sessions: Pick<StaffSessions, 'touch'>): RequestCheck {
  return (ctx: AppContext) => {
    const token = headerText(ctx.req.headers['x-staff-token']).trim();
    if (token) ctx.state.staffSession = sessions.touch(token) ? 'valid' : 'invalid';
  };
}

/**
 * The guard of every route that changes or erases data (erasure, job retry, settings, calibration,
 * size charts): passes with a live staff session or a verified API key, answers 401 otherwise.
 * Use it as route middleware: `router.delete(path, requireStaffOrApiKey, handler)`.
 */
export const requireStaffOrApiKey: Middleware<AppState> = async (ctx: AppContext, next) => {
  if (ctx.state.apiKeyVerified === true || ctx.state.staffSession === 'valid') return next();
  if (ctx.state.staffSession === 'invalid') {
    throw new StaffRequiredError('staff_session_expired', 'The staff session has expired or is unknown; enter the staff PIN again');
  }
  throw new StaffRequiredError(
    'staff_required',
    `This action needs staff: send ${staffTokenHeader} from POST /api/v1/staff/session, or the API key`,
  );
};
