import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/db/migrate.js';
import { migrations } from '../../../src/main/db/migrations/index.js';

/** 0005 widens jobs.clothing's CHECK to take `dress` without touching the jobs already stored. */
describe('migration 0005_dress_clothing', () => {
  const insertJob = (db: Database.Database, id: string, clothing: string): void => {
    db.prepare(
      `INSERT INTO jobs (id, user_id, gender, input_image_path, rq_job_id, max_attempts, created_at, updated_at, clothing)
       VALUES (?, 'customer', 'female', 'front.jpg', ?, 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ?)`,
    ).run(id, id, clothing);
  };

  it('keeps every stored job and its class, and accepts dress afterwards (but nothing unknown)', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const upTo0004 = migrations.filter((migration) => migration.id <= '0004_capture_conditions');
    migrate(db, upTo0004);
    insertJob(db, 'job-loose', 'loose');
    insertJob(db, 'job-tight', 'tight');
    expect(() => insertJob(db, 'job-dress-early', 'dress')).toThrow(/CHECK constraint failed/);

    expect(
      migrate(
        db,
        migrations.filter((migration) => migration.id <= '0005_dress_clothing'),
      ),
    ).toContain('0005_dress_clothing');
    const rows = db.prepare<[], { id: string; clothing: string }>('SELECT id, clothing FROM jobs ORDER BY seq').all();
    expect(rows).toEqual([
      { id: 'job-loose', clothing: 'loose' },
      { id: 'job-tight', clothing: 'tight' },
    ]);
    insertJob(db, 'job-dress', 'dress');
    expect(db.prepare<[], { clothing: string }>("SELECT clothing FROM jobs WHERE id = 'job-dress'").get()?.clothing).toBe('dress');
    expect(() => insertJob(db, 'job-baggy', 'baggy')).toThrow(/CHECK constraint failed/);
    // Omitted, the class is still regular by default.
    db.prepare(
      `INSERT INTO jobs (id, user_id, gender, input_image_path, rq_job_id, max_attempts, created_at, updated_at)
       VALUES ('job-default', 'customer', 'male', 'front.jpg', 'job-default', 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    ).run();
    expect(db.prepare<[], { clothing: string }>("SELECT clothing FROM jobs WHERE id = 'job-default'").get()?.clothing).toBe('regular');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
