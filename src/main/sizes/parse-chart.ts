import type { z } from 'zod';
import { sizeChartSchema, type SizeChart } from './chart-schema.js';
import { SizeChartError } from './errors.js';

/** Parses a chart (from a file, a request or the database); the error names each bad field by its path. */
export function parseSizeChart(value: unknown, origin = 'size chart'): SizeChart {
  const result = sizeChartSchema.safeParse(value);
  if (result.success) return result.data;
  throw new SizeChartError('invalid_chart', `Invalid ${origin}: ${describeChartIssues(result.error.issues)}`);
}

export function describeChartIssues(issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  if (issues.length > 5) lines.push(`and ${issues.length - 5} more problems`);
  return lines.join('; ');
}
