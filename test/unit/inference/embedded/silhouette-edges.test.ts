import { describe, expect, it } from 'vitest';
import { linearPosedBody, posedVertices } from '../../../../src/main/body/linear-pose.js';
import { loadOpenBodyModel } from '../../../../src/main/body/load-model.js';
import { jointIndex } from '../../../../src/main/body/skeleton.js';
import { isClosedSurface } from '../../../../src/main/body/mesh-validity.js';
import { modelRuns, type ModelRun } from '../../../../src/main/inference/embedded/silhouette-edges.js';

/** A small deterministic generator (mulberry32), so a failure repeats. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The runs written plainly: each triangle's crossing of a row is the span between its leftmost and
 * rightmost edge crossing; a row's spans, stably sorted by their left end, are merged left to right,
 * each run's ends traced to the span that first reached them.
 */
function referenceRuns(projected: Float64Array, faces: Uint32Array, rowYs: readonly number[]): { runs: ModelRun[][]; mostSpans: number } {
  let mostSpans = 0;
  const runs = rowYs.map((y) => {
    const spans: { start: number; end: number; startSource: ModelRun['startSource']; endSource: ModelRun['endSource'] }[] = [];
    for (let f = 0; f < faces.length; f += 3) {
      const crossings: { x: number; a: number; b: number; t: number }[] = [];
      for (let e = 0; e < 3; e++) {
        const a = faces[f + e]!;
        const b = faces[f + ((e + 1) % 3)]!;
        const ya = projected[a * 2 + 1]!;
        const yb = projected[b * 2 + 1]!;
        if (ya === yb || (ya - y) * (yb - y) > 0) continue;
        const t = (y - ya) / (yb - ya);
        crossings.push({ x: projected[a * 2]! + t * (projected[b * 2]! - projected[a * 2]!), a, b, t });
      }
      if (crossings.length < 2) continue;
      let low = crossings[0]!;
      let high = crossings[0]!;
      for (const crossing of crossings.slice(1)) {
        if (crossing.x < low.x) low = crossing;
        if (crossing.x > high.x) high = crossing;
      }
      spans.push({
        start: low.x,
        end: high.x,
        startSource: { a: low.a, b: low.b, t: low.t },
        endSource: { a: high.a, b: high.b, t: high.t },
      });
    }
    mostSpans = Math.max(mostSpans, spans.length);
    spans.sort((p, q) => p.start - q.start);
    const runs: ModelRun[] = [];
    for (const span of spans) {
      const last = runs[runs.length - 1];
      if (last && span.start <= last.end + 1e-9) {
        if (span.end > last.end) runs[runs.length - 1] = { ...last, end: span.end, endSource: span.endSource };
      } else runs.push({ ...span });
    }
    return runs;
  });
  return { runs, mostSpans };
}

