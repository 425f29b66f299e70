import type * as z from 'zod';
import { describeZodIssues } from '../zod-issues.js';
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

/** Zod issues in the product's one wording (src/main/zod-issues.ts). */
export const describeIssues = (issues: readonly z.core.$ZodIssue[]): string => describeZodIssues(issues);
