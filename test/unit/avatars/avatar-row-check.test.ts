import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AvatarRepository } from '../../../src/main/avatars/avatar-repository.js';
import { newAvatarRowParses } from '../../../src/main/avatars/avatar-rows.js';
import type { NewAvatar } from '../../../src/main/avatars/types.js';
import { genders } from '../../../src/main/jobs/types.js';
import { clothingClasses, shoeKinds } from '../../../src/main/scans/capture-conditions.js';
import { heightSources } from '../../../src/main/scans/height-source.js';
import { openAvatarStores } from '../../../src/main/stores.js';
import { makeAvatarCapture, makeNewAvatar } from '../../factories/avatars.js';
import { makeTempDatabase, type TempDatabase } from '../../factories/database.js';
import { makeClock } from '../../factories/jobs.js';

/**
 * The job queue's completion stores its avatar without reading the row back when a plain walk of
 * the values (newAvatarRowParses) says the row parses. The walk may only be cheaper: it must never
 * pass a row the schema rejects, and the insert must end as `insert` (which always reads the row
 * back through the schema) ends, stored or with the same error.
 */

const measurement = { name: 'bust', valueCm: 91, sdCm: null, method: 'contour' };
const model = { name: 'human-body', version: '3.3.6' };
const warning = { code: 'shape_out_of_range', message: 'far outside the survey' };

class Measurement {
  name = 'bust';
  valueCm = 91;
  sdCm = 1;
  method = 'contour';
}

function hidden<T extends object>(value: T, key: keyof T): T {
  const copy = { ...value };
  Object.defineProperty(copy, key, { enumerable: false, value: value[key] });
  return copy;
}

/** Values a field could be handed by a buggy caller or a future one; some of them valid. */
const oddValues: unknown[] = [
  undefined,
  null,
  '',
  'x',
  ' ',
  '\ud800',
  0,
  1,
  -1,
  0.5,
  2,
  15,
  15.5,
  16,
  100,
  -0,
  NaN,
  Infinity,
  -Infinity,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  1e308,
  10n,
  true,
  false,
  {},
  [],
  [1],
  [0.5, -1, 1e-300],
  [NaN],
  [Infinity],
  [null],
  ['a'],
  [''],
  [1, , 3], // eslint-disable-line no-sparse-arrays
  Object.assign([1, 2], { toJSON: () => 'array' }),
  new Date(0),
  measurement,
  [measurement],
  [measurement, { ...measurement, sdCm: 0.5 }],
  [{ ...measurement, name: '' }],
  [{ ...measurement, extra: 1 }],
  [new Measurement()],
  [hidden(measurement, 'name')],
  [{ ...measurement, toJSON: () => measurement }],
  [{ ...measurement, toJSON: () => 5 }],
  [Object.assign(Object.create(null) as object, measurement)],
  model,
  [model],
  [{ ...model, sha256: 'b'.repeat(64) }],
  [{ ...model, sha256: 5 }],
  [{ ...model, sha256: undefined }],
  [hidden(model, 'version')],
  warning,
  [warning],
  [{ ...warning, code: '' }],
  [{ code: 'x' }],
  ['note'],
  ['note', ''],
  { front: 1, side: 0 },
  { front: 0, side: 0 },
  { front: 1.5, side: 0 },
  { front: 1, side: -1 },
  { front: 1 },
  { soleCm: 0 },
  { soleCm: 3.5 },
  { soleCm: 15 },
  { soleCm: 15.5 },
  { soleCm: -1 },
  { soleCm: '3' },
  makeAvatarCapture(),
  makeAvatarCapture({ shoes: 'heels', typedHeightCm: null }),
  { ...makeAvatarCapture(), extra: true },
  new Measurement(),
  hidden(measurement, 'method'),
  { ...measurement, toJSON: () => measurement },
  Object.assign(Object.create(null) as object, measurement),
  ...genders,
  'other',
  ...heightSources,
  ...clothingClasses,
  ...shoeKinds,
  'sandals',
  ...['pending', 'synced', 'failed', 'disabled', 'PENDING'],
  ...[
    '2025-03-01T09:00:00.000Z',
    '2024-02-29T00:00:00.000Z',
    '2025-02-29T00:00:00.000Z',
    '2025-04-31T00:00:00.000Z',
    '2025-01-01T24:00:00.000Z',
    '2025-01-01T23:59:60.000Z',
    '2025-01-01T00:00:00Z',
    '2025-01-01T00:00:00.123456Z',
    '2025-01-01T00:00:00.000+01:00',
    '2025-01-01',
    '+010000-01-01T00:00:00.000Z',
    'last tuesday',
  ],
];

