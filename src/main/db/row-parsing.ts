import { z } from 'zod';
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
  const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(row)'}: ${issue.message}`);
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

/** An INTEGER 0/1 column as a boolean. */
export const sqliteBoolean = z.union([z.literal(0), z.literal(1)]).transform((value) => value === 1);

/** Timestamps are stored as ISO 8601 UTC strings with milliseconds. */
export const isoTimestamp = z.iso.datetime();

/** Epoch milliseconds → the stored timestamp form, e.g. 2025-01-31T09:30:00.000Z. */
export function toIsoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
