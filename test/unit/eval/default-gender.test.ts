import { describe, expect, it } from 'vitest';
import { formatDefaultGender, type DefaultGenderRecord } from '../../../scripts/eval/default-gender.js';

const record = (
  subjectId: string,
  sex: DefaultGenderRecord['sex'],
  chosenErrorCm: DefaultGenderRecord['chosenErrorCm'],
  defaultErrorCm: DefaultGenderRecord['defaultErrorCm'],
): DefaultGenderRecord => ({
  subjectId,
  sex,
  inputSet: 'front+side+height',
  chosenErrorCm,
  defaultErrorCm,
  chosenSdCm: { chest: 2, waist: 2, hip: 2 },
  defaultSdCm: { chest: 2, waist: 2, hip: 2 },
  refusal: null,
});

describe("the report's section on scans with the gender left out", () => {
  it("gives each sex's error with its own body model beside the neutral one's", () => {
    const lines = formatDefaultGender(
      [
        record('a', 'female', { chest: 1, waist: -1, hip: 0 }, { chest: 4, waist: 2, hip: 0 }),
        record('b', 'male', { chest: -2, waist: 0, hip: 2 }, { chest: -2, waist: 0, hip: 2 }),
      ],
      'embedded',
    );
    expect(lines[0]).toBe('## embedded: gender left out');
    expect(lines).toContain('### front+side+height');
    expect(lines).toContain(
      '| subject | staff choose | scans | chest, chosen | waist, chosen | hip, chosen | girth MAE, chosen | within ±1 SD, chosen | chest, left out | waist, left out | hip, left out | girth MAE, left out | within ±1 SD, left out |',
    );
    expect(lines).toContain('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    expect(lines.find((line) => line.startsWith('| female |'))).toBe(
      '| female | `female` | 1 | 1.0 (+1.0) | 1.0 (−1.0) | 0.0 (+0.0) | 0.7 | 100% | 4.0 (+4.0) | 2.0 (+2.0) | 0.0 (+0.0) | 2.0 | 67% |',
    );
    expect(lines.find((line) => line.startsWith('| all |'))).toMatch(/^\| all \| \| 2 \| 1\.5 \(−0\.5\) /);
  });

  it('writes nothing when no scan was repeated', () => {
    expect(formatDefaultGender([], 'embedded')).toEqual([]);
  });
});
