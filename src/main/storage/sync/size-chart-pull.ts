import type { Logger } from 'pino';
import { parseChartText } from '../../sizes/chart-file.js';
import { maxSizeChartBytes } from '../../sizes/chart-schema.js';
import { SizeChartError } from '../../sizes/errors.js';
import type { SizeChartRepository } from '../../sizes/size-chart-repository.js';
import { SyncError } from './errors.js';
import type { ObjectStore } from './object-store.js';

/** Where head office publishes charts in the central bucket. */
export const sizeChartPrefix = 'size-charts/';

export interface SizeChartPullResult {
  /** Chart ids written (new here, or a newer version of one stored here). */
  stored: string[];
  /** Charts already here at the same or a newer version (this kiosk's own imports included). */
  unchanged: string[];
  /** Objects that are not valid charts, with the reason; nothing was written for them. */
  rejected: Array<{ key: string; code: string; message: string }>;
}

export interface SizeChartPullOptions {
  store: Pick<ObjectStore, 'list' | 'read'>;
  charts: Pick<SizeChartRepository, 'get' | 'put'>;
  log: Logger;
}

/**
 * Head office's charts: every `size-charts/*.json` (or `.csv`) in the bucket is read and checked
 * like any chart, and stored when this kiosk has no chart of that id or an older version of it.
 * A chart staff imported here is therefore kept unless head office publishes a newer version of the
 * same id. Charts stay in SQLite, so recommendations work offline; one removed from the bucket is
 * kept. An object that is not a chart (invalid, or over maxSizeChartBytes) is skipped and the pull
 * goes on; failing to reach the bucket throws its SyncError and stores nothing more.
 */
export class SizeChartPull {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: SizeChartPullOptions) {}

  /** Pulls now and then every `intervalMs`; a failed pull (offline) is logged and tried again at the next tick. */
  start(intervalMs: number): void {
    if (this.timer) return;
    const tick = (): void => {
      this.running ??= this.pullOnce()
        .then((result) => {
          if (result.stored.length > 0 || result.rejected.length > 0)
            this.options.log.info({ stored: result.stored, rejected: result.rejected.length }, 'size charts pulled');
        })
        .catch((error: unknown) => {
          this.options.log.warn(
            { code: (error as { code?: unknown }).code, err: (error as Error).message },
            'size charts not pulled from head office; the stored ones stay in use',
          );
        })
        .finally(() => {
          this.running = null;
        });
    };
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async pullOnce(): Promise<SizeChartPullResult> {
    const { store, charts, log } = this.options;
    const result: SizeChartPullResult = { stored: [], unchanged: [], rejected: [] };
    const objects = (await store.list(sizeChartPrefix))
      .filter((object) => /\.(json|csv)$/i.test(object.key))
      .sort((a, b) => a.key.localeCompare(b.key));
    for (const object of objects) {
      let chart;
      try {
        const bytes = await store.read(object.key, maxSizeChartBytes);
        chart = parseChartText(bytes.toString('utf8'), object.key.toLowerCase().endsWith('.csv') ? 'csv' : 'json', object.key);
      } catch (error) {
        // This object's fault (too large, not a chart) skips it alone; the bucket's fault ends the pull.
        const objectFault = error instanceof SizeChartError || (error instanceof SyncError && error.scope === 'object');
        if (!objectFault) throw error;
        result.rejected.push({ key: object.key, code: error.code, message: error.message });
        log.warn({ key: object.key, code: error.code, err: error.message }, 'size chart in the bucket is not valid; skipped');
        continue;
      }
      const existing = charts.get(chart.id);
      if (existing && existing.chart.version >= chart.version) {
        result.unchanged.push(chart.id);
        continue;
      }
      charts.put(chart, 'central');
      result.stored.push(chart.id);
      log.info(
        { chart_id: chart.id, version: chart.version, replaced_version: existing?.chart.version ?? null },
        'size chart pulled from head office',
      );
    }
    return result;
  }
}
