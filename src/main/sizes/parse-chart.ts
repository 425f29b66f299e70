import type * as z from 'zod';
import { sizeChartSchema, type SizeChart } from './chart-schema.js';
import { describeZodIssues } from '../zod-issues.js';
import { SizeChartError } from './errors.js';

/** Parses a chart (from a file, a request or the database); the error names each bad field by its path. */
export function parseSizeChart(value: unknown, origin = 'size chart'): SizeChart {
  const result = sizeChartSchema.safeParse(value);
  if (result.success) return result.data;
  throw new SizeChartError('invalid_chart', `Invalid ${origin}: ${describeChartIssues(result.error.issues)}`);
}

export function describeChartIssues(issues: readonly z.core.$ZodIssue[]): string {
  return describeZodIssues(issues);
}
