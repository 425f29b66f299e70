import { describe, expect, it } from 'vitest';
import { formatCopies, type CopyRecord } from '../../../scripts/eval/photo-copies.js';

const record = (
  subjectId: string,
  copy: CopyRecord['copy'],
  changeCm: CopyRecord['changeCm'],
  refusal: string | null = null,
): CopyRecord => ({
  subjectId,
  copy,
  originalRefusal: null,
  refusal,
  changeCm,
});

describe("the report's section on the copies of the evaluation photos", () => {
  it("says a copy met the target only when every decision held and each girth's mean change is within 0.5 cm", () => {
    const lines = formatCopies(
      [
        record('a', 'mirrored', { chest: 0.2, waist: -0.3, hip: 0.1 }),
        record('b', 'mirrored', { chest: -0.6, waist: 0.1, hip: 0.2 }),
        record('a', 'resized', { chest: 0.9, waist: 0.8, hip: 0.7 }),
        record('b', 'resized', { chest: 0.9, waist: 0.8, hip: 0.7 }),
        record('a', 'reencoded', { chest: 0.1, waist: 0.1, hip: 0.1 }),
        record('b', 'reencoded', {}, 'no_person'),
      ],
      'embedded',
    );
    const row = (label: string) => lines.find((line) => line.startsWith(`| ${label}`))!;
    expect(row('mirror image')).toContain('| 2/2 | 0.40 / 0.60 | 0.20 / 0.30 | 0.15 / 0.20 | 5/6 | met |');
    expect(row('60% of the size')).toContain('**missed**');
    // A copy refused where the original was accepted misses, however little the other scan moved.
    expect(row('JPEG quality 60')).toContain('| 1/2 |');
    expect(row('JPEG quality 60')).toContain('**missed**');
  });

  it('writes nothing when no copies were scanned', () => {
    expect(formatCopies([], 'embedded')).toEqual([]);
  });
});
