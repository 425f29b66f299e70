/**
 * What the evaluation's bodies wear: garments as offset surfaces of the body's own swept parts
 * (each section grown by the garment's ease; loose tops and dresses hang from the chest, so they
 * bridge the hollows below it), a skirt flaring from the waist, shoes with soles, and hair over
 * the head. They change the photograph only; the truth is always the bare body.
 */
import type { BodyPlan, SweptPart } from './body-plan.js';
import type { CaptureCondition, ClothingClass } from './capture-conditions.js';
import { ellipsoid, roundBox, sweep, sweepSectionAt, type FieldItem, type PartKind, type SweepKey, type Vec3 } from './implicit-field.js';
import { inflateSection, type Section } from './section.js';

/** Ease (mm added to every half-extent) of each garment, per clothing class. */
export const garmentEaseMm: Record<
  Exclude<ClothingClass, 'bare'>,
  { top: number; sleeve: number; bottom: number; hangFromChest: number }
> = {
  tight: { top: 3, sleeve: 3, bottom: 3, hangFromChest: 0 },
  regular: { top: 15, sleeve: 14, bottom: 12, hangFromChest: 0.85 },
  loose: { top: 35, sleeve: 28, bottom: 28, hangFromChest: 1 },
  dress: { top: 12, sleeve: 10, bottom: 0, hangFromChest: 0.9 },
};

/** The part of a sweep between two distances along it, each section changed by `reshape`. */
function partOf(
  name: string,
  kind: PartKind,
  part: SweptPart,
  fromMm: number,
  toMm: number,
  reshape: (section: Section, atMm: number) => Section,
): FieldItem {
  const axis = [0, 1, 2].map((i) => part.end[i]! - part.start[i]!);
  const length = Math.hypot(...axis);
  const point = (at: number): Vec3 => [0, 1, 2].map((i) => part.start[i]! + (axis[i]! * at) / length) as Vec3;
  const atList = [fromMm, ...part.keys.map((key) => key.atMm).filter((at) => at > fromMm && at < toMm), toMm];
  const keys: SweepKey[] = atList.map((at) => ({ atMm: at - fromMm, section: reshape(sweepSectionAt(part.keys, at), at) }));
  return sweep(name, kind, 0, point(fromMm), point(toMm), keys);
}

const along = (part: SweptPart, yMm: number): number => {
  const dy = part.end[1] - part.start[1];
  const length = Math.hypot(part.end[0] - part.start[0], dy, part.end[2] - part.start[2]);
  return ((yMm - part.start[1]) / dy) * length;
};
const partLength = (part: SweptPart): number =>
  Math.hypot(part.end[0] - part.start[0], part.end[1] - part.start[1], part.end[2] - part.start[2]);

function hangingFrom(chest: Section, share: number): (section: Section) => Section {
  return (section) =>
    share <= 0
      ? section
      : {
          ...section,
          left: Math.max(section.left, chest.left * share),
          right: Math.max(section.right, chest.right * share),
          front: Math.max(section.front, chest.front * share),
          back: Math.max(section.back, chest.back * share),
        };
}

