/**
 * Naive surface nets: a watertight triangle mesh of a field's zero level on a regular grid (one
 * vertex per cell the surface crosses, at the mean of its edge crossings; two triangles per grid
 * edge it crosses). Small enough to keep here; npm's `surface-nets` expects ndarrays and has not
 * been maintained since 2015.
 */
export interface GridMesh {
  /** x, y, z per vertex (mm). */
  positions: Float32Array;
  /** Counter-clockwise seen from outside. */
  indices: Uint32Array;
}

export function surfaceNets(
  field: (x: number, y: number, z: number) => number,
  bounds: { min: readonly number[]; max: readonly number[] },
  cellMm: number,
): GridMesh {
  const origin = bounds.min.map((value) => value - 2 * cellMm);
  const size = bounds.min.map((value, i) => Math.ceil((bounds.max[i]! - value) / cellMm) + 5);
  const [nx, ny, nz] = size as [number, number, number];
  const values = sampleGrid(field, origin, [nx, ny, nz], cellMm);
  const index = (i: number, j: number, k: number): number => (k * ny + j) * nx + i;
  // One vertex per cell (cell (i,j,k) spans grid points i..i+1 etc.) that has both signs.
  const cellVertex = new Int32Array((nx - 1) * (ny - 1) * (nz - 1)).fill(-1);
  const cellIndex = (i: number, j: number, k: number): number => (k * (ny - 1) + j) * (nx - 1) + i;
  const positions: number[] = [];
  const corners = [0, 1, 2, 3, 4, 5, 6, 7].map((c) => [c & 1, (c >> 1) & 1, (c >> 2) & 1] as const);
  const edges: Array<[number, number]> = [];
  for (let a = 0; a < 8; a += 1) for (const bit of [1, 2, 4]) if (!(a & bit)) edges.push([a, a | bit]);
  const cornerValues = new Float64Array(8);
  for (let k = 0; k < nz - 1; k += 1) {
    for (let j = 0; j < ny - 1; j += 1) {
      for (let i = 0; i < nx - 1; i += 1) {
        let inside = 0;
        for (let c = 0; c < 8; c += 1) {
          const [di, dj, dk] = corners[c]!;
          cornerValues[c] = values[index(i + di, j + dj, k + dk)]!;
          if (cornerValues[c]! < 0) inside += 1;
        }
        if (inside === 0 || inside === 8) continue;
        let sx = 0;
        let sy = 0;
        let sz = 0;
        let count = 0;
        for (const [a, b] of edges) {
          const va = cornerValues[a]!;
          const vb = cornerValues[b]!;
          if (va < 0 === vb < 0) continue;
          const t = va / (va - vb);
          const ca = corners[a]!;
          const cb = corners[b]!;
          sx += ca[0] + (cb[0] - ca[0]) * t;
          sy += ca[1] + (cb[1] - ca[1]) * t;
          sz += ca[2] + (cb[2] - ca[2]) * t;
          count += 1;
        }
        cellVertex[cellIndex(i, j, k)] = positions.length / 3;
        positions.push(
          origin[0]! + (i + sx / count) * cellMm,
          origin[1]! + (j + sy / count) * cellMm,
          origin[2]! + (k + sz / count) * cellMm,
        );
      }
    }
  }
  const indices: number[] = [];
  const quad = (a: number, b: number, c: number, d: number, flip: boolean): void => {
    if (flip) indices.push(a, d, c, a, c, b);
    else indices.push(a, b, c, a, c, d);
  };
  // A grid edge from point (i,j,k) along an axis that changes sign: the four cells around it.
  for (let k = 1; k < nz - 1; k += 1) {
    for (let j = 1; j < ny - 1; j += 1) {
      for (let i = 1; i < nx - 1; i += 1) {
        const inside = values[index(i, j, k)]! < 0;
        if (inside !== values[index(i + 1, j, k)]! < 0 && i < nx - 1) {
          quad(
            cellVertex[cellIndex(i, j - 1, k - 1)]!,
            cellVertex[cellIndex(i, j, k - 1)]!,
            cellVertex[cellIndex(i, j, k)]!,
            cellVertex[cellIndex(i, j - 1, k)]!,
            !inside,
          );
        }
        if (inside !== values[index(i, j + 1, k)]! < 0) {
          quad(
            cellVertex[cellIndex(i - 1, j, k - 1)]!,
            cellVertex[cellIndex(i - 1, j, k)]!,
            cellVertex[cellIndex(i, j, k)]!,
            cellVertex[cellIndex(i, j, k - 1)]!,
            !inside,
          );
        }
        if (inside !== values[index(i, j, k + 1)]! < 0) {
          quad(
            cellVertex[cellIndex(i - 1, j - 1, k)]!,
            cellVertex[cellIndex(i, j - 1, k)]!,
            cellVertex[cellIndex(i, j, k)]!,
            cellVertex[cellIndex(i - 1, j, k)]!,
            !inside,
          );
        }
      }
    }
  }
  return { positions: Float32Array.from(positions), indices: Uint32Array.from(indices) };
}

