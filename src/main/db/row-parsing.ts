import * as z from 'zod';
import { describeZodIssues } from '../zod-issues.js';
import { CorruptRowError } from './errors.js';

/**
 * Helpers to parse rows read from SQLite with zod (files read from disk are an edge: a hand edit
 * or a damaged file must give a clear error, not a wrong value deep inside the service).
 */

/** Parses `row` with `schema`; throws CorruptRowError naming the table, the row id and the fields. */
export function parseRow<S extends z.ZodType>(schema: S, table: string, row: unknown): z.output<S> {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const id = typeof row === 'object' && row !== null && 'id' in row ? String((row as { id: unknown }).id) : null;
  const issues = describeZodIssues(parsed.error.issues, { pathLabel: (path) => path.map(String).join('.') || '(row)' });
  throw new CorruptRowError(table, id, issues);
}

/** A TEXT column holding JSON, parsed and then checked with `schema`. */
export function jsonText<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/**
 * Like jsonText, for columns written once and never changed (an avatar's shape, measurements and
 * provenance): the checked value of each distinct text is kept in a small LRU, so clients polling a
 * job do not pay for parsing and validating the same JSON on every request. The values are frozen
 * because callers share them: a mutation throws instead of corrupting the next reader's copy.
 */
export function immutableJsonText<S extends z.ZodType>(schema: S, capacity = 512) {
  const column = jsonText(schema);
  const checked = new Map<string, z.output<S>>();
  return z.string().transform((text, ctx): z.output<S> => {
    const hit = checked.get(text);
    if (hit !== undefined) {
      checked.delete(text);
      checked.set(text, hit);
      return hit;
    }
    const result = column.safeParse(text);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    const value = deepFreeze(result.data as z.output<S>);
    checked.set(text, value);
    if (checked.size > capacity) checked.delete(checked.keys().next().value!);
    return value;
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** An INTEGER 0/1 column as a boolean. */
export const sqliteBoolean = z.union([z.literal(0), z.literal(1)]).transform((value) => value === 1);

/** Timestamps are stored as ISO 8601 UTC strings with milliseconds. */
export const isoTimestamp = z.iso.datetime();

/** Epoch milliseconds → the stored timestamp form, e.g. 2025-01-31T09:30:00.000Z. */
export function toIsoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
