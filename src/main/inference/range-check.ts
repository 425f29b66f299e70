import { outOfRangeWarnings } from '../avatars/out-of-range.js';
import type { AvatarWarning, MeasurementValue } from '../avatars/types.js';
import { loadShapeStats, type ShapeStats } from '../body/shape-stats.js';
import type { Gender } from '../jobs/types.js';

const statsByGender = new Map<Gender, Promise<ShapeStats>>();

/**
 * The out-of-range flags of a scan's figures, whichever pipeline made them: read in the worker
 * thread, where the survey statistics are loaded once per sex. When they cannot be read the avatar
 * says so rather than passing for checked.
 */
export async function rangeWarnings(gender: Gender, measurements: readonly MeasurementValue[]): Promise<AvatarWarning[]> {
  let stats = statsByGender.get(gender);
  if (!stats) {
    stats = loadShapeStats(gender);
    statsByGender.set(gender, stats);
  }
  try {
    return outOfRangeWarnings(measurements, await stats);
  } catch (error) {
    statsByGender.delete(gender);
    return [
      {
        code: 'range_not_checked',
        message: `Whether this body lies within what the model covers could not be checked: ${(error as Error).message}`,
      },
    ];
  }
}
