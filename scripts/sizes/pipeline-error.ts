/**
 * The embedded pipeline's measured error per measurement, read from docs/embedded-accuracy.md as it
 * stands (not copied here: that evaluation is rerun as the pipeline changes). Each "## section" with
 * a table of `measurement | … | bias (cm) | …` is one capture scenario.
 */
import { standardNormalCdf } from '../../src/main/sizes/normal.js';

export interface MeasurementError {
  /** Mean signed error, estimate minus truth, cm. */
  biasCm: number;
  /** SD of the error around its bias, cm. */
  errorSdCm: number;
  /** The SD the pipeline states with its estimates (what the recommender is told), cm. */
  statedSdCm: number;
  /** How the two SDs were obtained, for the report. */
  derivation: string;
}

export interface ErrorScenario {
  title: string;
  errors: Map<string, MeasurementError>;
}

/** E|X| for X ~ N(bias, sd²) (the folded normal's mean). */
export function foldedNormalMean(biasCm: number, sdCm: number): number {
  if (sdCm <= 0) return Math.abs(biasCm);
  return (
    sdCm * Math.sqrt(2 / Math.PI) * Math.exp(-(biasCm * biasCm) / (2 * sdCm * sdCm)) + biasCm * (1 - 2 * standardNormalCdf(-biasCm / sdCm))
  );
}

/** P(|X| < limit) for X ~ N(bias, sd²). */
export function coverage(limitCm: number, biasCm: number, sdCm: number): number {
  return standardNormalCdf((limitCm - biasCm) / sdCm) - standardNormalCdf((-limitCm - biasCm) / sdCm);
}

/** Solves increasing f(x) = target on [low, high] by bisection. */
function solveIncreasing(f: (x: number) => number, target: number, low: number, high: number): number {
  for (let i = 0; i < 80; i += 1) {
    const mid = (low + high) / 2;
    if (f(mid) < target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** Smallest error SD the derivation answers (a mean absolute error at or below the bias means "almost all bias"). */
const minSdCm = 0.05;
/** Coverages of 0% or 100% from a couple of dozen scans cannot pin an SD down; they are read as 5% and 95%. */
const coverageClamp = [0.05, 0.95] as const;

/** The error SD that makes the mean absolute error what the table says, given the bias. */
export function errorSdFromMeanAbsolute(meanAbsoluteCm: number, biasCm: number): number {
  if (meanAbsoluteCm <= Math.abs(biasCm) + 1e-9) return minSdCm;
  return Math.max(
    minSdCm,
    solveIncreasing((sd) => foldedNormalMean(biasCm, sd), meanAbsoluteCm, 0, 100),
  );
}

/** The stated SD σ with P(|error| < σ) equal to the table's "within the stated ±1 SD". */
export function statedSdFromCoverage(withinFraction: number, biasCm: number, errorSdCm: number): number {
  const target = Math.min(coverageClamp[1], Math.max(coverageClamp[0], withinFraction));
  return solveIncreasing((limit) => coverage(limit, biasCm, errorSdCm), target, 0, 200);
}

const number = (cell: string): number => Number(cell.replace(/[^0-9.+-]/g, ''));

export function parseAccuracyDocument(markdown: string): ErrorScenario[] {
  const scenarios: ErrorScenario[] = [];
  let title: string | null = null;
  let columns: string[] | null = null;
  let current: ErrorScenario | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    if (line.startsWith('## ')) {
      title = line.slice(3).trim();
      columns = null;
      current = null;
      continue;
    }
    if (!line.startsWith('|')) {
      columns = null;
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (!columns) {
      if (cells[0]?.toLowerCase() === 'measurement' && cells.some((cell) => /bias/i.test(cell))) {
        columns = cells.map((cell) => cell.toLowerCase());
        current = { title: title ?? 'untitled', errors: new Map() };
        scenarios.push(current);
      }
      continue;
    }
    if (cells.every((cell) => /^:?-+:?$/.test(cell)) || !current) continue;
    const cell = (pattern: RegExp): string | undefined => {
      const index = columns!.findIndex((column) => pattern.test(column));
      return index < 0 ? undefined : cells[index];
    };
    const biasCm = number(cell(/bias/)!);
    const sdCell = cell(/^(error )?sd\b|standard deviation/);
    const meanAbsCell = cell(/mean abs/);
    const withinCell = cell(/within the stated/);
    let errorSdCm: number;
    let derivation: string;
    if (sdCell !== undefined) {
      errorSdCm = number(sdCell);
      derivation = 'error SD from the table';
    } else if (meanAbsCell !== undefined) {
      errorSdCm = errorSdFromMeanAbsolute(number(meanAbsCell), biasCm);
      derivation = 'error SD solved from the mean absolute error and the bias (normal errors)';
    } else {
      continue;
    }
    let statedSdCm = errorSdCm;
    if (withinCell !== undefined) {
      statedSdCm = statedSdFromCoverage(number(withinCell) / 100, biasCm, errorSdCm);
      derivation += '; stated SD solved from "within the stated ±1 SD"';
    } else derivation += '; stated SD taken equal to the error SD';
    if (Number.isFinite(biasCm) && Number.isFinite(errorSdCm)) current.errors.set(cells[0]!, { biasCm, errorSdCm, statedSdCm, derivation });
  }
  return scenarios.filter((scenario) => scenario.errors.size > 0);
}
