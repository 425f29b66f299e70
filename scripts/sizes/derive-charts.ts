/**
 * Generic demo size charts from the ANSUR II survey (`npm run sizes:charts`): each size's body range
 * per dimension is a band between two survey percentiles of the subjects NOT held out (the held-out
 * ones are the customers of `npm run eval:sizes`). Written to src/main/sizes/charts/<id>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chartFormat, type ChartDimension, type SizeChart } from '../../src/main/sizes/chart-schema.js';
import { parseSizeChart } from '../../src/main/sizes/parse-chart.js';
import { isHeldOut, readSurvey, type Sex } from '../body/ansur.js';
import { surveyDimension } from './survey-dimensions.js';

/** Percentile edges of the sizes: the middle sizes a quarter of the survey each, the end sizes its tails to the 1st and 99th. */
const letterEdges = [1, 7, 25, 50, 75, 93, 99] as const;
const letterLabels = ['XS', 'S', 'M', 'L', 'XL', 'XXL'] as const;

interface ChartPlan {
  id: string;
  sex: Sex;
  name: string;
  category: SizeChart['category'];
  labelSystem: SizeChart['label_system'];
  dimensions: ChartDimension[];
  labels: readonly string[];
}

export const chartPlans: ChartPlan[] = [
  {
    id: 'generic-men-tops',
    sex: 'male',
    name: "Generic men's tops",
    category: 'tops',
    labelSystem: 'international',
    dimensions: ['chest', 'waist'],
    labels: letterLabels,
  },
  {
    id: 'generic-women-tops',
    sex: 'female',
    name: "Generic women's tops",
    category: 'tops',
    labelSystem: 'international',
    dimensions: ['chest', 'waist'],
    labels: letterLabels,
  },
  {
    id: 'generic-men-shirts',
    sex: 'male',
    name: "Generic men's shirts",
    category: 'shirts',
    labelSystem: 'international',
    dimensions: ['neck', 'chest', 'arm_length'],
    labels: letterLabels,
  },
  {
    id: 'generic-men-trousers',
    sex: 'male',
    name: "Generic men's trousers",
    category: 'trousers',
    labelSystem: 'international',
    dimensions: ['waist', 'hip'],
    labels: letterLabels,
  },
  {
    id: 'generic-women-trousers',
    sex: 'female',
    name: "Generic women's trousers",
    category: 'trousers',
    labelSystem: 'international',
    dimensions: ['waist', 'hip'],
    labels: letterLabels,
  },
  {
    id: 'generic-women-dresses',
    sex: 'female',
    name: "Generic women's dresses",
    category: 'dresses',
    labelSystem: 'international',
    dimensions: ['chest', 'waist', 'hip'],
    labels: letterLabels,
  },
];

export const chartsDir = fileURLToPath(new URL('../../src/main/sizes/charts/', import.meta.url));

/** The p-th percentile (0-100) by linear interpolation between order statistics. */
export function percentile(sorted: Float64Array, p: number): number {
  const position = (p / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

const halfCm = (value: number): number => Math.round(value * 2) / 2;

export function deriveChart(plan: ChartPlan): SizeChart {
  const table = readSurvey(plan.sex);
  const modelRows = table.rows.filter((_row, index) => !isHeldOut(index));
  const edgesByDimension = new Map(
    plan.dimensions.map((dimension) => {
      const sorted = surveyDimension(table, dimension, modelRows).sort();
      return [dimension, letterEdges.map((p) => halfCm(percentile(sorted, p)))] as const;
    }),
  );
  const chart = {
    format: chartFormat,
    id: plan.id,
    version: 1,
    brand: 'Perfit generic (demo)',
    name: plan.name,
    category: plan.category,
    gender_line: plan.sex === 'male' ? 'men' : 'women',
    label_system: plan.labelSystem,
    source:
      `Derived from the ANSUR II survey (US Army 2012, ${plan.sex} subjects, ${modelRows.length} of ${table.rows.length}: every tenth held out for the evaluation) ` +
      `by scripts/sizes/derive-charts.ts: each size's range of ${plan.dimensions.join(', ')} is the band between the survey percentiles ` +
      `${letterEdges.join(', ')} (XS the 1st to 7th, M the 25th to 50th, …), rounded to 0.5 cm. A demo chart: copied from no standard and no brand; ` +
      'the survey is a military population, fitter and younger than shoppers.',
    sizes: plan.labels.map((label, k) => ({
      label,
      ranges: Object.fromEntries(
        plan.dimensions.map((dimension) => [
          dimension,
          { min_cm: edgesByDimension.get(dimension)![k]!, max_cm: edgesByDimension.get(dimension)![k + 1]! },
        ]),
      ),
    })),
  };
  return parseSizeChart(chart, `derived chart ${plan.id}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(chartsDir, { recursive: true });
  for (const plan of chartPlans) {
    const chart = deriveChart(plan);
    writeFileSync(`${chartsDir}${chart.id}.json`, `${JSON.stringify(chart, null, 2)}\n`);
    console.log(
      `${chart.id}: ${chart.sizes
        .map(
          (size) =>
            `${size.label} ${Object.entries(size.ranges)
              .map(([d, r]) => `${d} ${r.min_cm}-${r.max_cm}`)
              .join(' ')}`,
        )
        .join(' | ')}`,
    );
  }
}
