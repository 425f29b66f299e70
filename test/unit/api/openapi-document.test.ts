import type Koa from 'koa';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/main/api/app.js';
import { buildOpenApiDocument } from '../../../src/main/api/openapi/document.js';
import { configSchema } from '../../../src/main/config.js';
import { createMetrics } from '../../../src/main/metrics.js';
import { readyInference } from '../../fixtures/api/api-harness.js';
import { MarkerFaceDetector } from '../../fixtures/api/marker-face-detector.js';
import { resolveRef } from '../../fixtures/api/schema-check.js';
import { unusedCaptureChecker } from '../../fixtures/api/unused-capture-checker.js';

type Json = Record<string, unknown>;
const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const jsonSchemaTypes = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** The routes the app really serves, read from the routers in its middleware stack, as OpenAPI paths. */
function servedRoutes(app: Koa): Array<{ method: string; path: string }> {
  const routes: Array<{ method: string; path: string }> = [];
  for (const middleware of app.middleware as Array<{ router?: { stack: Array<{ path: string; methods: string[] }> } }>) {
    for (const layer of middleware.router?.stack ?? []) {
      const path = layer.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      for (const method of layer.methods) if (method !== 'HEAD') routes.push({ method: method.toLowerCase(), path });
    }
  }
  return routes;
}

/** Walks every object in the document (schemas, parameters, responses, …), calling `visit` with its JSON pointer. */
function walkSchemas(node: unknown, pointer: string, visit: (schema: Json, pointer: string) => void): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    node.forEach((item, index) => walkSchemas(item, `${pointer}/${index}`, visit));
    return;
  }
  visit(node as Json, pointer);
  for (const [key, child] of Object.entries(node as Json)) walkSchemas(child, `${pointer}/${key}`, visit);
}

