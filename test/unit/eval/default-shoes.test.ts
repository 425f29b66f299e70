import { describe, expect, it } from 'vitest';
import { formatDefaultShoes, type DefaultShoesRecord } from '../../../scripts/eval/default-shoes.js';

const record = (
  subjectId: string,
  soleMm: number,
  chosenErrorCm: DefaultShoesRecord['chosenErrorCm'],
  defaultErrorCm: DefaultShoesRecord['defaultErrorCm'],
  refusal: string | null = null,
): DefaultShoesRecord => ({
  subjectId,
  soleMm,
  inputSet: 'front+height',
  chosenErrorCm,
  defaultErrorCm,
  chosenSdCm: { chest: 2, waist: 2, hip: 2 },
  defaultSdCm: refusal ? {} : { chest: 2, waist: 2, hip: 2 },
  refusal,
});

describe("the report's section on scans with the shoes left out", () => {
  it('gives each band of soles its error with the kind staff say beside the assumed sole, and what that sole misses by', () => {
    const lines = formatDefaultShoes(
      [
        record('a', 0, { chest: 1, waist: 0, hip: -1 }, { chest: -1, waist: -2, hip: -3 }),
        record('b', 0, { chest: -1, waist: 0, hip: 1 }, { chest: -3, waist: -2, hip: -1 }),
        record('c', 25, { chest: 1, waist: 1, hip: 1 }, { chest: 1, waist: 1, hip: 1 }),
        record('d', 35, { chest: 1, waist: 1, hip: 1 }, {}, 'no_person'),
      ],
      'embedded',
    );
    expect(lines).toContain('### front+height');
    const row = (feet: string) => lines.find((line) => line.startsWith(`| ${feet} |`))!;
    expect(row('barefoot')).toBe(
      '| barefoot | `none` | 2 | 0.0 | +2.5 | 1.0 (+0.0) | 0.0 (+0.0) | 1.0 (+0.0) | 0.7 | 100% | 2.0 (−2.0) | 2.0 (−2.0) | 2.0 (−2.0) | 2.0 | 67% |',
    );
    expect(row('sole 2–3 cm')).toBe(
      '| sole 2–3 cm | `flat` | 1 | 2.5 | +0.0 | 1.0 (+1.0) | 1.0 (+1.0) | 1.0 (+1.0) | 1.0 | 100% | 1.0 (+1.0) | 1.0 (+1.0) | 1.0 (+1.0) | 1.0 | 100% |',
    );
    // A scan refused with the shoes left out counts in neither column.
    expect(row('sole 3 cm and more')).toBe(
      '| sole 3 cm and more | `flat` | 0 (1 refused) | – | – | – | – | – | – | – | – | – | – | – | – |',
    );
    expect(row('all')).toMatch(/^\| all \| \| 3 \| 0\.8 \| \+1\.7 \|/);
    expect(lines.some((line) => line.startsWith('| sole 0.1–2 cm'))).toBe(false);
    expect(lines.some((line) => line.startsWith('### front+side+height'))).toBe(false);
  });

  it('writes nothing when no scan was repeated', () => {
    expect(formatDefaultShoes([], 'embedded')).toEqual([]);
  });
});
