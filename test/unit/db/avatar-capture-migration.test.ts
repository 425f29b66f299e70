import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/db/migrations/index.js';
import { openAvatarStores } from '../../../src/main/stores.js';
import { makeAvatarCapture, makeMeasurements, makeNewAvatar, makeProvenance } from '../../factories/avatars.js';
import { makeTempDatabase, type TempDatabase } from '../../factories/database.js';

/** 0007 records how an avatar was captured; the avatars already stored were never told, so theirs stays unknown. */
describe('migration 0007_avatar_capture', () => {
  let temp: TempDatabase | undefined;
  afterEach(() => temp?.cleanUp());

  it('reads the avatars stored before it with capture null and stores a capture for new ones', () => {
    temp = makeTempDatabase({ migrations: migrations.filter((migration) => migration.id < '0007_avatar_capture') });
    const measurements = makeMeasurements();
    // An avatar as a kiosk of the previous build stored it: every column of the day, no capture.
    temp.db
      .prepare(
        `INSERT INTO avatars (id, user_id, gender, smplx_betas, smplx_body_pose, smplx_global_orient,
           height_cm, chest_circumference_cm, waist_circumference_cm, hip_circumference_cm, inseam_cm,
           shoulder_width_cm, arm_length_cm, thigh_circumference_cm, neck_circumference_cm,
           measurements_json, pipeline, pipeline_version, body_model_name, body_model_version, execution_provider,
           provenance_json, consent, warnings_json, created_at)
         VALUES ('old-avatar', 'customer-1', 'female', '[0]', '[0]', '[0, 0, 0]', 170, 92, 78, 98, 78, 40, 58, 55, 36,
           ?, 'embedded', '1.0.0', 'perfit-body', '0.3.0', 'cpu', ?, 1, '[]', '2026-01-01T00:00:00.000Z')`,
      )
      .run(JSON.stringify(measurements), JSON.stringify(makeProvenance()));
    temp.db.close();

    const db = temp.reopen();
    const { avatars } = openAvatarStores(db);
    expect(avatars.get('old-avatar')).toMatchObject({ id: 'old-avatar', heightCm: 170, capture: null });

    const capture = makeAvatarCapture({ heightSource: 'camera', typedHeightCm: null });
    const stored = avatars.insert(makeNewAvatar({ capture }));
    expect(avatars.get(stored.id)?.capture).toEqual(capture);
  });

  it('refuses a capture_json that is not a JSON object', () => {
    temp = makeTempDatabase();
    const { avatars } = openAvatarStores(temp.db);
    const stored = avatars.insert(makeNewAvatar());
    for (const value of ['not json', '[]', '"front"', '3']) {
      expect(() => temp!.db.prepare('UPDATE avatars SET capture_json = ? WHERE id = ?').run(value, stored.id), value).toThrow(
        /CHECK constraint failed/,
      );
    }
  });
});
