/** How sure the pipeline is of one figure, from its standard deviation relative to the value. */
export const confidenceLevels = ['high', 'medium', 'low', 'unknown'] as const;
export type ConfidenceLevel = (typeof confidenceLevels)[number];

/**
 * Bands of the relative standard deviation (sd / value). A tape measure taken by a tailor is good to
 * about 1–2 %; within 2.5 % we call a figure high, within 6 % medium, beyond that low.
 */
export const highConfidenceMaxRelativeSd = 0.025;
export const mediumConfidenceMaxRelativeSd = 0.06;

export function confidenceOf(valueCm: number, sdCm: number | null): ConfidenceLevel {
  if (sdCm === null || !(valueCm > 0)) return 'unknown';
  const relativeSd = sdCm / valueCm;
  if (relativeSd <= highConfidenceMaxRelativeSd) return 'high';
  if (relativeSd <= mediumConfidenceMaxRelativeSd) return 'medium';
  return 'low';
}
