/**
 * One survey subject built as an implicit body from their own measured dimensions: a trunk swept
 * through superellipse sections at the subject's landmark heights (hip, waist, chest, shoulders,
 * neck), each sized by the subject's breadth, depth and girth; limbs swept through round sections
 * of the subject's limb girths along their segment lengths; an ellipsoid head and box feet. Nothing
 * here comes from the body model's PCA, template or ring generator (scripts/body/generator/).
 *
 * Coordinates: millimetres, y up from the floor, x to the body's left, z forward.
 */
import { ellipsoid, roundBox, sweep, type FieldItem, type SweepKey, type Vec3 } from './implicit-field.js';
import type { Random } from './random.js';
import { roundSection, sectionWithGirth, type Section } from './section.js';

/** Random variation of the trunk's cross-sections, drawn once per subject. */
export interface ShapeVariation {
  /** Share of the waist depth in front of the trunk's axis (belly forward when large). */
  waistFrontShare: number;
  /** Share of the hip depth behind the axis (buttock protrusion when large). */
  hipBackShare: number;
  /** Share of the chest depth in front of the axis (bust, chest shape). */
  chestFrontShare: number;
  /** Left half-width over right half-width at chest, waist and hip (asymmetry). */
  leftRightRatio: number;
}

export function drawShapeVariation(random: Random): ShapeVariation {
  const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));
  return {
    waistFrontShare: clamp(0.55 + 0.06 * random.normal(), 0.42, 0.72),
    hipBackShare: clamp(0.56 + 0.05 * random.normal(), 0.45, 0.7),
    chestFrontShare: clamp(0.52 + 0.05 * random.normal(), 0.4, 0.65),
    leftRightRatio: clamp(1 + 0.025 * random.normal(), 0.94, 1.06),
  };
}

/** How the body stands for one photograph. */
export interface BodyPose {
  /** Each arm's angle out from hanging straight down, in the frontal plane. */
  armAbductionDeg: number;
  /** Arms swung forward from the frontal plane (a profile stance lets them hang a little forward). */
  armForwardDeg: number;
  elbowFlexDeg: number;
  /** Distance between the ankles' centres. */
  ankleSpacingMm: number;
}

/** A swept part, kept so garments can follow it with ease. */
export interface SweptPart {
  name: string;
  start: Vec3;
  end: Vec3;
  keys: SweepKey[];
}

/** Heights and points of the construction, where the truth's tape is laid. */
export interface Landmarks {
  statureMm: number;
  crotchMm: number;
  hipMm: number;
  waistMm: number;
  chestMm: number;
  neckBaseMm: number;
  thighMm: number;
  calfMm: number;
  ankleMm: number;
  shoulderLeft: Vec3;
  shoulderRight: Vec3;
  elbowLeft: Vec3;
  wristLeft: Vec3;
  /** Middle of the left upper arm and the arm's direction there (a tape across it). */
  upperArmMid: Vec3;
  upperArmAxis: Vec3;
}

export interface BodyPlan {
  trunk: SweptPart;
  legs: SweptPart[];
  arms: SweptPart[];
  /** Skin parts in union order. */
  items: FieldItem[];
  landmarks: Landmarks;
  /** Head ellipsoid (hair is laid over it). */
  head: { centre: Vec3; radii: Vec3 };
}

const col = (dims: Record<string, number>, name: string): number => {
  const value = dims[name];
  if (value === undefined || !Number.isFinite(value)) throw new Error(`subject has no "${name}"`);
  return value;
};

function trunkSection(halfWidthMm: number, depthMm: number, frontShare: number, leftRightRatio: number, girthMm: number): Section {
  const left = (2 * halfWidthMm * leftRightRatio) / (1 + leftRightRatio);
  return sectionWithGirth(
    { cx: 0, cz: 0, left, right: 2 * halfWidthMm - left, front: depthMm * frontShare, back: depthMm * (1 - frontShare) },
    girthMm,
  );
}

const rotateAbout = (v: Vec3, abductionRad: number, forwardRad: number, side: 1 | -1): Vec3 => {
  // Hanging straight down is (0, -1, 0); abduction turns it out to the side, forward swing towards +z.
  const out = Math.sin(abductionRad);
  const down = Math.cos(abductionRad);
  const x = side * out * v[1] * -1;
  const y = v[1] * down;
  return [x, y * Math.cos(forwardRad), -y * Math.sin(forwardRad)];
};

