import { describe, expect, it } from 'vitest';
import { roundSection, sectionPerimeter, sectionWithGirth } from '../../../scripts/eval/section.js';

describe('superellipse sections', () => {
  it('a round section of a girth is a circle of that girth', () => {
    const section = roundSection(600);
    expect(section.left).toBeCloseTo(600 / (2 * Math.PI), 6);
    expect(section.exponent).toBeCloseTo(2, 3);
  });

  it('meets a girth between an ellipse and a box by its exponent, keeping breadth and depth', () => {
    const section = sectionWithGirth({ cx: 0, cz: 0, left: 160, right: 150, front: 130, back: 110 }, 1000);
    expect(sectionPerimeter(section)).toBeCloseTo(1000, 1);
    expect(section.left + section.right).toBe(310);
    expect(section.front + section.back).toBe(240);
    expect(section.exponent).toBeGreaterThan(2);
  });

  it('gives way in depth when no exponent reaches the girth', () => {
    const section = sectionWithGirth({ cx: 0, cz: 0, left: 150, right: 150, front: 100, back: 100 }, 1400);
    expect(sectionPerimeter(section)).toBeCloseTo(1400, 1);
    expect(section.front).toBeGreaterThan(100);
  });
});
