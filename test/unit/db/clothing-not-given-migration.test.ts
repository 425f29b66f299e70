import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/db/migrate.js';
import { migrations } from '../../../src/main/db/migrations/index.js';

/** 0008 lets a job's clothing be left unsaid (NULL: judged from the photo), keeping every stored job's class. */
describe('migration 0008_clothing_not_given', () => {
  const insertJob = (db: Database.Database, id: string, clothing?: string | null): void => {
    if (clothing === undefined) {
      db.prepare(
        `INSERT INTO jobs (id, user_id, gender, input_image_path, rq_job_id, max_attempts, created_at, updated_at)
         VALUES (?, 'customer', 'female', 'front.jpg', ?, 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
      ).run(id, id);
      return;
    }
    db.prepare(
      `INSERT INTO jobs (id, user_id, gender, input_image_path, rq_job_id, max_attempts, created_at, updated_at, clothing)
       VALUES (?, 'customer', 'female', 'front.jpg', ?, 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ?)`,
    ).run(id, id, clothing);
  };
  const classes = (db: Database.Database) =>
    db.prepare<[], { id: string; clothing: string | null }>('SELECT id, clothing FROM jobs ORDER BY seq').all();

  it('keeps every stored job and its class, then takes NULL for a class not given (but nothing unknown)', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      migrations.filter((migration) => migration.id < '0008_clothing_not_given'),
    );
    insertJob(db, 'job-dress', 'dress');
    insertJob(db, 'job-defaulted');
    expect(() => insertJob(db, 'job-unsaid-early', null)).toThrow(/NOT NULL constraint failed/);

    expect(migrate(db, migrations)).toEqual(['0008_clothing_not_given']);
    expect(classes(db)).toEqual([
      { id: 'job-dress', clothing: 'dress' },
      { id: 'job-defaulted', clothing: 'regular' },
    ]);
    insertJob(db, 'job-unsaid', null);
    insertJob(db, 'job-omitted');
    insertJob(db, 'job-loose', 'loose');
    expect(classes(db).slice(2)).toEqual([
      { id: 'job-unsaid', clothing: null },
      { id: 'job-omitted', clothing: null },
      { id: 'job-loose', clothing: 'loose' },
    ]);
    expect(() => insertJob(db, 'job-baggy', 'baggy')).toThrow(/CHECK constraint failed/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
