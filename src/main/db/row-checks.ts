/**
 * Plain checks that stand in for a zod schema on a hot path (the job queue's read-backs, the
 * avatar a completed job stores): each accepts only values its schema accepts, and gives what the
 * schema gives. A value a check rejects is not necessarily bad: the caller then hands it to the
 * schema, which keeps the last word.
 */
export const rejected = Symbol('rejected');
export type Check<T> = (value: unknown) => T | typeof rejected;

export const text: Check<string> = (value) => (typeof value === 'string' ? value : rejected);
export const nonEmptyText: Check<string> = (value) => (typeof value === 'string' && value.length > 0 ? value : rejected);

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value) => (value === null ? null : check(value));
}

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (value) => ((values as readonly unknown[]).includes(value) ? (value as T) : rejected);
}

/** zod's number: finite (no NaN, no Infinity), then the bounds. */
export function number(within: (value: number) => boolean): Check<number> {
  return (value) => (typeof value === 'number' && Number.isFinite(value) && within(value) ? value : rejected);
}

/** zod's int() is a safe integer. */
export function integer(min: number): Check<number> {
  return (value) => (Number.isSafeInteger(value) && (value as number) >= min ? (value as number) : rejected);
}

/**
 * The form the service writes (toIsoTimestamp) on a real date and time, as z.iso.datetime() checks
 * it (hours to 23, no leap second, 29 February only in leap years). Its other forms (no fraction,
 * more digits) are left to it.
 */
const storedTimestamp = /^(\d{4})-(\d\d)-(\d\d)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

export const timestamp: Check<string> = (value) => {
  const match = typeof value === 'string' ? storedTimestamp.exec(value) : null;
  if (match === null) return rejected;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? (value as string) : rejected;
};

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
