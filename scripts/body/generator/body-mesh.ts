import {
  polygonPerimeter,
  rayPoint,
  sampleRing,
  scaledSection,
  sectionWithDepth,
  sectionWithPerimeter,
  smoothBlend,
  type Point2,
  type Superellipse,
} from './ring-shapes.js';

/**
 * The body generator: a closed, manifold mesh of fixed topology whose cross-sections are driven
 * by named ANSUR II dimensions (millimetres). Every body it builds has the same vertices and faces
 * in the same order, so bodies can be added and subtracted (the shape space is their differences).
 *
 * Layout (T-pose, y up, x to the body's left, z to the front, feet on y = 0):
 * - the trunk and head are one tube of horizontal rings from the crotch to the crown, closed by a pole;
 * - each arm leaves the trunk through a port (a hole of the trunk grid between the armpit and the
 *   acromion) as a horizontal tube of rings perpendicular to x, closed at the fingertips;
 * - the legs split the lowest trunk ring at the front and back midline, joined by a crotch bridge,
 *   and run down as tubes of horizontal rings to a flat sole.
 * Key rings sit at the survey's landmark heights with the survey's breadth, depth and girth, so
 * slicing the mesh there gives back the survey's figures.
 */

export const shapeColumns = [
  'stature',
  'crotchheight',
  'trochanterionheight',
  'waistheightomphalion',
  'chestheight',
  'axillaheight',
  'acromialheight',
  'suprasternaleheight',
  'cervicaleheight',
  'kneeheightmidpatella',
  'lateralmalleolusheight',
  'biacromialbreadth',
  'chestbreadth',
  'chestdepth',
  'chestcircumference',
  'waistbreadth',
  'waistdepth',
  'waistcircumference',
  'hipbreadth',
  'buttockdepth',
  'buttockcircumference',
  'thighcircumference',
  'lowerthighcircumference',
  'calfcircumference',
  'anklecircumference',
  'neckcircumference',
  'neckcircumferencebase',
  'headcircumference',
  'headbreadth',
  'headlength',
  'tragiontopofhead',
  'acromionradialelength',
  'radialestylionlength',
  'handlength',
  'handbreadth',
  'bicepscircumferenceflexed',
  'forearmcircumferenceflexed',
  'wristcircumference',
  'footlength',
  'footbreadthhorizontal',
  'bimalleolarbreadth',
  'waistbacklength',
] as const;
export type ShapeColumn = (typeof shapeColumns)[number];
export type BodyDimensions = Record<ShapeColumn, number>;

export type Vec3 = [number, number, number];

/** Which limb a vertex belongs to: skinning weights only mix the joints of its part. */
export const bodyParts = ['trunk', 'left_leg', 'right_leg', 'left_arm', 'right_arm'] as const;
export type BodyPart = (typeof bodyParts)[number];

export interface BuiltBody {
  /** V×3, millimetres. */
  positions: Float64Array;
  faces: Uint32Array;
  parts: Uint8Array;
  landmarks: Record<string, number>;
  /** Vertex sets that the joint regressor averages over, by SMPL joint index. */
  jointVertexSets: number[][];
  /** Where each joint sits in this body (millimetres). */
  jointTargets: Vec3[];
  /** End of each leaf joint's bone (head, hands, feet), for skinning. */
  leafEnds: Record<number, Vec3>;
}

/** Angular resolution of the trunk, crotch bridge size, half-width of the arm ports (in trunk steps). */
const trunkSegments = 80;
const bridgeVertices = 13;
const portHalfWidth = 4;

class MeshBuilder {
  readonly positions: number[] = [];
  readonly faces: number[] = [];
  readonly parts: number[] = [];

  vertex(p: Vec3, part: BodyPart): number {
    this.positions.push(p[0], p[1], p[2]);
    this.parts.push(bodyParts.indexOf(part));
    return this.parts.length - 1;
  }

  position(index: number): Vec3 {
    return [this.positions[index * 3]!, this.positions[index * 3 + 1]!, this.positions[index * 3 + 2]!];
  }

