import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenBodyModel } from '../../../../src/main/body/load-model.js';
import { measureBody, measurementRecord } from '../../../../src/main/body/measure.js';
import { measurementDefinition } from '../../../../src/main/body/measurement-definitions.js';
import type { BodyModel } from '../../../../src/main/body/model.js';
import { poseBody } from '../../../../src/main/body/pose.js';
import { loadShapeStats, type ShapeStats } from '../../../../src/main/body/shape-stats.js';
import { regressJoints, shapeBody } from '../../../../src/main/body/shape.js';
import { jointIndex } from '../../../../src/main/body/skeleton.js';
import { measurementGradient, measurementSdCm } from '../../../../src/main/inference/embedded/fit-uncertainty.js';
import { uncomparedViewNotes } from '../../../../src/main/inference/embedded/frame-sets.js';
import { fitSilhouettes, type FitView, type SilhouetteFit } from '../../../../src/main/inference/embedded/silhouette-fit.js';
import { armsDown, fitViewOf, photographMesh, type SyntheticPhoto } from './synthetic-photo.js';

/**
 * The fit on masks drawn in-process from known bodies (synthetic-photo.ts): the model's own mesh
 * with betas the fit does not start from, and meshes moved out of the model's span.
 */

const frontArms = armsDown(25);
const sideArms = armsDown(75);

/** The trunk from the hips to the lower chest of rest vertices widened and deepened by `factor` about the pelvis: a body the shape space does not hold. */
function widenTorso(model: BodyModel, rest: Float32Array, factor: number): Float32Array {
  const out = Float32Array.from(rest);
  const joints = regressJoints(model, rest);
  const pelvis = jointIndex('pelvis') * 3;
  const low = joints[pelvis + 1]! - 0.12;
  const high = joints[jointIndex('spine3') * 3 + 1]!;
  const halfWidth = Math.abs(joints[jointIndex('left_hip') * 3]! - joints[pelvis]!) * 2.6;
  for (let v = 0; v < model.vertexCount; v++) {
    const y = rest[v * 3 + 1]!;
    if (y < low || y > high || Math.abs(rest[v * 3]! - joints[pelvis]!) > halfWidth) continue;
    out[v * 3] = joints[pelvis]! + (out[v * 3]! - joints[pelvis]!) * factor;
    out[v * 3 + 2] = joints[pelvis + 2]! + (out[v * 3 + 2]! - joints[pelvis + 2]!) * factor;
  }
  return out;
}

interface Subject {
  truth: Record<string, number>;
  front: SyntheticPhoto;
  side: SyntheticPhoto;
}

/** A body of `betas`, its torso widened by `factor` (1: as the model makes it), photographed front and side. */
function subject(model: BodyModel, betas: number[], factor = 1): Subject {
  const tPose = widenTorso(model, shapeBody(model, betas), factor);
  const photo = (bodyPose: Float64Array, yawDeg: number): SyntheticPhoto => {
    const posed = poseBody(model, { betas, bodyPose, restVertices: tPose });
    return photographMesh(model, posed.vertices, posed.joints, { yawDeg });
  };
  return { truth: measurementRecord(measureBody(model, tPose)), front: photo(frontArms, 0), side: photo(sideArms, 90) };
}

/** The fit at the body's true height; the sole and eases default to none. */
function fit(
  model: BodyModel,
  truth: Record<string, number>,
  views: FitView[],
  options: { soleM?: number; easeM?: number; sideEaseM?: number } = {},
): { fit: SilhouetteFit; measured: Record<string, number> } {
  const { soleM = 0, easeM = 0, sideEaseM } = options;
  const result = fitSilhouettes({ model, views, statureM: truth.height! / 100, soleM, easeM, sideEaseM })!;
  return { fit: result, measured: measurementRecord(measureBody(model, shapeBody(model, result.betas))) };
}

let female: BodyModel;
let male: BodyModel;
let femaleStats: ShapeStats;
// Far from the mean (|β| ≈ 1.2 SD each), where a fit pulled to the prior would show it.
const broadBetas = [1.4, -0.8, 1.1, 0.6, -1.2, 0.9, -0.5, 0.7, 0.3, -0.6, 0.4, 0.2, -0.3, 0.5, -0.2, 0.1, 0.3, -0.1, 0.2, -0.2];
const slimBetas = broadBetas.map((beta, k) => (k < 3 ? -beta : beta * 0.5));

