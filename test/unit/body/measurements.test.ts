import { describe, expect, it } from 'vitest';
import { contractMeasurementFields, contractMeasurementsFrom } from '../../../src/main/avatars/contract-measurements.js';
import { loadOpenBodyModel } from '../../../src/main/body/load-model.js';
import { measureBody, measurementRecord, trunkExtentsAt } from '../../../src/main/body/measure.js';
import { measurementDefinitions, surveyValueMm } from '../../../src/main/body/measurement-definitions.js';
import { shapeBody } from '../../../src/main/body/shape.js';
import { loadShapeStats } from '../../../src/main/body/shape-stats.js';
import { statsMoments } from '../../../scripts/body/evaluation.js';

const seedNine = {
  height: 'height_cm',
  chest: 'chest_circumference_cm',
  waist: 'waist_circumference_cm',
  hip: 'hip_circumference_cm',
  inseam: 'inseam_cm',
  shoulder_width: 'shoulder_width_cm',
  arm_length: 'arm_length_cm',
  thigh: 'thigh_circumference_cm',
  neck: 'neck_circumference_cm',
};

describe('the measurement table', () => {
  it('has the seed’s nine under their names, with their API fields, and the contract’s names', () => {
    for (const [name, apiField] of Object.entries(seedNine)) {
      expect(measurementDefinitions.find((definition) => definition.name === name)?.apiField).toBe(apiField);
    }
    expect(
      measurementDefinitions
        .filter((definition) => definition.apiField !== null)
        .map((definition) => definition.name)
        .sort(),
    ).toEqual(Object.keys(seedNine).sort());
    expect(Object.keys(contractMeasurementFields).sort()).toEqual(Object.keys(seedNine).sort());
  });

  it('names each measurement once, gives every girth a skin-following variant and every row a method, unit and ISO term', () => {
    const names = measurementDefinitions.map((definition) => definition.name);
    expect(new Set(names).size).toBe(names.length);
    for (const definition of measurementDefinitions) {
      expect(definition.unit).toBe('cm');
      expect(definition.iso8559.length).toBeGreaterThan(3);
      if (definition.spec.kind === 'girth' && definition.spec.contour === 'convex_hull') expect(names).toContain(`${definition.name}_skin`);
    }
    const extras = measurementDefinitions.filter(
      (definition) => definition.apiField === null && definition.survey !== null && !definition.name.endsWith('_skin'),
    );
    expect(extras.length).toBeGreaterThanOrEqual(6);
  });

  it('maps inseam to crotch height minus ankle height in the survey', () => {
    const inseam = measurementDefinitions.find((definition) => definition.name === 'inseam')!;
    expect(surveyValueMm(inseam, { crotchheight: 846, lateralmalleolusheight: 73 })).toBe(773);
  });
});

describe('measureBody on the open models', () => {
  it.each(['male', 'female'] as const)('%s at betas = 0: the six checked figures within 1%% of the survey means', async (gender) => {
    const model = await loadOpenBodyModel(gender);
    const stats = await loadShapeStats(gender);
    const values = measurementRecord(measureBody(model, shapeBody(model, [])));
    for (const name of ['height', 'chest', 'waist', 'hip', 'inseam', 'shoulder_width']) {
      const definition = measurementDefinitions.find((row) => row.name === name)!;
      const surveyMm = statsMoments(stats, definition).meanMm;
      expect(Math.abs((values[name]! * 10) / surveyMm - 1), name).toBeLessThan(0.01);
    }
  });

  it('reports every table row in centimetres with its method, and feeds the avatar contract', async () => {
    const model = await loadOpenBodyModel('neutral');
    const measurements = measureBody(model, shapeBody(model, [1, -0.5]));
    expect(measurements.map((m) => m.name)).toEqual(measurementDefinitions.map((d) => d.name));
    for (const m of measurements) {
      expect(Number.isFinite(m.valueCm), m.name).toBe(true);
      expect(m.sdCm).toBeNull();
      expect(m.method).toBe(measurementDefinitions.find((d) => d.name === m.name)!.method);
    }
    const contract = contractMeasurementsFrom(measurements);
    expect(contract.heightCm).toBeGreaterThan(140);
    expect(contract.heightCm).toBeLessThan(200);
    const record = measurementRecord(measurements);
    expect(record.chest_skin).toBeGreaterThanOrEqual(record.chest! - 0.01); // the skin contour is never shorter than its hull
    expect(record.waist).toBeLessThan(record.hip!);
  });

  it('measures a taller body as taller, and the narrowest waist is no wider than at the waist landmark', async () => {
    const model = await loadOpenBodyModel('female');
    const tall = measurementRecord(measureBody(model, shapeBody(model, [2])));
    const short = measurementRecord(measureBody(model, shapeBody(model, [-2])));
    expect(Math.abs(tall.height! - short.height!)).toBeGreaterThan(5);
  });

  it('cuts the trunk at any height as the table cuts it at a landmark, and misses it above the head', async () => {
    const model = await loadOpenBodyModel('female');
    const vertices = shapeBody(model, [0.5, -1]);
    const record = measurementRecord(measureBody(model, vertices));
    let floor = Infinity;
    for (let v = 1; v < vertices.length; v += 3) floor = Math.min(floor, vertices[v]!);
    const hipHeightM = vertices[model.landmarks.hip_front! * 3 + 1]! - floor;
    const [atHip, above, overHead] = trunkExtentsAt(model, vertices, [hipHeightM, hipHeightM + 0.15, 2.5]);
    expect(atHip!.breadthCm).toBeCloseTo(record.hip_breadth!, 2);
    expect(atHip!.depthCm).toBeCloseTo(record.hip_depth!, 2);
    // 15 cm higher is the waist: narrower than the hip.
    expect(above!.breadthCm).toBeLessThan(atHip!.breadthCm - 2);
    expect(overHead).toBeNull();
  });

  it('uses the joints it is given', async () => {
    const model = await loadOpenBodyModel('male');
    const vertices = shapeBody(model, []);
    const joints = new Float32Array(24 * 3);
    joints[16 * 3] = 0.25;
    joints[17 * 3] = -0.25;
    const shoulder = measureBody(model, vertices, joints).find((m) => m.name === 'shoulder_width')!;
    expect(shoulder.valueCm).toBeCloseTo(50, 6);
  });

  it('measures a model without landmarks (an SMPL file) from joint-based estimates', async () => {
    const model = await loadOpenBodyModel('male');
    const smplLike = { ...model, landmarks: {} };
    const vertices = shapeBody(model, []);
    const withLandmarks = measurementRecord(measureBody(model, vertices));
    const fromJoints = measurementRecord(measureBody(smplLike, vertices));
    expect(fromJoints.height).toBe(withLandmarks.height);
    expect(fromJoints.shoulder_width).toBe(withLandmarks.shoulder_width);
    for (const name of ['chest', 'waist', 'hip', 'thigh', 'neck', 'inseam', 'upper_arm', 'calf']) {
      expect(Math.abs(fromJoints[name]! / withLandmarks[name]! - 1), name).toBeLessThan(0.15);
    }
  });
});
