/**
 * The capture checks' dev set: photos with a known right answer, and what Human sees in them.
 *
 * - Ideal-pose renders of the open body model (scripts/render/body-renderer.ts, Chromium): bodies
 *   drawn from the survey Gaussian with the dev seed, front with the arms anywhere in the range the
 *   kiosk asks for (15–45° below the T-pose) and turned up to ±5°, side turned 85–95° with the arms
 *   hanging; camera height 1.0–1.2 m and distance 3.0–3.5 m (the kiosk's framing: head and feet in
 *   view with room to spare). Every one should be accepted.
 * - Per body one photo that must be refused, in turn: arms hanging against the body (front),
 *   turned 40° (front), turned only 50° (side).
 * - The full-body photos of @vladmandic/human/assets (the test photos of test/integration): the
 *   A-pose render is acceptable, the mirror selfie (an arm against the body) is not.
 * - Each of them mirrored left to right, resized to 60%, and re-encoded as JPEG quality 60: every
 *   copy should get the decision of its original.
 *
 * Writes the observations (the checks' whole input) as JSON, so that choose-thresholds.ts can try
 * thresholds without running Human again.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { exportGlb } from '../../src/main/body/export-glb.js';
import { loadOpenBodyModel } from '../../src/main/body/load-model.js';
import { poseBody } from '../../src/main/body/pose.js';
import { jointIndex } from '../../src/main/body/skeleton.js';
import { captureHumanOptions } from '../../src/main/inference/capture-checks/human-settings.js';
import { observeFrame } from '../../src/main/inference/capture-checks/observe-frame.js';
import type { CaptureView, FrameObservation } from '../../src/main/inference/capture-checks/types.js';
import { createHumanRuntime } from '../../src/main/inference/human/human-runtime.js';
import { aPoseRender, mirrorSelfie } from '../../test/integration/inference/embedded/photos.js';
import { normalSampler } from '../body/evaluation.js';
import { openBodyRenderer } from '../render/body-renderer.js';
import { photoCopies } from './photo-copies.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Tuning happens on this seed only; a test seed for a report is any other. */
export const captureDevSeed = 20261203;

export interface DevPhoto {
  /** The photo it is a copy of (its own name for an original). */
  original: string;
  name: string;
  variant: 'original' | 'mirrored' | 'resized' | 'reencoded';
  view: CaptureView;
  /** Whether a member of staff would accept the original. */
  acceptable: boolean;
  /** For a photo that must be refused, the refusal it must get. */
  expectedRefusal: string | null;
  /** What the render was made with (degrees, metres). */
  conditions: Record<string, number> | null;
  observation: FrameObservation;
}

function armsDown(degrees: number): Float64Array {
  const pose = new Float64Array(69);
  const radians = (degrees * Math.PI) / 180;
  // SMPL's left arm points along +x: lowering it is a negative turn about z; the right arm mirrors.
  pose[(jointIndex('left_shoulder') - 1) * 3 + 2] = -radians;
  pose[(jointIndex('right_shoulder') - 1) * 3 + 2] = radians;
  return pose;
}

