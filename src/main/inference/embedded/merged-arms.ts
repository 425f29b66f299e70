import { keypoint, type Point } from '../capture-checks/body-geometry.js';
import type { BodyPose } from '../human/human-runtime.js';
import type { RowRun, SampleRow } from './silhouette-edges.js';

/**
 * Where a front photo's arms lie against the torso. Below the armpits the person mask joins an arm
 * held close to the body to the torso's run of silhouette (the mask is soft over the gap of a
 * centimetre or two), so the run's end is the arm's outer edge, not the chest's side: on the dev
 * seed 85% of the front outline points at chest height were the arm's. There the torso's side is
 * read as the arm's inner edge: the run's end less the arm's width, taken from the nearest rows
 * where the same arm is a run of its own.
 */

/** One side of one torso row: where the arm's centreline crosses the row, and the arm's width there. */
export interface ArmCrossing {
  /** Photo x of the arm's centreline on this row. */
  x: number;
  /** The arm's width on this row (photo pixels), from the nearest row where it stands apart; null when none does. */
  widthPx: number | null;
}

/** For each torso row, the arm on the photo's left (start side) and right (end side). */
export interface RowArms {
  start: ArmCrossing | null;
  end: ArmCrossing | null;
}

/** An arm's width is taken from rows at most this share of stature away. */
const widthReachShare = 0.08;

/** Shoulder, elbow and (when seen) wrist of each arm, the photo's left arm first. */
function frontArmLines(body: BodyPose | null): [Point[] | null, Point[] | null] {
  const arms = (['left', 'right'] as const)
    .map((side) => [keypoint(body, `${side}Shoulder`), keypoint(body, `${side}Elbow`), keypoint(body, `${side}Wrist`)] as const)
    .filter(([shoulder, elbow]) => shoulder !== null && elbow !== null)
    .map(([shoulder, elbow, wrist]) => [shoulder!, elbow!, ...(wrist && wrist.y > elbow!.y ? [wrist] : [])] as Point[]);
  if (arms.length !== 2) return [null, null];
  arms.sort((a, b) => a[0]!.x - b[0]!.x);
  return [arms[0]!, arms[1]!];
}

/** x of the polyline at row y, or null when the row is above its first point or below its last. */
function crossingX(line: readonly Point[], y: number): number | null {
  for (let k = 1; k < line.length; k++) {
    const a = line[k - 1]!;
    const b = line[k]!;
    if (y >= a.y && y <= b.y) return b.y === a.y ? (a.x + b.x) / 2 : a.x + ((y - a.y) / (b.y - a.y)) * (b.x - a.x);
  }
  return null;
}

function contains(run: RowRun, x: number): boolean {
  return run.start <= x && x <= run.end;
}

/**
 * The arms' crossings of every torso row of a front photo (null for other rows and views). A row's
 * arm width is the width of the run holding the arm's centreline on the nearest row where that run
 * does not also hold the torso's anchor.
 */
export function rowArms(
  view: 'front' | 'side',
  body: BodyPose | null,
  rows: readonly SampleRow[],
  maskRuns: readonly RowRun[][],
  staturePx: number,
): (RowArms | null)[] {
  if (view !== 'front') return rows.map(() => null);
  const lines = frontArmLines(body);
  const crossings = rows.map((row) =>
    row.region === 'torso' ? lines.map((line) => (line ? crossingX(line, row.y) : null)) : [null, null],
  );
  const apart = [0, 1].map((side) =>
    rows.flatMap((row, r) => {
      const x = crossings[r]![side];
      if (x === null || x === undefined) return [];
      const run = maskRuns[r]!.find((candidate) => contains(candidate, x));
      return run && !row.anchors.some((anchor) => contains(run, anchor)) ? [{ y: row.y, widthPx: run.end - run.start }] : [];
    }),
  );
  const reachPx = widthReachShare * staturePx;
  const widthNear = (side: number, y: number): number | null => {
    let best: { y: number; widthPx: number } | null = null;
    for (const sample of apart[side]!) if (!best || Math.abs(sample.y - y) < Math.abs(best.y - y)) best = sample;
    return best && Math.abs(best.y - y) <= reachPx ? best.widthPx : null;
  };
  return rows.map((row, r) => {
    if (row.region !== 'torso') return null;
    const [left, right] = crossings[r]!;
    return {
      start: left === null || left === undefined ? null : { x: left, widthPx: widthNear(0, row.y) },
      end: right === null || right === undefined ? null : { x: right, widthPx: widthNear(1, row.y) },
    };
  });
}

/**
 * The torso's outline on one side of a row, in the mask: the run's end when the arm stands apart
 * (or is not on this row), the arm's inner edge when the run holds the arm, and null when the arm
 * is joined but its width is not known.
 */
export function torsoEdgeInMask(run: RowRun, arm: ArmCrossing | null, side: 'start' | 'end'): number | null {
  const edge = side === 'start' ? run.start : run.end;
  if (!arm || !contains(run, arm.x)) return edge;
  if (arm.widthPx === null) return null;
  return side === 'start' ? edge + arm.widthPx : edge - arm.widthPx;
}

/** Whether the model's run holds its arm on this side too (then outer edges are compared as they are). */
export function armJoined(run: RowRun, arm: ArmCrossing | null): boolean {
  return arm !== null && contains(run, arm.x);
}
