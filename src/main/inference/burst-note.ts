import type { FusedMeasurements } from './frame-fusion.js';

/**
 * The avatar's note on a burst (multi-frame capture): how many frames came, how many were left
 * out and why, and what the fusion dropped, so staff and the evaluation can see what a figure
 * rests on. Shared by both pipelines.
 */
export function burstNote(input: {
  fronts: number;
  sides: number;
  /** Frame sets measured and fused. */
  sets: number;
  /** Frames the capture checks refused, with the check's code. */
  refused: readonly { view: 'front' | 'side'; code: string }[];
  /** Frame sets whose body could not be fitted. */
  unfitted: number;
  fused: Pick<FusedMeasurements, 'outliers'>;
}): string {
  const sides = input.sides > 0 ? ` and ${input.sides} side` : '';
  const frames = `${input.fronts} front${sides} frame${input.fronts + input.sides === 1 ? '' : 's'}`;
  const parts = [`Burst of ${frames}: ${input.sets} frame set${input.sets === 1 ? '' : 's'} measured`];
  if (input.refused.length > 0) {
    const codes = [...new Set(input.refused.map((each) => each.code))].join(', ');
    parts.push(`${input.refused.length} frame${input.refused.length === 1 ? '' : 's'} left out by the capture checks (${codes})`);
  }
  if (input.unfitted > 0)
    parts.push(
      `${input.unfitted} frame set${input.unfitted === 1 ? '' : 's'} could not be fitted and ` +
        `${input.unfitted === 1 ? 'was' : 'were'} left out`,
    );
  const outliers = Object.entries(input.fused.outliers);
  const outlierText =
    outliers.length > 0 ? `; readings dropped as outliers: ${outliers.map(([name, sets]) => `${name} ${sets.length}`).join(', ')}` : '';
  return `${parts.join('; ')}. Each figure is the median over the sets${outlierText}, and its SD includes the spread between frames.`;
}
