import { describe, expect, it } from 'vitest';
import { loadOpenBodyModel } from '../../../../src/main/body/load-model.js';
import { loadShapeStats } from '../../../../src/main/body/shape-stats.js';
import { measureFittedBody, regressedMethodPrefix } from '../../../../src/main/inference/embedded/body-step.js';
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
});
