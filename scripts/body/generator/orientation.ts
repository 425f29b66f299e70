import { signedVolume } from '../../../src/main/body/mesh-validity.js';

/**
 * Flips faces so that neighbours traverse their shared edge in opposite directions, then turns
 * the whole surface outward (positive volume). Returns a new face array.
 */
export function orientFaces(faces: Uint32Array, positions: ArrayLike<number>): Uint32Array {
  const out = Uint32Array.from(faces);
  const faceCount = out.length / 3;
  const byEdge = new Map<string, number[]>();
  for (let f = 0; f < faceCount; f++) {
    for (let k = 0; k < 3; k++) {
      const a = out[f * 3 + k]!;
      const b = out[f * 3 + ((k + 1) % 3)]!;
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      const list = byEdge.get(key);
      if (list) list.push(f);
      else byEdge.set(key, [f]);
    }
  }
  const hasDirected = (f: number, a: number, b: number): boolean =>
    [0, 1, 2].some((k) => out[f * 3 + k] === a && out[f * 3 + ((k + 1) % 3)] === b);
  const visited = new Uint8Array(faceCount);
  for (let seed = 0; seed < faceCount; seed++) {
    if (visited[seed]) continue;
    visited[seed] = 1;
    const queue = [seed];
    while (queue.length > 0) {
      const f = queue.pop()!;
      for (let k = 0; k < 3; k++) {
        const a = out[f * 3 + k]!;
        const b = out[f * 3 + ((k + 1) % 3)]!;
        for (const g of byEdge.get(a < b ? `${a},${b}` : `${b},${a}`)!) {
          if (g === f || visited[g]) continue;
          if (hasDirected(g, a, b)) {
            const tmp = out[g * 3 + 1]!;
            out[g * 3 + 1] = out[g * 3 + 2]!;
            out[g * 3 + 2] = tmp;
          }
          visited[g] = 1;
          queue.push(g);
        }
      }
    }
  }
  if (signedVolume(positions, out) < 0) {
    for (let f = 0; f < faceCount; f++) {
      const tmp = out[f * 3 + 1]!;
      out[f * 3 + 1] = out[f * 3 + 2]!;
      out[f * 3 + 2] = tmp;
    }
  }
  return out;
}
