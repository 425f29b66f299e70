import { describe, expect, it } from 'vitest';
import { loadOpenBodyModel } from '../../../../src/main/body/load-model.js';
import { loadShapeStats } from '../../../../src/main/body/shape-stats.js';
import { measureFit, measureFittedBody, regressedMethodPrefix } from '../../../../src/main/inference/embedded/body-step.js';
import { frontAloneHipWeight } from '../../../../src/main/inference/embedded/front-alone-hip.js';
import { fitSilhouettes } from '../../../../src/main/inference/embedded/silhouette-fit.js';
import { armsDown, fitViewOf, photographBody } from './synthetic-photo.js';

describe('measuring the fitted body', () => {
  it('says which figures are regressed, and gives each scan its own SD', async () => {
    const [model, stats] = await Promise.all([loadOpenBodyModel('male'), loadShapeStats('male')]);
    const scan = async (betas: number[], easeGirthSdCm: number) => {
      const photo = photographBody(model, betas, armsDown(25), 0);
      const fit = fitSilhouettes({
        model,
        views: [fitViewOf('front', photo)],
        statureM: 1.76,
        soleM: 0,
        easeM: 0,
      })!;
      return measureFittedBody({
        model,
        stats,
        gender: 'male',
        evidence: { fit, garmentGirthSdCm: easeGirthSdCm, scaleRelativeSd: 0 },
        bodyPose: fit.views[0]!.pose.bodyPose,
      });
    };
    const plain = await scan(new Array<number>(20).fill(0), 0.8);
    const byName = (result: typeof plain, name: string) => result.measurements.find((measurement) => measurement.name === name)!;
    expect(byName(plain, 'arm_length').method).toBe(`${regressedMethodPrefix}joint_chain`);
    expect(byName(plain, 'shoulder_width').method.startsWith(regressedMethodPrefix)).toBe(true);
    for (const name of ['chest', 'waist', 'hip', 'calf', 'neck', 'height'])
      expect(byName(plain, name).method.startsWith(regressedMethodPrefix), name).toBe(false);
    // Taken from the trunk (figures-from-trunk.ts).
    for (const name of ['thigh', 'upper_arm'])
      expect(byName(plain, name).method, name).toBe(`${regressedMethodPrefix}convex_hull_perimeter`);
    expect(byName(plain, 'inseam').method).toBe(`${regressedMethodPrefix}crotch_to_ankle`);
    expect(plain.bodyPose).toHaveLength(69);
    expect(plain.betas).toHaveLength(10);
    // Looser clothing widens the girths' SD; a different body gets a different SD.
    const loose = await scan(new Array<number>(20).fill(0), 4);
    expect(byName(loose, 'waist').sdCm!).toBeGreaterThan(byName(plain, 'waist').sdCm! + 1);
    const other = await scan([2, -1.5, 1, 0.5, -1, 0.8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0.8);
    expect(byName(other, 'chest').sdCm).not.toBe(byName(plain, 'chest').sdCm);
  });

  it("with a side photo, averages the pair's hip with the front photo's own fitted alone, and keeps the pair's other girths", async () => {
    const [model, stats] = await Promise.all([loadOpenBodyModel('female'), loadShapeStats('female')]);
    const betas = [0.9, -0.6, 0.8, 0.5, -0.7, 0.6, -0.3, 0.4, 0.2, -0.4, 0.3, 0.1, -0.2, 0.3, -0.1, 0.1, 0.2, -0.1, 0.1, -0.1];
    const front = fitViewOf('front', photographBody(model, betas, armsDown(25), 0));
    const side = fitViewOf('side', photographBody(model, betas, armsDown(75), 90));
    const fitOf = (views: (typeof front)[]) => fitSilhouettes({ model, views, statureM: 1.66, soleM: 0, easeM: 0 })!;
    const pair = fitOf([front, side]);
    const frontAlone = fitOf([front]);
    const measure = (fit: typeof pair, frontAloneFit?: typeof pair) => {
      const evidence = {
        fit,
        garmentGirthSdCm: 1,
        scaleRelativeSd: 0,
        clothing: 'tight' as const,
        ...(frontAloneFit ? { frontAloneFit } : {}),
      };
      const measured = measureFit({ model, stats, gender: 'female', evidence, bodyPose: fit.views[0]!.pose.bodyPose });
      return new Map(measured.measurements.map((measurement) => [measurement.name, measurement.valueCm]));
    };
    const [alone, together, both] = [measure(frontAlone), measure(pair), measure(pair, frontAlone)];
    for (const hip of ['hip', 'hip_skin']) {
      expect(Math.abs(alone.get(hip)! - together.get(hip)!), hip).toBeGreaterThan(0.05);
      expect(both.get(hip)!, hip).toBeCloseTo(together.get(hip)! + frontAloneHipWeight * (alone.get(hip)! - together.get(hip)!), 2);
    }
    for (const girth of ['chest', 'waist', 'neck', 'calf']) expect(both.get(girth), girth).toBe(together.get(girth));
    // The thigh is regressed from the trunk's girths, the hip among them.
    expect(both.get('thigh')).not.toBe(together.get('thigh'));
    // It says so, unless a skirt hid the hip and it was regressed from the trunk instead.
    const says = (evidence: Parameters<typeof measureFit>[0]['evidence']) =>
      measureFit({ model, stats, gender: 'female', evidence, bodyPose: pair.views[0]!.pose.bodyPose }).hipWithFrontAlone;
    const evidence = { fit: pair, garmentGirthSdCm: 1, scaleRelativeSd: 0, clothing: 'tight' as const };
    expect(says({ ...evidence, frontAloneFit: frontAlone })).toBe(true);
    expect(says(evidence)).toBe(false);
    expect(says({ ...evidence, frontAloneFit: frontAlone, hiddenColumns: ['buttockcircumference'] })).toBe(false);
    expect(says({ ...evidence, frontAloneFit: frontAlone, hiddenColumns: ['buttockcircumference'], heightAssumed: true })).toBe(true);
  });
});
