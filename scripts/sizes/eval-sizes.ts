/**
 * `npm run eval:sizes`: how well the size recommendation does with the embedded pipeline's measured
 * error. Customers are the held-out ANSUR II subjects (the shipped charts were derived from the
 * others); their true size is the recommendation on their real dimensions taken as exact; the
 * predicted one is the recommendation on their dimensions plus the pipeline's error, told the SD the
 * pipeline stated. The error comes from the pipeline's evaluation as it stands: whole scans' error
 * vectors resampled from docs/embedded-accuracy.json (scan-errors.ts), and for comparison the
 * per-measurement bias and SD of docs/embedded-accuracy.md as independent normal errors.
 * Writes docs/size-recommendation.md.
 *
 * Tuning the recommender is done on a dev-seed evaluation, never on the test seed the doc reports:
 *   npm run eval:embedded -- --seed dev --out /tmp/dev.md
 *   npm run eval:sizes -- --accuracy /tmp/dev.md --out /tmp/sizes-dev.md [--correlation 0.7]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dimensionsOf, type SizeChart } from '../../src/main/sizes/chart-schema.js';
import { girthErrorCorrelation, recommendSize, type BodyDimension } from '../../src/main/sizes/recommend.js';
import { shippedCharts } from '../../src/main/sizes/shipped-charts.js';
import { isHeldOut, readSurvey, type Sex } from '../body/ansur.js';
import { randomFor, type Random } from '../eval/random.js';
import {
  addTo,
  binEdges,
  binFor,
  emptyBins,
  emptyTally,
  meanGapPoints,
  minBinCount,
  quantile,
  worstGapPoints,
  type CalibrationBin,
  type Tally,
} from './calibration.js';
import { parseAccuracyDocument, type ErrorScenario } from './pipeline-error.js';
import {
  measuredWith,
  nearestScans,
  parseScanErrors,
  resampleBodies,
  scaledErrors,
  standardizedErrors,
  type ScanErrorPool,
  type StandardizedErrors,
} from './scan-errors.js';
import { surveyDimension } from './survey-dimensions.js';

const docsAccuracyPath = fileURLToPath(new URL('../../docs/embedded-accuracy.md', import.meta.url));
const docsReportPath = fileURLToPath(new URL('../../docs/size-recommendation.md', import.meta.url));
const { values: args } = parseArgs({
  options: {
    /** The pipeline evaluation to take the error from: its .md, with the .json beside it. */
    accuracy: { type: 'string', default: docsAccuracyPath },
    out: { type: 'string', default: docsReportPath },
    /** The girths' error correlation the recommender assumes, for sweeps on a dev-seed evaluation. */
    correlation: { type: 'string' },
  },
});
const accuracyPath = args.accuracy;
const accuracyJsonPath = accuracyPath.replace(/\.md$/, '.json');
const reportPath = args.out;
const accuracyName = path.relative(process.cwd(), accuracyPath);
const correlation = args.correlation === undefined ? girthErrorCorrelation : Number(args.correlation);
if (!(correlation >= 0 && correlation < 1)) throw new Error(`--correlation must be in [0, 1): ${args.correlation}`);
/** A customer's errors are drawn from the scans of the this many bodies nearest theirs (of the evaluation's bodies of that sex). */
const nearestScanCount = 5;
/** Noise draws per customer: the held-out subjects are few (about 400 men, 200 women). */
const drawsPerCustomer = 20;
const seed = 'eval-sizes-20261203';
const targets = { exact: 0.85, withinOne: 0.99, calibrationPoints: 10 };
/**
 * Resamplings of the evaluation's bodies for the spread of the calibration figures: a bin's hit rate
 * rests on the few bodies whose errors its customers took, not on its thousands of predictions.
 */
const bodyResamplings = 20;
/** The girths whose errors the recommender takes as correlated (recommend.ts). */
const correlatedGirths = ['chest', 'waist', 'hip', 'neck'];

