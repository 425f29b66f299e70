import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { configSchema, type Config } from '../../config.js';
import { registerArtifactPaths } from '../artifacts/schema.js';
import { registerAvatarPaths } from '../avatar/schema.js';
import { registerCalibrationPaths } from '../calibration/schema.js';
import { registerCapturePaths } from '../capture/schema.js';
import { registerHealthPaths } from '../health/schema.js';
import { staffTokenHeader } from '../staff/guard.js';
import { registerStaffPaths } from '../staff/schema.js';
import { registerSyncPaths } from '../sync/schema.js';
import { registerSizeChartPaths } from '../size-charts/schema.js';
import { commonErrorResponses } from './common.js';
import * as z from 'zod';
import './zod-openapi-extension.js';

export interface OpenApiDocumentOptions {
  /** The limits named in descriptions and schemas; the defaults of config.ts when omitted. */
  limits?: Config['limits'];
  /** `servers[0].url`; omitted (relative to the document) when not given. */
  serverUrl?: string;
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

function defaultLimits(): Config['limits'] {
  return configSchema.parse({ dataDir: '.', modelsDir: '.' }).limits;
}

/**
 * The OpenAPI 3.1 document of the REST API, generated from the zod schemas that validate the
 * requests (one source of truth). Served at /api/v1/openapi.json; openapi-typescript turns it into
 * the renderer's API types (scripts/generate-api-client.ts).
 */
export function buildOpenApiDocument(options: OpenApiDocumentOptions = {}): OpenApiDocument {
  const limits = options.limits ?? defaultLimits();
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'The API key (PERFIT_API_KEY) as a bearer token; required whenever a key is configured, which it ' +
      'must be when the service listens on a non-loopback address.',
  });
  const apiKey = registry.registerComponent('securitySchemes', 'apiKeyHeader', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description:
      'The API key (PERFIT_API_KEY); required whenever a key is configured, which it must be when the ' +
      'service listens on a non-loopback address.',
  });
  registry.registerComponent('securitySchemes', 'staffToken', {
    type: 'apiKey',
    in: 'header',
    name: staffTokenHeader,
    description: 'A staff session token from POST /api/v1/staff/session. Routes that change or erase data need it or the API key.',
  });

  registerAvatarPaths(registry, limits);
  registerCapturePaths(registry, limits);
  registerArtifactPaths(registry);
  registerHealthPaths(registry);
  registerSyncPaths(registry);
  registerStaffPaths(registry);
  registerSizeChartPaths(registry, limits.maxUserIdLength);
  registerCalibrationPaths(registry, limits);

  registry.registerPath({
    method: 'get',
    path: '/api/v1/openapi.json',
    tags: ['docs'],
    summary: '(ours) This document',
    responses: {
      200: {
        description: 'OpenAPI 3.1 document',
        content: { 'application/json': { schema: z.object({ openapi: z.string() }).passthrough() } },
      },
      ...commonErrorResponses,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/docs',
    tags: ['docs'],
    summary: '(ours) Human-readable API documentation (self-contained HTML, works offline)',
    responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } }, ...commonErrorResponses },
  });
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    tags: ['monitoring'],
    summary: '(ours) Prometheus metrics',
    description:
      'Queue depth, job durations per stage, completed and failed jobs by code, HTTP request durations, storage used, process metrics.',
    responses: {
      200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: z.string() } } },
      ...commonErrorResponses,
    },
  });

  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Perfit Kiosk local API',
      version: '1.0.0',
      description:
        'The REST API of a Perfit body-scanning kiosk. It keeps the contract of the central avatar service ' +
        '(paths, fields, status codes, `{"detail"}` errors); ' +
        'fields and endpoints marked (ours) are additions. Errors carry a stable `code` beside `detail`. ' +
        'Every answer has an `X-Request-Id` header ' +
        '(a client-sent one of at most 128 token characters is kept). Listens on 127.0.0.1 by default; on ' +
        'any other address every endpoint except ' +
        '/api/v1/health/live requires the API key.',
    },
    servers: options.serverUrl ? [{ url: options.serverUrl }] : [],
    security: [{ [bearer.name]: [] }, { [apiKey.name]: [] }, {}],
    tags: [
      { name: 'avatar', description: 'Scans, jobs and avatars' },
      { name: 'health', description: 'Health, liveness and readiness' },
      { name: 'sync', description: 'Upload to the central bucket' },
      { name: 'docs', description: 'This documentation' },
      { name: 'monitoring', description: 'Metrics' },
    ],
  });
}
