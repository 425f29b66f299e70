import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../src/main/api/openapi/document.js';
import { CalibrationStore } from '../../../src/main/calibration/calibration-store.js';
import { CalibrationError } from '../../../src/main/calibration/errors.js';
import type { CalibrationPhotoReader } from '../../../src/main/calibration/photo-reader.js';
import { markerReading, personReading, type KnownCamera } from '../../factories/calibration-photos.js';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call, postJson } from '../../fixtures/api/http.js';
import { makePhoto, toBase64 } from '../../fixtures/api/images.js';
import { responseSchema, validateValue } from '../../fixtures/api/schema-check.js';
import { staffHeaders } from '../../fixtures/api/staff-session.js';

const document = buildOpenApiDocument() as unknown as Record<string, unknown>;
function expectDocumented(method: string, path: string, response: { status: number; body: unknown }): void {
  expect(validateValue(document, responseSchema(document, method, path, response.status), response.body)).toEqual([]);
}

type StatusBody = {
  state: string;
  detail: string;
  calibration: {
    camera: { height_cm: number; tilt_deg: number; tilt_source: string };
    calibrated_at: string;
    reference: { floor_line_share: number };
  } | null;
};
type HealthBody = {
  status: string;
  components: { calibration?: { status: string; state: string; calibrated_at: string | null; stale: boolean; detail: string } };
};

const camera: KnownCamera = { imageWidth: 720, imageHeight: 1280, heightM: 1.24, tiltDeg: 0 };
/**
 * The photo reader stands in for Human here (the real reader is tested on rendered bodies in
 * test/integration/calibration): it answers the rows where the known camera puts a 176 cm person 3 m away.
 */
const knownCameraReader: CalibrationPhotoReader = async (photos) =>
  photos.map((photo) =>
    photo.view === 'marker'
      ? markerReading({ ...camera, tiltDeg: 3, rollDeg: -1 }, { sideM: 0.22, distanceM: 3 })
      : personReading(camera, photo.view, { statureM: 1.76, distanceM: 3 }),
  );