describe('the OpenAPI document', () => {
  const document = JSON.parse(JSON.stringify(buildOpenApiDocument())) as Json & {
    openapi: string;
    info: Json;
    paths: Record<string, Record<string, Json>>;
    components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
  };

  it('is OpenAPI 3.1.0 with info, tags and security schemes', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(typeof document.info['title']).toBe('string');
    expect(typeof document.info['version']).toBe('string');
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['apiKeyHeader', 'bearerAuth', 'staffToken']);
    expect(document.components.securitySchemes['apiKeyHeader']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
  });

  it('documents every route the app serves, and documents no route the app does not serve', () => {
    const config = configSchema.parse({ dataDir: '/tmp/x', modelsDir: '/tmp/x/models' });
    const unused = (): never => {
      throw new Error('not called');
    };
    const app = createApp({
      config,
      log: pino({ level: 'silent' }),
      queue: { enqueue: unused, get: unused, pendingCount: unused, counts: unused },
      avatars: { get: unused, latestForUser: unused, historyForUser: unused, countForUser: unused, artifacts: unused, artifact: unused },
      uploads: { save: unused, remove: unused },
      faceDetector: new MarkerFaceDetector(),
      captureChecker: unusedCaptureChecker,
      inference: { status: () => readyInference },
      database: { check: () => ({ ok: true }) },
      metrics: createMetrics({ processMetrics: false }),
      sizeCharts: { list: unused, get: unused, put: unused, delete: unused, setShownToCustomers: unused },
      calibration: { store: { status: unused, save: unused }, readPhotos: unused },
    });
    const served = servedRoutes(app)
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    const documented = Object.entries(document.paths)
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((key) => httpMethods.includes(key))
          .map((method) => `${method} ${path}`),
      )
      .sort();
    expect(served.length).toBeGreaterThanOrEqual(11);
    expect(documented).toEqual(served);
  });

  it('declares each path parameter once, in the path, required', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      for (const [method, operation] of Object.entries(item)) {
        const parameters = ((operation['parameters'] as Json[] | undefined) ?? []).filter((p) => p['in'] === 'path');
        expect(parameters.map((p) => p['name']).sort(), `${method} ${path}`).toEqual([...names].sort());
        for (const parameter of parameters) {
          expect(parameter['required'], `${method} ${path} ${String(parameter['name'])}`).toBe(true);
          expect(parameter['schema'], `${method} ${path}`).toBeTypeOf('object');
        }
      }
    }
  });

  it('gives every operation a summary and responses with valid status codes and descriptions; errors use the Error schema', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(typeof operation['summary'], where).toBe('string');
        const responses = operation['responses'] as Record<string, Json>;
        expect(Object.keys(responses).length, where).toBeGreaterThan(0);
        expect(
          Object.keys(responses).some((status) => status.startsWith('2')),
          where,
        ).toBe(true);
        for (const [status, response] of Object.entries(responses)) {
          expect(status, where).toMatch(/^[1-5]\d\d$/);
          expect(typeof response['description'], `${where} ${status}`).toBe('string');
          const json = (response['content'] as Record<string, { schema?: Json }> | undefined)?.['application/json'];
          if (Number(status) >= 400 && json && !(path === '/api/v1/health' || path === '/api/v1/health/ready')) {
            expect(json.schema, `${where} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
          }
        }
      }
    }
    expect(document.components.schemas['Error']).toMatchObject({ type: 'object', required: ['detail', 'code'] });
  });

  it('resolves every $ref and uses only JSON Schema 2020-12 types (no OpenAPI 3.0 nullable); required fields exist', () => {
    const problems: string[] = [];
    let refs = 0;
    walkSchemas(document, '#', (schema, pointer) => {
      if (pointer.endsWith('/example') || pointer.includes('/example/')) return;
      if (typeof schema['$ref'] === 'string') {
        refs += 1;
        try {
          resolveRef(document, schema['$ref']);
        } catch (error) {
          problems.push(`${pointer}: ${(error as Error).message}`);
        }
      }
      if ('nullable' in schema) problems.push(`${pointer}: uses nullable`);
      if (schema['type'] !== undefined && typeof schema['type'] !== 'object') {
        const types = Array.isArray(schema['type']) ? schema['type'] : [schema['type']];
        for (const type of types)
          if (typeof type === 'string' && !jsonSchemaTypes.has(type) && !pointer.includes('securitySchemes'))
            problems.push(`${pointer}: type ${type}`);
      }
      if (Array.isArray(schema['required']) && typeof schema['properties'] === 'object') {
        for (const name of schema['required'] as string[])
          if (!(name in (schema['properties'] as Json))) problems.push(`${pointer}: required ${name} has no property`);
      }
    });
    expect(problems).toEqual([]);
    expect(refs).toBeGreaterThan(30);
  });

  it('carries the contract fields of the Avatar and the ExtractionJob, and the limits of the configuration', () => {
    const avatar = document.components.schemas['Avatar']!;
    const avatarFields = Object.keys(avatar['properties'] as Json);
    for (const field of [
      'smplx_betas',
      'smplx_body_pose',
      'smplx_global_orient',
      'height_cm',
      'chest_circumference_cm',
      'waist_circumference_cm',
      'hip_circumference_cm',
      'inseam_cm',
      'shoulder_width_cm',
      'arm_length_cm',
      'thigh_circumference_cm',
      'neck_circumference_cm',
      'smplx_params_url',
      'mesh_url',
      'source_image_url',
      'created_at',
    ]) {
      expect(avatarFields).toContain(field);
    }
    const jobFields = Object.keys(document.components.schemas['ExtractionJob']!['properties'] as Json);
    for (const field of [
      'id',
      'user_id',
      'status',
      'gender',
      'input_image_path',
      'avatar_id',
      'error_message',
      'rq_job_id',
      'created_at',
      'started_at',
      'completed_at',
    ]) {
      expect(jobFields).toContain(field);
    }
    const custom = buildOpenApiDocument({
      limits: { ...configSchema.parse({ dataDir: '.', modelsDir: '.' }).limits, maxUserIdLength: 64 },
    });
    const request = (custom.components?.schemas as Record<string, Json>)['CreateAvatarRequest']!;
    expect(((request['properties'] as Json)['user_id'] as Json)['maxLength']).toBe(64);
  });
});
