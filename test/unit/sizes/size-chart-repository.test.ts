import { afterEach, describe, expect, it } from 'vitest';
import { CorruptRowError } from '../../../src/main/db/errors.js';
import { ChartVersionConflictError, SizeChartRepository } from '../../../src/main/sizes/size-chart-repository.js';
import { makeTempDatabase, type TempDatabase } from '../../factories/database.js';
import { handMadeChart } from './chart-factory.js';

describe('SizeChartRepository', () => {
  let database: TempDatabase | undefined;
  afterEach(() => {
    database?.cleanUp();
    database = undefined;
  });

  function repository(at = '2026-12-01T10:00:00.000Z'): SizeChartRepository {
    database ??= makeTempDatabase();
    return new SizeChartRepository(database.db, { clock: () => new Date(at) });
  }

  it('stores a chart with its version and times, and replaces it by a newer version', () => {
    const first = repository('2026-12-01T10:00:00.000Z').put(handMadeChart(), 'local');
    expect(first.created).toBe(true);
    expect(first.stored).toEqual({
      chart: handMadeChart(),
      origin: 'local',
      shownToCustomers: true,
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
    });

    const second = repository('2026-12-02T10:00:00.000Z').put(handMadeChart({ version: 2, name: 'Renamed' }), 'local');
    expect(second.created).toBe(false);
    expect(second.stored).toMatchObject({
      chart: { version: 2, name: 'Renamed' },
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-02T10:00:00.000Z',
    });
    expect(
      repository()
        .list()
        .map((stored) => stored.chart.id),
    ).toEqual(['test-tops']);
  });

  it('refuses to replace a chart by an older version', () => {
    repository().put(handMadeChart({ version: 3 }), 'local');
    expect(() => repository().put(handMadeChart({ version: 2 }), 'local')).toThrow(ChartVersionConflictError);
    expect(repository().get('test-tops')!.chart.version).toBe(3);
  });

  it('deletes a chart and says whether there was one', () => {
    repository().put(handMadeChart(), 'local');
    expect(repository().delete('test-tops')).toBe(true);
    expect(repository().delete('test-tops')).toBe(false);
    expect(repository().get('test-tops')).toBeNull();
  });

  it('seeds the shipped charts once: a deleted one stays deleted, a newer shipped version updates only shipped rows', () => {
    const shipped = [handMadeChart(), handMadeChart({ id: 'other-tops' })];
    expect(repository().seedShipped(shipped)).toEqual(['test-tops', 'other-tops']);
    repository().delete('other-tops');
    repository().put(handMadeChart({ version: 5 }), 'local');
    expect(repository().seedShipped(shipped)).toEqual([]);
    expect(repository().get('other-tops')).toBeNull();

    // The next release ships version 6 of test-tops: staff's own version 5 is kept (it is local).
    expect(repository().seedShipped([handMadeChart({ version: 6 })])).toEqual([]);
    expect(repository().get('test-tops')).toMatchObject({ origin: 'local', chart: { version: 5 } });
  });

  it('updates a chart still as shipped when a newer release ships a newer version', () => {
    repository().seedShipped([handMadeChart()]);
    expect(repository().seedShipped([handMadeChart({ version: 2 })])).toEqual(['test-tops']);
    expect(repository().get('test-tops')).toMatchObject({ origin: 'shipped', chart: { version: 2 } });
  });

  it('records whether customers see a chart', () => {
    repository().put(handMadeChart(), 'local');
    expect(repository().setShownToCustomers('test-tops', false)).toBe(true);
    expect(repository().get('test-tops')!.shownToCustomers).toBe(false);
    expect(repository().setShownToCustomers('nothing', true)).toBe(false);
  });

  it('names the row of a chart edited by hand into an invalid one', () => {
    repository().put(handMadeChart(), 'local');
    database!.db.prepare(`UPDATE size_charts SET chart_json = json_set(chart_json, '$.category', 'hats')`).run();
    expect(() => repository().get('test-tops')).toThrow(CorruptRowError);
    expect(() => repository().list()).toThrow(/size_charts.*test-tops.*category/);
  });
});