interface Customer {
  sex: Sex;
  row: number;
  dims: Map<string, number>;
}

interface ChartResult {
  chart: SizeChart;
  customers: number;
  outsideTruth: number;
  predictions: number;
  /** Draws whose scan was refused: no recommendation, not counted in the shares. */
  refused: number;
  exact: number;
  withinOne: number;
  bins: CalibrationBin[];
  /** Predictions answered `outside_chart` (the nearest end size, stated with its own probability only). */
  outside: Tally;
  /** Of them, in the lowest bin. */
  outsideInLowestBin: number;
  /** Predictions by the clothing of the evaluation scan whose errors they took (scan errors only). */
  byClothing: Map<string, Tally>;
  statedMean: number;
  /** |stated − observed| of the worst bin with at least minBinCount predictions, in percentage points. */
  worstGapPoints: number;
  /** |stated − observed| over every bin, weighted by its predictions (the expected calibration error), in points. */
  meanGapPoints: number;
  missingErrors: string[];
}

function customersOf(sex: Sex): Customer[] {
  const table = readSurvey(sex);
  const heldOut = table.rows.map((row, index) => ({ row, index })).filter(({ index }) => isHeldOut(index));
  const rows = heldOut.map(({ row }) => row);
  const columns = new Map(
    ['chest', 'waist', 'hip', 'neck', 'arm_length', 'inseam', 'height'].map((dimension) => [
      dimension,
      surveyDimension(table, dimension as never, rows),
    ]),
  );
  return heldOut.map(({ index }, k) => ({
    sex,
    row: index,
    dims: new Map([...columns].map(([dimension, values]) => [dimension, values[k]!])),
  }));
}

function indexOf(chart: SizeChart, label: string): number {
  return chart.sizes.findIndex((size) => size.label === label);
}

/**
 * What the pipeline would have said of a customer's dimensions on one draw (null when the scan was
 * refused), and what the scanned body wore when the draw is a real scan's.
 */
type ErrorDraw = (
  customer: Customer,
  dimensions: readonly string[],
  random: Random,
) => { measured: Map<string, BodyDimension> | null; clothing: string | null };

/** Independent normal errors per measurement: the bias plus noise of the error SD, told the stated (or the error) SD. */
function normalErrors(scenario: ErrorScenario, toldSd: 'stated' | 'error'): ErrorDraw {
  return (customer, dimensions, random) => ({
    clothing: null,
    measured: new Map(
      dimensions.map((d) => {
        const error = scenario.errors.get(d);
        const trueCm = customer.dims.get(d)!;
        // A dimension the accuracy document does not cover is taken as exact (and listed in the report).
        return [
          d,
          error
            ? {
                valueCm: trueCm + error.biasCm + error.errorSdCm * random.normal(),
                sdCm: toldSd === 'stated' ? error.statedSdCm : error.errorSdCm,
              }
            : { valueCm: trueCm, sdCm: 0 },
        ];
      }),
    ),
  });
}

/** One whole scan's errors and stated SDs, from the scans of the bodies nearest the customer's. */
function scanErrors(pool: ScanErrorPool): ErrorDraw {
  const nearestCache = new Map<string, ReturnType<typeof nearestScans>>();
  return (customer, dimensions, random) => {
    const key = `${customer.sex}/${customer.row}/${dimensions.join(',')}`;
    let nearest = nearestCache.get(key);
    if (!nearest) {
      nearest = nearestScans(pool.bySex[customer.sex], customer.dims, dimensions, nearestScanCount);
      nearestCache.set(key, nearest);
    }
    const scan = random.pick(nearest);
    return { measured: measuredWith(scan, customer.dims, dimensions), clothing: scan.clothing };
  };
}

