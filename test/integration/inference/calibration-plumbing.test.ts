import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalibrationStore } from '../../../src/main/calibration/calibration-store.js';
import { makeJpeg } from '../../helpers/images.js';
import { useInferenceHostHarness } from '../../helpers/inference-host-harness.js';
import { waitFor } from '../../helpers/wait-for.js';

const testPipelineUrl = new URL('../../fixtures/pipelines/test-pipeline.ts', import.meta.url).href;

/** A calibration as solve-person.ts makes it, stored in the harness's folder. */
function calibrate(store: CalibrationStore) {
  return store.save({
    method: 'person',
    camera: {
      focalPx: 1372.5,
      imageWidth: 720,
      imageHeight: 1280,
      heightM: 1.21,
      tiltDeg: 0,
      tiltSource: 'assumed_level',
      verticalFovDeg: 50,
    },
    reference: {
      personHeightCm: 176,
      soleCm: 0,
      floorDistanceM: 3,
      floorShare: 0.86,
      horizon: null,
      views: [{ view: 'front', topY: 320, floorY: 1100.8, heightM: 1.21 }],
    },
  });
}

describe('the camera calibration through the inference host', () => {
  const h = useInferenceHostHarness({ prefix: 'perfit-host-calibration-', leaseMs: 5_000 });

  it("gives each scan the stored calibration, keeps the pipeline's warnings on the avatar, and notes the scan's floor line", async () => {
    const store = new CalibrationStore(join(h.dir, 'data'));
    const record = calibrate(store);
    h.start({ modelsDir: join(h.dir, 'models'), choice: 'auto', pipelineModuleUrl: testPipelineUrl }, { calibration: store });
    const job = await h.enqueuePhoto(await makeJpeg(), { heightCm: null });
    const done = await waitFor(h.finished(job.id));
    expect(done.status).toBe('completed');
    const avatar = h.avatars.get(done.avatarId!)!;
    expect(avatar.warnings).toContainEqual({ code: 'test_double_calibration', message: 'calibrated camera 1.21 m high' });
    expect(avatar.capture?.cameraHeightCm).toBe(171.4);
    const status = store.status();
    expect(status.checkedScans).toBe(1);
    expect(status.floorDriftShare).toBeCloseTo(0.875 - record.reference.floorShare, 9);
    expect(status.tiltChangeDeg).toBe(-0.25);
  });

  it('runs scans as before without a calibration', async () => {
    const store = new CalibrationStore(join(h.dir, 'data'));
    h.start({ modelsDir: join(h.dir, 'models'), choice: 'auto', pipelineModuleUrl: testPipelineUrl }, { calibration: store });
    const job = await h.enqueuePhoto(await makeJpeg());
    const done = await waitFor(h.finished(job.id));
    expect(done.status).toBe('completed');
    expect(h.avatars.get(done.avatarId!)!.warnings.map((warning) => warning.code)).not.toContain('test_double_calibration');
    expect(store.status()).toMatchObject({ state: 'missing', checkedScans: 0 });
  });
});
