import type { Router } from '@koa/router';
import type { Config } from '../../config.js';
import type { AppState } from '../context.js';
import { buildOpenApiDocument } from '../openapi/document.js';
import { renderDocsPage } from './page.js';
import { apiRouter } from '../router.js';

/** GET /api/v1/openapi.json and GET /api/v1/docs, both built once at start from the zod schemas. */
export function docsRoutes(config: Config): Router<AppState> {
  const document = buildOpenApiDocument({ limits: config.limits });
  const json = JSON.stringify(document);
  const html = renderDocsPage(document);
  const router = apiRouter();
  router.get('/api/v1/openapi.json', (ctx) => {
    ctx.type = 'application/json';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = json;
  });
  router.get('/api/v1/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.set(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; " + "frame-ancestors 'none'",
    );
    ctx.body = html;
  });
  return router;
}
