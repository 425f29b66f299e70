import type { Router } from '@koa/router';
import type { Metrics } from '../../metrics.js';
import type { AppState } from '../context.js';
import { apiRouter } from '../router.js';

/** GET /metrics in the Prometheus text format (queue depth and storage are read at scrape time). */
export function metricsRoutes(metrics: Metrics): Router<AppState> {
  const router = apiRouter();
  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await metrics.registry.metrics();
  });
  return router;
}
