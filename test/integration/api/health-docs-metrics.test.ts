import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyInference, startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call, postJson } from '../../fixtures/api/http.js';
import { makePhoto, toBase64 } from '../../fixtures/api/images.js';
import type { MarkerFaceDetector } from '../../fixtures/api/marker-face-detector.js';
import { responseSchema, validateValue } from '../../fixtures/api/schema-check.js';

type Json = Record<string, unknown>;
type Health = {
  status: string;
  components: Record<string, { status: string; detail: string } & Json>;
};

describe('health endpoints', () => {
  let h: ApiHarness;
  let document: Json;
  beforeAll(async () => {
    h = await startApiHarness();
    document = (await call<Json>(`${h.url}/api/v1/openapi.json`)).body;
  });
  afterAll(async () => h.close());

  it('answers ok with every component; sync disabled while no S3 endpoint is set', async () => {
    h.inference.current = readyInference;
    h.database.ok = true;
    const response = await call<Health>(`${h.url}/api/v1/health`);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(Object.keys(response.body.components).sort()).toEqual(['database', 'face_detector', 'inference_worker', 'queue', 'sync']);
    expect(response.body.components['inference_worker']).toMatchObject({
      status: 'ok',
      ready: true,
      pipeline: { name: 'test-double', version: '0.0.0-test', execution_provider: 'cpu' },
    });
    expect(response.body.components['sync']).toMatchObject({ status: 'disabled', enabled: false, online: null });
    expect(response.body.components['sync']!.detail).toContain('PERFIT_S3_ENDPOINT');
    expect(validateValue(document, responseSchema(document, 'get', '/api/v1/health', 200), response.body)).toEqual([]);
  });

  it('is degraded while the pipeline or the face detector loads, and not ready (503)', async () => {
    h.inference.current = { ready: false, pipeline: null, error: null, busy: false, restarts: 0 };
    (h.faceDetector as MarkerFaceDetector).setReady(false);
    try {
      const health = await call<Health>(`${h.url}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('degraded');
      expect(health.body.components['inference_worker']!.status).toBe('starting');
      expect(health.body.components['face_detector']!.status).toBe('starting');
      const ready = await call<Json>(`${h.url}/api/v1/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'not_ready',
        code: 'not_ready',
        checks: { database: true, inference_worker: false, face_detector: false },
      });
      expect(ready.body['detail']).toContain('inference worker: loading');
      expect(validateValue(document, responseSchema(document, 'get', '/api/v1/health/ready', 503), ready.body)).toEqual([]);
    } finally {
      (h.faceDetector as MarkerFaceDetector).setReady(true);
      h.inference.current = readyInference;
    }
  });

  it('is an error (503) when the database check fails or no pipeline could load, saying why', async () => {
    h.database.ok = false;
    h.database.detail = 'disk I/O error';
    try {
      const health = await call<Health>(`${h.url}/api/v1/health`);
      expect(health.status).toBe(503);
      expect(health.body.status).toBe('error');
      expect(health.body.components['database']).toMatchObject({ status: 'error' });
      expect(health.body.components['database']!.detail).toContain('disk I/O error');
      expect((await call(`${h.url}/api/v1/health/ready`)).status).toBe(503);
    } finally {
      h.database.ok = true;
    }
    h.inference.current = { ready: false, pipeline: null, error: 'model file missing: person.onnx', busy: false, restarts: 3 };
    try {
      const health = await call<Health>(`${h.url}/api/v1/health`);
      expect(health.status).toBe(503);
      expect(health.body.components['inference_worker']).toMatchObject({
        status: 'error',
        detail: 'model file missing: person.onnx',
        restarts: 3,
      });
    } finally {
      h.inference.current = readyInference;
    }
  });

  it('answers live and ready', async () => {
    const live = await call(`${h.url}/api/v1/health/live`);
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await call(`${h.url}/api/v1/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { database: true, inference_worker: true, face_detector: true } });
  });
});

describe('health with sync configured', () => {
  const s3 = { endpoint: 'http://127.0.0.1:9000', accessKey: 'minio', secretKey: 'minio-secret' };
  it('reports the sync service state, and a configured endpoint without a running sync as degraded', async () => {
    const online = { enabled: true, online: true as boolean | null, detail: 'last upload 2 s ago' };
    const h = await startApiHarness({ config: { s3 }, sync: { status: () => online } });
    try {
      const ok = await call<Health>(`${h.url}/api/v1/health`);
      expect(ok.body.components['sync']).toEqual({ status: 'ok', detail: 'last upload 2 s ago', enabled: true, online: true });
      online.online = false;
      online.detail = 'offline since 10:00, 3 avatars waiting';
      const offline = await call<Health>(`${h.url}/api/v1/health`);
      expect(offline.body.status).toBe('degraded');
      expect(offline.body.components['sync']).toMatchObject({ status: 'degraded', online: false });
    } finally {
      await h.close();
    }
    const without = await startApiHarness({ config: { s3 } });
    try {
      const health = await call<Health>(`${without.url}/api/v1/health`);
      expect(health.body.components['sync']).toMatchObject({ status: 'degraded', enabled: true });
    } finally {
      await without.close();
    }
  });
});

describe('OpenAPI document, docs page and metrics', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(async () => h.close());

  it('serves the OpenAPI 3.1 document with every endpoint', async () => {
    const response = await call<{ openapi: string; paths: Record<string, Json> }>(`${h.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/avatar',
      '/api/v1/avatar/job/{job_id}',
      '/api/v1/avatar/{user_id}',
      '/api/v1/avatar/{user_id}/history',
      '/api/v1/health',
      '/api/v1/health/live',
      '/api/v1/health/ready',
    ]) {
      expect(response.body.paths).toHaveProperty([path]);
    }
  });

  it('serves a self-contained docs page that lists every path and loads nothing from elsewhere', async () => {
    const response = await fetch(`${h.url}/api/v1/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    for (const path of [
      '/api/v1/avatar',
      '/api/v1/avatar/job/{job_id}',
      '/api/v1/avatar/{user_id}/history',
      '/api/v1/health/ready',
      '/metrics',
    ])
      expect(html).toContain(path);
    expect(html).toContain('CreateAvatarRequest');
    expect(html).toContain('No face detected in image');
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org)/i);
  });

  it('exposes Prometheus metrics: queue depth from the queue, created jobs and request durations by route', async () => {
    const image = toBase64(await makePhoto({ marker: 'face' }));
    expect((await postJson(`${h.url}/api/v1/avatar`, { consent: true, user_id: 'm1', image })).status).toBe(202);
    expect((await postJson(`${h.url}/api/v1/avatar`, { consent: true, user_id: 'm2', image })).status).toBe(202);
    const response = await fetch(`${h.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^perfit_queue_depth\{status="pending"\} 2$/m);
    expect(text).toMatch(/^perfit_queue_depth\{status="processing"\} 0$/m);
    expect(text).toMatch(/^perfit_jobs_created_total 2$/m);
    expect(text).toMatch(/^perfit_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/avatar",status="202"\} 2$/m);
    expect(text).toContain('# TYPE perfit_job_duration_seconds histogram');
    expect(text).toContain('# TYPE perfit_jobs_failed_total counter');
  });
});
