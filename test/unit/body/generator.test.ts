import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadOpenBodyModel } from '../../../src/main/body/load-model.js';
import { measureBody, measurementRecord } from '../../../src/main/body/measure.js';
import { measurementDefinitions, surveyValueMm } from '../../../src/main/body/measurement-definitions.js';
import { countSelfIntersections, meshTopology } from '../../../src/main/body/mesh-validity.js';
import { buildBody, shapeColumns, type BodyDimensions } from '../../../scripts/body/generator/body-mesh.js';

const subjects = JSON.parse(readFileSync(new URL('./fixtures/ansur-held-out-sample.json', import.meta.url), 'utf8')) as Record<
  'male' | 'female',
  Array<Record<string, number>>
>;

/** The generator itself (not the linear shape space) on real survey subjects. */
describe('the body generator', () => {
  it.each([
    ['male', 0],
    ['female', 3],
    ['male', 17],
  ] as const)('%s subject %i: its mesh measures back the dimensions it was built from (within 2 mm)', async (sex, index) => {
    const subject = subjects[sex][index]!;
    const dims = Object.fromEntries(shapeColumns.map((column) => [column, subject[column]])) as BodyDimensions;
    if (Object.values(dims).some((value) => value === undefined)) {
      // The fixture keeps the measured columns only; fill the rest from the model's own statistics.
      const { loadShapeStats } = await import('../../../src/main/body/shape-stats.js');
      const stats = await loadShapeStats(sex);
      for (const column of shapeColumns) dims[column] ??= stats.mean[stats.columns.indexOf(column)]!;
    }
    const body = buildBody(dims);
    const mean = await loadOpenBodyModel(sex);
    const vertices = Float32Array.from(body.positions, (value) => value / 1000);
    // Same topology as the committed model: its faces (outward-oriented) and regressor apply.
    expect(vertices.length).toBe(mean.vTemplate.length);
    const report = meshTopology(mean.faces, mean.vertexCount);
    expect(report.watertight && report.manifold).toBe(true);
    expect(countSelfIntersections(vertices, mean.faces)).toBe(0);
    const values = measurementRecord(measureBody(mean, vertices));
    for (const name of ['height', 'chest', 'waist', 'hip', 'inseam', 'shoulder_width', 'thigh', 'neck', 'calf', 'upper_arm']) {
      const definition = measurementDefinitions.find((row) => row.name === name)!;
      expect(Math.abs(values[name]! * 10 - surveyValueMm(definition, dims)!), name).toBeLessThan(2);
    }
  });
});
