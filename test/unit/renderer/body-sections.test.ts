// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  boundsOf,
  convexHull,
  findGirthRing,
  lengthLine,
  perimeter,
  sectionAtHeight,
  type BodyMesh,
} from '../../../src/renderer/src/viewer/body-sections';

/**
 * A body of revolution around the y axis, 1.7 m tall, whose radius at each height is given: its
 * horizontal sections are circles of known circumference, computed here independently of the code
 * under test (2πr, less the polygon's shortfall for `sides` segments: 2·sides·r·sin(π/sides)).
 */
function revolvedBody(radiusAt: (y: number) => number, heightM = 1.7, rings = 171, sides = 64): BodyMesh {
  const positions: number[] = [];
  const indices: number[] = [];
  for (let ring = 0; ring < rings; ring++) {
    const y = (ring / (rings - 1)) * heightM;
    for (let side = 0; side < sides; side++) {
      const angle = (side / sides) * 2 * Math.PI;
      positions.push(radiusAt(y) * Math.cos(angle), y, radiusAt(y) * Math.sin(angle));
    }
  }
  for (let ring = 0; ring + 1 < rings; ring++) {
    for (let side = 0; side < sides; side++) {
      const a = ring * sides + side;
      const b = ring * sides + ((side + 1) % sides);
      indices.push(a, b, a + sides, b, b + sides, a + sides);
    }
  }
  return { positions, indices };
}

const polygonCircumference = (radius: number, sides = 64): number => 2 * sides * radius * Math.sin(Math.PI / sides);

describe('body sections', () => {
  it('the hull of a unit square has perimeter 4', () => {
    const hull = convexHull([
      [0, 0],
      [1, 0],
      [0.5, 0.5],
      [1, 1],
      [0, 1],
      [0.2, 0.8],
    ]);
    expect(hull).toHaveLength(4);
    expect(perimeter(hull)).toBeCloseTo(4, 12);
  });

  it('a section of a cylinder is its circle', () => {
    const cylinder = revolvedBody(() => 0.15);
    expect(perimeter(convexHull(sectionAtHeight(cylinder, 0.905)))).toBeCloseTo(polygonCircumference(0.15), 6);
    // Through a ring of vertices exactly (0.9 m is ring 90 of 0..170).
    expect(perimeter(convexHull(sectionAtHeight(cylinder, 0.9)))).toBeCloseTo(polygonCircumference(0.15), 6);
  });

  it('finds the height within the band where the girth matches the measured value', () => {
    // Radius falls linearly from 0.18 m at 1.05 m to 0.13 m at 1.3 m: the chest band (0.66–0.78 of 1.7 m).
    const radiusAt = (y: number): number => (y < 1.05 ? 0.18 : y > 1.3 ? 0.13 : 0.18 - ((y - 1.05) / 0.25) * 0.05);
    const body = revolvedBody(radiusAt);
    const expectedHeight = 1.05 + ((0.18 - 0.15) / 0.05) * 0.25; // where r = 0.15 m
    const ring = findGirthRing(body, 'chest', polygonCircumference(0.15) * 100, 170);
    expect(ring).not.toBeNull();
    expect(ring!.height).toBeCloseTo(expectedHeight, 1);
    expect(ring!.perimeterM).toBeCloseTo(polygonCircumference(0.15), 2);
  });

  it('scales by the avatar height when the mesh is not exactly in metres', () => {
    const body = revolvedBody(() => 0.15);
    // The same body reported as 185 cm tall: a girth of 185/170 times the mesh's girth matches.
    const ring = findGirthRing(body, 'waist', polygonCircumference(0.15) * 100 * (185 / 170), 185);
    expect(ring!.perimeterM).toBeCloseTo(polygonCircumference(0.15), 6);
  });

  it('leaves out an arm beside the trunk, and takes only the left leg for the thigh', () => {
    const trunk = revolvedBody(() => 0.15);
    const arm = revolvedBody(() => 0.04);
    const leg = (): BodyMesh => revolvedBody(() => 0.08);
    const parts: Array<{ mesh: BodyMesh; dx: number }> = [
      { mesh: trunk, dx: 0 },
      { mesh: arm, dx: 0.25 },
    ];
    const combined = combine(parts);
    expect(findGirthRing(combined, 'hip', polygonCircumference(0.15) * 100, 170)!.perimeterM).toBeCloseTo(polygonCircumference(0.15), 6);
    const legs = combine([
      { mesh: leg(), dx: -0.1 },
      { mesh: leg(), dx: 0.1 },
    ]);
    expect(findGirthRing(legs, 'thigh', polygonCircumference(0.08) * 100, 170)!.perimeterM).toBeCloseTo(polygonCircumference(0.08), 6);
  });

  it('places no ring for a measurement that is not a horizontal girth', () => {
    expect(
      findGirthRing(
        revolvedBody(() => 0.15),
        'inseam',
        80,
        170,
      ),
    ).toBeNull();
  });

  it('draws lengths of the measured length: height along the whole body, shoulders centred', () => {
    const bounds = boundsOf(revolvedBody(() => 0.15).positions);
    const height = lengthLine('height', 170, 170, bounds)!;
    expect(height.to[1] - height.from[1]).toBeCloseTo(1.7, 10);
    const shoulders = lengthLine('shoulder_width', 40, 170, bounds)!;
    expect(shoulders.to[0] - shoulders.from[0]).toBeCloseTo(0.4, 10);
    expect((shoulders.to[0] + shoulders.from[0]) / 2).toBeCloseTo(0, 10);
    // A body without arms held out has no straight arm to draw along.
    expect(lengthLine('arm_length', 60, 170, bounds)).toBeNull();
  });
});

function combine(parts: Array<{ mesh: BodyMesh; dx: number }>): BodyMesh {
  const positions: number[] = [];
  const indices: number[] = [];
  for (const { mesh, dx } of parts) {
    const base = positions.length / 3;
    for (let i = 0; i < mesh.positions.length; i += 3)
      positions.push(mesh.positions[i]! + dx, mesh.positions[i + 1]!, mesh.positions[i + 2]!);
    for (let i = 0; i < mesh.indices.length; i++) indices.push(mesh.indices[i]! + base);
  }
  return { positions, indices };
}
