import type Database from 'better-sqlite3';
import * as z from 'zod';
import { jsonText, parseRow } from '../db/row-parsing.js';
import { codedErrorClass } from '../errors.js';
import { sizeChartSchema, type SizeChart } from './chart-schema.js';

export const chartOrigins = ['shipped', 'local', 'central'] as const;
export type ChartOrigin = (typeof chartOrigins)[number];

/** A chart as stored: the chart, where it came from, whether customers see it, and when it changed. */
export interface StoredChart {
  chart: SizeChart;
  origin: ChartOrigin;
  shownToCustomers: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A write that would replace a chart by an older version of itself. */
export class ChartVersionConflictError extends codedErrorClass('ChartVersionConflictError', 'chart_version_older') {
  constructor(
    readonly chartId: string,
    readonly storedVersion: number,
    readonly sentVersion: number,
  ) {
    super(
      `Chart ${chartId} is stored at version ${storedVersion}; version ${sentVersion} is older. Send version ${storedVersion} or higher.`,
    );
  }
}

const rowSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    origin: z.enum(chartOrigins),
    chart_json: jsonText(sizeChartSchema),
    shown_to_customers: z.union([z.literal(0), z.literal(1)]),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .refine((row) => row.chart_json.id === row.id && row.chart_json.version === row.version, {
    error: 'chart_json does not match the row id and version',
  });

const columns = 'id, version, origin, chart_json, shown_to_customers, created_at, updated_at';

/** The size charts in SQLite (migration 0003_size_charts). */
export class SizeChartRepository {
  private readonly statements;
  private readonly now: () => Date;

  constructor(
    private readonly db: Database.Database,
    options: { clock?: () => Date } = {},
  ) {
    this.now = options.clock ?? (() => new Date());
    this.statements = {
      all: db.prepare<[], unknown>(`SELECT ${columns} FROM size_charts ORDER BY id`),
      byId: db.prepare<[string], unknown>(`SELECT ${columns} FROM size_charts WHERE id = ?`),
      upsert: db.prepare<[{ id: string; version: number; origin: ChartOrigin; chartJson: string; now: string }]>(
        `INSERT INTO size_charts (id, version, origin, chart_json, created_at, updated_at)
         VALUES (@id, @version, @origin, @chartJson, @now, @now)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, origin = excluded.origin,
           chart_json = excluded.chart_json, updated_at = excluded.updated_at`,
      ),
      remove: db.prepare<[string]>('DELETE FROM size_charts WHERE id = ?'),
      setShown: db.prepare<[number, string, string]>('UPDATE size_charts SET shown_to_customers = ?, updated_at = ? WHERE id = ?'),
      seeded: db.prepare<[], { one: number }>('SELECT 1 AS one FROM size_charts_seeded WHERE id = 1'),
      markSeeded: db.prepare<[string]>('INSERT INTO size_charts_seeded (id, seeded_at) VALUES (1, ?)'),
    };
  }

  list(): StoredChart[] {
    return this.statements.all.all().map(toStored);
  }

  get(id: string): StoredChart | null {
    const row = this.statements.byId.get(id);
    return row === undefined ? null : toStored(row);
  }

  /**
   * Stores a chart (new, or replacing the one of the same id unless that one has a higher version).
   * Answers the stored chart and whether it is new.
   */
  put(chart: SizeChart, origin: ChartOrigin): { stored: StoredChart; created: boolean } {
    return this.db
      .transaction(() => {
        const existing = this.get(chart.id);
        if (existing && existing.chart.version > chart.version)
          throw new ChartVersionConflictError(chart.id, existing.chart.version, chart.version);
        this.statements.upsert.run({
          id: chart.id,
          version: chart.version,
          origin,
          chartJson: JSON.stringify(chart),
          now: this.now().toISOString(),
        });
        return { stored: this.get(chart.id)!, created: existing === null };
      })
      .immediate();
  }

  delete(id: string): boolean {
    return this.statements.remove.run(id).changes > 0;
  }

  setShownToCustomers(id: string, shown: boolean): boolean {
    return this.statements.setShown.run(shown ? 1 : 0, this.now().toISOString(), id).changes > 0;
  }

  /**
   * Writes the shipped charts on the database's first start, and afterwards newer versions of shipped
   * charts still stored as shipped; a chart staff deleted or replaced is left as they left it.
   * Answers the ids written.
   */
  seedShipped(charts: readonly SizeChart[]): string[] {
    return this.db
      .transaction(() => {
        const firstStart = this.statements.seeded.get() === undefined;
        const written: string[] = [];
        for (const chart of charts) {
          const existing = this.get(chart.id);
          const write = firstStart ? existing === null : existing?.origin === 'shipped' && existing.chart.version < chart.version;
          if (!write) continue;
          this.statements.upsert.run({
            id: chart.id,
            version: chart.version,
            origin: 'shipped',
            chartJson: JSON.stringify(chart),
            now: this.now().toISOString(),
          });
          written.push(chart.id);
        }
        if (firstStart) this.statements.markSeeded.run(this.now().toISOString());
        return written;
      })
      .immediate();
  }
}

function toStored(row: unknown): StoredChart {
  const parsed = parseRow(rowSchema, 'size_charts', row);
  return {
    chart: parsed.chart_json,
    origin: parsed.origin,
    shownToCustomers: parsed.shown_to_customers === 1,
    createdAt: parsed.created_at,
    updatedAt: parsed.updated_at,
  };
}
