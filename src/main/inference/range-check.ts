import { outOfRangeWarnings } from '../avatars/out-of-range.js';
import type { AvatarWarning, MeasurementValue } from '../avatars/types.js';
import { loadShapeStats } from '../body/shape-stats.js';
import type { Gender } from '../jobs/types.js';

/**
 * The out-of-range flags of a scan's figures, whichever pipeline made them: read in the worker
 * thread, where loadShapeStats reads the survey statistics once (and again after a failed read).
 * When they cannot be read the avatar says so rather than passing for checked.
 */
export async function rangeWarnings(gender: Gender, measurements: readonly MeasurementValue[]): Promise<AvatarWarning[]> {
  try {
    return outOfRangeWarnings(measurements, await loadShapeStats(gender));
  } catch (error) {
    return [
      {
        code: 'range_not_checked',
        message: `Whether this body lies within what the model covers could not be checked: ${(error as Error).message}`,
      },
    ];
  }
}