/**
 * Eyes, brows, nose, mouth and ears on the head's ellipsoid: person and pose detectors find people
 * by their faces, and a blank egg would be refused for what no customer looks like. None of them
 * touches a measured section.
 */
function faceItems(centre: Vec3, radii: Vec3): FieldItem[] {
  const onFront = (x: number, y: number, out = 0): Vec3 => {
    const inside = Math.max(0, 1 - (x / radii[0]) ** 2 - (y / radii[1]) ** 2);
    return [centre[0] + x, centre[1] + y, centre[2] + radii[2] * Math.sqrt(inside) + out];
  };
  const [rx, ry] = radii;
  return [
    ...([1, -1] as const).flatMap((side) => [
      ellipsoid(`eye_${side}`, 'eye', 0, onFront(side * 0.36 * rx, 0.08 * ry, -3), [13, 7, 6]),
      ellipsoid(`brow_${side}`, 'eye', 0, onFront(side * 0.36 * rx, 0.26 * ry, -2), [20, 4, 6]),
      ellipsoid(
        `ear_${side}`,
        'skin',
        8,
        [centre[0] + side * rx * 0.97, centre[1] - 0.05 * ry, centre[2] - 0.05 * radii[2]],
        [9, 0.27 * ry, 15],
      ),
    ]),
    ellipsoid('nose', 'skin', 8, onFront(0, -0.18 * ry, -4), [10, 0.2 * ry, 14]),
    ellipsoid('mouth', 'lips', 0, onFront(0, -0.5 * ry, -3), [21, 5, 6]),
  ];
}

