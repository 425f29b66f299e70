/**
 * The scenes of the calibrated-kiosk evaluation (issue 12): a kiosk's camera calibrated once with
 * a person of known height on the floor markers (flat shoes whose sole staff measured, hair flat,
 * tight clothes, as docs/calibration.md asks), then customers photographed by the same camera, its pose jittered
 * within what a kiosk mount allows between calibration and scan, the customer standing on the
 * markers give or take a few centimetres.
 */
import type { CaptureCondition } from './capture-conditions.js';
import type { EvalSeed } from './population.js';
import { randomFor } from './random.js';

/** How far a bolted kiosk camera drifts between calibration and a scan, and how far a customer stands off the markers. */
export const mountJitter = { tiltDeg: 0.3, heightM: 0.005, standOffM: 0.05 } as const;

/**
 * The calibrating person's shoe sole (mm), measured by staff and given with the calibration. Not
 * barefoot: bare feet on a floor of nearly their colour are lost by the person mask, whose floor
 * line then sits at the ankles.
 */
export const calibratorSoleMm = 20;

/** The calibrating person as the procedure asks: flat shoes of a known sole, hair flat, tight clothes, under the kiosk's camera. */
export function calibratorCondition(own: CaptureCondition, kioskCamera: CaptureCondition['camera']): CaptureCondition {
  return { ...own, clothing: 'tight', soleMm: calibratorSoleMm, hairVolumeMm: 0, hairLong: false, camera: kioskCamera };
}

/** The customer's condition with the camera as it stands at scan time: jittered pose, the customer a little off the markers. */
export function customerCondition(seed: EvalSeed, subjectId: string, own: CaptureCondition): CaptureCondition {
  const random = randomFor(seed, subjectId, 'calibrated-kiosk');
  const spread = (half: number): number => random.uniform(-half, half);
  return {
    ...own,
    camera: {
      ...own.camera,
      tiltDeg: own.camera.tiltDeg + spread(mountJitter.tiltDeg),
      heightM: own.camera.heightM + spread(mountJitter.heightM),
      distanceM: own.camera.distanceM + spread(mountJitter.standOffM),
    },
  };
}
