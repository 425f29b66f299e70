import type { Router } from '@koa/router';
import { calibrateWithMarker } from '../../calibration/calibrate-with-marker.js';
import { calibrateWithPerson } from '../../calibration/calibrate-with-person.js';
import type { CalibrationStore } from '../../calibration/calibration-store.js';
import { CalibrationError, type CalibrationErrorCode } from '../../calibration/errors.js';
import type { CalibrationPhotoReader } from '../../calibration/photo-reader.js';
import type { Config } from '../../config.js';
import type { ErrorKind } from '../../errors.js';
import { validateBase64Image } from '../../images/validate-image.js';
import type { AppState } from '../context.js';
import { HttpError } from '../errors.js';
import { readJsonBody } from '../middleware/json-body.js';
import { requireStaffOrApiKey } from '../staff/guard.js';
import { parseRequest } from '../validation.js';
import { presentCalibrationStatus } from './presenters.js';
import { calibrationRequestSchema } from './schema.js';
import { apiRouter } from '../router.js';

export interface CalibrationRouteDeps {
  config: Config;
  calibration: Pick<CalibrationStore, 'status' | 'save'>;
  readPhotos: CalibrationPhotoReader;
}

/** A calibration error as an HTTP answer: photos that cannot calibrate are 422, a failed reader 503. */
class CalibrationHttpError extends HttpError {
  override readonly name = 'CalibrationHttpError';
  readonly kind: ErrorKind;
  constructor(code: CalibrationErrorCode | 'calibration_busy', message: string) {
    super(code, message);
    this.kind =
      code === 'calibration_busy'
        ? 'conflict'
        : code === 'calibration_worker_failed' || code === 'calibration_file_invalid'
          ? 'unavailable'
          : 'unprocessable';
  }
}

export function calibrationRoutes(deps: CalibrationRouteDeps): Router<AppState> {
  const { config } = deps;
  const router = apiRouter();
  const requestSchema = calibrationRequestSchema(config.limits);
  // One Human instance at a time is enough for a step staff take once; a second request waits for no one.
  let running = false;

  router.get('/api/v1/calibration', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = presentCalibrationStatus(deps.calibration.status());
  });

  router.post('/api/v1/calibration', requireStaffOrApiKey, async (ctx) => {
    const body = parseRequest(requestSchema, await readJsonBody(ctx, config.limits.maxBodyBytes), 'Invalid request');
    const image = await validateBase64Image(body.image, config.limits, { field: 'image' });
    const side =
      body.method === 'person' && body.side_image !== undefined
        ? await validateBase64Image(body.side_image, config.limits, { field: 'side_image' })
        : null;
    if (running) throw new CalibrationHttpError('calibration_busy', 'A calibration is already running; wait for it to finish');
    running = true;
    try {
      const calibrationDeps = { readPhotos: deps.readPhotos, store: deps.calibration };
      const record =
        body.method === 'marker'
          ? await calibrateWithMarker({ photo: image.bytes, markerSizeCm: body.marker_size_cm }, calibrationDeps)
          : await calibrateWithPerson(
              { front: image.bytes, side: side?.bytes ?? null, personHeightCm: body.person_height_cm, soleCm: body.sole_cm },
              calibrationDeps,
            );
      ctx.state.log.info(
        {
          calibration_id: record.id,
          method: record.method,
          camera_height_m: record.camera.heightM,
          tilt_deg: record.camera.tiltDeg,
          tilt_source: record.camera.tiltSource,
        },
        'camera calibrated',
      );
    } catch (error) {
      if (error instanceof CalibrationError) throw new CalibrationHttpError(error.code, error.message);
      throw error;
    } finally {
      running = false;
    }
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = presentCalibrationStatus(deps.calibration.status());
  });

  return router;
}
