import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaptureChecker, type CaptureChecker } from '../../../src/main/inference/capture-checks/capture-checker.js';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { aPoseRender, darkened, withoutFeet } from '../inference/embedded/photos.js';

interface CheckBody {
  ok: boolean;
  view: string;
  issues: Array<{ code: string; severity: string; message: string }>;
  timings: Record<string, number>;
  person: {
    score: number;
    box: { x: number; y: number; width: number; height: number };
    keypoints: Array<{ part: string; x: number; y: number; score: number }>;
  } | null;
}

/** POST /api/v1/capture/check with the real checker (Human in its own worker thread) on real photos. */
describe('POST /api/v1/capture/check', () => {
  let checker: CaptureChecker;
  let harness: ApiHarness;

  beforeAll(async () => {
    checker = createCaptureChecker();
    harness = await startApiHarness({ captureChecker: checker });
    await checker.ready();
  }, 60_000);
  afterAll(async () => {
    await harness.close();
    await checker.close();
  });

  async function check(image: Buffer, view: 'front' | 'side'): Promise<{ status: number; body: CheckBody }> {
    const response = await fetch(`${harness.url}/api/v1/capture/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: image.toString('base64'), view }),
    });
    return { status: response.status, body: (await response.json()) as CheckBody };
  }

  it('passes a full-body front photo in A-pose, with timings per step', async () => {
    const { status, body } = await check(await aPoseRender(), 'front');
    expect(status).toBe(200);
    expect(body.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    expect(body.ok).toBe(true);
    expect(body.timings['total_ms']).toBeGreaterThan(0);
  });

  it('answers the pose in fractions of the frame, for the skeleton over the live video', async () => {
    const { body } = await check(await aPoseRender(), 'front');
    const person = body.person!;
    expect(person.score).toBeGreaterThan(0.5);
    const part = (name: string) => person.keypoints.find((keypoint) => keypoint.part === name)!;
    for (const name of ['nose', 'leftShoulder', 'rightShoulder', 'leftAnkle', 'rightAnkle']) {
      expect(part(name).x).toBeGreaterThan(0);
      expect(part(name).x).toBeLessThan(1);
      expect(part(name).score).toBeGreaterThan(0.5);
    }
    // A standing person: the head near the top, the ankles near the bottom, the box around them.
    expect(part('nose').y).toBeLessThan(0.25);
    expect(part('leftAnkle').y).toBeGreaterThan(0.75);
    expect(person.box.y).toBeLessThanOrEqual(part('nose').y);
    expect(person.box.y + person.box.height).toBeGreaterThanOrEqual(part('leftAnkle').y);
  });

  it('says the feet are out of the frame when they are cut off', async () => {
    const { status, body } = await check(await withoutFeet(await aPoseRender()), 'front');
    expect(status).toBe(200);
    expect(body.ok).toBe(false);
    expect(body.issues.map((issue) => issue.code)).toContain('feet_out_of_frame');
  });

  it('says the photo is too dark', async () => {
    const { body } = await check(await darkened(await aPoseRender()), 'front');
    expect(body.ok).toBe(false);
    expect(body.issues.map((issue) => issue.code)).toContain('too_dark');
  });

  it('refuses a body that is not a photo before running any model', async () => {
    const response = await fetch(`${harness.url}/api/v1/capture/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: Buffer.from('GIF89a' + 'x'.repeat(2000)).toString('base64'), view: 'front' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('unsupported_format');
  });

  it('refuses an unknown view, naming the allowed ones', async () => {
    const { status, body } = await check(await aPoseRender(), 'back' as 'front');
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/front.*side/);
  });
});
