import type * as z from 'zod';

export interface DescribeIssuesOptions {
  /** Issues named before "and N more problems" (default 5). */
  max?: number;
  /** How an issue's path reads (default: dotted, e.g. `sizes.2.ranges.chest`). */
  pathLabel?: (path: readonly PropertyKey[]) => string;
  /** Joins the issues (default `; `). */
  separator?: string;
}

/**
 * The one wording of zod's issues in every error this product shows (HTTP 400s, config errors,
 * corrupt rows, model manifests, size charts): `path: message`, the first few, then a count.
 * A message that already starts with its path (schemas that name their field) is not prefixed again.
 */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[], options: DescribeIssuesOptions = {}): string {
  const max = options.max ?? 5;
  const pathLabel = options.pathLabel ?? ((path) => path.map(String).join('.'));
  const lines = issues.slice(0, max).map((issue) => {
    const path = pathLabel(issue.path);
    if (!path || issue.message.startsWith(path)) return issue.message;
    return `${path}: ${issue.message}`;
  });
  if (issues.length > max) lines.push(`and ${issues.length - max} more problems`);
  return lines.join(options.separator ?? '; ');
}
