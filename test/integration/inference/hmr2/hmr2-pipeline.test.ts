import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkHealth } from '../../../../src/main/api/health/routes.js';
import { CalibrationStore } from '../../../../src/main/calibration/calibration-store.js';
import { focalFromFov } from '../../../../src/main/calibration/camera-geometry.js';
import { decodeSmplParamsNpz } from '../../../../src/main/body/smpl-params.js';
import { loadConfig } from '../../../../src/main/config.js';
import type { InferenceHost } from '../../../../src/main/inference/inference-host.js';
import type { Job } from '../../../../src/main/jobs/types.js';
import {
  tinyBodyPoseAngle,
  tinyDetections,
  tinyDetectorOnnx,
  writeHmr2ModelsDir,
  type Hmr2TestManifest,
} from '../../../helpers/hmr2-model-files.js';
import { useInferenceHostHarness } from '../../../helpers/inference-host-harness.js';
import { waitFor } from '../../../helpers/wait-for.js';
import { aPoseRender, mirrorSelfie } from '../embedded/photos.js';

/**
 * The hmr2 pipeline end to end through the real inference worker thread, job queue and SQLite
 * file, with the tiny stand-in models (test/helpers/hmr2-model-files.ts) on photos cut from
 * @vladmandic/human's assets. The stand-ins' numbers mean nothing about the person; what is
 * checked is that every stage runs on the real runtime and the result is whole and reported.
 */

