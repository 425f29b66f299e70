import { describe, expect, it } from 'vitest';
import { meshTopology, signedVolume } from '../../../src/main/body/mesh-validity.js';
import { contourAround, convexHull, faceHeights, polygonPerimeter, sliceMesh, type Point2 } from '../../../src/main/body/slicing.js';
import { box, cylinder, ellipsePerimeter, ellipsoid, merge, prism } from './analytic-meshes.js';

const horizontal = (y: number) => ({ origin: [0, y, 0] as [number, number, number], normal: [0, 1, 0] as [number, number, number] });
const hullPerimeter = (loop: Point2[]): number => polygonPerimeter(convexHull(loop));

describe('test meshes', () => {
  it('are closed, manifold and outward-facing', () => {
    for (const mesh of [
      cylinder(0.1, 1),
      ellipsoid(0.2, 0.5, 0.1),
      box(0.3, 1, 0.2),
      prism(
        [
          [0.1, 0],
          [0, 0.1],
          [-0.1, 0],
          [0, -0.1],
        ],
        0.5,
      ),
    ]) {
      const report = meshTopology(mesh.faces, mesh.vertices.length / 3);
      expect(report).toMatchObject({ watertight: true, manifold: true, consistentWinding: true, eulerCharacteristic: 2 });
      expect(signedVolume(mesh.vertices, mesh.faces)).toBeGreaterThan(0);
    }
  });
});

describe('horizontal slices of analytic shapes', () => {
  it('give a cylinder’s circumference (the inscribed 256-gon, within 0.01% of 2πr)', () => {
    const r = 0.1;
    const mesh = cylinder(r, 1, 256);
    const loops = sliceMesh(mesh.vertices, mesh.faces, horizontal(0.37));
    expect(loops).toHaveLength(1);
    const polygon = 2 * 256 * r * Math.sin(Math.PI / 256);
    expect(polygonPerimeter(loops[0]!)).toBeCloseTo(polygon, 6);
    expect(hullPerimeter(loops[0]!)).toBeCloseTo(polygon, 6);
    expect(Math.abs(polygon / (2 * Math.PI * r) - 1)).toBeLessThan(1e-4);
  });

  it('give an ellipsoid’s elliptical sections at any height', () => {
    const [a, b, c] = [0.2, 0.5, 0.1];
    const mesh = ellipsoid(a, b, c);
    for (const y of [0.2, 0.5, 0.83]) {
      const t = Math.sqrt(1 - ((y - b) / b) ** 2);
      const expected = ellipsePerimeter(a * t, c * t);
      const [loop] = sliceMesh(mesh.vertices, mesh.faces, horizontal(y));
      expect(Math.abs(hullPerimeter(loop!) / expected - 1)).toBeLessThan(0.003);
    }
  });

  it('give a box’s rectangle exactly', () => {
    const mesh = box(0.3, 1, 0.2);
    const [loop] = sliceMesh(mesh.vertices, mesh.faces, horizontal(0.5));
    expect(hullPerimeter(loop!)).toBeCloseTo(1.0, 6); // float32 vertices
    expect(polygonPerimeter(loop!)).toBeCloseTo(1.0, 6);
  });

  it('tell the taut hull from the skin contour on a star-shaped section', () => {
    const [outer, inner] = [0.15, 0.06];
    const outline: Array<[number, number]> = Array.from({ length: 10 }, (_, k) => {
      const angle = (Math.PI * k) / 5;
      const radius = k % 2 === 0 ? outer : inner;
      return [radius * Math.cos(angle), radius * Math.sin(angle)];
    });
    const mesh = prism(outline, 0.4);
    const [loop] = sliceMesh(mesh.vertices, mesh.faces, horizontal(0.1));
    const edge = Math.hypot(outer - inner * Math.cos(Math.PI / 5), inner * Math.sin(Math.PI / 5));
    expect(polygonPerimeter(loop!)).toBeCloseTo(10 * edge, 6);
    expect(hullPerimeter(loop!)).toBeCloseTo(5 * 2 * outer * Math.sin(Math.PI / 5), 6);
    expect(polygonPerimeter(loop!)).toBeGreaterThan(hullPerimeter(loop!));
  });

  it('give a tilted section of a cylinder as an ellipse', () => {
    const r = 0.1;
    const mesh = cylinder(r, 1, 256, 24);
    const tilt = Math.PI / 6;
    const [loop] = sliceMesh(mesh.vertices, mesh.faces, { origin: [0, 0.5, 0], normal: [Math.sin(tilt), Math.cos(tilt), 0] });
    expect(Math.abs(polygonPerimeter(loop!) / ellipsePerimeter(r, r / Math.cos(tilt)) - 1)).toBeLessThan(0.001);
  });

  it('separate two bodies and pick the one around a reference point', () => {
    const legs = merge(cylinder(0.06, 0.8, 64, 4, [0.1, 0]), cylinder(0.05, 0.8, 64, 4, [-0.1, 0]));
    const loops = sliceMesh(legs.vertices, legs.faces, horizontal(0.3));
    expect(loops).toHaveLength(2);
    const left = contourAround(loops, [0.1, 0])!;
    expect(polygonPerimeter(left)).toBeCloseTo(2 * 64 * 0.06 * Math.sin(Math.PI / 64), 6);
    const right = contourAround(loops, [-0.3, 0])!; // outside both: the nearest
    expect(polygonPerimeter(right)).toBeCloseTo(2 * 64 * 0.05 * Math.sin(Math.PI / 64), 6);
  });

  it('find nothing above or below the body', () => {
    const mesh = box(0.3, 1, 0.2);
    expect(sliceMesh(mesh.vertices, mesh.faces, horizontal(1.2))).toHaveLength(0);
    expect(sliceMesh(mesh.vertices, mesh.faces, horizontal(-0.1))).toHaveLength(0);
  });
});

describe('sections cut one after another', () => {
  it('are the same through the face-height bins as over every face, whatever was cut before and on which mesh', () => {
    const legs = merge(cylinder(0.06, 0.8, 64, 9, [0.1, 0]), cylinder(0.05, 0.8, 64, 9, [-0.1, 0]));
    const egg = ellipsoid(0.2, 0.5, 0.1);
    const meshes = [legs, egg].map((mesh) => ({ mesh, heights: faceHeights(mesh.vertices, mesh.faces, 7) }));
    const levels = [0.3, 0.05, 0.77, 0.3, 0.5, 0.1, 0.79];
    const direct = meshes.map(({ mesh }) => levels.map((y) => sliceMesh(mesh.vertices, mesh.faces, horizontal(y))));
    for (let round = 0; round < 2; round++)
      levels.forEach((y, k) => {
        for (const [m, { mesh, heights }] of meshes.entries()) {
          const binned = sliceMesh(mesh.vertices, mesh.faces, horizontal(y), heights);
          expect(binned).toEqual(direct[m]![k]);
          expect(binned.length).toBeGreaterThan(0);
        }
      });
    expect(direct[0]![0]).toHaveLength(2);
  });
});

describe('convexHull', () => {
  it('keeps every point inside and only extreme points on it', () => {
    const points: Point2[] = [];
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (let k = 0; k < 500; k++) points.push([random(), random()]);
    points.push([2, 2], [-2, 2], [-2, -2], [2, -2]);
    const hull = convexHull(points);
    expect(hull).toHaveLength(4);
    expect(polygonPerimeter(hull)).toBeCloseTo(16, 9);
  });
});
