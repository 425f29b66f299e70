import type { Migration } from '../migrate.js';

/**
 * Size charts (docs/size-charts.md).
 *
 * NEVER EDIT A MIGRATION ONCE IT HAS LANDED (see 0001_initial.ts).
 *
 * - `size_charts`: one row per chart id, the chart itself as JSON (the format's own fields, checked
 *   with zod when read), its `version` copied out so that a pull from head office can compare
 *   versions in SQL, where it came from (`shipped` with the product, `local`: imported on this kiosk,
 *   `central`: pulled from the bucket), and whether the kiosk UI shows it to customers.
 * - `size_charts_seeded`: one row once the shipped charts were first written, so that a shipped
 *   chart staff deleted does not come back at the next start.
 */
export const migration: Migration = {
  id: '0003_size_charts',
  sql: `
CREATE TABLE size_charts (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
  version INTEGER NOT NULL CHECK (version >= 1),
  origin TEXT NOT NULL CHECK (origin IN ('shipped', 'local', 'central')),
  chart_json TEXT NOT NULL CHECK (json_valid(chart_json) AND json_type(chart_json) = 'object'),
  shown_to_customers INTEGER NOT NULL DEFAULT 1 CHECK (shown_to_customers IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE size_charts_seeded (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seeded_at TEXT NOT NULL
);
`,
};
