import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptRowError } from '../../../src/main/db/errors.js';
import { insertedJobColumns, jobFromRow, jobRowReader } from '../../../src/main/jobs/job-rows.js';
import { jobErrorCodes, type Job } from '../../../src/main/jobs/types.js';
import { clothingClasses, shoeKinds } from '../../../src/main/scans/capture-conditions.js';
import { openStores } from '../../../src/main/stores.js';
import { makeNewAvatar } from '../../factories/avatars.js';
import { makeTempDatabase, type TempDatabase } from '../../factories/database.js';
import { makeClock, makeEnqueueInput, makeQueueOptions } from '../../factories/jobs.js';

/**
 * The queue reads its rows as arrays through a quick check (jobRowReader) instead of the zod schema
 * (jobFromRow). The quick check may only be cheaper: every row, good or bad, must come out as the
 * schema makes it, the same Job or the same CorruptRowError.
 */

type Outcome = { job: Job; keys: string[] } | { error: string };

function outcome(read: () => Job): Outcome {
  try {
    const job = read();
    return { job, keys: Object.keys(job) };
  } catch (error) {
    if (error instanceof CorruptRowError) return { error: error.message };
    throw error;
  }
}

/** Values a column could hold after a hand edit, a damaged file or an older version; some of them valid. */
const oddValues: unknown[] = [
  undefined,
  null,
  '',
  'x',
  ' ',
  0,
  1,
  -1,
  0.5,
  100,
  100.5,
  -0,
  NaN,
  Infinity,
  -Infinity,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  10n,
  true,
  {},
  [],
  Buffer.from('[]'),
  ...['[]', '["a"]', '["a","b"]', '[""]', '[1]', '[null]', '{}', 'null', '"a"', '[', ' []', '[["a"]]'],
  ...[
    '[{"stage":"decode","durationMs":12.5}]',
    '[{"stage":"decode","durationMs":0},{"stage":"fit","durationMs":3}]',
    '[{"stage":"decode","durationMs":-1}]',
    '[{"stage":"decode"}]',
    '[{"stage":1,"durationMs":1}]',
    '[{"stage":"decode","durationMs":"1"}]',
    '[{"stage":"decode","durationMs":1e400}]',
    '[{"stage":"decode","durationMs":1,"extra":true}]',
    '[{"durationMs":1,"stage":"decode"}]',
    '[[1]]',
    '[{}]',
  ],
  ...[
    '2025-01-31T09:30:00.000Z',
    '2024-02-29T00:00:00.000Z',
    '2025-02-29T00:00:00.000Z',
    '2000-02-29T12:00:00.000Z',
    '1900-02-29T12:00:00.000Z',
    '0000-02-29T00:00:00.000Z',
    '2025-04-30T23:59:59.999Z',
    '2025-04-31T00:00:00.000Z',
    '2025-12-31T00:00:00.000Z',
    '2025-13-01T00:00:00.000Z',
    '2025-00-10T00:00:00.000Z',
    '2025-01-00T00:00:00.000Z',
    '2025-01-32T00:00:00.000Z',
    '2025-01-01T24:00:00.000Z',
    '2025-01-01T23:60:00.000Z',
    '2025-01-01T23:59:60.000Z',
    '2025-01-01T00:00:00Z',
    '2025-01-01T00:00:00.1Z',
    '2025-01-01T00:00:00.123456Z',
    '2025-01-01T00:00:00.000+01:00',
    '2025-01-01T00:00:00.000',
    '2025-01-01 00:00:00.000Z',
    '2025-01-01T00:00:00.000z',
    '+002025-01-01T00:00:00.000Z',
    'last tuesday',
  ],
  ...['pending', 'processing', 'completed', 'failed', 'PENDING', 'male', 'female', 'neutral', 'other'],
  ...clothingClasses,
  ...shoeKinds,
  'sandals',
  ...jobErrorCodes,
  'model_file_missing',
];

