import type { Router } from '@koa/router';
import { StaffPinFileError } from '../../staff/pin-file.js';
import type { StaffPin, StaffPinStatus } from '../../staff/staff-pin.js';
import type { StaffSessions } from '../../staff/staff-sessions.js';
import { perfitErrorClass } from '../../errors.js';
import type { AppContext, AppState } from '../context.js';
import { HttpError, ServiceUnavailableError } from '../errors.js';
import { fieldsBodyBytes, readJsonBody } from '../middleware/json-body.js';
import { parseRequest } from '../validation.js';
import { requireStaffOrApiKey, staffTokenHeader } from './guard.js';
import { staffPinRequestSchema, type StaffPinStatusBody, type StaffSessionBody } from './schema.js';
import { apiRouter } from '../router.js';

export interface StaffRouteDeps {
  pin: Pick<StaffPin, 'status' | 'setPin' | 'setInitialPin' | 'check'>;
  sessions: Pick<StaffSessions, 'issue' | 'revoke' | 'revokeAll' | 'sessionTtlMs'>;
}

class StaffPinWrongError extends HttpError {
  override readonly name = 'StaffPinWrongError';
  readonly kind = 'unauthorized';
}

class StaffPinNotSetError extends HttpError {
  override readonly name = 'StaffPinNotSetError';
  readonly kind = 'conflict';
}

class StaffLockedError extends perfitErrorClass('StaffLockedError', 'rate_limited', 'staff_locked') {
  override readonly retryAfterSeconds: number;
  constructor(lockedUntil: Date, now: Date) {
    super(`Too many wrong PINs; try again after ${lockedUntil.toISOString()}`);
    this.retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  }
}

function presentStatus(status: StaffPinStatus): StaffPinStatusBody {
  return { pin_set: status.pinSet, failed_attempts: status.failedAttempts, locked_until: status.lockedUntil?.toISOString() ?? null };
}

/** The PIN file is the lock: when it cannot be read, staff actions stay refused and health says why. */
async function pinFileRead<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StaffPinFileError) throw new ServiceUnavailableError(error.code, error.message);
    throw error;
  }
}

/** The staff PIN and staff sessions: GET/PUT /api/v1/staff/pin, POST/DELETE /api/v1/staff/session. */
export function staffRoutes(deps: StaffRouteDeps): Router<AppState> {
  const { pin, sessions } = deps;
  const router = apiRouter();

  router.get('/api/v1/staff/pin', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = presentStatus(await pinFileRead(() => pin.status()));
  });

  router.put('/api/v1/staff/pin', async (ctx: AppContext) => {
    const body = parseRequest(staffPinRequestSchema, await readJsonBody(ctx, fieldsBodyBytes), 'Invalid request');
    const authorised = ctx.state.apiKeyVerified === true || ctx.state.staffSession === 'valid';
    if (authorised) {
      await pinFileRead(() => pin.setPin(body.pin));
    } else if (!(await pinFileRead(() => pin.setInitialPin(body.pin)))) {
      // The PIN is set: changing it is a staff action; the guard says which credential is missing.
      await requireStaffOrApiKey(ctx, async () => undefined);
    }
    sessions.revokeAll();
    ctx.state.log.info({ by: authorised ? 'staff' : 'first_start' }, 'staff PIN set');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = presentStatus(await pinFileRead(() => pin.status()));
  });

  router.post('/api/v1/staff/session', async (ctx) => {
    const body = parseRequest(staffPinRequestSchema, await readJsonBody(ctx, fieldsBodyBytes), 'Invalid request');
    const result = await pinFileRead(() => pin.check(body.pin));
    ctx.set('Cache-Control', 'no-store');
    switch (result.outcome) {
      case 'not_set':
        throw new StaffPinNotSetError('staff_pin_not_set', 'No staff PIN is set yet; set it with PUT /api/v1/staff/pin');
      case 'locked':
        throw new StaffLockedError(result.lockedUntil, new Date());
      case 'wrong':
        ctx.state.log.warn({ attempts_before_lockout: result.attemptsBeforeLockout, locked_until: result.lockedUntil }, 'wrong staff PIN');
        throw new StaffPinWrongError(
          'staff_pin_wrong',
          result.lockedUntil
            ? `Wrong PIN; locked until ${result.lockedUntil.toISOString()}`
            : `Wrong PIN; ${result.attemptsBeforeLockout} more before a lockout`,
        );
      case 'accepted': {
        const session = sessions.issue();
        ctx.state.log.info('staff session opened');
        ctx.status = 201;
        const answer: StaffSessionBody = {
          token: session.token,
          expires_at: session.expiresAt.toISOString(),
          ttl_seconds: Math.round(sessions.sessionTtlMs / 1000),
        };
        ctx.body = answer;
      }
    }
  });

  router.delete('/api/v1/staff/session', (ctx) => {
    const token = ctx.get(staffTokenHeader).trim();
    if (token) sessions.revoke(token);
    ctx.status = 204;
  });

  return router;
}
