import { describe, expect, it } from 'vitest';
import {
  assumedStatureSdLevel,
  assumedStatureSdLevelOnDev,
  measurementSdCm,
  noHeightSdLevelFor,
  noHeightSdLevelOnDev,
  sdLevelOnDev,
  type ScanEvidence,
} from '../../../../src/main/inference/embedded/fit-uncertainty.js';
import type { SilhouetteFit, ViewFit } from '../../../../src/main/inference/embedded/silhouette-fit.js';

/** A fit whose only uncertainty is what the evidence adds (no posterior spread, residual at the mask's noise). */
function fitOf(views: Array<'front' | 'side'>): SilhouetteFit {
  const view = (name: 'front' | 'side'): ViewFit =>
    ({
      view: name,
      pose: { poseDeviationDeg: 0 },
      edgeCount: 100,
      inlierCount: 100,
      residualRmsCm: 0.3,
      residualMeanCm: 0,
      shiftPx: 0,
    }) as unknown as ViewFit;
  return {
    betas: new Float64Array(4),
    betaCovariance: new Float64Array(16),
    viewBetas: [],
    views: views.map(view),
  } as unknown as SilhouetteFit;
}

const sd = (name: string, evidence: ScanEvidence, sex: 'male' | 'female' | 'neutral' = 'female'): number =>
  measurementSdCm({ evidence, gradient: null, valueCm: 90, kind: 'girth', name, sex });

describe("a measurement's SD for one scan", () => {
  it("adds the clothing class's uncertainty only to girths read where the garment's ease is taken off", () => {
    const bare: ScanEvidence = { fit: fitOf(['front', 'side']), garmentGirthSdCm: 0, scaleRelativeSd: 0 };
    const loose: ScanEvidence = { ...bare, garmentGirthSdCm: 5 };
    expect(sd('waist', loose)).toBeGreaterThan(sd('waist', bare) + 2);
    expect(sd('waist_skin', loose)).toBeCloseTo(sd('waist', loose), 9);
    expect(sd('neck', loose)).toBeCloseTo(sd('neck', bare), 9);
    expect(sd('upper_arm', loose)).toBeCloseTo(sd('upper_arm', bare), 9);
  });

  it('adds the spread between clothing classes, at full size, to the girths a garment reaches when the class was judged, not given', () => {
    const given: ScanEvidence = { fit: fitOf(['front', 'side']), garmentGirthSdCm: 2.5, scaleRelativeSd: 0 };
    const judged: ScanEvidence = { ...given, openClassGirthSdCm: { trunk: 6, legs: 4 } };
    for (const name of ['chest', 'waist_skin', 'hip']) expect(sd(name, judged)).toBeCloseTo(Math.hypot(sd(name, given), 6), 9);
    for (const name of ['thigh', 'lower_thigh_skin', 'calf', 'ankle'])
      expect(sd(name, judged)).toBeCloseTo(Math.hypot(sd(name, given), 4), 9);
    for (const name of ['neck', 'neck_girth', 'head', 'upper_arm', 'forearm', 'wrist_skin'])
      expect(sd(name, judged)).toBeCloseTo(sd(name, given), 9);
    const length = (evidence: ScanEvidence) =>
      measurementSdCm({ evidence, gradient: null, valueCm: 80, kind: 'length', name: 'inseam', sex: 'female' });
    expect(length(judged)).toBeCloseTo(length(given), 9);
    expect(sd('chest', { ...given, openClassGirthSdCm: null })).toBeCloseTo(sd('chest', given), 9);
  });

  it('sits at the level fitted on the dev seed, which differs with and without a side photo', () => {
    const evidence = (views: Array<'front' | 'side'>): ScanEvidence => ({ fit: fitOf(views), garmentGirthSdCm: 2.5, scaleRelativeSd: 0 });
    const hip = sdLevelOnDev['hip']!.female;
    const ratio = sd('hip', evidence(['front'])) / sd('hip', evidence(['front', 'side']));
    expect(ratio).toBeCloseTo(hip.frontOnly / hip.withSide, 6);
    // A measurement without a dev figure keeps the components' own level.
    expect(sd('ankle', evidence(['front']))).toBeCloseTo(sd('ankle', evidence(['front', 'side'])), 6);
  });

  it("sits at each sex's own level, and a neutral body between the two", () => {
    const evidence: ScanEvidence = { fit: fitOf(['front']), garmentGirthSdCm: 2.5, scaleRelativeSd: 0 };
    const chest = sdLevelOnDev['chest']!;
    expect(sd('chest', evidence, 'male') / sd('chest', evidence, 'female')).toBeCloseTo(chest.male.frontOnly / chest.female.frontOnly, 6);
    const neutral = sd('chest', evidence, 'neutral');
    expect(neutral).toBeCloseTo(Math.sqrt(sd('chest', evidence, 'male') * sd('chest', evidence, 'female')), 6);
  });

  it('widens the SDs of a scan whose height was assumed by their own dev level, per sex', () => {
    const typed: ScanEvidence = { fit: fitOf(['front', 'side']), garmentGirthSdCm: 2.5, scaleRelativeSd: 0.04 };
    const assumed: ScanEvidence = { ...typed, heightAssumed: true };
    for (const sex of ['male', 'female'] as const) {
      expect(sd('chest', assumed, sex) / sd('chest', typed, sex)).toBeCloseTo(noHeightSdLevelOnDev['chest']![sex], 6);
    }
    expect(noHeightSdLevelFor('chest', 'neutral')).toBeCloseTo(
      Math.sqrt(noHeightSdLevelOnDev['chest']!.male * noHeightSdLevelOnDev['chest']!.female),
      9,
    );
    // A measurement without a fitted level keeps the typed-height SD.
    expect(sd('ankle', assumed, 'male')).toBeCloseTo(sd('ankle', typed, 'male'), 9);
  });

  it("puts an assumed stature's SD at each sex's dev level, a neutral body's between the two", () => {
    expect(assumedStatureSdLevel('male')).toBe(assumedStatureSdLevelOnDev.male);
    expect(assumedStatureSdLevel('female')).toBe(assumedStatureSdLevelOnDev.female);
    expect(assumedStatureSdLevel('neutral')).toBeCloseTo(Math.sqrt(assumedStatureSdLevelOnDev.male * assumedStatureSdLevelOnDev.female), 9);
  });
});
