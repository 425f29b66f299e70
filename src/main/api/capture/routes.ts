import type { Router } from '@koa/router';
import type { Config } from '../../config.js';
import { validateBase64Image } from '../../images/validate-image.js';
import type { CaptureChecker } from '../../inference/capture-checks/capture-checker.js';
import { CaptureCheckError } from '../../inference/capture-checks/errors.js';
import type { AppState } from '../context.js';
import { ServiceUnavailableError, ValidationError } from '../errors.js';
import { readJsonBody } from '../middleware/json-body.js';
import { parseRequest } from '../validation.js';
import { captureCheckRequestSchema, type CaptureCheckBody } from './schema.js';
import { apiRouter } from '../router.js';

export interface CaptureRouteDeps {
  config: Config;
  captureChecker: CaptureChecker;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** POST /api/v1/capture/check (ours): live guidance before a scan; Human runs in the checker's worker thread. */
export function captureRoutes(deps: CaptureRouteDeps): Router<AppState> {
  const { config, captureChecker } = deps;
  const router = apiRouter();
  const requestSchema = captureCheckRequestSchema(config.limits);

  router.post('/api/v1/capture/check', async (ctx) => {
    const raw = await readJsonBody(ctx, Math.min(config.limits.maxBodyBytes, config.limits.maxCaptureCheckBodyBytes));
    const body = parseRequest(requestSchema, raw, 'Invalid request');
    const image = await validateBase64Image(body.image, config.limits, { field: 'image' });
    let result;
    try {
      result = await captureChecker.check(image.bytes, body.view);
    } catch (error) {
      if (error instanceof CaptureCheckError && error.code === 'image_undecodable') {
        throw new ValidationError(`image could not be decoded: ${error.message}`, 'image_corrupt', { cause: error });
      }
      if (error instanceof CaptureCheckError && error.code === 'capture_check_failed') throw error; // 500, cause in the log
      ctx.state.log.error({ err: error }, 'capture check unavailable');
      const code = error instanceof CaptureCheckError ? error.code : 'capture_check_unavailable';
      throw new ServiceUnavailableError(
        code,
        `The capture check is not available (${captureChecker.isReady() ? 'it failed' : 'still loading or restarting'}); try again shortly`,
        5,
      );
    }
    const { timings } = result;
    ctx.state.log.debug(
      { view: body.view, ok: result.ok, issues: result.issues.map((issue) => issue.code), total_ms: round(timings.totalMs) },
      'capture check',
    );
    ctx.set('Cache-Control', 'no-store');
    const answer: CaptureCheckBody = {
      ok: result.ok,
      view: body.view,
      issues: result.issues,
      person: result.person,
      timings: {
        faces_ms: round(timings.facesMs),
        body_ms: round(timings.bodyMs),
        mask_ms: round(timings.maskMs),
        statistics_ms: round(timings.statisticsMs),
        checks_ms: round(timings.checksMs),
        total_ms: round(timings.totalMs),
      },
    };
    ctx.body = answer;
  });

  return router;
}
