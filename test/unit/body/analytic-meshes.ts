/** Closed test meshes with known geometry (metres, y up), outward-facing counter-clockwise faces. */
export interface TestMesh {
  vertices: Float32Array;
  faces: Uint32Array;
}

/** A surface of revolution-like grid: rings of `segments` points from bottom pole to top pole. */
function lathe(rings: Array<Array<[number, number, number]>>, bottom: [number, number, number], top: [number, number, number]): TestMesh {
  const vertices: number[] = [...bottom];
  for (const ring of rings) for (const p of ring) vertices.push(...p);
  vertices.push(...top);
  const segments = rings[0]!.length;
  const index = (ring: number, k: number): number => 1 + ring * segments + (k % segments);
  const faces: number[] = [];
  for (let k = 0; k < segments; k++) faces.push(0, index(0, k + 1), index(0, k));
  for (let r = 0; r + 1 < rings.length; r++) {
    for (let k = 0; k < segments; k++) {
      faces.push(index(r, k), index(r, k + 1), index(r + 1, k + 1));
      faces.push(index(r, k), index(r + 1, k + 1), index(r + 1, k));
    }
  }
  const topIndex = vertices.length / 3 - 1;
  const last = rings.length - 1;
  for (let k = 0; k < segments; k++) faces.push(index(last, k), index(last, k + 1), topIndex);
  return { vertices: Float32Array.from(vertices), faces: Uint32Array.from(faces) };
}

/** Polygon points around y, counter-clockwise seen from +y... in the x/z plane with angle from +x towards −z. */
function ringAt(y: number, radiusAt: (angle: number) => [number, number], segments: number): Array<[number, number, number]> {
  return Array.from({ length: segments }, (_, k) => {
    const angle = (2 * Math.PI * k) / segments;
    const [x, z] = radiusAt(angle);
    return [x, y, -z] as [number, number, number];
  });
}

export function cylinder(radius: number, height: number, segments = 256, rings = 8, centre: [number, number] = [0, 0]): TestMesh {
  const all = Array.from({ length: rings }, (_, r) =>
    ringAt((height * r) / (rings - 1), (a) => [centre[0] + radius * Math.cos(a), -centre[1] + radius * Math.sin(a)], segments),
  );
  return lathe(all, [centre[0], 0, centre[1]], [centre[0], height, centre[1]]);
}

/** Ellipsoid with semi-axes a (x), b (y), c (z), centred at y = b so its bottom touches 0. */
export function ellipsoid(a: number, b: number, c: number, segments = 128, rings = 96): TestMesh {
  const all = Array.from({ length: rings }, (_, r) => {
    const polar = (Math.PI * (r + 1)) / (rings + 1);
    const y = b - b * Math.cos(polar);
    const s = Math.sin(polar);
    return ringAt(y, (angle) => [a * s * Math.cos(angle), c * s * Math.sin(angle)], segments);
  });
  return lathe(all, [0, 0, 0], [0, 2 * b, 0]);
}

/** A prism over a star-shaped polygon (given as radius per angle), from y = 0 to `height`. */
export function prism(outline: Array<[number, number]>, height: number): TestMesh {
  const ring = (y: number): Array<[number, number, number]> => outline.map(([x, z]) => [x, y, -z]);
  return lathe([ring(0), ring(height / 2), ring(height)], [0, 0, 0], [0, height, 0]);
}

export function box(width: number, height: number, depth: number, offset: [number, number, number] = [0, 0, 0]): TestMesh {
  const [ox, oy, oz] = offset;
  const x = width / 2;
  const z = depth / 2;
  const vertices = Float32Array.from(
    [
      [-x, 0, -z],
      [x, 0, -z],
      [x, 0, z],
      [-x, 0, z],
      [-x, height, -z],
      [x, height, -z],
      [x, height, z],
      [-x, height, z],
    ].flatMap(([px, py, pz]) => [px! + ox, py! + oy, pz! + oz]),
  );
  const faces = Uint32Array.from([
    0,
    1,
    2,
    0,
    2,
    3, // bottom (normal −y)
    4,
    6,
    5,
    4,
    7,
    6, // top
    0,
    4,
    5,
    0,
    5,
    1, // back (−z)
    2,
    6,
    7,
    2,
    7,
    3, // front
    1,
    5,
    6,
    1,
    6,
    2, // right (+x)
    3,
    7,
    4,
    3,
    4,
    0, // left
  ]);
  return { vertices, faces };
}

export function merge(...meshes: TestMesh[]): TestMesh {
  const vertices: number[] = [];
  const faces: number[] = [];
  for (const mesh of meshes) {
    const base = vertices.length / 3;
    vertices.push(...mesh.vertices);
    faces.push(...Array.from(mesh.faces, (index) => index + base));
  }
  return { vertices: Float32Array.from(vertices), faces: Uint32Array.from(faces) };
}

/** Ramanujan's second approximation of an ellipse's perimeter. */
export function ellipsePerimeter(a: number, b: number): number {
  const h = ((a - b) / (a + b)) ** 2;
  return Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
}
