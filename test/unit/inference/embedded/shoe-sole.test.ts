import { describe, expect, it } from 'vitest';
import { shoeSole } from '../../../../src/main/inference/embedded/shoe-sole.js';
import { soleWhenNotGiven } from '../../../../src/main/scans/capture-conditions.js';

describe('the shoe sole under the customer', () => {
  it('is what staff gave when they gave it: a kind, or the height they measured', () => {
    expect(shoeSole('none')).toMatchObject({ soleCm: 0, sdCm: 0.3, note: expect.stringMatching(/as given/) });
    expect(shoeSole('flat')).toMatchObject({ soleCm: 2.5, sdCm: 1 });
    expect(shoeSole({ soleCm: 3.5 })).toMatchObject({ soleCm: 3.5, sdCm: 0.5 });
  });

  it("is a street shoe's when nobody said, less sure than staff's flat and saying so", () => {
    const sole = shoeSole(null);
    expect(sole).toMatchObject(soleWhenNotGiven);
    expect(sole.soleCm).toBe(shoeSole('flat').soleCm);
    expect(sole.sdCm).toBeGreaterThan(shoeSole('flat').sdCm);
    expect(sole.note).toMatch(/Shoes not given: .* assumed .*Give the shoes/);
  });
});