describe('hmr2 pipeline through the inference worker', () => {
  const h = useInferenceHostHarness({ prefix: 'perfit-hmr2-e2e-', leaseMs: 10_000 });
  let manifest: Hmr2TestManifest;

  async function startHost(options: Parameters<typeof writeHmr2ModelsDir>[1] = {}, calibration?: CalibrationStore): Promise<InferenceHost> {
    const modelsDir = join(h.dir, 'models');
    manifest = await writeHmr2ModelsDir(modelsDir, options);
    const host = h.start({ modelsDir, choice: 'auto', pipelineModuleUrl: null }, calibration ? { calibration } : {});
    await host.whenSettled();
    return host;
  }

  const enqueue = (photo: Buffer, heightCm: number | null): Promise<Job> => h.enqueuePhoto(photo, { heightCm, gender: 'neutral' });
  const finished = (id: string) => h.finished(id);

  it('auto picks hmr2, runs a real photo to a mesh and measurements, and reports the CPU provider everywhere', async () => {
    const running = await startHost();
    expect(running.status()).toMatchObject({ ready: true, pipeline: { name: 'hmr2', executionProvider: 'cpu' } });
    expect(running.status().pipeline?.selectionNote).toMatch(/^auto: .*running on cpu: cuda unavailable/);

    const job = await enqueue(await mirrorSelfie(), 170);
    const done = await waitFor(finished(job.id), 60_000, 'hmr2 job to finish');
    expect(done.status).toBe('completed');
    expect(done.progressPercent).toBe(100);
    expect(done.stageTimings.map((timing) => timing.stage)).toEqual(['detect', 'crop', 'regress', 'body', 'measure', 'export']);
    for (const timing of done.stageTimings) expect(timing.durationMs).toBeGreaterThanOrEqual(0);

    const avatar = h.avatars.get(done.avatarId!)!;
    // The staff's height wins over the stand-in's body: the mesh is scaled to it.
    expect(avatar.heightCm).toBeCloseTo(170, 1);
    for (const value of [
      avatar.chestCircumferenceCm,
      avatar.waistCircumferenceCm,
      avatar.hipCircumferenceCm,
      avatar.inseamCm,
      avatar.shoulderWidthCm,
      avatar.armLengthCm,
      avatar.thighCircumferenceCm,
      avatar.neckCircumferenceCm,
    ]) {
      expect(value).toBeGreaterThan(10);
      expect(value).toBeLessThan(150);
    }
    expect(avatar.waistCircumferenceCm).toBeLessThan(avatar.hipCircumferenceCm);
    // The stand-in regressor's rotations come back as SMPL axis-angle.
    expect(avatar.globalOrient).toEqual([expect.closeTo(Math.PI, 5), expect.closeTo(0, 6), expect.closeTo(0, 6)]);
    expect(avatar.bodyPose.slice(0, 6)).toEqual(
      [0, 0, tinyBodyPoseAngle(0), 0, 0, tinyBodyPoseAngle(1)].map((value) => expect.closeTo(value, 6)),
    );
    expect(avatar.betas).toHaveLength(10);
    expect(avatar.provenance).toMatchObject({
      pipeline: 'hmr2',
      executionProvider: 'cpu',
      models: [
        { name: 'tiny-vitdet', sha256: manifest.models['vitdet']!.sha256 },
        { name: 'tiny-hmr2', sha256: manifest.models['hmr2']!.sha256 },
      ],
      bodyModel: { name: 'SMPL-format test body', sha256: manifest.files['smpl_neutral']!.sha256 },
    });
    expect(avatar.provenance.notes.join(' ')).toMatch(/2 people were detected; the largest was measured/);
    expect(avatar.provenance.notes.join(' ')).toMatch(/scaled by [\d.]+ to the customer's 170 cm/);

    const files = h.avatars.artifacts(done.avatarId!);
    expect(files.map((artifact) => artifact.name).sort()).toEqual([
      'avatar.json',
      'mesh.glb',
      'mesh.obj',
      'smplx_params.npz',
      'source.jpg',
    ]);
    for (const artifact of files) expect(existsSync(artifact.localPath)).toBe(true);
    const obj = readFileSync(h.avatars.artifact(done.avatarId!, 'mesh.obj')!.localPath, 'utf8');
    expect(obj.split('\n').filter((line) => line.startsWith('v ')).length).toBe(5656);
    const params = decodeSmplParamsNpz(readFileSync(h.avatars.artifact(done.avatarId!, 'smplx_params.npz')!.localPath));
    expect(Array.from(params.betas)).toEqual(avatar.betas.map((beta) => expect.closeTo(beta, 5)));

    const health = checkHealth({
      config: loadConfig({ env: {}, overrides: { dataDir: h.dir } }),
      inference: running,
      database: { check: () => ({ ok: true }) },
      faceDetector: { isReady: () => true },
      queue: h.queue,
      clock: () => new Date(),
    });
    expect(health.components.inference_worker).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('hmr2 0.1.0 ready on cpu'),
      pipeline: { name: 'hmr2', execution_provider: 'cpu', selection_note: expect.stringContaining('cuda unavailable') },
    });
  }, 90_000);

  it('the betas follow the photo: another photo gives other betas, the same photo the same ones', async () => {
    await startHost();
    const photo = await aPoseRender();
    const jobs = [await enqueue(photo, null), await enqueue(photo, null), await enqueue(await mirrorSelfie(), null)];
    const betas: number[][] = [];
    for (const job of jobs) {
      const done = await waitFor(finished(job.id), 60_000, 'hmr2 job to finish');
      expect(done.status).toBe('completed');
      betas.push(h.avatars.get(done.avatarId!)!.betas);
    }
    expect(betas[1]).toEqual(betas[0]);
    expect(betas[2]).not.toEqual(betas[0]);
    const notes = h.avatars.get(h.queue.get(jobs[0]!.id)!.avatarId!)!.provenance.notes.join(' ');
    expect(notes).toMatch(/Height not given: the scale is HMR 2\.0's estimate/);
  }, 90_000);

  it('a burst: each front frame regressed, each figure the median over them, an unreadable frame left out and counted', async () => {
    await startHost();
    const [apose, selfie] = [await aPoseRender(), await mirrorSelfie()];
    const figures = async (photo: Buffer, frames: Buffer[] = []) => {
      const job = await h.enqueuePhoto(photo, { heightCm: 170, gender: 'neutral', frames });
      const done = await waitFor(finished(job.id), 60_000, 'hmr2 job to finish');
      expect(done.status, done.errorMessage ?? '').toBe('completed');
      return h.avatars.get(done.avatarId!)!;
    };
    const [one, other] = [await figures(apose), await figures(selfie)];
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4000, 7)]);
    const burst = await figures(apose, [selfie, garbage]);
    for (const measurement of one.measurements) {
      const second = other.measurements.find((each) => each.name === measurement.name)!;
      // Two readings: their median is their mean, and neither lies beyond 3 scaled MADs of it.
      const expected = (measurement.valueCm + second.valueCm) / 2;
      expect(burst.measurements.find((each) => each.name === measurement.name)!.valueCm, measurement.name).toBeCloseTo(expected, 6);
    }
    expect(burst.provenance.notes.join(' ')).toMatch(/Burst of 3 front frames: 2 frame sets measured; 1 frame left out/);
    // The body drawn is one frame's own (here both lie equally near the mean), never a blend.
    expect([one.betas, other.betas]).toContainEqual(burst.betas);
  }, 120_000);

  it('with a calibrated camera, reads the stature from the person box when no height is typed, and flags a typed height it disagrees with', async () => {
    const photo = await mirrorSelfie();
    const { width = 0, height = 0 } = await sharp(photo).metadata();
    // The stand-in detector's person runs from row 2 to row 62 of its 64: about 3% and 97% of a
    // portrait photo's height, the horizon halfway. Through a level camera 0.9 m high, the crown
    // standing 11% of the height behind the floor line's toes, that is someone about 1.86 m tall,
    // less the hair's 2.5 cm: some 183 cm barefoot.
    const store = new CalibrationStore(join(h.dir, 'data'));
    const calibration = store.save({
      method: 'person',
      camera: {
        focalPx: focalFromFov(height, 50),
        imageWidth: width,
        imageHeight: height,
        heightM: 0.9,
        tiltDeg: 0,
        tiltSource: 'assumed_level',
        verticalFovDeg: 50,
      },
      reference: {
        personHeightCm: 178,
        soleCm: 0,
        floorDistanceM: 3,
        floorShare: 0.97,
        // An edge this photo does not show: the scan looks for it beside the box, says so, and keeps the tilt.
        horizon: { share: 0.5, slope: 0, polarity: -1 },
        views: [{ view: 'front', topY: 0.03 * height, floorY: 0.97 * height, heightM: 0.9 }],
      },
    });
    await startHost({}, store);

    const scan = async (heightCm: number | null) => {
      const job = await h.enqueuePhoto(photo, { heightCm, gender: 'neutral', shoes: 'none' });
      const done = await waitFor(finished(job.id), 60_000, 'hmr2 job to finish');
      expect(done.status, done.errorMessage ?? '').toBe('completed');
      return h.avatars.get(done.avatarId!)!;
    };
    const measured = await scan(null);
    expect(measured.capture?.heightSource).toBe('camera');
    expect(measured.capture?.cameraHeightCm).toBeCloseTo(measured.heightCm, 2);
    expect(measured.heightCm).toBeGreaterThan(179);
    expect(measured.heightCm).toBeLessThan(189);
    const notes = measured.provenance.notes.join(' ');
    expect(notes).toContain(`Height not given: The calibrated camera measures ${measured.heightCm.toFixed(1)} cm`);
    expect(notes).toMatch(/scaled by [\d.]+ to the customer's 1\d\d(\.\d)? cm/);
    expect(notes).toContain("The background's horizontal edge seen at calibration was not found beside the customer");
    expect(measured.warnings).toEqual([]);

    const typed = await scan(measured.heightCm - 9);
    expect(typed.capture?.heightSource).toBe('typed');
    expect(typed.heightCm).toBeCloseTo(measured.heightCm - 9, 1);
    expect(typed.warnings.map((warning) => warning.code)).toEqual(['height_disagrees_with_camera']);
    // What the camera read stays with the avatar, for staff to choose over the typed height.
    expect(typed.capture?.cameraHeightCm).toBeCloseTo(measured.heightCm, 2);

    // Both scans' floor lines were handed to the store, which watches for a camera that has moved.
    const status = store.status();
    expect(status).toMatchObject({ checkedScans: 2, record: { id: calibration.id } });
    expect(status.state).not.toBe('stale');
    expect(Math.abs(status.floorDriftShare!)).toBeLessThan(0.01);
  }, 120_000);

  it('no person above the threshold: the job fails at once with no_person', async () => {
    await startHost({
      detector: tinyDetectorOnnx({
        detections: tinyDetections.map((detection) => ({ ...detection, score: Math.min(detection.score, 0.4) })),
      }),
    });
    const job = await enqueue(await aPoseRender(), 165);
    const done = await waitFor(finished(job.id), 60_000, 'hmr2 job to fail');
    expect(done).toMatchObject({ status: 'failed', errorCode: 'no_person', attempts: 1 });
    expect(done.errorMessage).toMatch(/No person was found/);
  }, 90_000);
});
