import { describe, expect, it } from 'vitest';
import { heightCmOfTyped, heightLimitsIn, heightRangeIn } from '../../../src/renderer/src/measurements/height-input';

describe('a typed height', () => {
  it('reads centimetres, with a decimal point or comma, and metres', () => {
    expect(heightCmOfTyped('172', 'cm')).toBe(172);
    expect(heightCmOfTyped(' 172,5 ', 'cm')).toBe(172.5);
    expect(heightCmOfTyped('1,72', 'cm')).toBe(172);
    expect(heightCmOfTyped('1.725 m', 'cm')).toBe(172.5);
    expect(heightCmOfTyped('1.72M', 'cm')).toBe(172);
  });

  it('reads inches, and feet and inches as people write them', () => {
    expect(heightCmOfTyped('70', 'in')).toBe(177.8);
    expect(heightCmOfTyped('69,5', 'in')).toBe(176.5);
    for (const text of [`5'9"`, `5' 9"`, '5’9”', '5 ft 9 in', '5ft9', '5 feet 9 inches', `5'9`, `5′9″`, `5'9''`]) {
      expect(heightCmOfTyped(text, 'in'), text).toBe(175.3);
    }
    expect(heightCmOfTyped(`6'`, 'in')).toBe(182.9);
    expect(heightCmOfTyped(`5'8.5"`, 'in')).toBe(174);
  });

  it('is empty (null) or refused (undefined), never guessed', () => {
    expect(heightCmOfTyped('   ', 'cm')).toBeNull();
    for (const [text, unit] of [
      ['tall', 'cm'],
      ['172 cm tall', 'cm'],
      ['1..72', 'cm'],
      [`5'12"`, 'in'],
      [`5'9" 3`, 'in'],
      ['5 9', 'in'],
      ['-170', 'cm'],
      ['170 m', 'cm'],
    ] as const) {
      expect(heightCmOfTyped(text, unit), text).toBeUndefined();
    }
  });

  it("refuses heights outside the body model's statures, in the unit typed", () => {
    expect(heightLimitsIn('cm')).toEqual({ min: 145, max: 205 });
    expect(heightLimitsIn('in')).toEqual({ min: 58, max: 80 });
    expect(heightRangeIn('cm')).toEqual({ min: '145 cm', max: '205 cm' });
    expect(heightRangeIn('in')).toEqual({ min: `4'10"`, max: `6'8"` });
    expect(heightCmOfTyped('144.9', 'cm')).toBeUndefined();
    expect(heightCmOfTyped('145', 'cm')).toBe(145);
    expect(heightCmOfTyped('205', 'cm')).toBe(205);
    expect(heightCmOfTyped('2,06 m', 'cm')).toBeUndefined();
    expect(heightCmOfTyped('120', 'cm')).toBeUndefined();
    expect(heightCmOfTyped(`4'9"`, 'in')).toBeUndefined(); // 57 in
    expect(heightCmOfTyped(`4'10"`, 'in')).toBe(147.3); // 58 in
    expect(heightCmOfTyped(`6'8"`, 'in')).toBe(203.2); // 80 in
    expect(heightCmOfTyped(`6'9"`, 'in')).toBeUndefined();
  });
});