beforeAll(async () => {
  [female, male, femaleStats] = await Promise.all([loadOpenBodyModel('female'), loadOpenBodyModel('male'), loadShapeStats('female')]);
});

describe('fitting the body model to front and side silhouettes', () => {
  it('recovers the chest, waist and hip girths of bodies it was not started from within 3 cm', () => {
    for (const [model, betas] of [
      [female, broadBetas],
      [male, slimBetas],
    ] as const) {
      const body = subject(model, betas);
      const { measured, fit: result } = fit(model, body.truth, [fitViewOf('front', body.front), fitViewOf('side', body.side)]);
      for (const name of ['chest', 'waist', 'hip'])
        expect(Math.abs(measured[name]! - body.truth[name]!), `${model.name} ${name}`).toBeLessThan(3);
      expect(Math.abs(measured.height! - body.truth.height!)).toBeLessThan(0.5);
      for (const view of result.views) expect(view.residualRmsCm).toBeLessThan(0.6);
    }
  });

  it("takes two steps from a start near the body (a burst's first fit) to girths within 0.5 cm of the fit from the survey mean", () => {
    const body = subject(female, broadBetas);
    const views = [fitViewOf('front', body.front), fitViewOf('side', body.side)];
    const full = fit(female, body.truth, views);
    const started = fitSilhouettes({
      model: female,
      views,
      statureM: body.truth.height! / 100,
      soleM: 0,
      easeM: 0,
      start: { betas: Float64Array.from(broadBetas, (beta) => beta * 0.9), maxIterations: 2 },
    })!;
    expect(started.iterations).toBeLessThanOrEqual(2);
    expect(full.fit.iterations).toBeGreaterThan(2);
    const measured = measurementRecord(measureBody(female, shapeBody(female, started.betas)));
    for (const name of ['chest', 'waist', 'hip']) expect(Math.abs(measured[name]! - full.measured[name]!), name).toBeLessThan(0.5);
  });

  it("follows a torso outside the model's span: 6% wider and deeper gives a waist and hip wider by at least 40% as much, within 4 cm", () => {
    const plain = subject(female, slimBetas);
    const wide = subject(female, slimBetas, 1.06);
    const plainFit = fit(female, plain.truth, [fitViewOf('front', plain.front), fitViewOf('side', plain.side)]).measured;
    const wideFit = fit(female, wide.truth, [fitViewOf('front', wide.front), fitViewOf('side', wide.side)]).measured;
    for (const name of ['waist', 'hip']) {
      const trueGain = wide.truth[name]! - plain.truth[name]!;
      expect(trueGain, name).toBeGreaterThan(3);
      expect(wideFit[name]! - plainFit[name]!, name).toBeGreaterThan(0.4 * trueGain);
      expect(Math.abs(wideFit[name]! - wide.truth[name]!), name).toBeLessThan(4);
    }
  });

  it('leaves a larger residual and a wider SD when the side photo is of another body', () => {
    const body = subject(female, broadBetas);
    const other = subject(female, slimBetas);
    const matched = fit(female, body.truth, [fitViewOf('front', body.front), fitViewOf('side', body.side)]).fit;
    const mismatched = fit(female, body.truth, [fitViewOf('front', body.front), fitViewOf('side', other.side)]).fit;
    const worst = (result: SilhouetteFit): number => Math.max(...result.views.map((view) => view.residualRmsCm));
    expect(worst(mismatched)).toBeGreaterThan(worst(matched) + 0.3);
    const sdOf = (result: SilhouetteFit, name: string): number =>
      measurementSdCm({
        evidence: { fit: result, garmentGirthSdCm: 0, scaleRelativeSd: 0 },
        gradient: measurementGradient(femaleStats, measurementDefinition(name)!, 20),
        valueCm: 90,
        kind: 'girth',
        sex: 'female',
        name,
      });
    for (const name of ['chest', 'waist', 'hip']) expect(sdOf(mismatched, name), name).toBeGreaterThan(sdOf(matched, name) + 0.3);
  });

  it("turns the legs to the mask when BlazePose's hips are off sideways: the legs' fitted angles and the girths hardly move", () => {
    const body = subject(female, slimBetas);
    const side = fitViewOf('side', body.side);
    const front = fitViewOf('front', body.front);
    // The photo's left hip 8 px further left: the keypoints' hip-to-ankle line turns that leg by about 1°.
    const shifted: FitView = {
      ...front,
      body: {
        ...front.body!,
        keypoints: front.body!.keypoints.map((point) => (point.part === 'rightHip' ? { ...point, x: point.x - 8 } : point)),
      },
    };
    const plain = fit(female, body.truth, [front, side]);
    const moved = fit(female, body.truth, [shifted, side]);
    const legAngleDeg = (result: SilhouetteFit): number => {
      const pose = result.views.find((view) => view.view === 'front')!.pose.bodyPose;
      return (pose[(jointIndex('right_hip') - 1) * 3 + 2]! * 180) / Math.PI;
    };
    const keypointTurnDeg = ((8 / (front.floorY - front.topY)) * (180 / Math.PI)) / 0.47;
    expect(keypointTurnDeg).toBeGreaterThan(0.8);
    expect(Math.abs(legAngleDeg(moved.fit) - legAngleDeg(plain.fit))).toBeLessThan(0.3 * keypointTurnDeg);
    for (const name of ['chest', 'waist', 'hip']) expect(Math.abs(moved.measured[name]! - plain.measured[name]!), name).toBeLessThan(0.3);
  });

  it("starts a burst's set from the first set's leg turns, and from the keypoints' legs when that set had none to turn", () => {
    const body = subject(female, slimBetas);
    const views = [fitViewOf('front', body.front), fitViewOf('side', body.side)];
    const first = fit(female, body.truth, views).fit;
    const fitFrom = (legTurnsRad: Partial<Record<'front' | 'side', number[]>> | undefined): SilhouetteFit =>
      fitSilhouettes({
        model: female,
        views,
        statureM: body.truth.height! / 100,
        soleM: 0,
        easeM: 0,
        start: { betas: first.betas, maxIterations: 2, ...(legTurnsRad ? { legTurnsRad } : {}) },
      })!;
    const frontTurns = (result: SilhouetteFit): number[] => result.views.find((view) => view.view === 'front')!.legTurnsRad;
    expect(frontTurns(first)).toHaveLength(2);
    // From the first set's turns: where the first fit left them, give or take its last small steps.
    frontTurns(fitFrom({ front: frontTurns(first) })).forEach((turn, k) => expect(turn).toBeCloseTo(frontTurns(first)[k]!, 3));
    // A first set whose front had no legs to turn hands on none: the legs are still turned, from the keypoints' pose.
    expect(frontTurns(fitFrom({ front: [] }))).toEqual(frontTurns(fitFrom(undefined)));
    expect(frontTurns(fitFrom({ front: [] }))).toHaveLength(2);
  });

  it("takes the clothing class's ease off every girth, and a shoe sole out of the scale, keeping the typed height", () => {
    const body = subject(male, slimBetas);
    const views = [fitViewOf('front', body.front), fitViewOf('side', body.side)];
    const measure = (easeM: number, soleM: number) => fit(male, body.truth, views, { easeM, soleM }).measured;
    const bare = measure(0, 0);
    const clothed = measure(0.016, 0);
    for (const name of ['chest', 'waist', 'hip']) {
      // 1.6 cm off the skin all round is about 10 cm of girth; the prior keeps some of it, and the
      // waist, tied by the shape directions to the hips and legs below it, loses up to 12.2 cm.
      expect(bare[name]! - clothed[name]!, name).toBeGreaterThan(5);
      expect(bare[name]! - clothed[name]!, name).toBeLessThan(12.5);
    }
    // Told that the photo shows the customer on a 3 cm sole, the same pixels span 3 cm more: the
    // camera is further away and the body wider by about 3 cm / stature, at the typed height.
    const onSoles = measure(0, 0.03);
    expect(Math.abs(onSoles.height! - body.truth.height!)).toBeLessThan(0.5);
    const expectedGain = (bare.waist! * 3) / body.truth.height!;
    expect(onSoles.waist! - bare.waist!).toBeGreaterThan(0.5 * expectedGain);
    expect(onSoles.waist! - bare.waist!).toBeLessThan(2 * expectedGain);
  });

  it('takes the profile ease off the profile outline only: the girths shrink less than with that ease all round', () => {
    const body = subject(male, slimBetas);
    const front = fitViewOf('front', body.front);
    const measure = (views: FitView[], easeM: number, sideEaseM?: number) => fit(male, body.truth, views, { easeM, sideEaseM }).measured;
    const both = [front, fitViewOf('side', body.side)];
    const bare = measure(both, 0);
    const profileOnly = measure(both, 0, 0.02);
    const allRound = measure(both, 0.02);
    // The hip is read below the hip keypoints, on the legs' rows, where the legs' ease applies.
    for (const name of ['chest', 'waist']) {
      expect(bare[name]! - profileOnly[name]!, name).toBeGreaterThan(1.5);
      expect(profileOnly[name]! - allRound[name]!, name).toBeGreaterThan(1.5);
    }
    // Without a profile photo the profile ease changes nothing.
    expect(measure([front], 0, 0.02)).toEqual(measure([front], 0));
  });
  it("follows a profile whose trunk leans ahead of the model's centre line: the sway takes the lean, the girths stay", () => {
    const betas = broadBetas.map((beta) => beta * 0.5);
    const straight = subject(female, betas);
    // The customer leans forward from the hips in the profile photo: 4 cm at 1.4 m above the floor, keypoints with it.
    const leanM = (heightM: number): number => (0.04 * Math.max(0, heightM - 0.9)) / 0.5;
    const posed = poseBody(female, { betas, bodyPose: sideArms });
    let floor = Infinity;
    for (let v = 1; v < posed.vertices.length; v += 3) floor = Math.min(floor, posed.vertices[v]!);
    const lean = (points: Float32Array): Float32Array => {
      const out = Float32Array.from(points);
      for (let p = 0; p < out.length; p += 3) out[p + 2] = out[p + 2]! + leanM(out[p + 1]! - floor);
      return out;
    };
    const leaning = photographMesh(female, lean(posed.vertices), lean(posed.joints), { yawDeg: 90 });
    const front = fitViewOf('front', straight.front);
    const upright = fit(female, straight.truth, [front, fitViewOf('side', straight.side)]);
    const leant = fit(female, straight.truth, [front, fitViewOf('side', leaning)]);
    const sway = leant.fit.views.find((view) => view.view === 'side')!.swayM;
    expect(sway).toHaveLength(3);
    // The sway is the profile's offset relative to 1 m (the view's shift carries the rest): 2.4 cm more at 1.3 m.
    const swayAt = (heightM: number): number => [1, 2, 3].reduce((sum, power, k) => sum + ((heightM - 1) / 0.5) ** power * sway[k]!, 0);
    expect(Math.abs(Math.abs(swayAt(1.3)) - (leanM(1.3) - leanM(1))), 'sway at 1.3 m').toBeLessThan(0.008);
    for (const name of ['chest', 'waist', 'hip']) expect(Math.abs(leant.measured[name]! - upright.measured[name]!), name).toBeLessThan(1);
  });
  it('compares a profile whose ankles BlazePose scores low, placing them above the heels or the floor row', () => {
    const body = subject(female, broadBetas);
    const front = fitViewOf('front', body.front);
    const scored = fit(female, body.truth, [front, fitViewOf('side', body.side)]);
    for (const unsure of [/Ankle$/, /(Ankle|Heel)$/]) {
      const side = fitViewOf('side', withScores(body.side, unsure, 0.2));
      const result = fit(female, body.truth, [front, side]);
      expect(
        result.fit.views.map((view) => view.view),
        String(unsure),
      ).toEqual(['front', 'side']);
      for (const name of ['chest', 'waist', 'hip']) {
        expect(Math.abs(result.measured[name]! - scored.measured[name]!), `${name}, ${unsure}`).toBeLessThan(0.5);
      }
    }
  });
  it('says so in the notes when a photo could not be outlined at all, and fits the other alone', () => {
    const body = subject(female, broadBetas);
    const front = fitViewOf('front', body.front);
    const side = fitViewOf('side', withScores(body.side, /(Shoulder|Hip)$/, 0.1));
    const result = fit(female, body.truth, [front, side]);
    expect(result.fit.views.map((view) => view.view)).toEqual(['front']);
    expect(result.measured).toEqual(fit(female, body.truth, [front]).measured);
    expect(uncomparedViewNotes([front, side], result.fit)).toEqual([
      "The side photo's outline could not be compared (the body's keypoints were not found well enough in it): " +
        'the figures come from the front photo alone, with its confidence.',
    ]);
    expect(
      uncomparedViewNotes([front, fitViewOf('side', body.side)], fit(female, body.truth, [front, fitViewOf('side', body.side)]).fit),
    ).toEqual([]);
  });
});

/** The photo with the keypoints whose part matches `parts` scored `score` (BlazePose unsure of them). */
function withScores(photo: SyntheticPhoto, parts: RegExp, score: number): SyntheticPhoto {
  return {
    ...photo,
    body: { ...photo.body, keypoints: photo.body.keypoints.map((point) => (parts.test(point.part) ? { ...point, score } : point)) },
  };
}
