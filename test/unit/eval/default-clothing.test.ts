import { describe, expect, it } from 'vitest';
import { formatDefaultClothing, type DefaultClothingRecord } from '../../../scripts/eval/default-clothing.js';

const record = (
  subjectId: string,
  worn: DefaultClothingRecord['worn'],
  chosenErrorCm: DefaultClothingRecord['chosenErrorCm'],
  defaultErrorCm: DefaultClothingRecord['defaultErrorCm'],
  refusal: string | null = null,
  judged: DefaultClothingRecord['judged'] = refusal ? null : 'regular',
  sdCm = 2,
): DefaultClothingRecord => ({
  subjectId,
  worn,
  judged,
  inputSet: 'front+side+height',
  chosenErrorCm,
  defaultErrorCm,
  chosenSdCm: { chest: sdCm, waist: sdCm, hip: sdCm },
  defaultSdCm: refusal ? {} : { chest: sdCm * 5, waist: sdCm * 5, hip: sdCm * 5 },
  refusal,
});

describe("the report's section on scans with the clothing left out", () => {
  it("gives each worn class's error with staff's choice beside the judged class's, and how many were judged bare skin", () => {
    const lines = formatDefaultClothing(
      [
        record('a', 'bare', { chest: 1, waist: -1, hip: 2 }, { chest: -9, waist: -11, hip: -8 }, null, 'tight'),
        record('b', 'bare', { chest: -1, waist: 1, hip: 0 }, { chest: -11, waist: -9, hip: -10 }),
        record('c', 'loose', { chest: 2, waist: 2, hip: 2 }, {}, 'no_person'),
      ],
      'embedded',
    );
    expect(lines).toContain('### front+side+height');
    const row = (worn: string) => lines.find((line) => line.startsWith(`| ${worn} |`))!;
    // Staff's choice: 6 errors of 0–2 cm, all within ±2 cm; left out: 4 of 6 within ±10 cm (−11 twice outside).
    expect(row('bare')).toBe(
      '| bare | `tight` | 2 | 1/2 | 1.0 (+0.0) | 1.0 (+0.0) | 1.0 (+1.0) | 1.0 | 100% | 10.0 (−10.0) | 10.0 (−10.0) | 9.0 (−9.0) | 9.7 | 67% |',
    );
    // A scan refused with it left out counts in neither column.
    expect(row('loose')).toBe('| loose | `loose` | 0 (1 refused) | 0/0 | – | – | – | – | – | – | – | – | – | – |');
    expect(row('all')).toBe(
      '| all | | 2 | 1/2 | 1.0 (+0.0) | 1.0 (+0.0) | 1.0 (+1.0) | 1.0 | 100% | 10.0 (−10.0) | 10.0 (−10.0) | 9.0 (−9.0) | 9.7 | 67% |',
    );
    expect(lines.some((line) => line.startsWith('### front+height'))).toBe(false);
  });

  it('writes nothing when no scan was repeated', () => {
    expect(formatDefaultClothing([], 'embedded')).toEqual([]);
  });
});