describe('job rows read as arrays (the queue) and as objects (the schema)', () => {
  let temp: TempDatabase;

  beforeEach(() => {
    temp = makeTempDatabase();
  });
  afterEach(() => temp.cleanUp());

  /** Jobs in every state and with every optional field, as the queue writes them. */
  function writeJobs(): void {
    const clock = makeClock();
    const { queue } = openStores(temp.db, makeQueueOptions({ now: clock.now, maxAttempts: 1 }));
    queue.enqueue(makeEnqueueInput({ heightCm: null, consent: null }));
    queue.enqueue(
      makeEnqueueInput({
        sideImagePath: '/data/uploads/side.jpg',
        framePaths: ['/data/uploads/f1.jpg', '/data/uploads/f2.jpg'],
        sideFramePaths: ['/data/uploads/s1.jpg'],
        consent: false,
        clothing: 'loose',
        shoes: 'heels',
        requestId: 'req-1',
      }),
    );
    queue.enqueue(makeEnqueueInput({ shoes: { soleCm: 2.5 }, heightCm: 181.5 }));
    queue.enqueue(makeEnqueueInput());
    const running = queue.lease('worker-a')!;
    queue.reportProgress(running.id, 'worker-a', 'decode', 40, { stage: 'decode', durationMs: 12.5 });
    const failed = queue.lease('worker-b')!;
    queue.fail(failed.id, 'worker-b', { code: 'no_person', message: 'nobody in the photo', retry: false });
    const done = queue.lease('worker-c')!;
    clock.advance(1234);
    queue.complete(done.id, 'worker-c', { avatar: makeNewAvatar({ userId: done.userId, jobId: done.id }), artifacts: [] });
    const abandoned = queue.lease('worker-d')!;
    clock.advance(120_000);
    queue.renewLease(running.id, 'worker-a');
    queue.recoverExpiredLeases();
    temp.db.prepare("UPDATE jobs SET error_code = 'model_file_missing' WHERE id = ?").run(abandoned.id);
  }

  function readRows(): { columns: string[]; objects: Record<string, unknown>[]; arrays: unknown[][] } {
    writeJobs();
    const statement = temp.db.prepare('SELECT * FROM jobs ORDER BY seq');
    const objects = statement.all() as Record<string, unknown>[];
    const arrays = statement.raw(true).all() as unknown[][];
    return { columns: statement.columns().map((column) => column.name), objects, arrays };
  }

  it("writes every column of the migrated jobs table on enqueue, none left to the table's default", () => {
    const tableColumns = temp.db.prepare<[], string>("SELECT name FROM pragma_table_info('jobs')").pluck().all();
    expect(tableColumns.sort()).toEqual(['seq', ...insertedJobColumns].sort());
  });

  it('gives the same Jobs, key for key and in the same order, for the rows the queue writes', () => {
    const { columns, objects, arrays } = readRows();
    const read = jobRowReader(columns);
    expect(objects.map((object) => object.status)).toEqual(['processing', 'failed', 'completed', 'failed']);
    objects.forEach((object, index) => {
      const expected = outcome(() => jobFromRow(object));
      expect('job' in expected).toBe(true);
      expect(outcome(() => read(arrays[index]!))).toStrictEqual(expected);
    });
  });

  it('gives the same Job or the same CorruptRowError for any column holding any odd value', () => {
    const { columns, objects } = readRows();
    const read = jobRowReader(columns);
    let refused = 0;
    let accepted = 0;
    for (const base of objects) {
      for (const column of columns) {
        for (const value of oddValues) {
          const object = { ...base, [column]: value };
          const expected = outcome(() => jobFromRow(object));
          const actual = outcome(() => read(columns.map((name) => object[name])));
          expect(actual, `${column} = ${String(value)}`).toStrictEqual(expected);
          if ('error' in expected) refused += 1;
          else accepted += 1;
        }
      }
    }
    // Both sides were exercised: most odd values are refused, some are valid in some column.
    expect(refused).toBeGreaterThan(accepted);
    expect(accepted).toBeGreaterThan(objects.length * columns.length);
  });

  it('agrees with the schema on the calendar: month lengths, leap years, hours, minutes and seconds', () => {
    const { columns, objects } = readRows();
    const read = jobRowReader(columns);
    const two = (n: number) => String(n).padStart(2, '0');
    const stamps: string[] = [];
    for (const year of ['2023', '2024', '1900', '2000']) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) stamps.push(`${year}-${two(month)}-${two(day)}T12:00:00.000Z`);
      }
    }
    for (const time of ['00:00:00.000', '23:59:59.999', '24:00:00.000', '23:60:00.000', '23:59:60.000', '19:05:07.010']) {
      stamps.push(`2025-06-15T${time}Z`);
    }
    let refused = 0;
    for (const stamp of stamps) {
      const object: Record<string, unknown> = { ...objects[0]!, created_at: stamp };
      const expected = outcome(() => jobFromRow(object));
      expect(
        outcome(() => read(columns.map((name) => object[name]))),
        stamp,
      ).toStrictEqual(expected);
      if ('error' in expected) refused += 1;
    }
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(stamps.length);
  });

  it('refuses what the schema refuses, naming the row and the column', () => {
    const { columns, objects } = readRows();
    const read = jobRowReader(columns);
    const base = objects[0]!;
    const cases: [string, unknown][] = [
      ['created_at', 'last tuesday'],
      ['updated_at', '2025-02-29T00:00:00.000Z'],
      ['started_at', '2025-01-01T24:00:00.000Z'],
      ['attempts', 1.5],
      ['progress_percent', 101],
      ['height_cm', 0],
      ['frame_paths_json', '[""]'],
      ['stage_timings_json', '[{"stage":"decode","durationMs":-1}]'],
      ['consent', 2],
      ['status', 'PENDING'],
    ];
    for (const [column, value] of cases) {
      const values = columns.map((name) => (name === column ? value : base[name]));
      expect(() => read(values)).toThrow(CorruptRowError);
      expect(() => read(values)).toThrow(new RegExp(`jobs \\(id ${String(base.id)}\\).*${column}`));
    }
  });

  it('leaves a missing column to the schema, which names it', () => {
    const { columns, objects } = readRows();
    const without = columns.filter((name) => name !== 'updated_at');
    const read = jobRowReader(without);
    const values = without.map((name) => objects[0]![name]);
    expect(() => read(values)).toThrow(/updated_at/);
  });
});