export function buildBodyPlan(dims: Record<string, number>, variation: ShapeVariation, pose: BodyPose, liftMm = 0): BodyPlan {
  const stature = col(dims, 'stature');
  const crotch = col(dims, 'crotchheight');
  const hipY = col(dims, 'buttockheight');
  const waistY = col(dims, 'waistheightomphalion');
  const chestY = col(dims, 'chestheight');
  const axillaY = col(dims, 'axillaheight');
  const acromionY = col(dims, 'acromialheight');
  const cervicaleY = col(dims, 'cervicaleheight');
  const kneeY = col(dims, 'kneeheightmidpatella');
  const ankleY = col(dims, 'lateralmalleolusheight');
  const headHalfHeight = col(dims, 'tragiontopofhead') * 0.92;
  const lift = (y: number): number => y + liftMm;

  // Trunk: hip, waist and chest sections are the subject's own breadth, depth and girth.
  const hip = trunkSection(
    col(dims, 'hipbreadth') / 2,
    col(dims, 'buttockdepth'),
    1 - variation.hipBackShare,
    variation.leftRightRatio,
    col(dims, 'buttockcircumference'),
  );
  const waist = trunkSection(
    col(dims, 'waistbreadth') / 2,
    col(dims, 'waistdepth'),
    variation.waistFrontShare,
    variation.leftRightRatio,
    col(dims, 'waistcircumference'),
  );
  const chest = trunkSection(
    col(dims, 'chestbreadth') / 2,
    col(dims, 'chestdepth'),
    variation.chestFrontShare,
    variation.leftRightRatio,
    col(dims, 'chestcircumference'),
  );
  const below = { ...hip, left: hip.left * 0.9, right: hip.right * 0.9, front: hip.front * 0.85, back: hip.back * 0.8 };
  const axilla = { ...chest, left: chest.left * 0.97, right: chest.right * 0.97, front: chest.front * 0.92, back: chest.back * 0.97 };
  const shoulderHalf = col(dims, 'biacromialbreadth') / 2;
  const shoulder: Section = {
    cx: 0,
    cz: -col(dims, 'chestdepth') * 0.08,
    left: shoulderHalf,
    right: shoulderHalf,
    front: col(dims, 'chestdepth') * 0.32,
    back: col(dims, 'chestdepth') * 0.32,
    exponent: 3,
  };
  const neckBase = roundSection(col(dims, 'neckcircumferencebase'), 0.9);
  const neck = roundSection(col(dims, 'neckcircumference'), 0.92);
  const trunkStart: Vec3 = [0, lift(crotch - 40), 0];
  const chinY = stature - 2 * headHalfHeight + 30;
  const trunkEnd: Vec3 = [0, lift(stature - headHalfHeight), 0];
  const at = (y: number): number => y - (crotch - 40);
  const trunkKeys: SweepKey[] = [
    { atMm: 0, section: below },
    // Some subjects' buttock height is within a few centimetres of their crotch: the keys stay in order.
    { atMm: at(Math.min(crotch + 10, hipY - 20)), section: below },
    { atMm: at(hipY), section: hip },
    { atMm: at(waistY), section: waist },
    { atMm: at(chestY), section: chest },
    { atMm: at(Math.max(chestY + 10, axillaY)), section: axilla },
    { atMm: at(Math.max(axillaY + 20, acromionY - 15)), section: shoulder },
    { atMm: at(Math.max(acromionY + 20, cervicaleY - 10)), section: neckBase },
    { atMm: at(Math.max(cervicaleY + 10, chinY)), section: neck },
    { atMm: at(stature - headHalfHeight), section: neck },
  ];
  const trunk: SweptPart = { name: 'trunk', start: trunkStart, end: trunkEnd, keys: trunkKeys };

  // Legs: thighs meet under the crotch, inside the hip's outline.
  const thighGirth = col(dims, 'thighcircumference');
  const thighRadius = thighGirth / (2 * Math.PI);
  const hipHalf = Math.min(hip.left, hip.right);
  const legCentre = Math.min(Math.max(0.95 * hipHalf - thighRadius, 0.55 * thighRadius), thighRadius);
  const calfY = kneeY - 0.28 * (kneeY - ankleY);
  const thighY = crotch - 30;
  const legs: SweptPart[] = ([1, -1] as const).map((side) => {
    const top: Vec3 = [side * legCentre, lift(crotch - 5), 0];
    const ankle: Vec3 = [side * (pose.ankleSpacingMm / 2), lift(ankleY), 0];
    const length = top[1] - ankle[1];
    const along = (y: number): number => ((crotch - 5 - y) / (crotch - 5 - ankleY)) * length;
    const lowerThigh = col(dims, 'lowerthighcircumference');
    return {
      name: side === 1 ? 'leg_left' : 'leg_right',
      start: top,
      end: ankle,
      keys: [
        { atMm: 0, section: roundSection(thighGirth) },
        { atMm: along(thighY), section: roundSection(thighGirth) },
        { atMm: along(kneeY + 0.15 * (crotch - kneeY)), section: roundSection(lowerThigh) },
        { atMm: along(kneeY), section: roundSection(lowerThigh * 0.9) },
        { atMm: along(calfY), section: roundSection(col(dims, 'calfcircumference'), 1.08) },
        { atMm: along(ankleY + 40), section: roundSection(col(dims, 'anklecircumference')) },
        { atMm: length, section: roundSection(col(dims, 'anklecircumference')) },
      ],
    };
  });

  // Arms: from the shoulder joint, abducted and bent as posed.
  const abduction = (pose.armAbductionDeg * Math.PI) / 180;
  const forward = (pose.armForwardDeg * Math.PI) / 180;
  const upperLength = col(dims, 'acromionradialelength');
  const foreLength = col(dims, 'radialestylionlength');
  const deltoidRadius = Math.max(
    col(dims, 'bideltoidbreadth') / 2 - (shoulderHalf - 25),
    (col(dims, 'bicepscircumferenceflexed') / (2 * Math.PI)) * 1.05,
  );
  const arms: SweptPart[] = [];
  const joints: Record<string, Vec3> = {};
  for (const side of [1, -1] as const) {
    const shoulderJoint: Vec3 = [side * (shoulderHalf - 25), lift(acromionY - 35), 0];
    const upperDirection = rotateAbout([0, -1, 0], abduction, forward, side);
    const elbow: Vec3 = [0, 1, 2].map((i) => shoulderJoint[i]! + upperDirection[i]! * upperLength) as Vec3;
    const flex = (pose.elbowFlexDeg * Math.PI) / 180;
    const foreDirection = rotateAbout([0, -1, 0], abduction * 0.8, forward + flex, side);
    const wrist: Vec3 = [0, 1, 2].map((i) => elbow[i]! + foreDirection[i]! * foreLength) as Vec3;
    const name = side === 1 ? 'left' : 'right';
    joints[`shoulder_${name}`] = shoulderJoint;
    joints[`elbow_${name}`] = elbow;
    joints[`wrist_${name}`] = wrist;
    joints[`upper_dir_${name}`] = upperDirection;
    arms.push({
      name: `upper_arm_${name}`,
      start: shoulderJoint,
      end: elbow,
      keys: [
        { atMm: 0, section: roundSection(deltoidRadius * 2 * Math.PI) },
        { atMm: upperLength * 0.3, section: roundSection(col(dims, 'bicepscircumferenceflexed') * 1.02) },
        { atMm: upperLength * 0.5, section: roundSection(col(dims, 'bicepscircumferenceflexed')) },
        { atMm: upperLength, section: roundSection(col(dims, 'forearmcircumferenceflexed') * 0.92) },
      ],
    });
    arms.push({
      name: `forearm_${name}`,
      start: elbow,
      end: wrist,
      keys: [
        { atMm: 0, section: roundSection(col(dims, 'forearmcircumferenceflexed') * 0.92) },
        { atMm: foreLength * 0.25, section: roundSection(col(dims, 'forearmcircumferenceflexed')) },
        { atMm: foreLength, section: roundSection(col(dims, 'wristcircumference'), 0.75) },
      ],
    });
  }

  const headRadii: Vec3 = [col(dims, 'headbreadth') / 2, headHalfHeight, col(dims, 'headlength') / 2];
  const headCentre: Vec3 = [0, lift(stature - headHalfHeight), 12];
  const footLength = col(dims, 'footlength');
  const footBreadth = col(dims, 'footbreadthhorizontal');
  const items: FieldItem[] = [
    sweep('trunk', 'skin', 0, trunk.start, trunk.end, trunk.keys),
    ...legs.map((leg) => sweep(leg.name, 'skin', 20, leg.start, leg.end, leg.keys)),
    ...arms.map((arm) => sweep(arm.name, 'skin', arm.name.startsWith('upper') ? 25 : 15, arm.start, arm.end, arm.keys)),
    ...([1, -1] as const).map((side) => {
      const wrist = joints[`wrist_${side === 1 ? 'left' : 'right'}`]!;
      const down = rotateAbout([0, -1, 0], abduction * 0.8, forward + (pose.elbowFlexDeg * Math.PI) / 180, side);
      const handLength = col(dims, 'handlength');
      const centre: Vec3 = [0, 1, 2].map((i) => wrist[i]! + down[i]! * handLength * 0.45) as Vec3;
      return ellipsoid(`hand_${side === 1 ? 'left' : 'right'}`, 'skin', 12, centre, [16, handLength * 0.5, col(dims, 'handbreadth') * 0.5]);
    }),
    ...([1, -1] as const).map((side) => {
      const x = side * (pose.ankleSpacingMm / 2);
      return roundBox(
        `foot_${side === 1 ? 'left' : 'right'}`,
        'skin',
        25,
        [x - footBreadth / 2, lift(0), -footLength * 0.25],
        [x + footBreadth / 2, lift(ankleY * 1.05), footLength * 0.75],
        22,
      );
    }),
    ellipsoid('head', 'skin', 25, headCentre, headRadii),
    ...faceItems(headCentre, headRadii),
  ];
  const upperArmAxis = joints.upper_dir_left!;
  const shoulderLeft = joints.shoulder_left!;
  return {
    trunk,
    legs,
    arms,
    items,
    head: { centre: headCentre, radii: headRadii },
    landmarks: {
      statureMm: stature + liftMm,
      crotchMm: lift(crotch),
      hipMm: lift(hipY),
      waistMm: lift(waistY),
      chestMm: lift(chestY),
      neckBaseMm: lift(Math.max(acromionY + 20, cervicaleY - 10)),
      thighMm: lift(thighY),
      calfMm: lift(calfY),
      ankleMm: lift(ankleY),
      shoulderLeft: [shoulderHalf, lift(acromionY), 0],
      shoulderRight: [-shoulderHalf, lift(acromionY), 0],
      elbowLeft: joints.elbow_left!,
      wristLeft: joints.wrist_left!,
      upperArmMid: [0, 1, 2].map((i) => shoulderLeft[i]! + upperArmAxis[i]! * upperLength * 0.5) as Vec3,
      upperArmAxis,
    },
  };
}
