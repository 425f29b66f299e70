import { describe, expect, it } from 'vitest';
import { solveSpd } from '../../../src/main/body/matrix.js';

describe('solveSpd', () => {
  // A = M Mᵀ + 3 I for a fixed M: symmetric positive definite.
  const n = 4;
  const m = [2, -1, 0, 1, 0.5, 3, -2, 0, 1, 1, 1, -1, 0, -0.5, 2, 2];
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let sum = i === j ? 3 : 0;
      for (let k = 0; k < n; k++) sum += m[i * n + k]! * m[j * n + k]!;
      a[i * n + j] = sum;
    }
  const b = Float64Array.from([1, -2, 0.5, 4]);

  it('solves A x = b', () => {
    const x = solveSpd(a, n, b);
    for (let i = 0; i < n; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += a[i * n + j]! * x[j]!;
      expect(ax).toBeCloseTo(b[i]!, 12);
    }
  });

  it('reads only the lower triangle: the same answer, bit for bit, whatever lies above the diagonal', () => {
    const lowerOnly = a.map((value, k) => (k % n <= Math.floor(k / n) ? value : Number.NaN));
    expect(solveSpd(lowerOnly, n, b)).toEqual(solveSpd(a, n, b));
    const identity = new Float64Array(n * n).map((_, k) => (k % n === Math.floor(k / n) ? 1 : 0));
    expect(solveSpd(lowerOnly, n, identity, n)).toEqual(solveSpd(a, n, identity, n));
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => solveSpd(Float64Array.from([1, 2, 2, 1]), 2, Float64Array.from([1, 1]))).toThrow(/positive definite/);
  });
});
