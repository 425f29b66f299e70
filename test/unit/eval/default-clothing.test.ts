import { describe, expect, it } from 'vitest';
import { formatDefaultClothing, type DefaultClothingRecord } from '../../../scripts/eval/default-clothing.js';

const record = (
  subjectId: string,
  worn: DefaultClothingRecord['worn'],
  chosenErrorCm: DefaultClothingRecord['chosenErrorCm'],
  defaultErrorCm: DefaultClothingRecord['defaultErrorCm'],
  refusal: string | null = null,
): DefaultClothingRecord => ({ subjectId, worn, inputSet: 'front+side+height', chosenErrorCm, defaultErrorCm, refusal });

describe("the report's section on scans left at the default clothing class", () => {
  it("gives each worn class's error with staff's choice beside the default's, over the scans accepted both ways", () => {
    const lines = formatDefaultClothing(
      [
        record('a', 'bare', { chest: 1, waist: -1, hip: 2 }, { chest: -9, waist: -11, hip: -8 }),
        record('b', 'bare', { chest: -1, waist: 1, hip: 0 }, { chest: -11, waist: -9, hip: -10 }),
        record('c', 'loose', { chest: 2, waist: 2, hip: 2 }, {}, 'no_person'),
      ],
      'embedded',
    );
    expect(lines).toContain('### front+side+height');
    const row = (worn: string) => lines.find((line) => line.startsWith(`| ${worn} |`))!;
    expect(row('bare')).toBe(
      '| bare | `tight` | 2 | 1.0 (+0.0) | 1.0 (+0.0) | 1.0 (+1.0) | 1.0 | 10.0 (−10.0) | 10.0 (−10.0) | 9.0 (−9.0) | 9.7 |',
    );
    // A scan refused at the default counts in neither column.
    expect(row('loose')).toBe('| loose | `loose` | 0 (1 refused) | – | – | – | – | – | – | – | – |');
    expect(lines.some((line) => line.startsWith('### front+height'))).toBe(false);
  });

  it('writes nothing when no scan was repeated', () => {
    expect(formatDefaultClothing([], 'embedded')).toEqual([]);
  });
});
