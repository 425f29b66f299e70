/**
 * Rotation conversions for HMR 2.0's outputs. Its SMPL head predicts each joint's rotation in the
 * continuous 6-D form (Zhou et al. 2019) and turns it into a matrix (hmr2/utils/geometry.py
 * rot6d_to_rotmat); the avatar stores SMPL's axis-angle vectors. Matrices are row-major 3×3.
 */

/**
 * rot6d_to_rotmat: the six numbers are two 3-vectors a1 = x[0..2], a2 = x[3..5]; Gram–Schmidt
 * gives b1 = a1/|a1|, b2 = (a2 − (b1·a2) b1)/|…|, b3 = b1 × b2, and the matrix's columns are b1, b2, b3.
 */
export function rot6dToMatrix(six: ArrayLike<number>, offset = 0): Float64Array {
  const a1 = [six[offset]!, six[offset + 1]!, six[offset + 2]!] as const;
  const a2 = [six[offset + 3]!, six[offset + 4]!, six[offset + 5]!] as const;
  // F.normalize divides by max(norm, 1e-12).
  const n1 = Math.max(Math.hypot(...a1), 1e-12);
  const b1 = [a1[0] / n1, a1[1] / n1, a1[2] / n1] as const;
  const dot = b1[0] * a2[0] + b1[1] * a2[1] + b1[2] * a2[2];
  const u = [a2[0] - dot * b1[0], a2[1] - dot * b1[1], a2[2] - dot * b1[2]] as const;
  const n2 = Math.max(Math.hypot(...u), 1e-12);
  const b2 = [u[0] / n2, u[1] / n2, u[2] / n2] as const;
  const b3 = [b1[1] * b2[2] - b1[2] * b2[1], b1[2] * b2[0] - b1[0] * b2[2], b1[0] * b2[1] - b1[1] * b2[0]] as const;
  return Float64Array.of(b1[0], b2[0], b3[0], b1[1], b2[1], b3[1], b1[2], b2[2], b3[2]);
}

/**
 * Axis-angle vector (axis × angle in radians, angle in [0, π]) of a rotation matrix, through the
 * unit quaternion (Shepperd's method picks the numerically safe branch, so angles near 0 and near
 * π are both exact; the arccos of the trace is not).
 */
export function matrixToAxisAngle(m: ArrayLike<number>, offset = 0): [number, number, number] {
  const r = (row: number, column: number): number => m[offset + row * 3 + column]!;
  const trace = r(0, 0) + r(1, 1) + r(2, 2);
  let w: number;
  let x: number;
  let y: number;
  let z: number;
  if (trace > 0) {
    const s = Math.sqrt(trace + 1) * 2;
    w = 0.25 * s;
    x = (r(2, 1) - r(1, 2)) / s;
    y = (r(0, 2) - r(2, 0)) / s;
    z = (r(1, 0) - r(0, 1)) / s;
  } else if (r(0, 0) > r(1, 1) && r(0, 0) > r(2, 2)) {
    const s = Math.sqrt(1 + r(0, 0) - r(1, 1) - r(2, 2)) * 2;
    w = (r(2, 1) - r(1, 2)) / s;
    x = 0.25 * s;
    y = (r(0, 1) + r(1, 0)) / s;
    z = (r(0, 2) + r(2, 0)) / s;
  } else if (r(1, 1) > r(2, 2)) {
    const s = Math.sqrt(1 + r(1, 1) - r(0, 0) - r(2, 2)) * 2;
    w = (r(0, 2) - r(2, 0)) / s;
    x = (r(0, 1) + r(1, 0)) / s;
    y = 0.25 * s;
    z = (r(1, 2) + r(2, 1)) / s;
  } else {
    const s = Math.sqrt(1 + r(2, 2) - r(0, 0) - r(1, 1)) * 2;
    w = (r(1, 0) - r(0, 1)) / s;
    x = (r(0, 2) + r(2, 0)) / s;
    y = (r(1, 2) + r(2, 1)) / s;
    z = 0.25 * s;
  }
  // q and −q are the same rotation; w ≥ 0 keeps the angle in [0, π].
  if (w < 0) {
    w = -w;
    x = -x;
    y = -y;
    z = -z;
  }
  const sinHalf = Math.hypot(x, y, z);
  if (sinHalf === 0) return [0, 0, 0];
  // aa = axis · angle = v / |v| · 2·atan2(|v|, w); atan2 stays accurate for tiny angles, and q need not be unit length.
  const factor = (2 * Math.atan2(sinHalf, w)) / sinHalf;
  return [x * factor, y * factor, z * factor];
}
