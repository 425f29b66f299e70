import { chartFormat, type SizeChart } from '../../../src/main/sizes/chart-schema.js';

/** A three-size tops chart with round numbers, so that expected probabilities can be worked out by hand. */
export function handMadeChart(overrides: Partial<SizeChart> = {}): SizeChart {
  return {
    format: chartFormat,
    id: 'test-tops',
    version: 1,
    brand: 'Test',
    name: 'Test tops',
    category: 'tops',
    gender_line: 'unisex',
    label_system: 'international',
    source: 'Hand-made for tests.',
    sizes: [
      { label: 'S', ranges: { chest: { min_cm: 84, max_cm: 92 }, waist: { min_cm: 70, max_cm: 78 } } },
      { label: 'M', ranges: { chest: { min_cm: 92, max_cm: 100 }, waist: { min_cm: 78, max_cm: 86 } } },
      { label: 'L', ranges: { chest: { min_cm: 100, max_cm: 108 }, waist: { min_cm: 86, max_cm: 94 } } },
    ],
    ...overrides,
  };
}
