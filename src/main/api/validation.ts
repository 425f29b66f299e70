import type { z } from 'zod';
import { ValidationError } from './errors.js';

/**
 * Parses `value` with a zod schema at the HTTP edge; on failure throws a ValidationError (400)
 * whose detail names each invalid field and the rule it broke. Messages written in the schemas
 * name their field already; zod's default messages are prefixed with the field path.
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, what: string, code = 'invalid_request'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(`${what}: ${describeIssues(result.error.issues)}`, code);
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    if (!path || issue.message.startsWith(path)) return issue.message;
    return `${path}: ${issue.message}`;
  });
  if (issues.length > 5) lines.push(`and ${issues.length - 5} more problems`);
  return lines.join('; ');
}
