/**
 * The truth for one evaluation body: tape measures laid on its implicit surface at the
 * construction's own landmark heights (tape.ts), the stature found on the surface, and the
 * construction's own lengths for the few figures that are distances between landmarks. The body
 * is measured bare, without shoes, hair or clothes, standing on the floor.
 */
import { measurementDefinition, surveyValueMm } from '../../src/main/body/measurement-definitions.js';
import type { BodyPlan } from './body-plan.js';
import { unionField, type FieldItem } from './implicit-field.js';
import { horizontalPlane, planeAcross, tapeLength } from './tape.js';

/** What the report compares, with how the truth of each is taken. */
export const truthMeasurements = {
  height: 'top of the head found on the surface, above the floor',
  chest: 'tape (convex hull) around the trunk, horizontal at the chest landmark, arms excluded',
  waist: 'tape around the trunk at the omphalion (waist) landmark',
  hip: 'tape around trunk and legs at the buttock landmark',
  thigh: 'tape around the left leg, horizontal 3 cm below the crotch',
  calf: 'tape around the left leg at the calf landmark',
  neck: 'tape around the neck at its base',
  upper_arm: 'tape across the left upper arm, midway shoulder to elbow',
  inseam: 'crotch height minus ankle (lateral malleolus) height of the construction',
  shoulder_width: 'distance between the acromion points of the construction',
  arm_length: 'shoulder → elbow → wrist along the construction',
} as const;
export type TruthName = keyof typeof truthMeasurements;
export const truthNames = Object.keys(truthMeasurements) as TruthName[];

const pick = (items: readonly FieldItem[], ...names: string[]): FieldItem[] => items.filter((item) => names.includes(item.name));

/** Top of the surface above a point, by bisection along the vertical (mm). */
function surfaceTop(field: (x: number, y: number, z: number) => number, x: number, z: number, insideY: number, outsideY: number): number {
  let low = insideY;
  let high = outsideY;
  if (field(x, low, z) >= 0 || field(x, high, z) <= 0) throw new Error('the head top is not bracketed');
  for (let i = 0; i < 60; i += 1) {
    const mid = (low + high) / 2;
    if (field(x, mid, z) < 0) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

const distance = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

/** Truth in centimetres, for a plan built with no lift (standing bare on the floor). */
export function measureTruth(plan: BodyPlan, dims: Record<string, number>): Record<TruthName, number> {
  const all = unionField(plan.items);
  const trunk = unionField(pick(plan.items, 'trunk'));
  const trunkLegs = unionField(pick(plan.items, 'trunk', 'leg_left', 'leg_right'));
  const leftLeg = unionField(pick(plan.items, 'leg_left'));
  const leftUpperArm = unionField(pick(plan.items, 'upper_arm_left'));
  const l = plan.landmarks;
  const legAt = (y: number): [number, number] => {
    const leg = plan.legs[0]!;
    const t = (leg.start[1] - y) / (leg.start[1] - leg.end[1]);
    return [leg.start[0] + (leg.end[0] - leg.start[0]) * t, leg.start[2] + (leg.end[2] - leg.start[2]) * t];
  };
  const mm = {
    height: surfaceTop(
      all.value,
      plan.head.centre[0],
      plan.head.centre[2],
      plan.head.centre[1],
      plan.head.centre[1] + 2 * plan.head.radii[1],
    ),
    chest: tapeLength(trunk.value, horizontalPlane(l.chestMm), { reachMm: 350, stepMm: 2 }),
    waist: tapeLength(trunk.value, horizontalPlane(l.waistMm), { reachMm: 350, stepMm: 2 }),
    hip: tapeLength(trunkLegs.value, horizontalPlane(l.hipMm), { reachMm: 350, stepMm: 2 }),
    thigh: tapeLength(leftLeg.value, horizontalPlane(l.thighMm, legAt(l.thighMm)), { reachMm: 180, stepMm: 1 }),
    calf: tapeLength(leftLeg.value, horizontalPlane(l.calfMm, legAt(l.calfMm)), { reachMm: 120, stepMm: 1 }),
    neck: tapeLength(trunk.value, horizontalPlane(l.neckBaseMm), { reachMm: 150, stepMm: 1 }),
    upper_arm: tapeLength(leftUpperArm.value, planeAcross(l.upperArmMid, l.upperArmAxis), { reachMm: 120, stepMm: 1 }),
    inseam: l.crotchMm - l.ankleMm,
    shoulder_width: distance(l.shoulderLeft, l.shoulderRight),
    arm_length: dims.acromionradialelength! + dims.radialestylionlength!,
  };
  return Object.fromEntries(Object.entries(mm).map(([name, value]) => [name, value / 10])) as Record<TruthName, number>;
}

/** Survey value (cm) of a truth measurement for this subject, by the product's column mapping. */
export function surveyValueCm(name: TruthName, dims: Record<string, number>): number | null {
  const definition = measurementDefinition(name);
  if (!definition) return null;
  const value = surveyValueMm(definition, dims);
  return value === null ? null : value / 10;
}

/** How far the constructed body's truth is from the subject's own survey figures (cm, truth − survey). */
export function reproductionErrors(truth: Record<TruthName, number>, dims: Record<string, number>): Partial<Record<TruthName, number>> {
  const out: Partial<Record<TruthName, number>> = {};
  for (const name of truthNames) {
    const survey = surveyValueCm(name, dims);
    if (survey !== null) out[name] = truth[name] - survey;
  }
  return out;
}
