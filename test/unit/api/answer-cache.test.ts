import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../../src/main/api/cache/answer-cache.js';
import { DatabaseChangeCounter } from '../../../src/main/db/change-counter.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('AnswerCache over a real SQLite file', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  let other: Database.Database;
  beforeEach(() => {
    dir = makeTempDir('perfit-cache-');
    db = new Database(`${dir.path}/x.sqlite`);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    other = new Database(`${dir.path}/x.sqlite`);
  });
  afterEach(() => {
    db.close();
    other.close();
    dir.remove();
  });

  function cacheWith(nowMs: { value: number }, maxAgeMs = 10_000): { cache: AnswerCache } {
    const counter = new DatabaseChangeCounter(db);
    return { cache: new AnswerCache({ changeToken: () => counter.token(), maxAgeMs, now: () => nowMs.value }) };
  }

  it('serves the same bytes and ETag while nothing changed, and recomputes after a write on this connection or another', async () => {
    const clock = { value: 0 };
    const { cache } = cacheWith(clock);
    let builds = 0;
    const build = () => ({ n: ++builds });
    const first = await cache.get('job-1', build);
    expect(JSON.parse(first.bytes.toString())).toEqual({ n: 1 });
    expect(await cache.get('job-1', build)).toBe(first);
    expect(first.etag).toMatch(/^"[\w-]+"$/);

    db.prepare('INSERT INTO t (v) VALUES (?)').run('here');
    const afterOwnWrite = await cache.get('job-1', build);
    expect(JSON.parse(afterOwnWrite.bytes.toString())).toEqual({ n: 2 });
    expect(afterOwnWrite.etag).not.toBe(first.etag);

    other.prepare('INSERT INTO t (v) VALUES (?)').run('another process');
    expect(JSON.parse((await cache.get('job-1', build)).bytes.toString())).toEqual({ n: 3 });
    expect(JSON.parse((await cache.get('job-1', build)).bytes.toString())).toEqual({ n: 3 });
  });

  it('reads the change token once per turn, after every request of the turn arrived: a commit between two of them is seen', async () => {
    const counter = new DatabaseChangeCounter(db);
    let tokenReads = 0;
    const cache = new AnswerCache({ changeToken: () => (tokenReads++, counter.token()), maxAgeMs: 10_000 });
    const rows = (): unknown => db.prepare('SELECT COUNT(*) AS n FROM t').get();
    expect(JSON.parse((await cache.get('job-1', rows)).bytes.toString())).toEqual({ n: 0 });
    tokenReads = 0;

    // One turn: a request, then another process commits, then a later request of the same turn.
    const earlier = cache.get('job-1', rows);
    other.prepare('INSERT INTO t (v) VALUES (?)').run('committed while the turn read its requests');
    const later = cache.get('job-1', rows);
    expect(JSON.parse((await later).bytes.toString())).toEqual({ n: 1 });
    // The earlier one was answered in the same turn, after the commit: never older than what a later client saw.
    expect(JSON.parse((await earlier).bytes.toString())).toEqual({ n: 1 });
    expect(tokenReads).toBe(1);

    other.prepare('INSERT INTO t (v) VALUES (?)').run('next turn');
    expect(JSON.parse((await cache.get('job-1', rows)).bytes.toString())).toEqual({ n: 2 });
    expect(tokenReads).toBe(2);
  });

  it('fails the requests of a turn whose token cannot be read, and reads it again the next turn', async () => {
    let broken = true;
    const cache = new AnswerCache({
      changeToken: () => {
        if (broken) throw new Error('database closed');
        return 'v1';
      },
      maxAgeMs: 10_000,
    });
    await expect(Promise.all([cache.get('a', () => 1), cache.get('b', () => 2)])).rejects.toThrow('database closed');
    broken = false;
    expect(JSON.parse((await cache.get('a', () => 1)).bytes.toString())).toBe(1);
  });

  it('expires entries after the maximum age and never caches a failure', async () => {
    const clock = { value: 0 };
    const { cache } = cacheWith(clock, 1_000);
    let builds = 0;
    await cache.get('k', () => ++builds);
    clock.value = 999;
    await cache.get('k', () => ++builds);
    expect(builds).toBe(1);
    clock.value = 1_000;
    await cache.get('k', () => ++builds);
    expect(builds).toBe(2);
    await expect(cache.get('missing', () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    await expect(cache.get('missing', () => Promise.reject(new Error('still not found')))).rejects.toThrow('still not found');
  });

  it('keeps at most maxEntries answers, dropping the oldest', async () => {
    const counter = new DatabaseChangeCounter(db);
    const cache = new AnswerCache({ changeToken: () => counter.token(), maxAgeMs: 10_000, maxEntries: 2 });
    let builds = 0;
    await cache.get('a', () => ++builds);
    await cache.get('b', () => ++builds);
    await cache.get('c', () => ++builds);
    await cache.get('b', () => ++builds);
    expect(builds).toBe(3);
    await cache.get('a', () => ++builds);
    expect(builds).toBe(4);
  });
});