/** Where an odd value is put, field by field down to the documents' own fields. */
const paths: string[] = [
  'id',
  'userId',
  'jobId',
  'gender',
  'betas',
  'betas.0',
  'bodyPose',
  'bodyPose.68',
  'globalOrient',
  'globalOrient.2',
  'heightCm',
  'chestCircumferenceCm',
  'waistCircumferenceCm',
  'hipCircumferenceCm',
  'inseamCm',
  'shoulderWidthCm',
  'armLengthCm',
  'thighCircumferenceCm',
  'neckCircumferenceCm',
  'measurements',
  'measurements.0',
  'measurements.0.name',
  'measurements.0.valueCm',
  'measurements.0.sdCm',
  'measurements.0.method',
  'provenance',
  'provenance.pipeline',
  'provenance.pipelineVersion',
  'provenance.bodyModel',
  'provenance.bodyModel.name',
  'provenance.bodyModel.version',
  'provenance.bodyModel.sha256',
  'provenance.models',
  'provenance.models.0',
  'provenance.models.0.version',
  'provenance.executionProvider',
  'provenance.notes',
  'provenance.notes.0',
  'consent',
  'warnings',
  'warnings.0',
  'warnings.0.code',
  'warnings.0.message',
  'capture',
  'capture.frames',
  'capture.frames.front',
  'capture.frames.side',
  'capture.heightSource',
  'capture.typedHeightCm',
  'capture.cameraHeightCm',
  'capture.clothing',
  'capture.shoes',
  'capture.shoes.soleCm',
  'createdAt',
  'syncState',
];

/** A valid avatar with every optional document present, so that every path above exists. */
function makeBase(): NewAvatar {
  return makeNewAvatar({
    warnings: [{ ...warning }],
    capture: makeAvatarCapture({ shoes: { soleCm: 2 } }),
    createdAt: '2025-03-01T09:00:00.000Z',
    syncState: 'pending',
  });
}

/** The base with `value` at `path`, or the path's last key removed (`remove`). */
function variant(path: string, value: unknown, remove = false): NewAvatar {
  const avatar = makeBase();
  const keys = path.split('.');
  let parent = avatar as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = keys.at(-1)!;
  if (remove) delete parent[last];
  else parent[last] = value;
  return avatar;
}

type Outcome = 'stored' | `${string}: ${string}`;

describe("an avatar stored within the queue's transaction (a plain check) and by insert (the schema)", () => {
  let temp: TempDatabase;
  let avatars: AvatarRepository;

  beforeEach(() => {
    temp = makeTempDatabase();
    avatars = openAvatarStores(temp.db, { now: makeClock().now }).avatars;
  });
  afterEach(() => temp.cleanUp());

  /** How `write` ends, with everything it wrote rolled back. */
  function outcome(write: () => unknown): Outcome {
    const rollBack = new Error('roll back');
    let result: Outcome = 'stored';
    try {
      temp.db.transaction(() => {
        try {
          write();
        } catch (error) {
          result = `${(error as Error).constructor.name}: ${(error as Error).message}`;
        }
        throw rollBack;
      })();
    } catch (error) {
      if (error !== rollBack) throw error;
    }
    return result;
  }

  it("passes the factory's avatars and the queue's, with and without their optional documents", () => {
    const { warnings: _warnings, capture: _capture, createdAt: _createdAt, syncState: _syncState, ...bare } = makeNewAvatar();
    const avatarsToStore: NewAvatar[] = [makeBase(), makeNewAvatar(), makeNewAvatar({ capture: null, consent: null }), bare];
    for (const avatar of avatarsToStore) {
      expect(newAvatarRowParses(avatar, avatar.createdAt ?? '2025-03-01T09:00:00.000Z', avatar.syncState ?? 'pending')).toBe(true);
      expect(outcome(() => avatars.insertInTransaction(avatar))).toBe('stored');
    }
  });

  it('ends as the schema ends, and passes nothing it rejects, for odd values in every field', () => {
    let passed = 0;
    let compared = 0;
    for (const path of paths) {
      const candidates = [...oddValues.map((value) => variant(path, value)), variant(path, undefined, true)];
      for (const avatar of candidates) {
        const bySchema = outcome(() => avatars.insert(avatar));
        const byCheck = outcome(() => avatars.insertInTransaction(avatar));
        expect({ path, value: avatar, outcome: byCheck }).toEqual({ path, value: avatar, outcome: bySchema });
        const parses = newAvatarRowParses(avatar, avatar.createdAt ?? '2025-03-01T09:00:00.000Z', avatar.syncState ?? 'pending');
        // SQLite's own constraints (a CHECK, a foreign key) may still refuse a row that parses.
        if (parses) {
          expect({ path, value: avatar, rejectedBySchema: bySchema.startsWith('CorruptRowError') }).toEqual({
            path,
            value: avatar,
            rejectedBySchema: false,
          });
          passed += 1;
        }
        compared += 1;
      }
    }
    // Both verdicts occur often: the walk is exercised, not bypassed.
    expect(passed).toBeGreaterThan(paths.length * 5);
    expect(compared - passed).toBeGreaterThan(paths.length * 20);
  });
});
