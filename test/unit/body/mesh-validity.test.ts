import { describe, expect, it } from 'vitest';
import { loadOpenBodyModel, openModelGenders } from '../../../src/main/body/load-model.js';
import { countSelfIntersections, isClosedSurface, meshTopology, signedVolume } from '../../../src/main/body/mesh-validity.js';
import { shapeBody } from '../../../src/main/body/shape.js';
import { box, merge } from './analytic-meshes.js';

describe('meshTopology', () => {
  it('accepts a closed box', () => {
    const { vertices, faces } = box(1, 1, 1);
    expect(meshTopology(faces, 8)).toMatchObject({ watertight: true, manifold: true, consistentWinding: true, eulerCharacteristic: 2 });
    expect(signedVolume(vertices, faces)).toBeCloseTo(1, 9);
  });

  it('finds a hole', () => {
    const { faces } = box(1, 1, 1);
    const report = meshTopology(faces.slice(3), 8);
    expect(report.watertight).toBe(false);
    expect(report.boundaryEdges).toBe(3);
  });

  it('finds a face wound the wrong way', () => {
    const faces = Uint32Array.from(box(1, 1, 1).faces);
    [faces[1], faces[2]] = [faces[2]!, faces[1]!];
    const report = meshTopology(faces, 8);
    expect(report.consistentWinding).toBe(false);
    expect(report.inconsistentEdges).toBe(3);
  });

  it('finds an edge shared by more than two faces and a vertex joining two fans', () => {
    const two = merge(box(1, 1, 1), box(1, 1, 1, [1, 0, 0]));
    // Weld the second box's left face onto the first box's right face: four faces per shared edge.
    const weld = new Map([
      [8 + 0, 1],
      [8 + 3, 2],
      [8 + 4, 5],
      [8 + 7, 6],
    ]);
    const faces = two.faces.map((index) => weld.get(index) ?? index);
    expect(meshTopology(faces, 16).manifold).toBe(false);
    const touching = merge(box(1, 1, 1), box(1, 1, 1, [1, 1, 0]));
    const corner = touching.faces.map((index) => (index === 8 + 3 ? 5 : index)); // share one vertex only
    expect(meshTopology(corner, 16).nonManifoldVertices).toBeGreaterThan(0);
  });
});

describe('countSelfIntersections', () => {
  it('sees two boxes that overlap and none in boxes apart', () => {
    const overlapping = merge(box(1, 1, 1), box(1, 1, 1, [0.5, 0.3, 0.2]));
    expect(countSelfIntersections(overlapping.vertices, overlapping.faces)).toBeGreaterThan(0);
    const apart = merge(box(1, 1, 1), box(1, 1, 1, [1.5, 0, 0]));
    expect(countSelfIntersections(apart.vertices, apart.faces)).toBe(0);
  });
});

describe('the open body models', () => {
  it.each(openModelGenders)('%s: watertight, manifold, consistently wound, genus 0, ≥ 5,000 vertices', async (gender) => {
    const model = await loadOpenBodyModel(gender);
    expect(model.vertexCount).toBeGreaterThanOrEqual(5000);
    const report = meshTopology(model.faces, model.vertexCount);
    expect(report).toMatchObject({ watertight: true, manifold: true, consistentWinding: true, eulerCharacteristic: 2 });
    expect(signedVolume(model.vTemplate, model.faces)).toBeGreaterThan(0.03); // m³: a person
  });

  it.each(openModelGenders)('%s: no self-intersection in T-pose, at the mean and at ±2 SD', async (gender) => {
    const model = await loadOpenBodyModel(gender);
    expect(countSelfIntersections(model.vTemplate, model.faces)).toBe(0);
    for (const sign of [-2, 2]) {
      const betas = [sign, -sign, sign, 0, sign];
      expect(countSelfIntersections(shapeBody(model, betas), model.faces)).toBe(0);
    }
  });
});

describe('isClosedSurface', () => {
  it('tells a closed surface from one with a hole or with a triangle wound against its neighbours, as meshTopology does', async () => {
    const model = await loadOpenBodyModel('female');
    const flipped = model.faces.slice();
    [flipped[4], flipped[5]] = [flipped[5]!, flipped[4]!];
    const cases: [Uint32Array, boolean][] = [
      [model.faces, true],
      [model.faces.slice(3), false],
      [flipped, false],
    ];
    for (const [faces, closed] of cases) {
      expect(isClosedSurface(faces)).toBe(closed);
      const report = meshTopology(faces, model.vertexCount);
      expect(report.watertight && report.consistentWinding).toBe(closed);
    }
    // A tetrahedron, either way round.
    const tetrahedron = Uint32Array.from([0, 1, 2, 0, 3, 1, 1, 3, 2, 2, 3, 0]);
    expect(isClosedSurface(tetrahedron)).toBe(true);
    expect(isClosedSurface(tetrahedron.map((_, k) => tetrahedron[k - (k % 3) + [0, 2, 1][k % 3]!]!))).toBe(true);
  });
});
