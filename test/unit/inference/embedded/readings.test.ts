import { describe, expect, it } from 'vitest';
import type { ShapeStats } from '../../../../src/main/body/shape-stats.js';
import { readingNoiseSdMm, readingsFromSilhouettes } from '../../../../src/main/inference/embedded/readings.js';
import type { FrontSilhouetteMeasurement, SideSilhouetteMeasurement } from '../../../../src/main/inference/embedded/silhouette-measurements.js';

/** Only the columns, means and SDs are read when turning pixels into survey dimensions. */
const columns = ['stature', 'bideltoidbreadth', 'chestbreadth', 'waistbreadth', 'hipbreadth', 'chestdepth', 'waistdepth', 'buttockdepth'];
const stats = { sex: 'female', columns, mean: [1600, 420, 280, 300, 350, 250, 220, 240], sd: [64, 20, 20, 25, 20, 20, 25, 20] } as unknown as ShapeStats;

const row = { y: 0, heightShare: 0.5 };
const front: FrontSilhouetteMeasurement = {
  staturePx: 800,
  topY: 100,
  bottomY: 900,
  rows: { deltoid: row, chest: row, waist: row, hip: row, thigh: row },
  breadthsPx: { deltoid: null, chest: 140, waist: 150, hip: 175, thigh: 80 },
  notes: [],
};
const side: SideSilhouetteMeasurement = { staturePx: 1000, depthsPx: { chest: 150, waist: 140, buttock: 150 } };

describe('readings from the silhouettes', () => {
  it('scales pixels by the given stature and gives each level its own noise', () => {
    const { readings, scaleRelativeSd } = readingsFromSilhouettes({ stats, heightCm: 160, front, side });
    const byColumn = Object.fromEntries(readings.map((reading) => [reading.column, reading]));
    expect(scaleRelativeSd).toBe(0);
    // 1600 mm over 800 px in front, over 1000 px in profile.
    expect(byColumn.waistbreadth!.valueMm).toBeCloseTo(300, 9);
    expect(byColumn.buttockdepth!.valueMm).toBeCloseTo(240, 9);
    expect(byColumn.bideltoidbreadth).toBeUndefined();
    expect(byColumn.chestbreadth!.noiseSdMm).toBe(readingNoiseSdMm.breadth.chest);
    expect(byColumn.hipbreadth!.noiseSdMm).toBe(readingNoiseSdMm.breadth.hip);
    expect(byColumn.chestdepth!.noiseSdMm).toBe(readingNoiseSdMm.depth.chest);
    expect(byColumn.waistdepth!.noiseSdMm).toBe(readingNoiseSdMm.depth.waist);
  });

  it('trusts the breadths with background beside them more than the chest, where the arms are cut off the torso', () => {
    expect(readingNoiseSdMm.breadth.waist).toBeLessThan(readingNoiseSdMm.breadth.chest);
    expect(readingNoiseSdMm.breadth.hip).toBeLessThan(readingNoiseSdMm.breadth.chest);
    // In profile the upper arms hang beside the chest: its depth is the least certain.
    expect(readingNoiseSdMm.depth.chest).toBeGreaterThan(readingNoiseSdMm.depth.waist);
    expect(readingNoiseSdMm.depth.chest).toBeGreaterThan(readingNoiseSdMm.depth.buttock);
  });
});