/** Blocks of this many cells are sampled at their corners first; only blocks near the surface are sampled in full. */
const blockCells = 4;
/** How much faster than 1 mm/mm the fields may change (smooth unions and radial distances are not exact distances). */
const slopeAllowance = 2;

/**
 * The field at every grid point. Far from the surface (every corner of a block further from it
 * than the block's diagonal, with room for the field's slope) the block is filled by trilinear
 * interpolation of its corners, which has the right sign there and is never used for a crossing.
 */
function sampleGrid(
  field: (x: number, y: number, z: number) => number,
  origin: number[],
  size: [number, number, number],
  cellMm: number,
): Float32Array {
  const [nx, ny, nz] = size;
  const values = new Float32Array(nx * ny * nz);
  const at = (i: number, j: number, k: number): number => field(origin[0]! + i * cellMm, origin[1]! + j * cellMm, origin[2]! + k * cellMm);
  const bx = Math.ceil((nx - 1) / blockCells);
  const by = Math.ceil((ny - 1) / blockCells);
  const bz = Math.ceil((nz - 1) / blockCells);
  const coarse = new Float64Array((bx + 1) * (by + 1) * (bz + 1));
  const coarseIndex = (i: number, j: number, k: number): number => (k * (by + 1) + j) * (bx + 1) + i;
  for (let k = 0; k <= bz; k += 1)
    for (let j = 0; j <= by; j += 1)
      for (let i = 0; i <= bx; i += 1) coarse[coarseIndex(i, j, k)] = at(i * blockCells, j * blockCells, k * blockCells);
  const safeMm = slopeAllowance * blockCells * cellMm * Math.sqrt(3);
  const corner = new Float64Array(8);
  for (let k = 0; k < bz; k += 1) {
    for (let j = 0; j < by; j += 1) {
      for (let i = 0; i < bx; i += 1) {
        let far = true;
        for (let c = 0; c < 8; c += 1) {
          corner[c] = coarse[coarseIndex(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1))]!;
          if (Math.abs(corner[c]!) < safeMm || corner[c]! < 0 !== corner[0]! < 0) far = false;
        }
        for (let dk = 0; dk <= blockCells; dk += 1) {
          const gk = k * blockCells + dk;
          if (gk >= nz) break;
          for (let dj = 0; dj <= blockCells; dj += 1) {
            const gj = j * blockCells + dj;
            if (gj >= ny) break;
            for (let di = 0; di <= blockCells; di += 1) {
              const gi = i * blockCells + di;
              if (gi >= nx) break;
              if (!far) {
                values[(gk * ny + gj) * nx + gi] = at(gi, gj, gk);
                continue;
              }
              const tx = di / blockCells;
              const ty = dj / blockCells;
              const tz = dk / blockCells;
              let v = 0;
              for (let c = 0; c < 8; c += 1)
                v += corner[c]! * (c & 1 ? tx : 1 - tx) * ((c >> 1) & 1 ? ty : 1 - ty) * ((c >> 2) & 1 ? tz : 1 - tz);
              values[(gk * ny + gj) * nx + gi] = v;
            }
          }
        }
      }
    }
  }
  return values;
}
