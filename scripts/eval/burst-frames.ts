/**
 * A burst as the kiosk sends it (issue 12, multi-frame capture): a few frames of one view taken
 * within a second around the auto-capture moment. Between frames a customer standing still still
 * sways, turns a little and leans; the light flickers and the sensor noise is new. The arms keep
 * their pose (the body is built once per view: rebuilding it per frame costs seconds), so the
 * frames differ by the body's placement, the light and the noise, and the person mask and the
 * keypoints differ with them.
 */
import type { SceneMesh, View } from './body-scene.js';
import type { PhotoLook } from './capture-conditions.js';
import { randomFor } from './random.js';
import type { EvalSeed } from './population.js';

export interface FrameJitter {
  /** Sideways and towards-the-camera sway of the whole body (metres), in the body's frame before its turn. */
  swayXM: number;
  swayZM: number;
  /** Lean about the ankles, sideways and forwards (degrees). */
  leanSideDeg: number;
  leanForwardDeg: number;
  /** Added to the view's turn (degrees). */
  turnDeg: number;
  /** The key light's intensity, as a factor. */
  keyFactor: number;
}

/** Frame-to-frame limits: a customer told to stand still on the floor markers (uniform ±). */
export const frameJitterLimits = { swayM: 0.015, leanDeg: 0.7, turnDeg: { front: 1.5, side: 2 }, keyShare: 0.05 } as const;

/** Frame 0 is the photo shown to the customer: the single-photo scan's own, no jitter. */
export function drawFrameJitter(seed: EvalSeed, subjectId: string, view: View, frame: number): FrameJitter {
  if (frame === 0) return { swayXM: 0, swayZM: 0, leanSideDeg: 0, leanForwardDeg: 0, turnDeg: 0, keyFactor: 1 };
  const random = randomFor(seed, subjectId, 'burst', view, frame);
  const { swayM, leanDeg, turnDeg, keyShare } = frameJitterLimits;
  return {
    swayXM: random.uniform(-swayM, swayM),
    swayZM: random.uniform(-swayM, swayM),
    leanSideDeg: random.uniform(-leanDeg, leanDeg),
    leanForwardDeg: random.uniform(-leanDeg, leanDeg),
    turnDeg: random.uniform(-turnDeg[view], turnDeg[view]),
    keyFactor: 1 + random.uniform(-keyShare, keyShare),
  };
}

/** The scene's body moved as the jitter says: leaned about the floor point under the body, then swayed. */
export function jitteredMesh(mesh: SceneMesh, jitter: FrameJitter): SceneMesh {
  const side = (jitter.leanSideDeg * Math.PI) / 180;
  const forward = (jitter.leanForwardDeg * Math.PI) / 180;
  const [cs, ss, cf, sf] = [Math.cos(side), Math.sin(side), Math.cos(forward), Math.sin(forward)];
  const positions = new Float32Array(mesh.positions.length);
  for (let v = 0; v < positions.length; v += 3) {
    const x0 = mesh.positions[v]!;
    const y0 = mesh.positions[v + 1]!;
    const z0 = mesh.positions[v + 2]!;
    // Sideways lean: about the z axis; forward lean: about the x axis (positive tips the head forward, +z).
    const x1 = cs * x0 - ss * y0;
    const y1 = ss * x0 + cs * y0;
    const y2 = cf * y1 - sf * z0;
    const z2 = sf * y1 + cf * z0;
    positions[v] = x1 + jitter.swayXM;
    positions[v + 1] = y2;
    positions[v + 2] = z2 + jitter.swayZM;
  }
  return { ...mesh, positions };
}

export function jitteredLook(look: PhotoLook, jitter: FrameJitter): PhotoLook {
  return { ...look, keyIntensity: look.keyIntensity * jitter.keyFactor };
}