describe('camera calibration API', () => {
  let harness: ApiHarness;
  let store: CalibrationStore;
  let reader: CalibrationPhotoReader;
  let photo: string;
  beforeEach(async () => {
    reader = knownCameraReader;
    harness = await startApiHarness({
      calibration: (dataDir) => ({ store: (store = new CalibrationStore(dataDir)), readPhotos: (photos) => reader(photos) }),
    });
    photo = toBase64(await makePhoto({ marker: 'face' }));
  });
  afterEach(async () => harness.close());

  const request = { method: 'person', person_height_cm: 176 };

  it('says the calibration is missing, in GET and in /health, with a warning', async () => {
    const status = await call<StatusBody>(`${harness.url}/api/v1/calibration`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ state: 'missing', calibration: null });
    expect(status.body.detail).toMatch(/not calibrated/);
    expectDocumented('get', '/api/v1/calibration', status);
    const health = await call<HealthBody>(`${harness.url}/api/v1/health`);
    expect(health.body.components.calibration).toMatchObject({ status: 'disabled', state: 'missing', calibrated_at: null, stale: false });
  });

  it('refuses calibration without a staff session (401) and stores nothing', async () => {
    const refused = await postJson<{ code: string }>(`${harness.url}/api/v1/calibration`, { ...request, image: photo });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('staff_required');
    const expired = await postJson<{ code: string }>(
      `${harness.url}/api/v1/calibration`,
      { ...request, image: photo },
      { 'x-staff-token': 'not-a-session' },
    );
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('staff_session_expired');
    expect(store.read()).toBeNull();
  });

  it("calibrates with a staff session: the camera's height within a millimetre, dated, in GET and in /health", async () => {
    const staff = await staffHeaders(harness.url);
    const created = await postJson<StatusBody>(`${harness.url}/api/v1/calibration`, { ...request, image: photo, side_image: photo }, staff);
    expect(created.status).toBe(201);
    expectDocumented('post', '/api/v1/calibration', created);
    expect(created.body.state).toBe('ok');
    expect(created.body.calibration!.camera.height_cm).toBeCloseTo(124, 1);
    expect(created.body.calibration!.camera.tilt_source).toBe('assumed_level');
    const status = await call<StatusBody>(`${harness.url}/api/v1/calibration`);
    expect(status.body.calibration).toEqual(created.body.calibration);
    const health = await call<HealthBody>(`${harness.url}/api/v1/health`);
    expect(health.body.components.calibration).toMatchObject({
      status: 'ok',
      state: 'ok',
      calibrated_at: created.body.calibration!.calibrated_at,
      stale: false,
    });
  });

  it('warns that the calibration is stale once the floor line of recent scans has moved', async () => {
    const created = await postJson<StatusBody>(
      `${harness.url}/api/v1/calibration`,
      { ...request, image: photo },
      await staffHeaders(harness.url),
    );
    const record = store.read()!;
    const reference = created.body.calibration!.reference.floor_line_share;
    // Two scans where the customer stood off the markers do not make it stale…
    store.recordFloorCheck(record.id, reference + 0.05);
    store.recordFloorCheck(record.id, reference + 0.005);
    expect((await call<StatusBody>(`${harness.url}/api/v1/calibration`)).body.state).toBe('ok');
    // …the camera knocked down 2.5° moves every scan's floor line.
    store.recordFloorCheck(record.id, reference + 0.045);
    store.recordFloorCheck(record.id, reference + 0.047);
    const stale = await call<StatusBody>(`${harness.url}/api/v1/calibration`);
    expect(stale.body.state).toBe('stale');
    expect(stale.body.detail).toMatch(/camera has moved/);
    expectDocumented('get', '/api/v1/calibration', stale);
    const health = await call<HealthBody>(`${harness.url}/api/v1/health`);
    expect(health.body.status).toBe('degraded');
    expect(health.body.components.calibration).toMatchObject({ status: 'degraded', state: 'stale', stale: true });
  });

  it("reports the camera's tilt since calibration that the recent scans read from the background's edge", async () => {
    await postJson<StatusBody>(`${harness.url}/api/v1/calibration`, { ...request, image: photo }, await staffHeaders(harness.url));
    const record = store.read()!;
    const before = await call<StatusBody & { tilt_change_deg: number | null }>(`${harness.url}/api/v1/calibration`);
    expect(before.body.tilt_change_deg).toBeNull();
    // Three scans read the edge (one of them did not find it): the median of those that did.
    store.recordFloorCheck(record.id, record.reference.floorShare, -0.31);
    store.recordFloorCheck(record.id, record.reference.floorShare, null);
    store.recordFloorCheck(record.id, record.reference.floorShare, -0.42);
    store.recordFloorCheck(record.id, record.reference.floorShare, -0.36);
    const turned = await call<StatusBody & { tilt_change_deg: number | null }>(`${harness.url}/api/v1/calibration`);
    expectDocumented('get', '/api/v1/calibration', turned);
    expect(turned.body.state).toBe('ok');
    expect(turned.body.tilt_change_deg).toBe(-0.36);
    expect(turned.body.detail).toMatch(/turned 0\.4° down since, by the background's edge/);
  });

  it("answers 422 with the reader's code when the photos cannot calibrate, and 400 for a bad body", async () => {
    const staff = await staffHeaders(harness.url);
    reader = async () => {
      throw new CalibrationError('calibration_photo_rejected', 'The front photo cannot calibrate the camera (feet_out_of_frame)');
    };
    const rejected = await postJson<{ code: string; detail: string }>(
      `${harness.url}/api/v1/calibration`,
      { ...request, image: photo },
      staff,
    );
    expect(rejected.status).toBe(422);
    expect(rejected.body).toMatchObject({ code: 'calibration_photo_rejected' });
    expect(rejected.body.detail).toMatch(/feet_out_of_frame/);
    const bad = await postJson<{ code: string; detail: string }>(
      `${harness.url}/api/v1/calibration`,
      { method: 'person', person_height_cm: 40, image: photo },
      staff,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/person_height_cm must be at least 120/);
    expect(store.read()).toBeNull();
  });

  it('calibrates from the floor marker with the tilt measured, documented, and refuses a photo without it with 422', async () => {
    const staff = await staffHeaders(harness.url);
    const created = await postJson<StatusBody & { calibration: { id: string; method: string; reference: { marker_size_cm: number } } }>(
      `${harness.url}/api/v1/calibration`,
      { method: 'marker', marker_size_cm: 22, image: photo },
      staff,
    );
    expect(created.status).toBe(201);
    expectDocumented('post', '/api/v1/calibration', created);
    expect(created.body.calibration).toMatchObject({ method: 'marker', reference: { marker_size_cm: 22 } });
    expect(created.body.calibration.camera.height_cm).toBeCloseTo(124, 1);
    expect(created.body.calibration.camera.tilt_deg).toBeCloseTo(3, 2);
    expect(created.body.calibration.camera.tilt_source).toBe('measured');
    expect(created.body.detail).toMatch(/22 cm floor marker/);
    const status = await call<StatusBody>(`${harness.url}/api/v1/calibration`);
    expectDocumented('get', '/api/v1/calibration', status);
    for (const code of ['calibration_marker_not_found', 'calibration_marker_too_small', 'calibration_unsolvable'] as const) {
      reader = async () => {
        throw new CalibrationError(code, `refused: ${code}`);
      };
      const refused = await postJson<{ code: string }>(
        `${harness.url}/api/v1/calibration`,
        { method: 'marker', marker_size_cm: 22, image: photo },
        staff,
      );
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe(code);
    }
    expect(store.read()!.id).toBe(created.body.calibration.id);
  });

  it('answers 400 for a marker size out of range, a person field on a marker and an unknown method', async () => {
    const staff = await staffHeaders(harness.url);
    for (const [body, detail] of [
      [{ method: 'marker', marker_size_cm: 2, image: photo }, /marker_size_cm must be at least 10/],
      [{ method: 'marker', marker_size_cm: 22, person_height_cm: 170, image: photo }, /unknown field\(s\) person_height_cm/],
      [{ method: 'laser', image: photo }, /method must be "person" .* or "marker"/],
    ] as const) {
      const bad = await postJson<{ code: string; detail: string }>(`${harness.url}/api/v1/calibration`, body, staff);
      expect(bad.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(bad.body.detail).toMatch(detail);
    }
    expect(store.read()).toBeNull();
  });
});

describe('camera calibration API with scoped keys', () => {
  const keys = {
    apiKey: 'calibration-full-key-0123456789',
    posApiKey: 'calibration-pos-key-0123456789',
    staffApiKey: 'calibration-staff-key-012345678',
  };
  let harness: ApiHarness;
  beforeEach(async () => {
    harness = await startApiHarness({
      config: keys,
      calibration: (dataDir) => ({ store: new CalibrationStore(dataDir), readPhotos: knownCameraReader }),
    });
  });
  afterEach(async () => harness.close());

  it('refuses the POS key with 403 and lets it read the calibration', async () => {
    const body = { method: 'person', person_height_cm: 176, image: toBase64(await makePhoto({ marker: 'face' })) };
    const refused = await postJson<{ code: string }>(`${harness.url}/api/v1/calibration`, body, { 'x-api-key': keys.posApiKey });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('scope_insufficient');
    expect((await call(`${harness.url}/api/v1/calibration`, { headers: { 'x-api-key': keys.posApiKey } })).status).toBe(200);
    expect((await postJson(`${harness.url}/api/v1/calibration`, body)).status).toBe(401);
    const marker = { method: 'marker', marker_size_cm: 22, image: body.image };
    const refusedMarker = await postJson<{ code: string }>(`${harness.url}/api/v1/calibration`, marker, { 'x-api-key': keys.posApiKey });
    expect(refusedMarker.status).toBe(403);
    expect(refusedMarker.body.code).toBe('scope_insufficient');
    expect((await postJson(`${harness.url}/api/v1/calibration`, marker, { 'x-api-key': keys.apiKey })).status).toBe(201);
  });
});
