import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/db/migrate.js';
import { migrations } from '../../../src/main/db/migrations/index.js';

/** 0006 adds the extra frames of a burst to jobs; the jobs already stored are single-photo scans. */
describe('migration 0006_job_frames', () => {
  it('gives every stored job empty frame lists and refuses anything but a JSON array', () => {
    const db = new Database(':memory:');
    migrate(
      db,
      migrations.filter((migration) => migration.id < '0006_job_frames'),
    );
    db.prepare(
      `INSERT INTO jobs (id, user_id, gender, input_image_path, rq_job_id, max_attempts, created_at, updated_at)
       VALUES ('old', 'customer', 'female', 'source.jpg', 'old', 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    ).run();
    expect(migrate(db, migrations)).toContain('0006_job_frames');
    expect(db.prepare('SELECT frame_paths_json, side_frame_paths_json FROM jobs').get()).toEqual({
      frame_paths_json: '[]',
      side_frame_paths_json: '[]',
    });
    for (const value of ['{}', 'not json', '"a"']) {
      expect(() => db.prepare("UPDATE jobs SET frame_paths_json = ? WHERE id = 'old'").run(value), value).toThrow(
        /CHECK constraint failed/,
      );
    }
    db.close();
  });
});
