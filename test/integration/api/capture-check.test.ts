import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaptureChecker, type CaptureChecker } from '../../../src/main/inference/capture-checks/capture-checker.js';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { aPoseRender, darkened, withoutFeet } from '../inference/embedded/photos.js';

interface CheckBody {
  ok: boolean;
  view: string;
  issues: Array<{ code: string; severity: string; message: string }>;
  timings: Record<string, number>;
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
