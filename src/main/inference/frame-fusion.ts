import type { MeasurementValue } from '../body/measurement-value.js';

/**
 * Fusing the readings of a burst of frames: the kiosk sends a few frames per
 * view taken within about a second, each frame (or front/side pair) is measured on its own, and
 * each measurement's figures are fused here. The median, with frames further than a few scaled
 * MADs from it dropped, so that one frame whose segmentation blinked cannot move the result; the
 * frames' spread then widens the measurement's SD. Shared by both pipelines.
 */

/** Readings further than this many scaled MADs from the median are outliers (about 1 in 370 of normal noise). */
export const outlierMadLimit = 3;

/** MAD × this estimates the SD of normal noise. */
const madToSd = 1.4826;

/**
 * The SD of the median of n normal readings, per SD of the mean (√(π/2), its large-n efficiency).
 * With one or two readings the median is the mean.
 */
const medianSdPerMeanSd = Math.sqrt(Math.PI / 2);

export interface FusedReading {
  /** The median of the readings kept. */
  valueCm: number;
  /** How uncertain that median is from the frames' spread alone (cm); 0 with one reading. */
  spreadSdCm: number;
  /** Indices (into the readings) of those kept. */
  kept: number[];
  /** Indices of the outliers dropped. */
  dropped: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('the median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * One measurement over the frames: the median, outliers beyond `outlierMadLimit` scaled MADs
 * dropped, and the SD of the median of those kept (the frame-to-frame SD over √n, times the
 * median's efficiency factor). When at least half the readings are equal the MAD is 0 and gives no
 * scale to judge outliers: nothing is dropped then (the median already ignores the odd ones).
 */
export function fuseReadings(values: readonly number[]): FusedReading {
  if (values.length === 0) throw new RangeError('no readings to fuse');
  for (const value of values) if (!Number.isFinite(value)) throw new RangeError(`a reading is not a finite number: ${value}`);
  const all = values.map((_, index) => index);
  if (values.length === 1) return { valueCm: values[0]!, spreadSdCm: 0, kept: all, dropped: [] };
  const center = median(values);
  const scaledMad = madToSd * median(values.map((value) => Math.abs(value - center)));
  const kept = scaledMad > 0 ? all.filter((index) => Math.abs(values[index]! - center) <= outlierMadLimit * scaledMad) : all;
  const dropped = all.filter((index) => !kept.includes(index));
  const keptValues = kept.map((index) => values[index]!);
  const valueCm = median(keptValues);
  const n = keptValues.length;
  if (n < 2) return { valueCm, spreadSdCm: 0, kept, dropped };
  const mean = keptValues.reduce((sum, value) => sum + value, 0) / n;
  const frameSd = Math.sqrt(keptValues.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
  const efficiency = n <= 2 ? 1 : medianSdPerMeanSd;
  return { valueCm, spreadSdCm: (efficiency * frameSd) / Math.sqrt(n), kept, dropped };
}

export interface FusedMeasurements {
  measurements: MeasurementValue[];
  /** Per measurement name, the frames dropped as outliers (indices into the frame sets). */
  outliers: Record<string, number[]>;
  /** The frame set whose figures lie nearest the fused ones: its body is the one to draw. */
  representative: number;
}

/**
 * Every measurement over the frame sets (each set's measurements in the same order, as one
 * pipeline gives them). The fused SD combines in quadrature the median of the sets' own SDs (what
 * one frame leaves open) and the spread SD of the median (how much the frames disagreed); a
 * measurement whose pipeline cannot give an SD keeps null. With one set its figures come back as
 * they are.
 */
export function fuseMeasurements(perSet: readonly (readonly MeasurementValue[])[]): FusedMeasurements {
  const first = perSet[0];
  if (!first) throw new RangeError('no frame sets to fuse');
  if (perSet.length === 1) return { measurements: first.map((measurement) => ({ ...measurement })), outliers: {}, representative: 0 };
  const outliers: Record<string, number[]> = {};
  const measurements = first.map((reference): MeasurementValue => {
    const readings = perSet.map((set, index) => {
      const match = set.find((measurement) => measurement.name === reference.name);
      if (!match) throw new Error(`frame set ${index} has no ${reference.name} measurement`);
      return match;
    });
    const fused = fuseReadings(readings.map((reading) => reading.valueCm));
    if (fused.dropped.length > 0) outliers[reference.name] = fused.dropped;
    const ownSds = fused.kept.map((index) => readings[index]!.sdCm).filter((sd): sd is number => sd !== null);
    const sdCm = ownSds.length === fused.kept.length ? Math.hypot(median(ownSds), fused.spreadSdCm) : null;
    return {
      ...reference,
      valueCm: fused.valueCm,
      sdCm: sdCm === null ? null : Number(sdCm.toFixed(2)),
    };
  });
  return { measurements, outliers, representative: representativeSet(perSet, measurements) };
}

/**
 * The frame set nearest the fused figures: the least sum of squared deviations, each in units of
 * the fused SD (at least 0.1 cm, so a figure known to the millimetre does not swamp the rest).
 */
function representativeSet(perSet: readonly (readonly MeasurementValue[])[], fused: readonly MeasurementValue[]): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  perSet.forEach((set, index) => {
    let distance = 0;
    for (const target of fused) {
      const reading = set.find((measurement) => measurement.name === target.name)!;
      distance += ((reading.valueCm - target.valueCm) / Math.max(target.sdCm ?? 1, 0.1)) ** 2;
    }
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}