  triangle(a: number, b: number, c: number): void {
    this.faces.push(a, b, c);
  }

  quad(a: number, b: number, c: number, d: number): void {
    this.triangle(a, b, c);
    this.triangle(a, c, d);
  }

  /** Joins two closed rings of equal length with quads. */
  stitch(ringA: readonly number[], ringB: readonly number[]): void {
    if (ringA.length !== ringB.length) throw new Error('rings differ in length');
    for (let k = 0; k < ringA.length; k++) {
      const next = (k + 1) % ringA.length;
      this.quad(ringA[k]!, ringA[next]!, ringB[next]!, ringB[k]!);
    }
  }

  fan(ring: readonly number[], pole: number): void {
    for (let k = 0; k < ring.length; k++) this.triangle(ring[k]!, ring[(k + 1) % ring.length]!, pole);
  }
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/** Angles unwrapped so that consecutive values differ by less than π. */
function unwrap(angles: number[]): number[] {
  const out = [angles[0]!];
  for (let k = 1; k < angles.length; k++) {
    let angle = angles[k]!;
    while (angle - out[k - 1]! > Math.PI) angle -= 2 * Math.PI;
    while (angle - out[k - 1]! < -Math.PI) angle += 2 * Math.PI;
    out.push(angle);
  }
  return out;
}

interface TrunkKey {
  name: string;
  y: number;
  a: number;
  b: number;
  /** Girth of the section; when absent, the exponent `n` fixes the shape. */
  girth?: number;
  n?: number;
  zc: number;
  /** Ring intervals from this key to the next. */
  steps: number;
}

const trunkAngles = Array.from({ length: trunkSegments }, (_, i) => (2 * Math.PI * i) / trunkSegments);

function trunkSection(key: Pick<TrunkKey, 'a' | 'b' | 'girth' | 'n' | 'zc'>): Superellipse {
  const base = { cu: 0, cv: key.zc, a: key.a, b: key.b };
  if (key.girth !== undefined) return sectionWithPerimeter(base, key.girth, [0, key.zc], trunkAngles);
  return { ...base, n: key.n ?? 2 };
}

/** The generator. Same topology for every input; positions in millimetres. */
export function buildBody(d: BodyDimensions): BuiltBody {
  const mesh = new MeshBuilder();
  const N = trunkSegments;
  const stature = d.stature;

  // ---- Levels (kept in order whatever the inputs, so extreme shapes stay valid).
  const yCrotch = d.crotchheight;
  const yHip = Math.min(Math.max(d.trochanterionheight, yCrotch + 30), d.waistheightomphalion - 40);
  const yWaist = Math.max(d.waistheightomphalion, yHip + 40);
  const yChest = Math.max(d.chestheight, yWaist + 60);
  const yArmpit = Math.max(d.axillaheight, yChest + 15);
  const yAcromion = Math.max(d.acromialheight, yArmpit + 60);
  const yNeckBase = Math.max((d.suprasternaleheight + d.cervicaleheight) / 2, yAcromion + 15);
  // The neck ring's back is the cervicale: one back-waist length above the waist. The jaw ring
  // sits between it and the face ring (a linear rule keeps the rings in order for any body).
  const yFace = stature - 0.9 * d.tragiontopofhead;
  const yNeck = Math.min(Math.max(yWaist + d.waistbacklength, yNeckBase + 10), yFace - 40);
  const yJaw = lerp(yNeck, yFace, 0.35);
  const yHeadMax = stature - 0.6 * d.tragiontopofhead;
  const yKnee = d.kneeheightmidpatella;
  const yMalleolus = d.lateralmalleolusheight;

  // ---- Thigh sections decide the width of the crotch ring.
  const thighA = Math.min((0.95 * d.thighcircumference) / (2 * Math.PI), 0.25 * d.hipbreadth - 2);
  const legX = thighA + 3;
  const uniformLegAngles = Array.from({ length: 48 }, (_, k) => (2 * Math.PI * k) / 48);
  const thighGuess = sectionWithDepth({ cu: legX, cv: 0, a: thighA, b: thighA, n: 2.2 }, d.thighcircumference, [legX, 0], uniformLegAngles);

  const chestA = d.chestbreadth / 2;
  const chestB = d.chestdepth / 2;
  const chestSection = trunkSection({ a: chestA, b: chestB, girth: d.chestcircumference, zc: 0 });
  const headLength = d.headlength;
  const headBreadth = d.headbreadth;
  const tragion = d.tragiontopofhead;
  const neckZ = -0.2 * chestB;

  const keys: TrunkKey[] = [
    { name: 'crotch', y: yCrotch, a: legX + thighA, b: thighGuess.b * 1.02, n: 2.6, zc: 0, steps: 3 },
    { name: 'hip', y: yHip, a: d.hipbreadth / 2, b: d.buttockdepth / 2, girth: d.buttockcircumference, zc: 0, steps: 6 },
    { name: 'waist', y: yWaist, a: d.waistbreadth / 2, b: d.waistdepth / 2, girth: d.waistcircumference, zc: 0, steps: 8 },
    { name: 'chest', y: yChest, a: chestA, b: chestB, girth: d.chestcircumference, zc: 0, steps: 2 },
    { name: 'armpit', y: yArmpit, a: chestSection.a * 0.98, b: chestSection.b * 0.93, n: chestSection.n, zc: 0, steps: 6 },
    { name: 'acromion', y: yAcromion, a: chestSection.a * 0.95, b: chestSection.b * 0.72, n: Math.min(chestSection.n, 4), zc: 0, steps: 3 },
    { name: 'neck_base', y: yNeckBase, a: 1, b: 0.92, n: 2, girth: d.neckcircumferencebase, zc: neckZ, steps: 2 },
    { name: 'neck', y: yNeck, a: 1, b: 0.95, n: 2, girth: d.neckcircumference, zc: neckZ, steps: 2 },
    { name: 'jaw', y: yJaw, a: 0.4 * headBreadth, b: 0.42 * headLength, n: 2.2, zc: 0.06 * headLength, steps: 3 },
    { name: 'face', y: yFace, a: 0.48 * headBreadth, b: 0.49 * headLength, n: 2.3, zc: 0.03 * headLength, steps: 2 },
    { name: 'head', y: yHeadMax, a: headBreadth / 2, b: headLength / 2, girth: d.headcircumference, zc: 0, steps: 2 },
    { name: 'crown1', y: stature - 0.3 * tragion, a: 0.44 * headBreadth, b: 0.45 * headLength, n: 2.2, zc: 0, steps: 1 },
    { name: 'crown2', y: stature - 0.12 * tragion, a: 0.3 * headBreadth, b: 0.31 * headLength, n: 2, zc: 0, steps: 1 },
    { name: 'crown3', y: stature - 0.03 * tragion, a: 0.14 * headBreadth, b: 0.15 * headLength, n: 2, zc: 0, steps: 0 },
  ];
  // Girth-defined necks keep their aspect ratio; scale them to the girth.
  const keySections = keys.map((key) => {
    if (key.name === 'neck_base' || key.name === 'neck') {
      return scaledSection({ cu: 0, cv: key.zc, a: 60, b: 60 * key.b, n: 2 }, key.girth!, [0, key.zc], trunkAngles);
    }
    return trunkSection(key);
  });
  const keyGirths = keySections.map((section) => polygonPerimeter(sampleRing(section, [0, section.cv], trunkAngles)));

  // ---- Trunk rings.
  interface TrunkRing {
    y: number;
    section: Superellipse;
    key?: string;
  }
  const rings: TrunkRing[] = [];
  keys.forEach((key, k) => {
    rings.push({ y: key.y, section: keySections[k]!, key: key.name });
    const next = keys[k + 1];
    if (!next) return;
    const from = keySections[k]!;
    const to = keySections[k + 1]!;
    for (let step = 1; step < key.steps; step++) {
      const t = step / key.steps;
      const a = smoothBlend(from.a, to.a, t);
      const b = smoothBlend(from.b, to.b, t);
      const zc = smoothBlend(from.cv, to.cv, t);
      const girth = smoothBlend(keyGirths[k]!, keyGirths[k + 1]!, t);
      rings.push({ y: lerp(key.y, next.y, t), section: sectionWithPerimeter({ cu: 0, cv: zc, a, b }, girth, [0, zc], trunkAngles) });
    }
  });
  const ringOfKey = (name: string): number => rings.findIndex((ring) => ring.key === name);
  const portBottom = ringOfKey('armpit');
  const portTop = ringOfKey('acromion');

  const inPortInterior = (j: number, i: number): boolean => {
    if (j <= portBottom || j >= portTop) return false;
    const left = ((i + N / 2) % N) - N / 2; // i relative to 0, in [-N/2, N/2)
    const right = i - N / 2;
    return Math.abs(left) < portHalfWidth || Math.abs(right) < portHalfWidth;
  };
  const trunk: number[][] = rings.map((ring, j) =>
    trunkAngles.map((angle, i) => {
      if (inPortInterior(j, i)) return -1;
      const [x, z] = rayPoint(ring.section, [0, ring.section.cv], angle);
      return mesh.vertex([x, ring.y, z], 'trunk');
    }),
  );
  const inPortCell = (j: number, i: number): boolean => {
    if (j < portBottom || j >= portTop) return false;
    const left = ((i + N / 2) % N) - N / 2;
    const right = i - N / 2;
    return (left >= -portHalfWidth && left < portHalfWidth) || (right >= -portHalfWidth && right < portHalfWidth);
  };
  for (let j = 0; j + 1 < rings.length; j++) {
    for (let i = 0; i < N; i++) {
      if (inPortCell(j, i)) continue;
      const next = (i + 1) % N;
      mesh.quad(trunk[j]![i]!, trunk[j]![next]!, trunk[j + 1]![next]!, trunk[j + 1]![i]!);
    }
  }
  const crownPole = mesh.vertex([0, stature, 0], 'trunk');
  mesh.fan(trunk[rings.length - 1]!, crownPole);
  const at = (j: number, i: number): number => trunk[j]![((i % N) + N) % N]!;

  // ---- Arms.
  const shoulderX = d.biacromialbreadth / 2;
  const shoulderY = (yArmpit + yAcromion) / 2;
  const portLoop = (centre: number, side: 1 | -1): number[] => {
    const loop: number[] = [];
    const rel = (offset: number): number => centre + side * offset;
    for (let o = -portHalfWidth; o <= portHalfWidth; o++) loop.push(at(portBottom, rel(o)));
    for (let j = portBottom + 1; j <= portTop; j++) loop.push(at(j, rel(portHalfWidth)));
    for (let o = portHalfWidth - 1; o >= -portHalfWidth; o--) loop.push(at(portTop, rel(o)));
    for (let j = portTop - 1; j > portBottom; j--) loop.push(at(j, rel(-portHalfWidth)));
    return loop;
  };
  const leftPort = portLoop(0, 1);
  const rightPort = portLoop(N / 2, -1);
  const portUV = leftPort.map((index) => {
    const p = mesh.position(index);
    return [p[1] - shoulderY, p[2]] as Point2;
  });
  const armAngles = unwrap(portUV.map(([u, v]) => Math.atan2(v, u)));
  const portMaxX = Math.max(...leftPort.map((index) => mesh.position(index)[0]));
  const portHalfHeight = Math.max(...portUV.map(([u]) => Math.abs(u)));
  const portHalfDepth = Math.max(...portUV.map(([, v]) => Math.abs(v)));

  const upperArm = d.acromionradialelength;
  const forearm = d.radialestylionlength;
  const hand = d.handlength;
  const handB = d.handbreadth;
  const elbowX = shoulderX + upperArm;
  const wristX = elbowX + forearm;
  const shoulderGirth = Math.min(1.05 * d.bicepscircumferenceflexed, 2 * Math.PI * 0.95 * Math.min(portHalfHeight, portHalfDepth * 1.15));
  const elbowGirth = 0.88 * ((d.bicepscircumferenceflexed + d.forearmcircumferenceflexed) / 2);
  const circle = (girth: number, aspect = 1, n = 2): Superellipse =>
    scaledSection({ cu: 0, cv: 0, a: 40, b: 40 * aspect, n }, girth, [0, 0], armAngles);
  const armRings: Array<{ name?: string; x: number; section: Superellipse }> = [
    { x: (portMaxX + shoulderX) / 2, section: { cu: 0, cv: 0, a: portHalfHeight * 0.97, b: portHalfDepth * 0.97, n: 3 } },
    { name: 'shoulder', x: shoulderX, section: circle(shoulderGirth) },
    { x: shoulderX + 0.25 * upperArm, section: circle(lerp(shoulderGirth, d.bicepscircumferenceflexed, 0.7)) },
    { name: 'biceps', x: shoulderX + 0.5 * upperArm, section: circle(d.bicepscircumferenceflexed) },
    { x: shoulderX + 0.75 * upperArm, section: circle(lerp(d.bicepscircumferenceflexed, elbowGirth, 0.6)) },
    { name: 'elbow', x: elbowX, section: circle(elbowGirth) },
    { name: 'forearm', x: elbowX + 0.25 * forearm, section: circle(d.forearmcircumferenceflexed, 1.1) },
    { x: elbowX + 0.6 * forearm, section: circle(lerp(d.forearmcircumferenceflexed, d.wristcircumference, 0.6), 1.25) },
    { name: 'wrist', x: wristX, section: circle(d.wristcircumference, 1.4) },
    { x: wristX + 0.28 * hand, section: { cu: 0, cv: 0, a: 0.17 * handB, b: 0.5 * handB, n: 2.6 } },
    { name: 'knuckles', x: wristX + 0.5 * hand, section: { cu: 0, cv: 0, a: 0.14 * handB, b: 0.48 * handB, n: 2.6 } },
    { x: wristX + 0.75 * hand, section: { cu: 0, cv: 0, a: 0.11 * handB, b: 0.42 * handB, n: 2.4 } },
    { x: wristX + 0.93 * hand, section: { cu: 0, cv: 0, a: 0.07 * handB, b: 0.3 * handB, n: 2 } },
  ];
  const topOfArm = armAngles.reduce(
    (best, angle, k) => (Math.abs(Math.cos(angle) - 1) < Math.abs(Math.cos(armAngles[best]!) - 1) ? k : best),
    0,
  );
  const buildArm = (side: 1 | -1, port: number[], part: BodyPart): Record<string, number[]> => {
    const named: Record<string, number[]> = {};
    let previous = port;
    for (const ring of armRings) {
      const points = sampleRing(ring.section, [0, 0], armAngles);
      const indices = points.map(([u, v]) => mesh.vertex([side * ring.x, shoulderY + u, v], part));
      mesh.stitch(previous, indices);
      if (ring.name) named[ring.name] = indices;
      previous = indices;
    }
    const tip = mesh.vertex([side * (wristX + hand), shoulderY, 0], part);
    mesh.fan(previous, tip);
    named.tip = [tip];
    return named;
  };
  const leftArm = buildArm(1, leftPort, 'left_arm');
  const rightArm = buildArm(-1, rightPort, 'right_arm');

  // ---- Legs: split the crotch ring at the front and back midline, join the halves by a bridge.
  const front = N / 4;
  const back = (3 * N) / 4;
  const frontZ = mesh.position(at(0, front))[2];
  const backZ = mesh.position(at(0, back))[2];
  const bridge: number[] = [];
  for (let k = 1; k <= bridgeVertices; k++) bridge.push(mesh.vertex([0, yCrotch, lerp(frontZ, backZ, k / (bridgeVertices + 1))], 'trunk'));
  // The right leg's top ring is the mirror image (trunk index i ↔ N/2 − i) of the left's, vertex by vertex.
  const leftTop: number[] = [];
  const rightTop: number[] = [];
  for (let i = back; i <= N + front; i++) {
    leftTop.push(at(0, i));
    rightTop.push(at(0, N / 2 - i));
  }
  leftTop.push(...bridge);
  rightTop.push(...bridge);
  // Angles of the left leg's top ring around the leg axis; the right leg mirrors them.
  const legAngles = unwrap(
    leftTop.map((index) => {
      const p = mesh.position(index);
      return Math.atan2(p[2], p[0] - legX);
    }),
  );
  const legOrigin: Point2 = [legX, 0];
  const legCircle = (girth: number, aspect = 1, n = 2): Superellipse =>
    scaledSection({ cu: legX, cv: 0, a: 40, b: 40 * aspect, n }, girth, legOrigin, legAngles);
  const thigh = sectionWithDepth({ cu: legX, cv: 0, a: thighA, b: thighA, n: 2.2 }, d.thighcircumference, legOrigin, legAngles);
  const kneeGirth = 0.93 * d.lowerthighcircumference;
  const foot = d.footlength;
  const footB = d.footbreadthhorizontal;
  const heelZ = -0.22 * foot;
  const footSection = (lengthScale: number, breadthScale: number, y: number): { y: number; section: Superellipse } => ({
    y,
    section: {
      cu: legX,
      cv: heelZ + (foot * lengthScale) / 2 + foot * (1 - lengthScale) * 0.25,
      a: (footB * breadthScale) / 2,
      b: (foot * lengthScale) / 2,
      n: 2.3,
    },
  });
  const yThigh = yCrotch - 30;
  const kneeSpan = yKnee - yMalleolus;
  const legRings: Array<{ name?: string; y: number; section: Superellipse }> = [
    { name: 'thigh', y: yThigh, section: thigh },
    { y: lerp(yThigh, yKnee, 0.25), section: legCircle(lerp(d.thighcircumference, d.lowerthighcircumference, 0.3), 1.05) },
    { y: lerp(yThigh, yKnee, 0.5), section: legCircle(lerp(d.thighcircumference, d.lowerthighcircumference, 0.65), 1.05) },
    { name: 'lower_thigh', y: yKnee + 0.22 * (yCrotch - yKnee), section: legCircle(d.lowerthighcircumference, 1.0) },
    { name: 'knee', y: yKnee, section: legCircle(kneeGirth, 1.0) },
    { y: yKnee - 0.16 * kneeSpan, section: legCircle(lerp(kneeGirth, d.calfcircumference, 0.75), 1.0) },
    { name: 'calf', y: yKnee - 0.3 * kneeSpan, section: legCircle(d.calfcircumference, 1.0) },
    { y: yKnee - 0.5 * kneeSpan, section: legCircle(lerp(d.calfcircumference, d.anklecircumference, 0.5), 0.95) },
    { y: yKnee - 0.7 * kneeSpan, section: legCircle(lerp(d.calfcircumference, d.anklecircumference, 0.85), 0.95) },
    { name: 'ankle', y: yMalleolus + 0.12 * kneeSpan, section: legCircle(d.anklecircumference, 1.1) },
    { name: 'malleolus', y: yMalleolus, section: { cu: legX, cv: 0, a: d.bimalleolarbreadth / 2, b: 0.2 * foot, n: 2.2 } },
    footSection(0.72, 0.85, 0.6 * yMalleolus),
    { name: 'foot', ...footSection(0.95, 0.98, 0.3 * yMalleolus) },
    footSection(1, 1, 0.08 * yMalleolus),
    footSection(0.96, 0.95, 0),
  ];
  const outerOfLeg = legAngles.reduce((best, angle, k) => (Math.cos(angle) > Math.cos(legAngles[best]!) ? k : best), 0);
  const buildLeg = (side: 1 | -1, top: number[], part: BodyPart): Record<string, number[]> => {
    const named: Record<string, number[]> = {};
    let previous = top;
    for (const ring of legRings) {
      const points = sampleRing(ring.section, legOrigin, legAngles);
      const indices = points.map(([x, z]) => mesh.vertex([side * x, ring.y, z], part));
      mesh.stitch(previous, indices);
      if (ring.name) named[ring.name] = indices;
      previous = indices;
    }
    const sole = legRings[legRings.length - 1]!.section;
    const pole = mesh.vertex([side * legX, 0, sole.cv], part);
    mesh.fan(previous, pole);
    named.sole = [pole];
    return named;
  };
  const leftLeg = buildLeg(1, leftTop, 'left_leg');
  const rightLeg = buildLeg(-1, rightTop, 'right_leg');

  // ---- Landmarks (vertex indices) used by the measurement table.
  const keyRing = (name: string): number[] => trunk[ringOfKey(name)]!;
  const landmarks: Record<string, number> = {
    head_top: crownPole,
    crotch: bridge[(bridgeVertices - 1) / 2]!,
    hip_back: at(ringOfKey('hip'), back),
    hip_front: at(ringOfKey('hip'), front),
    waist_front: at(ringOfKey('waist'), front),
    waist_back: at(ringOfKey('waist'), back),
    chest_front: at(ringOfKey('chest'), front),
    chest_back: at(ringOfKey('chest'), back),
    armpit_left: at(portBottom, 0),
    armpit_right: at(portBottom, N / 2),
    neck_base_front: at(ringOfKey('neck_base'), front),
    neck_base_back: at(ringOfKey('neck_base'), back),
    neck_front: at(ringOfKey('neck'), front),
    head_front: at(ringOfKey('head'), front),
    acromion_left: leftArm.shoulder![topOfArm]!,
    acromion_right: rightArm.shoulder![topOfArm]!,
    biceps_left: leftArm.biceps![topOfArm]!,
    elbow_left: leftArm.elbow![topOfArm]!,
    forearm_left: leftArm.forearm![topOfArm]!,
    wrist_left: leftArm.wrist![topOfArm]!,
    thigh_left: leftLeg.thigh![outerOfLeg]!,
    lower_thigh_left: leftLeg.lower_thigh![outerOfLeg]!,
    knee_left: leftLeg.knee![outerOfLeg]!,
    calf_left: leftLeg.calf![outerOfLeg]!,
    ankle_left: leftLeg.ankle![outerOfLeg]!,
    sole_left: leftLeg.sole![0]!,
  };
  // The back midline from the waist up to the neck ring (cervicale height), for the back length.
  const backRings = rings.map((_, j) => j).filter((j) => j >= ringOfKey('waist') && j <= ringOfKey('neck'));
  backRings.forEach((j, k) => (landmarks[`back_path_${String(k).padStart(2, '0')}`] = at(j, back)));

  // ---- Joints (SMPL order) and the vertex sets the regressor averages over.
  const ringRange = (from: number, to: number, filter: (i: number) => boolean = () => true): number[] => {
    const out: number[] = [];
    for (let j = from; j <= to; j++) for (let i = 0; i < N; i++) if (trunk[j]![i]! >= 0 && filter(i)) out.push(trunk[j]![i]!);
    return out;
  };
  const leftSide = (i: number): boolean => Math.cos(trunkAngles[i]!) > 0.2;
  const rightSide = (i: number): boolean => Math.cos(trunkAngles[i]!) < -0.2;
  const hipJointY = (yCrotch + yHip) / 2 + 20;
  const spineZ = (ringName: string): number => -0.3 * keySections[keys.findIndex((key) => key.name === ringName)]!.b;
  const ringCentre = (indices: number[]): Vec3 => {
    const sum: Vec3 = [0, 0, 0];
    for (const index of indices) {
      const p = mesh.position(index);
      sum[0] += p[0];
      sum[1] += p[1];
      sum[2] += p[2];
    }
    return [sum[0] / indices.length, sum[1] / indices.length, sum[2] / indices.length];
  };
  const sectionCentre = (indices: number[], axis: 'x' | 'y'): Vec3 => {
    // Centre of a planar ring: the mid-point of its extents (the ring average is biased by uneven spacing).
    const points = indices.map((index) => mesh.position(index));
    const mid = (c: 0 | 1 | 2): number => (Math.min(...points.map((p) => p[c])) + Math.max(...points.map((p) => p[c]))) / 2;
    const c = ringCentre(indices);
    return axis === 'y' ? [mid(0), c[1], mid(2)] : [c[0], mid(1), mid(2)];
  };
  const hipRings = [ringOfKey('crotch'), ringOfKey('hip')] as const;
  const waistRing = ringOfKey('waist');
  const chestRing = ringOfKey('chest');
  const footBall = (side: 1 | -1): Vec3 => [side * legX, 0.3 * yMalleolus, heelZ + 0.72 * foot];
  const sets: number[][] = [];
  const targets: Vec3[] = [];
  const joint = (index: number, vertices: number[], target: Vec3): void => {
    sets[index] = vertices;
    targets[index] = target;
  };
  joint(0, ringRange(hipRings[0], hipRings[1]), [0, hipJointY + 0.08 * (yWaist - yCrotch), 0]);
  joint(1, [...ringRange(hipRings[0], hipRings[1], leftSide), ...leftLeg.thigh!], [legX * 0.9, hipJointY, 0]);
  joint(2, [...ringRange(hipRings[0], hipRings[1], rightSide), ...rightLeg.thigh!], [-legX * 0.9, hipJointY, 0]);
  joint(3, ringRange(ringOfKey('hip') + 3, waistRing), [0, lerp(yHip, yWaist, 0.6), spineZ('waist')]);
  joint(4, leftLeg.knee!, sectionCentre(leftLeg.knee!, 'y'));
  joint(5, rightLeg.knee!, sectionCentre(rightLeg.knee!, 'y'));
  joint(6, ringRange(waistRing + 3, waistRing + 6), [0, lerp(yWaist, yChest, 0.5), spineZ('waist')]);
  joint(7, leftLeg.malleolus!, sectionCentre(leftLeg.malleolus!, 'y'));
  joint(8, rightLeg.malleolus!, sectionCentre(rightLeg.malleolus!, 'y'));
  joint(9, ringRange(chestRing, portBottom), [0, lerp(yChest, yArmpit, 0.8), spineZ('chest')]);
  joint(10, leftLeg.foot!, footBall(1));
  joint(11, rightLeg.foot!, footBall(-1));
  joint(
    12,
    keyRing('neck_base').filter((i) => i >= 0),
    ringCentre(keyRing('neck_base')),
  );
  const collarY = lerp(yArmpit, yAcromion, 0.75);
  joint(
    13,
    ringRange(portBottom, portTop, (i) => Math.cos(trunkAngles[i]!) > 0),
    [0.45 * shoulderX, collarY, -0.1 * chestB],
  );
  joint(
    14,
    ringRange(portBottom, portTop, (i) => Math.cos(trunkAngles[i]!) < 0),
    [-0.45 * shoulderX, collarY, -0.1 * chestB],
  );
  joint(15, [...keyRing('jaw'), ...keyRing('face')], [0, lerp(yJaw, yFace, 0.4), 0]);
  joint(16, leftArm.shoulder!, sectionCentre(leftArm.shoulder!, 'x'));
  joint(17, rightArm.shoulder!, sectionCentre(rightArm.shoulder!, 'x'));
  joint(18, leftArm.elbow!, sectionCentre(leftArm.elbow!, 'x'));
  joint(19, rightArm.elbow!, sectionCentre(rightArm.elbow!, 'x'));
  joint(20, leftArm.wrist!, sectionCentre(leftArm.wrist!, 'x'));
  joint(21, rightArm.wrist!, sectionCentre(rightArm.wrist!, 'x'));
  joint(22, leftArm.knuckles!, sectionCentre(leftArm.knuckles!, 'x'));
  joint(23, rightArm.knuckles!, sectionCentre(rightArm.knuckles!, 'x'));

  return {
    positions: Float64Array.from(mesh.positions),
    faces: Uint32Array.from(mesh.faces),
    parts: Uint8Array.from(mesh.parts),
    landmarks,
    jointVertexSets: sets,
    jointTargets: targets,
    leafEnds: {
      15: [0, stature, 0],
      22: [wristX + hand, shoulderY, 0],
      23: [-(wristX + hand), shoulderY, 0],
      10: [legX, 0.1 * yMalleolus, heelZ + foot],
      11: [-legX, 0.1 * yMalleolus, heelZ + foot],
    },
  };
}
