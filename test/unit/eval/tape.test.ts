import { describe, expect, it } from 'vitest';
import { horizontalPlane, planeAcross, tapeLength } from '../../../scripts/eval/tape.js';

/** Ramanujan's second approximation: within 1e-9 relative for these ellipses. */
const ellipsePerimeter = (a: number, b: number): number => {
  const h = (a - b) ** 2 / (a + b) ** 2;
  return Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
};

describe('the evaluation tape measure', () => {
  it('measures a vertical cylinder as 2πr', () => {
    const cylinder = (x: number, _y: number, z: number): number => Math.hypot(x - 20, z + 10) - 150;
    expect(tapeLength(cylinder, horizontalPlane(900), { reachMm: 300 })).toBeCloseTo(2 * Math.PI * 150, 0);
  });

  it('measures an elliptic prism as the ellipse perimeter', () => {
    const prism = (x: number, _y: number, z: number): number => (Math.hypot(x / 160, z / 110) - 1) * 110;
    const measured = tapeLength(prism, horizontalPlane(500), { reachMm: 300, stepMm: 2 });
    expect(Math.abs(measured - ellipsePerimeter(160, 110))).toBeLessThan(0.5);
  });

  it('bridges the hollow between two legs like a taut tape (2πr + 2 × centre distance)', () => {
    const legs = (x: number, _y: number, z: number): number => Math.min(Math.hypot(x - 90, z) - 80, Math.hypot(x + 90, z) - 80);
    expect(tapeLength(legs, horizontalPlane(700), { reachMm: 300 })).toBeCloseTo(2 * Math.PI * 80 + 2 * 180, 0);
  });

  it('measures across a tilted cylinder perpendicular to its axis', () => {
    const axis: [number, number, number] = [Math.sin(0.5), -Math.cos(0.5), 0];
    const radius = 45;
    const tilted = (x: number, y: number, z: number): number => {
      const along = x * axis[0] + y * axis[1] + z * axis[2];
      return Math.hypot(x - along * axis[0], y - along * axis[1], z - along * axis[2]) - radius;
    };
    const point: [number, number, number] = [axis[0] * 200, axis[1] * 200, 0];
    expect(tapeLength(tilted, planeAcross(point, axis), { reachMm: 100, stepMm: 0.5 })).toBeCloseTo(2 * Math.PI * radius, 0);
    // A horizontal tape round the same cylinder is longer (an ellipse): the plane matters.
    expect(tapeLength(tilted, horizontalPlane(point[1], [point[0], 0]), { reachMm: 150, stepMm: 0.5 })).toBeGreaterThan(
      2 * Math.PI * radius + 10,
    );
  });

  it('refuses a section that does not fit its window instead of measuring part of it', () => {
    const big = (x: number, _y: number, z: number): number => Math.hypot(x, z) - 500;
    expect(() => tapeLength(big, horizontalPlane(0), { reachMm: 300 })).toThrow(/edge of the tape/);
  });
});
