import { performance } from 'node:perf_hooks';
import type { MeasurementValue } from '../src/main/avatars/types.js';
import { chartFormat, type ChartDimension, type SizeChart } from '../src/main/sizes/chart-schema.js';
import { parseSizeChart } from '../src/main/sizes/parse-chart.js';
import { recommendSizesForAvatar } from '../src/main/sizes/recommend-for-avatar.js';
import { median, type BenchSection } from './types.js';

/**
 * The size recommendation a POS asks for a whole catalogue page: one avatar against 50 charts of
 * 10 sizes (two or three dimensions each), as GET /api/v1/avatar/{user_id}/sizes computes it.
 */
const warmup = 50;
const runs = 500;
const chartCount = 50;
const sizesPerChart = 10;
const targetMs = 5;

/** Where each dimension's sizes start and how wide they are, cm (round, plausible adult figures). */
const steps: Record<ChartDimension, { startCm: number; stepCm: number }> = {
  chest: { startCm: 80, stepCm: 5 },
  waist: { startCm: 64, stepCm: 5 },
  hip: { startCm: 84, stepCm: 5 },
  neck: { startCm: 34, stepCm: 1.5 },
  arm_length: { startCm: 52, stepCm: 1.5 },
  inseam: { startCm: 68, stepCm: 2 },
  height: { startCm: 150, stepCm: 5 },
};
const dimensionSets: ChartDimension[][] = [
  ['chest', 'waist'],
  ['waist', 'hip'],
  ['chest', 'waist', 'hip'],
  ['neck', 'chest', 'arm_length'],
  ['waist', 'inseam'],
];

function benchChart(index: number): SizeChart {
  const dimensions = dimensionSets[index % dimensionSets.length]!;
  return parseSizeChart({
    format: chartFormat,
    id: `bench-${index}`,
    version: 1,
    brand: 'Bench',
    name: `Bench chart ${index}`,
    category: 'tops',
    gender_line: 'unisex',
    label_system: 'other',
    source: 'Generated for the benchmark.',
    sizes: Array.from({ length: sizesPerChart }, (_, k) => ({
      label: `S${k + 1}`,
      ranges: Object.fromEntries(
        dimensions.map((d) => {
          const { startCm, stepCm } = steps[d];
          // Each chart shifted a little so that no two are the same.
          const min = startCm + k * stepCm + (index % 7) * 0.3;
          return [d, { min_cm: min, max_cm: min + stepCm }];
        }),
      ),
    })),
  });
}

export async function runBench(): Promise<BenchSection> {
  const charts = Array.from({ length: chartCount }, (_, index) => benchChart(index));
  const measurements: MeasurementValue[] = [
    ['height', 176, 0.5],
    ['chest', 101, 3],
    ['waist', 88, 3.5],
    ['hip', 100, 2.5],
    ['neck', 39, 1.5],
    ['arm_length', 59, 2],
    ['inseam', 79, 2],
    ['shoulder_width', 44, 1],
    ['thigh', 58, 2],
    ['calf', 38, 1.5],
    ['upper_arm', 32, 1.5],
    ['waist_height', 104, 1.5],
  ].map(([name, valueCm, sdCm]) => ({ name: name as string, valueCm: valueCm as number, sdCm: sdCm as number, method: 'bench' }));
  const avatar = { measurements };
  for (let k = 0; k < warmup; k++) recommendSizesForAvatar(avatar, charts, 'regular');
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    recommendSizesForAvatar(avatar, charts, 'regular');
    samples.push(performance.now() - started);
  }
  const ms = median(samples);
  return {
    title: 'Size recommendation',
    lines: [
      `One avatar (${measurements.length} measurements) against ${chartCount} charts of ${sizesPerChart} sizes (2-3 dimensions each). Median of ${runs} runs after ${warmup} warm-up runs, one thread.`,
      '',
      '| operation | median (ms) | target (ms) | |',
      '|---|---:|---:|---|',
      `| ${chartCount} recommendations (recommendSizesForAvatar) | ${ms.toFixed(3)} | < ${targetMs} | ${ms < targetMs ? 'met' : '**missed**'} |`,
    ],
    ratios: [{ name: 'sizes.fifty_charts.target_share', value: ms / targetMs, better: 'lower' }],
  };
}
