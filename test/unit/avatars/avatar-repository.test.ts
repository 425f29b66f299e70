import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AvatarRepository } from '../../../src/main/avatars/avatar-repository.js';
import { ArtifactMismatchError } from '../../../src/main/avatars/errors.js';
import { CorruptRowError } from '../../../src/main/db/errors.js';
import { makeArtifactRecord, makeArtifactRecords, makeAvatarCapture, makeMeasurements, makeNewAvatar } from '../../factories/avatars.js';
import { makeTempDatabase, type TempDatabase } from '../../factories/database.js';
import { makeClock } from '../../factories/jobs.js';
import { openAvatarStores } from '../../../src/main/stores.js';

describe('AvatarRepository on a real SQLite file', () => {
  let temp: TempDatabase;
  let clock: ReturnType<typeof makeClock>;
  let avatars: AvatarRepository;

  beforeEach(() => {
    temp = makeTempDatabase();
    clock = makeClock();
    avatars = openAvatarStores(temp.db, { now: clock.now }).avatars;
  });
  afterEach(() => temp.cleanUp());

  it('stores the warnings of an avatar and reads them back', () => {
    const warnings = [{ code: 'shape_out_of_range', message: 'far outside the survey' }];
    const stored = avatars.insert(makeNewAvatar({ warnings }));
    expect(stored.warnings).toEqual(warnings);
    expect(avatars.get(stored.id)?.warnings).toEqual(warnings);
  });

  it('stores how an avatar was captured and reads it back, a sole height and an unknown capture included', () => {
    const burst = makeAvatarCapture({
      frames: { front: 4, side: 0 },
      heightSource: 'survey_mean',
      typedHeightCm: null,
      clothing: 'dress',
      shoes: { soleCm: 3.5 },
    });
    const stored = avatars.insert(makeNewAvatar({ capture: burst }));
    expect(stored.capture).toEqual(burst);
    expect(avatars.get(stored.id)?.capture).toEqual(burst);

    const unknown = avatars.insert(makeNewAvatar({ capture: null }));
    expect(unknown.capture).toBeNull();
    const { capture: _capture, ...withoutCapture } = makeNewAvatar();
    expect(avatars.insert(withoutCapture).capture).toBeNull();
    expect(
      temp.db.prepare<[string], { capture_json: string | null }>('SELECT capture_json FROM avatars WHERE id = ?').get(unknown.id),
    ).toEqual({
      capture_json: null,
    });
  });

  it('reports a stored capture that does not fit as a corrupt row', () => {
    const input = makeNewAvatar();
    avatars.insert(input);
    const corrupt = (capture: object) =>
      temp.db.prepare('UPDATE avatars SET capture_json = ? WHERE id = ?').run(JSON.stringify(capture), input.id);
    corrupt({ ...makeAvatarCapture(), heightSource: 'guessed' });
    expect(() => avatars.get(input.id)).toThrow(CorruptRowError);
    expect(() => avatars.get(input.id)).toThrow(/capture_json\.heightSource/);
  });

  it('stores an avatar and reads back the same values, with pending sync and the clock as createdAt', () => {
    const input = makeNewAvatar({
      measurements: makeMeasurements({ heightCm: 181.25 }, [{ name: 'bust', valueCm: 91, sdCm: null, method: 'contour' }]),
    });
    const stored = avatars.insert(input);
    const { createdAt: _createdAt, syncState: _syncState, ...fields } = input;
    expect(stored).toEqual({
      ...fields,
      warnings: [],
      syncState: 'pending',
      syncError: null,
      syncedAt: null,
      createdAt: '2025-03-01T09:00:00.000Z',
    });
    expect(stored.heightCm).toBe(181.25);
    expect(stored.measurements.at(-1)).toEqual({ name: 'bust', valueCm: 91, sdCm: null, method: 'contour' });
    expect(avatars.get(input.id)).toEqual(stored);
    expect(avatars.count()).toBe(1);
  });

  it("inserts within a caller's transaction the same avatar as insert, undone by its rollback, and only within one", () => {
    const input = makeNewAvatar();
    expect(() => avatars.insertInTransaction(input)).toThrow(/needs an open transaction/);
    expect(avatars.get(input.id)).toBeNull();

    temp.db.transaction(() => avatars.insertInTransaction(input, makeArtifactRecords(input.id)))();
    const twin = avatars.insert({ ...input, id: 'twin' });
    expect(avatars.get(input.id)).toEqual({ ...twin, id: input.id });
    expect(avatars.artifacts(input.id).length).toBeGreaterThan(0);

    const undone = makeNewAvatar();
    expect(() =>
      temp.db.transaction(() => {
        avatars.insertInTransaction(undone);
        throw new Error('the caller fails after the insert');
      })(),
    ).toThrow('the caller fails');
    expect(avatars.get(undone.id)).toBeNull();
  });

  it('keeps the provenance columns in step with the provenance document', () => {
    const input = makeNewAvatar();
    avatars.insert(input);
    const row = temp.db
      .prepare<[string], Record<string, unknown>>(
        'SELECT pipeline, pipeline_version, body_model_name, body_model_version, execution_provider FROM avatars WHERE id = ?',
      )
      .get(input.id);
    expect(row).toEqual({
      pipeline: input.provenance.pipeline,
      pipeline_version: input.provenance.pipelineVersion,
      body_model_name: input.provenance.bodyModel.name,
      body_model_version: input.provenance.bodyModel.version,
      execution_provider: input.provenance.executionProvider,
    });
  });

  it('answers null for an unknown avatar, customer or artifact', () => {
    expect(avatars.get('nope')).toBeNull();
    expect(avatars.latestForUser('nobody')).toBeNull();
    expect(avatars.historyForUser('nobody')).toEqual([]);
    expect(avatars.artifacts('nope')).toEqual([]);
    expect(avatars.artifact('nope', 'mesh.obj')).toBeNull();
  });

  it("gives a customer's history newest first and the newest as latest, other customers apart", () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      ids.push(avatars.insert(makeNewAvatar({ userId: 'anna' })).id);
      avatars.insert(makeNewAvatar({ userId: 'bert' }));
      clock.advance(1000);
    }
    expect(avatars.historyForUser('anna')?.map((avatar) => avatar.id)).toEqual([...ids].reverse());
    expect(avatars.historyForUser('anna', { limit: 2 })?.map((avatar) => avatar.id)).toEqual([ids[3], ids[2]]);
    expect(avatars.latestForUser('anna')?.id).toBe(ids[3]);
    expect(avatars.historyForUser('bert')?.every((avatar) => avatar.userId === 'bert')).toBe(true);
    expect(avatars.countForUser('anna')).toBe(4);
    expect(avatars.countForUser('nobody')).toBe(0);
  });

  it("goes on from an avatar of the customer's history, and refuses one of another customer's", () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push(avatars.insert(makeNewAvatar({ userId: 'dora', createdAt: '2025-04-01T10:00:00.000Z' })).id);
      clock.advance(1000);
    }
    const bert = avatars.insert(makeNewAvatar({ userId: 'bert' })).id;
    // Equal times: the page boundary falls between avatars told apart by insertion order alone.
    expect(avatars.historyForUser('dora', { limit: 2, beforeId: ids[3]! })?.map((avatar) => avatar.id)).toEqual([ids[2], ids[1]]);
    expect(avatars.historyForUser('dora', { beforeId: ids[0]! })).toEqual([]);
    expect(avatars.historyForUser('dora', { beforeId: bert })).toBeNull();
    expect(avatars.historyForUser('dora', { beforeId: 'no-such-avatar' })).toBeNull();
  });

  it('orders by creation time, not by insertion, and breaks equal times by insertion order', () => {
    const later = avatars.insert(makeNewAvatar({ userId: 'cleo', createdAt: '2025-03-02T10:00:00.000Z' })).id;
    const earlier = avatars.insert(makeNewAvatar({ userId: 'cleo', createdAt: '2025-03-01T10:00:00.000Z' })).id;
    const tieFirst = avatars.insert(makeNewAvatar({ userId: 'cleo', createdAt: '2025-03-03T10:00:00.000Z' })).id;
    const tieSecond = avatars.insert(makeNewAvatar({ userId: 'cleo', createdAt: '2025-03-03T10:00:00.000Z' })).id;
    expect(avatars.historyForUser('cleo')?.map((avatar) => avatar.id)).toEqual([tieSecond, tieFirst, later, earlier]);
  });

  it('stores the artifact records with the avatar and lists them by name', () => {
    const input = makeNewAvatar();
    const records = makeArtifactRecords(input.id, ['source.jpg', 'mesh.obj', 'avatar.json']);
    avatars.insert(input, records);
    expect(avatars.artifacts(input.id).map((artifact) => artifact.name)).toEqual(['avatar.json', 'mesh.obj', 'source.jpg']);
    expect(avatars.artifact(input.id, 'mesh.obj')).toEqual(records[1]);
  });

  it('writes nothing when an artifact belongs to another avatar', () => {
    const input = makeNewAvatar();
    const records = [makeArtifactRecord(input.id, 'mesh.obj'), makeArtifactRecord('someone-else', 'source.jpg')];
    expect(() => avatars.insert(input, records)).toThrow(ArtifactMismatchError);
    expect(avatars.count()).toBe(0);
    expect(avatars.artifacts(input.id)).toEqual([]);
  });

  it('refuses an artifact name that is a path', () => {
    const input = makeNewAvatar();
    expect(() => avatars.insert(input, [makeArtifactRecord(input.id, '../escape.obj')])).toThrow(/CHECK constraint/);
    expect(avatars.count()).toBe(0);
  });

  it("refuses non-finite numbers instead of storing them as null, within a caller's transaction too", () => {
    const input = makeNewAvatar({ betas: [0.1, Number.NaN, 0.3] });
    expect(() => avatars.insert(input)).toThrow(CorruptRowError);
    expect(() => temp.db.transaction(() => avatars.insertInTransaction(input))()).toThrow(/smplx_betas\.1/);
    expect(avatars.count()).toBe(0);
  });

  it('refuses a zero measurement', () => {
    expect(() => avatars.insert(makeNewAvatar({ waistCircumferenceCm: 0 }))).toThrow(/CHECK constraint/);
  });

  it('removes the artifact records with their avatar', () => {
    const input = makeNewAvatar();
    avatars.insert(input, makeArtifactRecords(input.id));
    temp.db.prepare('DELETE FROM avatars WHERE id = ?').run(input.id);
    expect(avatars.artifacts(input.id)).toEqual([]);
  });

  it('reports a corrupt row with the table, the id and the field', () => {
    const input = makeNewAvatar();
    avatars.insert(input);
    temp.db.prepare(`UPDATE avatars SET measurements_json = '[{"name":"height"}]' WHERE id = ?`).run(input.id);
    expect(() => avatars.get(input.id)).toThrow(CorruptRowError);
    expect(() => avatars.get(input.id)).toThrow(new RegExp(`avatars \\(id ${input.id}\\).*measurements_json\\.0\\.valueCm`));
  });
});