function evaluateChart(chart: SizeChart, customers: readonly Customer[], draw: ErrorDraw, missingErrors: string[] = []): ChartResult {
  const dimensions = dimensionsOf(chart);
  const bins = emptyBins();
  const outside = emptyTally();
  let outsideInLowestBin = 0;
  const byClothing = new Map<string, Tally>();
  let outsideTruth = 0;
  let predictions = 0;
  let exact = 0;
  let withinOne = 0;
  let statedTotal = 0;
  let refused = 0;
  for (const customer of customers) {
    const truthBody = new Map<string, BodyDimension>(dimensions.map((d) => [d, { valueCm: customer.dims.get(d)!, sdCm: 0 }]));
    const truth = recommendSize(chart, truthBody);
    if (truth.status === 'outside_chart') {
      outsideTruth += 1;
      continue;
    }
    const trueIndex = indexOf(chart, truth.bestSize);
    const random = randomFor(seed, chart.id, customer.sex, customer.row);
    for (let attempt = 0; attempt < drawsPerCustomer; attempt += 1) {
      const { measured, clothing } = draw(customer, dimensions, random);
      if (!measured) {
        refused += 1;
        continue;
      }
      const predicted = recommendSize(chart, measured, 'regular', correlation);
      const stated = predicted.sizes.find((size) => size.label === predicted.bestSize)!.probability;
      const hit = predicted.bestSize === truth.bestSize;
      predictions += 1;
      statedTotal += stated;
      if (hit) exact += 1;
      if (Math.abs(indexOf(chart, predicted.bestSize) - trueIndex) <= 1) withinOne += 1;
      const bin = binFor(bins, stated);
      addTo(bin, stated, hit);
      if (predicted.status === 'outside_chart') {
        addTo(outside, stated, hit);
        if (bin === bins[0]) outsideInLowestBin += 1;
      }
      if (clothing !== null) {
        const tally = byClothing.get(clothing) ?? emptyTally();
        byClothing.set(clothing, tally);
        addTo(tally, stated, hit);
      }
    }
  }
  return {
    chart,
    customers: customers.length,
    outsideTruth,
    predictions,
    refused,
    exact,
    withinOne,
    bins,
    outside,
    outsideInLowestBin,
    byClothing,
    statedMean: statedTotal / predictions,
    worstGapPoints: worstGapPoints(bins),
    meanGapPoints: meanGapPoints(bins),
    missingErrors,
  };
}

const pct = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;
const mark = (ok: boolean): string => (ok ? 'met' : '**missed**');

