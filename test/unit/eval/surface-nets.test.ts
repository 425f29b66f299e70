import { describe, expect, it } from 'vitest';
import { surfaceNets } from '../../../scripts/eval/surface-nets.js';

function signedVolume(positions: Float32Array, indices: Uint32Array): number {
  let volume = 0;
  for (let t = 0; t < indices.length; t += 3) {
    const [a, b, c] = [indices[t]! * 3, indices[t + 1]! * 3, indices[t + 2]! * 3];
    volume +=
      (positions[a]! * (positions[b + 1]! * positions[c + 2]! - positions[b + 2]! * positions[c + 1]!) -
        positions[a + 1]! * (positions[b]! * positions[c + 2]! - positions[b + 2]! * positions[c]!) +
        positions[a + 2]! * (positions[b]! * positions[c + 1]! - positions[b + 1]! * positions[c]!)) /
      6;
  }
  return volume;
}

describe('surface nets', () => {
  it('meshes a sphere closed, facing outwards, with its volume', () => {
    const radius = 100;
    const sphere = (x: number, y: number, z: number): number => Math.hypot(x - 5, y - 300, z) - radius;
    const mesh = surfaceNets(sphere, { min: [-95, 200, -100], max: [105, 400, 100] }, 6);
    const volume = signedVolume(mesh.positions, mesh.indices);
    expect(volume / ((4 / 3) * Math.PI * radius ** 3)).toBeGreaterThan(0.97);
    expect(volume / ((4 / 3) * Math.PI * radius ** 3)).toBeLessThan(1.01);
    // Closed: every edge is shared by exactly two triangles.
    const edges = new Map<string, number>();
    for (let t = 0; t < mesh.indices.length; t += 3) {
      for (let e = 0; e < 3; e += 1) {
        const a = mesh.indices[t + e]!;
        const b = mesh.indices[t + ((e + 1) % 3)]!;
        const key = a < b ? `${a}-${b}` : `${b}-${a}`;
        edges.set(key, (edges.get(key) ?? 0) + 1);
      }
    }
    expect([...edges.values()].every((count) => count === 2)).toBe(true);
  });
});
