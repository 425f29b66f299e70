import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBodyPlan, drawShapeVariation, type BodyPose } from '../../../scripts/eval/body-plan.js';
import { rescale } from '../../../scripts/eval/population.js';
import { randomFor } from '../../../scripts/eval/random.js';
import { measureTruth, reproductionErrors } from '../../../scripts/eval/truth.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/ansur-held-out-subjects.json', import.meta.url), 'utf8')) as Record<
  'male' | 'female',
  Array<{ surveyRow: number; dims: Record<string, number> }>
>;
const pose: BodyPose = { armAbductionDeg: 30, armForwardDeg: 0, elbowFlexDeg: 10, ankleSpacingMm: 200 };

describe('the independent evaluation body', () => {
  const cases = [
    { name: 'a held-out woman', dims: fixture.female[0]!.dims },
    { name: 'a held-out man', dims: fixture.male[0]!.dims },
    { name: 'a man rescaled to BMI 38', dims: rescale(fixture.male[1]!.dims, { bmi: 38 }) },
    { name: 'a woman rescaled to 147 cm', dims: rescale(fixture.female[1]!.dims, { statureMm: 1470 }) },
    {
      name: 'a man whose buttock height is 1 cm above his crotch',
      dims: { ...fixture.male[1]!.dims, buttockheight: fixture.male[1]!.dims.crotchheight! + 10 },
    },
  ];
  for (const { name, dims } of cases) {
    it(`reproduces the survey girths and stature of ${name} within 0.5 cm`, () => {
      const variation = drawShapeVariation(randomFor('test-case', name));
      const truth = measureTruth(buildBodyPlan(dims, variation, pose), dims);
      const errors = reproductionErrors(truth, dims);
      for (const measurement of ['height', 'chest', 'waist', 'hip', 'thigh', 'calf', 'neck', 'upper_arm'] as const) {
        expect(Math.abs(errors[measurement]!), measurement).toBeLessThan(0.5);
      }
      expect(truth.height).toBeCloseTo(dims.stature! / 10, 1);
    });
  }

  it('keeps its girths when the arms and stance change (the truth does not depend on the pose)', () => {
    const dims = fixture.male[0]!.dims;
    const variation = drawShapeVariation(randomFor('pose-case'));
    const a = measureTruth(buildBodyPlan(dims, variation, pose), dims);
    const b = measureTruth(
      buildBodyPlan(dims, variation, { armAbductionDeg: 8, armForwardDeg: 10, elbowFlexDeg: 0, ankleSpacingMm: 150 }),
      dims,
    );
    for (const measurement of ['chest', 'waist', 'hip', 'neck', 'upper_arm', 'height'] as const)
      expect(Math.abs(a[measurement] - b[measurement]), measurement).toBeLessThan(0.05);
  });
});