function accuracyVersion(): string {
  try {
    const committed = execFileSync('git', ['log', '-1', '--format=%h %cI', '--', accuracyPath], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', accuracyPath], { encoding: 'utf8' }).trim() !== '';
    return committed ? `commit ${committed}${dirty ? ', with uncommitted changes in the working tree' : ''}` : 'not committed';
  } catch {
    return 'git history not available';
  }
}

interface Run {
  title: string;
  results: ChartResult[];
}

function chartRows(results: readonly ChartResult[], withTargets: boolean): string[] {
  const head = withTargets
    ? [
        '| chart | dimensions | customers (outside the chart) | refused draws | exact size | within one size | mean stated P | ' +
          'worst calibration gap | mean calibration gap | targets |',
        '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
      ]
    : [
        '| chart | refused draws | exact size | within one size | mean stated P | worst calibration gap | mean calibration gap |',
        '|---|---:|---:|---:|---:|---:|---:|',
      ];
  return [
    ...head,
    ...results.map((r) => {
      const exact = r.exact / r.predictions;
      const within = r.withinOne / r.predictions;
      const shared =
        `${pct(exact)} | ${pct(within)} | ${pct(r.statedMean)} | ${r.worstGapPoints.toFixed(1)} pts | ` +
        `${r.meanGapPoints.toFixed(1)} pts`;
      const refused = `${r.refused} of ${r.refused + r.predictions}`;
      return withTargets
        ? `| ${r.chart.id} | ${dimensionsOf(r.chart).join(', ')} | ${r.customers} (${r.outsideTruth}) | ${refused} | ${shared} | ` +
            `exact ${mark(exact >= targets.exact)}, within one ${mark(within >= targets.withinOne)}, calibration ${mark(r.worstGapPoints <= targets.calibrationPoints)} |`
        : `| ${r.chart.id} | ${refused} | ${shared} |`;
    }),
  ];
}

function calibrationRows(results: readonly ChartResult[]): string[] {
  return [
    `| chart | ${binEdges
      .slice(0, -1)
      .map((low, i) => `${Math.round(low * 100)}-${Math.min(100, Math.round(binEdges[i + 1]! * 100))}%`)
      .join(' | ')} |`,
    `|---|${binEdges
      .slice(0, -1)
      .map(() => '---:')
      .join('|')}|`,
    ...results.map(
      (r) =>
        `| ${r.chart.id} | ${r.bins.map((bin) => (bin.count === 0 ? '–' : `${pct(bin.statedSum / bin.count)} → ${pct(bin.hits / bin.count)} (n ${bin.count})`)).join(' | ')} |`,
    ),
    '',
    'Each cell: mean stated probability → observed hit rate (number of predictions).',
  ];
}

/** The worst and mean calibration gaps of each chart over resamplings of the evaluation's bodies. */
interface CalibrationSpread {
  worstGapPoints: number[];
  meanGapPoints: number[];
}

function calibrationSpread(
  pool: ScanErrorPool,
  charts: readonly SizeChart[],
  customersFor: (chart: SizeChart) => Customer[],
): Map<string, CalibrationSpread> {
  const spread = new Map(charts.map((chart) => [chart.id, { worstGapPoints: [] as number[], meanGapPoints: [] as number[] }]));
  for (let resampling = 0; resampling < bodyResamplings; resampling += 1) {
    const random = randomFor(seed, 'bodies', pool.inputSet, resampling);
    const resampled = resampleBodies(pool, random.pick);
    for (const chart of charts) {
      const result = evaluateChart(chart, customersFor(chart), scanErrors(resampled));
      spread.get(chart.id)!.worstGapPoints.push(result.worstGapPoints);
      spread.get(chart.id)!.meanGapPoints.push(result.meanGapPoints);
    }
  }
  return spread;
}

const range80 = (values: readonly number[]): string => `${quantile(values, 0.1).toFixed(1)}–${quantile(values, 0.9).toFixed(1)} pts`;

function spreadRows(results: readonly ChartResult[], spread: ReadonlyMap<string, CalibrationSpread>): string[] {
  return [
    '| chart | worst gap, this run | worst gap, 80% of resamplings | resamplings within ±10 pts | ' +
      'mean gap, this run | mean gap, 80% of resamplings |',
    '|---|---:|---:|---:|---:|---:|',
    ...results.map((r) => {
      const s = spread.get(r.chart.id)!;
      const met = s.worstGapPoints.filter((gap) => gap <= targets.calibrationPoints).length;
      return (
        `| ${r.chart.id} | ${r.worstGapPoints.toFixed(1)} pts | ${range80(s.worstGapPoints)} | ${met} of ${s.worstGapPoints.length} | ` +
        `${r.meanGapPoints.toFixed(1)} pts | ${range80(s.meanGapPoints)} |`
      );
    }),
  ];
}

function clothingRows(results: readonly ChartResult[]): string[] {
  const pooled = new Map<string, Tally>();
  for (const r of results) {
    for (const [clothing, tally] of r.byClothing) {
      const sum = pooled.get(clothing) ?? emptyTally();
      pooled.set(clothing, sum);
      sum.count += tally.count;
      sum.statedSum += tally.statedSum;
      sum.hits += tally.hits;
    }
  }
  return [
    '| clothing of the scan | predictions | mean stated P | hit rate | observed − stated |',
    '|---|---:|---:|---:|---:|',
    ...[...pooled].map(
      ([clothing, t]) =>
        `| ${clothing} | ${t.count} | ${pct(t.statedSum / t.count)} | ${pct(t.hits / t.count)} | ` +
        `${(((t.hits - t.statedSum) / t.count) * 100).toFixed(1)} pts |`,
    ),
  ];
}

function standardizedRows(rows: ReadonlyArray<{ title: string; errors: StandardizedErrors }>): string[] {
  return [
    "| input | scans | RMS of error ÷ stated SD | by quarter of stated SD (SD × median: RMS) | girths' error correlation |",
    '|---|---:|---:|---|---:|',
    ...rows.map(({ title, errors }) => {
      const quarters = errors.rmsByQuarter.map((rms, q) => `×${errors.sdRatioByQuarter[q]!.toFixed(2)}: ${rms.toFixed(2)}`).join(', ');
      return `| ${title} | ${errors.scans} | ${errors.rms.toFixed(2)} | ${quarters} | ${errors.meanPairwiseCorrelation.toFixed(2)} |`;
    }),
  ];
}

/** What the `outside_chart` answers (the end size stated with its own probability only) add to the lowest bin, from the run itself. */
function outsideSentence(results: readonly ChartResult[]): string {
  const outside = results.reduce((sum, r) => sum + r.outside.count, 0);
  const inLowest = results.reduce((sum, r) => sum + r.outsideInLowestBin, 0);
  const lowest = results.reduce((sum, r) => sum + r.bins[0]!.count, 0);
  if (outside === 0) return 'No prediction of the primary input set was answered `outside_chart`.';
  const stated = results.reduce((sum, r) => sum + r.outside.statedSum, 0) / outside;
  const hits = results.reduce((sum, r) => sum + r.outside.hits, 0) / outside;
  return (
    `\`outside_chart\` answers (the measured body beyond the last size; the end size is answered, stated with its own probability alone, ` +
    'while a customer whose true size is in the chart then usually needs that end size) were ' +
    `${outside} of the primary input set's predictions (${inLowest} of the lowest bin's ${lowest}), ` +
    `stated ${pct(stated)} and right ${pct(hits)} of the time.`
  );
}

function render(input: {
  scanRuns: Run[];
  normalRuns: Run[];
  normalPrimary: ErrorScenario;
  toldErrorSd: ChartResult[];
  customers: Record<Sex, number>;
  /** The evaluation's bodies per sex, in the primary input set. */
  scanBodies: Record<Sex, number>;
  accuracySeed: string;
  primarySpread: Map<string, CalibrationSpread>;
  standardized: Array<{ title: string; errors: StandardizedErrors }>;
  scaled: ScaledRun[];
}): string {
  const [primary, ...otherScanRuns] = input.scanRuns;
  if (!primary) throw new Error('docs/embedded-accuracy.json has no embedded scans');
  const lines: string[] = [
    "# Size recommendation with the embedded pipeline's measured error",
    '',
    '<!-- Written by `npm run eval:sizes` (scripts/sizes/eval-sizes.ts). Do not edit by hand: rerun the script. -->',
    '',
    `**Customers**: the ANSUR II subjects held out from the shipped charts (every tenth row: ${input.customers.male} men, ${input.customers.female} women), ` +
      'each charted by their gender line. **True size**: the recommendation on their real survey dimensions taken as exact (a body outside the chart has no true size and is counted apart). ' +
      `**Predicted size**: the recommendation on the same dimensions plus the pipeline's error, ${drawsPerCustomer} draws per customer (seed \`${seed}\`), told the SDs the pipeline stated.`,
    '',
    `**Pipeline error**: from the pipeline's evaluation as it stood when this ran (\`${accuracyName}\` and \`.json\`, ${accuracyVersion()}; ` +
      `seed \`${input.accuracySeed}\`). ` +
      `Each draw takes one whole scan of that evaluation, at random among the ${nearestScanCount} evaluation bodies of the customer's sex nearest theirs in the chart's dimensions, ` +
      "and adds that scan's errors (estimate − truth, every measurement together) to the customer's dimensions, with the SDs that scan stated. " +
      'This keeps what a per-measurement bias and SD lose: the girth errors of one scan move together (the same scale, clothes and stance), and they depend on the body. ' +
      "A draw of a refused scan gives no recommendation and is counted as refused. The test bodies wear the evaluation's mix of clothing (bare, tight, regular, loose, dress), " +
      `and there are ${input.scanBodies.male} men and ${input.scanBodies.female} women: read these results as what that error would do, not as field accuracy. ` +
      `The recommender takes the girths' errors of one scan as correlated ${correlation.toFixed(2)} (\`girthErrorCorrelation\`), ` +
      'a figure measured and checked on a dev-seed run of the pipeline (`npm run eval:sizes -- --accuracy <dev run>.md --out <file>`), ' +
      'never on the test seed reported here.',
    '',
    `**Targets** (issue 13): exact size ≥ ${targets.exact * 100}%, within one size ≥ ${targets.withinOne * 100}%, stated probability of the chosen size within ±${targets.calibrationPoints} points of the observed hit rate ` +
      `(per bin of stated probability with at least ${minBinCount} predictions). ` +
      'The mean calibration gap, beside it, weighs every bin by its predictions (the expected calibration error): ' +
      'a figure the few predictions of a sparse bin cannot dominate, shown for reading, not as the target.',
    '',
    `## embedded: ${primary.title} (the kiosk's usual scan)`,
    '',
    ...chartRows(primary.results, true),
    '',
    '### Calibration: stated probability of the chosen size against how often it was the true size',
    '',
    ...calibrationRows(primary.results),
    '',
    "### How far the evaluation's few bodies move the calibration",
    '',
    `Every customer's draws take the errors of the ${nearestScanCount} evaluation bodies nearest theirs, ` +
      "so each body's error vector reaches " +
      `a hundred or more predictions, and a bin's hit rate rests on the handful of bodies behind it, not on its predictions. ` +
      `Here the evaluation is rerun ${bodyResamplings} times on the evaluation's bodies drawn again with replacement ` +
      '(per sex, as many as there are): ' +
      'the spread of the gaps over these runs is what the gaps of a run can be read to, the recommender unchanged.',
    '',
    ...spreadRows(primary.results, input.primarySpread),
    '',
    '### By the clothing of the scan whose errors were drawn',
    '',
    "All six charts' predictions together. A clothing whose girths the pipeline reads too large (or too small) in most of its few bodies " +
      'gives hit rates below what was stated, and the bins those predictions fall in inherit it.',
    '',
    ...clothingRows(primary.results),
    '',
    "### The pipeline's stated SDs, as this evaluation's scans bear them out",
    '',
    `The girths the recommender takes as correlated (${correlatedGirths.join(', ')}), ` +
      "each scan's error divided by the SD it stated, over the accepted scans. " +
      'An RMS of 1 means the stated SDs hold the spread of the errors; ' +
      'an RMS that rises from the quarter of the smallest stated SDs to the largest ' +
      'would mean the SDs move less from scan to scan than the errors do. ' +
      'The last column is the mean pairwise correlation of these standardized errors (per sex, then averaged): ' +
      `the recommender assumes ${correlation.toFixed(2)} for every input.`,
    '',
    ...standardizedRows(input.standardized),
  ];
  for (const run of otherScanRuns) {
    lines.push(
      '',
      `## embedded: ${run.title}`,
      '',
      ...chartRows(run.results, false),
      '',
      '### Calibration',
      '',
      ...calibrationRows(run.results),
    );
  }
  lines.push(
    '',
    '## For comparison: independent normal errors per measurement',
    '',
    'Each measurement gets the bias of `docs/embedded-accuracy.md` plus normal noise, independently of the others. ' +
      'That document gives the bias and the mean absolute error; the error SD is the one that reproduces that mean absolute error with that bias, ' +
      'and the stated SD the one that holds the document\'s "within the stated ±1 SD" share of the errors (0% and 100% are read as 5% and 95%).',
  );
  for (const run of input.normalRuns) lines.push('', `### ${run.title}`, '', ...chartRows(run.results, false));
  lines.push(
    '',
    `### ${input.normalPrimary.title}, the recommender told the error SD instead of the stated one`,
    '',
    "This separates the recommender from the pipeline's stated SDs: with the right SD (but still not the bias) the probabilities should be close to calibrated.",
    '',
    ...chartRows(input.toldErrorSd, false),
    '',
  );
  const errorRows = [...input.normalPrimary.errors].filter(([name]) =>
    ['chest', 'waist', 'hip', 'neck', 'arm_length', 'inseam', 'height'].includes(name),
  );
  lines.push(
    `### The normal errors used (${input.normalPrimary.title})`,
    '',
    '| measurement | bias (cm) | error SD (cm) | stated SD (cm) |',
    '|---|---:|---:|---:|',
  );
  for (const [name, error] of errorRows)
    lines.push(`| ${name} | ${error.biasCm.toFixed(1)} | ${error.errorSdCm.toFixed(2)} | ${error.statedSdCm.toFixed(2)} |`);
  const missing = [...new Set(input.normalRuns.flatMap((run) => run.results.flatMap((r) => r.missingErrors)))];
  if (missing.length > 0) lines.push('', `Not in the accuracy document, so taken as exact: ${missing.join(', ')}.`);
  lines.push(...scaledRows(primary, input.scaled));
  lines.push(
    '',
    '## Reading the misses',
    '',
    'The shipped demo charts cut each dimension at survey percentiles (1, 7, 25, 50, 75, 93, 99): the middle sizes are a quarter of the survey wide, ' +
      'about 6 cm of chest or 8 cm of waist, so a pipeline error of a few centimetres in a girth moves a customer near a size boundary into the neighbouring size often; ' +
      'a chart sized by two or three dimensions (the largest size any of them needs) has more boundaries to cross. Exact-size agreement is bounded by that ratio of ' +
      'error to band width whatever the recommender does; within one size and calibration are what the probabilities must get right. A bias the pipeline does not know ' +
      'about (it states an SD, not its bias) makes the stated probabilities over-confident in the direction of the bias; a stated SD wider than the error makes them under-confident. ' +
      `${outsideSentence(primary.results)} ` +
      `Every draw of a customer comes from the ${nearestScanCount} evaluation bodies nearest theirs, so a bin's hit rate carries those few ` +
      "bodies' errors: a bin of a few hundred predictions holds a handful of bodies, " +
      'and its gap moves by tens of points with one of them ' +
      '(the resamplings of the bodies above). The mean calibration gap is the steadier reading of the two.',
    '',
  );
  return lines.join('\n');
}

/** The primary input set's scans with their errors and SDs scaled (`scaledErrors`). */
interface ScaledRun {
  factor: number;
  results: ChartResult[];
}

/** What the pipeline's error would have to shrink to for the targets: the primary input set's scans, scaled. */
const whatIfFactors = [0.5, 0.25] as const;

function scaledRows(primary: Run, scaled: readonly ScaledRun[]): string[] {
  const cells = (r: ChartResult): string => `${pct(r.exact / r.predictions)} / ${pct(r.withinOne / r.predictions)}`;
  return [
    '',
    `## What the targets would need (${primary.title})`,
    '',
    "The same customers and draws with every drawn scan's errors and stated SDs multiplied by a factor (× 0.5: half today's error), " +
      'the errors moving together as they do now. Exact size / within one size per chart.',
    '',
    `| chart | as measured | ${scaled.map((run) => `errors × ${run.factor}`).join(' | ')} |`,
    `|---|---:|${scaled.map(() => '---:').join('|')}|`,
    ...primary.results.map(
      (result, index) => `| ${result.chart.id} | ${cells(result)} | ${scaled.map((run) => cells(run.results[index]!)).join(' | ')} |`,
    ),
  ];
}

function main(): void {
  const normalScenarios = parseAccuracyDocument(readFileSync(accuracyPath, 'utf8'));
  const pools = parseScanErrors(JSON.parse(readFileSync(accuracyJsonPath, 'utf8')), accuracyJsonPath);
  const bySex: Record<Sex, Customer[]> = { male: customersOf('male'), female: customersOf('female') };
  const charts = shippedCharts();
  const customersFor = (chart: SizeChart): Customer[] => (chart.gender_line === 'women' ? bySex.female : bySex.male);
  const scanRuns: Run[] = pools.map((pool) => ({
    title: pool.inputSet,
    results: charts.map((chart) => evaluateChart(chart, customersFor(chart), scanErrors(pool))),
  }));
  const normalRuns: Run[] = normalScenarios.map((scenario) => ({
    title: scenario.title,
    results: charts.map((chart) =>
      evaluateChart(
        chart,
        customersFor(chart),
        normalErrors(scenario, 'stated'),
        dimensionsOf(chart).filter((d) => !scenario.errors.has(d)),
      ),
    ),
  }));
  const normalPrimary = normalScenarios[0];
  if (!normalPrimary) throw new Error('docs/embedded-accuracy.md has no table with a bias column');
  const toldErrorSd = charts.map((chart) => evaluateChart(chart, customersFor(chart), normalErrors(normalPrimary, 'error')));
  const accuracySeed = pools[0]?.seed ?? 'unknown';
  const primarySpread = pools[0] ? calibrationSpread(pools[0], charts, customersFor) : new Map<string, CalibrationSpread>();
  const standardized = pools.map((pool) => ({ title: pool.inputSet, errors: standardizedErrors(pool, correlatedGirths) }));
  const scaled: ScaledRun[] = pools[0]
    ? whatIfFactors.map((factor) => ({
        factor,
        results: charts.map((chart) => evaluateChart(chart, customersFor(chart), scanErrors(scaledErrors(pools[0]!, factor)))),
      }))
    : [];
  if (accuracySeed === 'test' && args.correlation !== undefined) {
    throw new Error('--correlation is for tuning, and tuning is done on a dev-seed evaluation, never on the test seed');
  }
  if (accuracySeed !== 'test' && reportPath === docsReportPath) {
    throw new Error(`docs/size-recommendation.md reports the test seed; this evaluation is seed ${accuracySeed}: pass --out`);
  }
  writeFileSync(
    reportPath,
    render({
      scanRuns,
      normalRuns,
      normalPrimary,
      toldErrorSd,
      customers: { male: bySex.male.length, female: bySex.female.length },
      scanBodies: { male: pools[0]?.bySex.male.length ?? 0, female: pools[0]?.bySex.female.length ?? 0 },
      accuracySeed,
      primarySpread,
      standardized,
      scaled,
    }),
  );
  for (const [kind, runs] of [
    ['per-scan errors', scanRuns],
    ['normal errors', normalRuns],
  ] as const) {
    for (const run of runs) {
      console.log(`${kind}: ${run.title}`);
      for (const r of run.results) {
        console.log(
          `  ${r.chart.id}: exact ${pct(r.exact / r.predictions)}, within one ${pct(r.withinOne / r.predictions)}, stated ${pct(r.statedMean)}, ` +
            `worst calibration gap ${r.worstGapPoints.toFixed(1)} pts, mean ${r.meanGapPoints.toFixed(1)} pts, refused ${r.refused}`,
        );
      }
    }
  }
  console.log(`wrote ${reportPath}`);
}

main();