export function garmentItems(plan: BodyPlan, clothing: ClothingClass): FieldItem[] {
  if (clothing === 'bare') return [];
  const ease = garmentEaseMm[clothing];
  const l = plan.landmarks;
  const trunk = plan.trunk;
  const chestAt = along(trunk, l.chestMm);
  const chest = sweepSectionAt(trunk.keys, chestAt);
  const hang = hangingFrom(chest, ease.hangFromChest);
  const topBottomY =
    clothing === 'tight'
      ? l.waistMm - 60
      : clothing === 'loose'
        ? l.crotchMm - 20
        : clothing === 'dress'
          ? l.waistMm
          : (l.hipMm + l.crotchMm) / 2;
  const topTopAt = along(trunk, l.neckBaseMm) - 15;
  const items: FieldItem[] = [
    partOf('top', clothing === 'dress' ? 'dress' : 'top', trunk, along(trunk, topBottomY), topTopAt, (section, at) =>
      inflateSection(at < chestAt ? hang(section) : section, ease.top),
    ),
  ];
  for (const arm of plan.arms.filter((part) => part.name.startsWith('upper'))) {
    const sleeveEnd = clothing === 'loose' ? partLength(arm) : partLength(arm) * 0.55;
    items.push(
      partOf(`sleeve_${arm.name}`, clothing === 'dress' ? 'dress' : 'top', arm, 0, sleeveEnd, (section) =>
        inflateSection(section, ease.sleeve),
      ),
    );
  }
  if (clothing === 'dress') {
    // A skirt: from the waist, over the hip, flaring to a hem above the knee.
    const waistAt = along(trunk, l.waistMm);
    const hipAt = along(trunk, l.hipMm);
    const hip = sweepSectionAt(trunk.keys, hipAt);
    const hemY = l.crotchMm - 0.55 * (l.crotchMm - l.calfMm);
    const flare = (section: Section, grow: number): Section => ({
      ...section,
      left: section.left * grow + 15,
      right: section.right * grow + 15,
      front: section.front * grow + 15,
      back: section.back * grow + 15,
    });
    const hemDrop = l.waistMm - hemY;
    const start: Vec3 = [0, l.waistMm, 0];
    const end: Vec3 = [0, hemY, 0];
    const legReach = Math.max(...plan.legs.map((leg) => Math.abs(leg.end[0]))) + 70;
    const hemSection = flare(hip, 1.15);
    hemSection.left = Math.max(hemSection.left, legReach);
    hemSection.right = Math.max(hemSection.right, legReach);
    items.push(
      sweep('skirt', 'dress', 0, start, end, [
        { atMm: 0, section: inflateSection(sweepSectionAt(trunk.keys, waistAt), 8) },
        { atMm: l.waistMm - l.hipMm, section: flare(hip, 1.02) },
        { atMm: hemDrop, section: hemSection },
      ]),
    );
  } else {
    const waistAt = along(trunk, l.waistMm + 20);
    items.push(partOf('trouser_seat', 'bottom', trunk, 0, waistAt, (section) => inflateSection(section, ease.bottom)));
    for (const leg of plan.legs) {
      const hemAt = partLength(leg) - (clothing === 'tight' ? 60 : 20);
      items.push(partOf(`trouser_${leg.name}`, 'bottom', leg, 0, hemAt, (section) => inflateSection(section, ease.bottom)));
    }
  }
  return items;
}

/** Shoes around the feet: the sole lifts the body (plans are built with the sole as their lift). */
export function shoeItems(plan: BodyPlan, dims: Record<string, number>, soleMm: number): FieldItem[] {
  if (soleMm <= 0) return [];
  const footLength = dims.footlength!;
  const footBreadth = dims.footbreadthhorizontal!;
  return plan.legs.map((leg) => {
    const x = leg.end[0];
    return roundBox(
      `shoe_${leg.name}`,
      'shoe',
      0,
      [x - footBreadth / 2 - 8, 0, -footLength * 0.25 - 10],
      [x + footBreadth / 2 + 8, soleMm + dims.lateralmalleolusheight! * 0.75, footLength * 0.75 + 12],
      15,
    );
  });
}

/** Hair over the top and back of the head; long hair falls to the shoulders behind the neck. */
export function hairItems(plan: BodyPlan, condition: Pick<CaptureCondition, 'hairVolumeMm' | 'hairLong'>): FieldItem[] {
  const { centre, radii } = plan.head;
  const volume = condition.hairVolumeMm;
  const shell = ellipsoid(
    'hair',
    'hair',
    0,
    [centre[0], centre[1] + volume * 0.5 + 4, centre[2] - 18],
    [radii[0] + volume * 0.8 + 4, radii[1] + volume * 0.5, radii[2] + volume * 0.6],
  );
  // Above the brow, or behind the ears: the face stays clear.
  const browY = centre[1] + radii[1] * 0.25;
  const earZ = centre[2] - radii[2] * 0.15;
  const items: FieldItem[] = [{ ...shell, value: (x, y, z) => Math.max(shell.value(x, y, z), Math.min(browY - y, z - earZ)) }];
  if (condition.hairLong) {
    const shoulderY = plan.landmarks.shoulderLeft[1];
    items.push(
      roundBox(
        'hair_long',
        'hair',
        0,
        [centre[0] - radii[0] - volume * 0.5, shoulderY - 40, centre[2] - radii[2] - volume * 0.4 - 10],
        [centre[0] + radii[0] + volume * 0.5, centre[1], centre[2] - radii[2] * 0.2],
        25,
      ),
    );
  }
  return items;
}
