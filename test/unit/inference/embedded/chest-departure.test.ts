import { describe, expect, it } from 'vitest';
import { conditionalDimensions, loadShapeStats } from '../../../../src/main/body/shape-stats.js';
import { chestDepartureGain, withChestDeparture } from '../../../../src/main/inference/embedded/chest-departure.js';

const value = (name: string, valueCm: number) => ({ name, valueCm, sdCm: 2, method: 'convex_hull_perimeter' });

describe('withChestDeparture', () => {
  it("stretches the chest's departure from the survey's mean for the stature, and leaves the other figures", async () => {
    const stats = await loadShapeStats('female');
    const meanCm = conditionalDimensions(stats, { stature: 1650 }).chestcircumference!.mean / 10;
    const out = withChestDeparture([value('height', 165), value('chest', meanCm + 10), value('waist', 80)], stats, 165);
    expect(out[1]!.valueCm).toBeCloseTo(meanCm + 10 * chestDepartureGain, 2);
    expect(out[0]).toEqual(value('height', 165));
    expect(out[2]).toEqual(value('waist', 80));
    expect(out[1]!.sdCm).toBe(2);
  });

  it('leaves a chest at the mean where it is, and moves one below the mean further below', async () => {
    const stats = await loadShapeStats('male');
    const meanCm = conditionalDimensions(stats, { stature: 1800 }).chestcircumference!.mean / 10;
    const [atMean, below] = withChestDeparture([value('chest', meanCm), value('chest_skin', meanCm - 8)], stats, 180);
    expect(atMean!.valueCm).toBeCloseTo(meanCm, 2);
    expect(below!.valueCm).toBeCloseTo(meanCm - 8 * chestDepartureGain, 2);
  });

  it('changes nothing when the statistics have no chest column', async () => {
    const stats = await loadShapeStats('neutral');
    const without = { ...stats, columns: stats.columns.map((column) => (column === 'chestcircumference' ? 'other' : column)) };
    const measurements = [value('chest', 100)];
    expect(withChestDeparture(measurements, without, 170)).toBe(measurements);
  });
});
