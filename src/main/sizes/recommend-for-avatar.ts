import type { Avatar } from '../avatars/types.js';
import { bodyDimensionsOf } from './avatar-body.js';
import type { SizeChart } from './chart-schema.js';
import { recommendSize, type FitPreference, type SizeRecommendation } from './recommend.js';

/** One recommendation per chart for an avatar, in the charts' order. */
export function recommendSizesForAvatar(
  avatar: Pick<Avatar, 'measurements'>,
  charts: readonly SizeChart[],
  fitPreference: FitPreference,
): Array<{ chart: SizeChart; recommendation: SizeRecommendation }> {
  const body = bodyDimensionsOf(avatar.measurements);
  return charts.map((chart) => ({ chart, recommendation: recommendSize(chart, body, fitPreference) }));
}
