/**
 * Log keys are snake_case. A worker's fields are named in its code's camelCase (a pipeline's
 * `loadMs`, the runtime's `humanVersion`); the host renames the top-level keys as it writes them.
 */
export function snakeCaseKeys(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key.replace(/[A-Z]/g, (upper) => `_${upper.toLowerCase()}`), value]),
  );
}