describe('modelRuns', () => {
  it.each([
    ['scattered triangles', 1, 40, 1e6],
    ['hundreds of triangles per row, many with the same left end', 2, 900, 8],
    ['a crowded mesh on a coarse grid', 3, 4000, 4],
  ])('gives the runs and sources of the plain merge: %s', (_, seed, triangleCount, grid) => {
    const next = random(seed);
    // Coordinates on a grid of `grid` steps per unit make equal left ends (ties) common.
    const at = (scale: number): number => Math.round(next() * scale * grid) / grid;
    // Every triangle twice, on vertices of its own: equal spans with different sources, whose
    // order the sort must keep (the first in face order makes the run's end).
    const vertexCount = triangleCount * 3;
    const projected = new Float64Array(vertexCount * 2 * 2);
    const triangles: number[][] = [];
    for (let f = 0; f < triangleCount; f++) {
      const cx = at(100);
      const cy = at(100);
      for (let k = 0; k < 3; k++) {
        const x = cx + at(12);
        const y = cy + at(12);
        for (const copy of [0, vertexCount]) {
          projected[(copy + f * 3 + k) * 2] = x;
          projected[(copy + f * 3 + k) * 2 + 1] = y;
        }
      }
      triangles.push(
        [0, 1, 2].map((k) => f * 3 + ((k + f) % 3)),
        [0, 1, 2].map((k) => vertexCount + f * 3 + ((k + f + 1) % 3)),
      );
    }
    for (let k = triangles.length - 1; k > 0; k--) {
      const j = Math.floor(next() * (k + 1));
      [triangles[k], triangles[j]] = [triangles[j]!, triangles[k]!];
    }
    const faces = Uint32Array.from(triangles.flat());
    const rowYs = Array.from({ length: 60 }, (_, row) => row * 1.9 + 0.25);
    const runs = modelRuns(projected, faces, rowYs);
    const reference = referenceRuns(projected, faces, rowYs);
    expect(runs).toEqual(reference.runs);
    // A row with more spans than one insertion-sorted stretch (16) puts the merges to the test.
    if (triangleCount > 100) expect(reference.mostSpans).toBeGreaterThan(64);
  });

  it('gives the runs and sources of the plain merge on a mesh whose triangles share edges (equal left ends)', () => {
    const next = random(4);
    const columns = 60;
    const rows = 30;
    const projected = new Float64Array(columns * rows * 2);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++) {
        projected[(r * columns + c) * 2] = c * 2 + next() * 1.5;
        projected[(r * columns + c) * 2 + 1] = r * 2 + next() * 1.5;
      }
    const cells: number[][] = [];
    for (let r = 0; r + 1 < rows; r++)
      for (let c = 0; c + 1 < columns; c++) {
        const v = r * columns + c;
        cells.push([v, v + 1, v + columns], [v + 1, v + columns + 1, v + columns]);
      }
    // Faces in a shuffled order, as a body model's are not sorted by position.
    for (let k = cells.length - 1; k > 0; k--) {
      const j = Math.floor(next() * (k + 1));
      [cells[k], cells[j]] = [cells[j]!, cells[k]!];
    }
    const faces = Uint32Array.from(cells.flat());
    // Rows through vertices too: a crossing at a shared vertex ties for every triangle around it.
    const rowYs = Array.from({ length: 50 }, (_, row) => row * 1.1 + 0.3).concat(
      Array.from({ length: 10 }, (_, k) => projected[(k * 61 + 5) * 2 + 1]!),
    );
    rowYs.sort((a, b) => a - b);
    const reference = referenceRuns(projected, faces, rowYs);
    expect(modelRuns(projected, faces, rowYs)).toEqual(reference.runs);
    expect(reference.mostSpans).toBeGreaterThan(64);
  });

  it('gives the same answer when called again with a smaller mesh (its buffers are reused)', () => {
    const projected = Float64Array.from([0, 0, 4, 0, 2, 4, 10, 0, 14, 0, 12, 4]);
    const faces = Uint32Array.from([0, 1, 2, 3, 4, 5]);
    const first = modelRuns(projected, faces, [1, 2]);
    modelRuns(
      new Float64Array(20000).map((_, k) => (k * 7919) % 101),
      new Uint32Array(30000).map((_, k) => k % 10000),
      [10, 20, 30],
    );
    expect(modelRuns(projected, faces, [1, 2])).toEqual(first);
    expect(first[0]!.map((run) => [run.start, run.end])).toEqual([
      [0.5, 3.5],
      [10.5, 13.5],
    ]);
  });

  it('draws the same runs from the triangles facing the camera alone on the closed body model, in front and in profile', async () => {
    const model = await loadOpenBodyModel('male');
    expect(isClosedSurface(model.faces)).toBe(true);
    // Arms hanging beside the body: in profile an arm covers the trunk, and triangles hide one another.
    const bodyPose = new Float64Array(69);
    bodyPose[(jointIndex('left_shoulder') - 1) * 3 + 2] = -1.2;
    bodyPose[(jointIndex('right_shoulder') - 1) * 3 + 2] = 1.2;
    for (const turn of [0, Math.PI / 2, -Math.PI / 2 + 0.1]) {
      const vertices = posedVertices(linearPosedBody(model, { bodyPose, globalOrient: [0, turn, 0] }), []);
      // A camera 3 m in front of the body (+z) at 0.9 m, 1200 px focal length, photo rows downwards.
      const projected = new Float64Array(model.vertexCount * 2);
      for (let v = 0; v < model.vertexCount; v++) {
        const depth = 3 - vertices[v * 3 + 2]!;
        projected[v * 2] = 360 + (1200 * vertices[v * 3]!) / depth;
        projected[v * 2 + 1] = 640 - (1200 * (vertices[v * 3 + 1]! - 0.9)) / depth;
      }
      const rowYs = Array.from({ length: 400 }, (_, row) => 150 + row * 2.3 + 0.37);
      const all = modelRuns(projected, model.faces, rowYs, 'all');
      const facing = modelRuns(projected, model.faces, rowYs, 'facing_camera');
      const edge = (source: ModelRun['startSource']): string => [Math.min(source.a, source.b), Math.max(source.a, source.b)].join('-');
      expect(all.flat().length).toBeGreaterThan(300);
      all.forEach((runs, row) => {
        expect(facing[row]!.length, `row ${row}`).toBe(runs.length);
        runs.forEach((run, k) => {
          const other = facing[row]![k]!;
          expect(other.start).toBeCloseTo(run.start, 9);
          expect(other.end).toBeCloseTo(run.end, 9);
          expect(edge(other.startSource)).toBe(edge(run.startSource));
          expect(edge(other.endSource)).toBe(edge(run.endSource));
        });
      });
    }
  });
});