/** Φ(z), Abramowitz–Stegun 7.1.26 (error below 1.5e-7): turns the seeded normal draws into uniform ones. */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const variants = photoCopies;

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      bodies: { type: 'string', default: '12' },
      seed: { type: 'string', default: String(captureDevSeed) },
      out: { type: 'string', default: join(root, 'out/capture-dev-set.json') },
      /** A folder to keep the original photos in, to look at them. */
      photos: { type: 'string' },
      /** BlazePose's variant (lite, full, heavy): the scan's and the checks' own unless another is being compared. */
      'body-model': { type: 'string', default: captureHumanOptions.bodyModel },
    },
  });
  const bodyModel = z.enum(['lite', 'full', 'heavy']).parse(args['body-model']);
  const bodiesPerSex = Number(args.bodies);
  const seed = Number(args.seed);
  const runtime = await createHumanRuntime({ ...captureHumanOptions, bodyModel, log: () => {} });
  const renderer = await openBodyRenderer();
  const photos: DevPhoto[] = [];
  const observe = async (bytes: Buffer, entry: Omit<DevPhoto, 'observation' | 'variant' | 'name'>): Promise<void> => {
    if (args.photos) {
      mkdirSync(args.photos, { recursive: true });
      writeFileSync(join(args.photos, `${entry.original.replaceAll(' ', '_')}.jpg`), bytes);
    }
    photos.push({
      ...entry,
      name: entry.original,
      variant: 'original',
      observation: (await observeFrame(runtime, bytes, entry.view)).observation,
    });
    for (const [variant, make] of Object.entries(variants) as [keyof typeof variants, (photo: Buffer) => Promise<Buffer>][]) {
      const copy = await make(bytes);
      photos.push({
        ...entry,
        name: `${entry.original} ${variant}`,
        variant,
        observation: (await observeFrame(runtime, copy, entry.view)).observation,
      });
    }
    process.stderr.write(`observed ${entry.original}\n`);
  };
  try {
    for (const gender of ['female', 'male'] as const) {
      const model = await loadOpenBodyModel(gender);
      const normal = normalSampler(seed + (gender === 'male' ? 1 : 0));
      const uniform = (low: number, high: number): number => low + (high - low) * normalCdf(normal());
      for (let subject = 0; subject < bodiesPerSex; subject += 1) {
        const betas = Array.from({ length: model.betaCount }, () => normal());
        const camera = { widthPx: 720, heightPx: 1280, fovDeg: 50, heightM: uniform(1.0, 1.2), distanceM: uniform(3.0, 3.5) };
        const frontArmsDownDeg = uniform(15, 45);
        const frontYawDeg = uniform(-5, 5);
        // Every third side photo at exactly 90°: the case that used to be refused.
        const sideYawDeg = subject % 3 === 0 ? 90 : uniform(85, 95);
        const front = poseBody(model, { betas, bodyPose: armsDown(frontArmsDownDeg) });
        const side = poseBody(model, { betas, bodyPose: armsDown(75) });
        const shared = { acceptable: true, expectedRefusal: null, conditions: null };
        await observe(await renderer.photograph({ glb: exportGlb(model, front.vertices), yawDeg: frontYawDeg, camera }), {
          ...shared,
          original: `${gender}-${subject} front`,
          view: 'front',
          conditions: { armsDownDeg: frontArmsDownDeg, yawDeg: frontYawDeg, cameraHeightM: camera.heightM, distanceM: camera.distanceM },
        });
        await observe(await renderer.photograph({ glb: exportGlb(model, side.vertices), yawDeg: sideYawDeg, camera }), {
          ...shared,
          original: `${gender}-${subject} side`,
          view: 'side',
          conditions: { armsDownDeg: 75, yawDeg: sideYawDeg, cameraHeightM: camera.heightM, distanceM: camera.distanceM },
        });
        // One photo that must be refused per body, in turn: arms hanging against the body, turned
        // 40° away from the camera on the front photo, turned only 50° on the side photo.
        const wrong = [
          { view: 'front', yawDeg: frontYawDeg, armsDownDeg: 80, expectedRefusal: 'arms_against_body' },
          { view: 'front', yawDeg: 40, armsDownDeg: frontArmsDownDeg, expectedRefusal: 'not_facing_camera' },
          { view: 'side', yawDeg: 50, armsDownDeg: 75, expectedRefusal: 'not_in_profile' },
        ][subject % 3]!;
        const wrongPose = poseBody(model, { betas, bodyPose: armsDown(wrong.armsDownDeg) });
        await observe(await renderer.photograph({ glb: exportGlb(model, wrongPose.vertices), yawDeg: wrong.yawDeg, camera }), {
          original: `${gender}-${subject} ${wrong.view} ${wrong.expectedRefusal}`,
          view: wrong.view as CaptureView,
          acceptable: false,
          expectedRefusal: wrong.expectedRefusal,
          conditions: { armsDownDeg: wrong.armsDownDeg, yawDeg: wrong.yawDeg, cameraHeightM: camera.heightM, distanceM: camera.distanceM },
        });
      }
    }
    await observe(await aPoseRender(), {
      original: 'assets A-pose render',
      view: 'front',
      acceptable: true,
      expectedRefusal: null,
      conditions: null,
    });
    await observe(await mirrorSelfie(), {
      original: 'assets mirror selfie',
      view: 'front',
      acceptable: false,
      expectedRefusal: 'arms_against_body',
      conditions: null,
    });
  } finally {
    await renderer.close();
    runtime.dispose();
  }
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify({ seed, bodiesPerSex, photos })}\n`);
  process.stderr.write(`wrote ${photos.length} observations to ${args.out}\n`);
}

await main();
