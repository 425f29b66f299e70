import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../../src/main/data-dir-lock.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const lockModule = fileURLToPath(new URL('../../../src/main/data-dir-lock.ts', import.meta.url));

/** A separate process that takes the lock, says so on stdout, and holds it until killed. */
function holder(dataDir: string): { child: ChildProcess; outcome: Promise<'locked' | 'refused'> } {
  const script = `
    const { lockDataDir } = await import(${JSON.stringify(lockModule)});
    try { lockDataDir(${JSON.stringify(dataDir)}); console.log('locked'); }
    catch (error) { console.log(error.code === 'data_dir_locked' ? 'refused' : 'error ' + error.message); process.exit(0); }
    setInterval(() => undefined, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const outcome = new Promise<'locked' | 'refused'>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('locked') || text.includes('refused')) resolve(text.includes('refused') ? 'refused' : 'locked');
      else if (text.includes('error')) reject(new Error(text));
    });
    child.on('exit', () => reject(new Error(`holder exited: ${text}`)));
  });
  return { child, outcome };
}

describe('the data folder lock', () => {
  let dir: ReturnType<typeof makeTempDir>;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dir = makeTempDir('perfit-lock-');
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    dir.remove();
  });

  it('refuses a second owner in the same process and frees the folder on release', () => {
    const first = lockDataDir(dir.path);
    expect(() => lockDataDir(dir.path)).toThrow(DataDirLockedError);
    first.release();
    lockDataDir(dir.path).release();
  });

  it('is not blocked by a lock file naming a live but unrelated pid (a pid reused after a power cut)', () => {
    // pid 1 is always alive; the old pid check took it for a running service.
    writeFileSync(join(dir.path, 'perfit.lock'), '1');
    const lock = lockDataDir(dir.path);
    lock.release();
  });

  it('refuses while another process holds it, naming that pid, and is free once that process is killed', async () => {
    const other = holder(dir.path);
    children.push(other.child);
    expect(await other.outcome).toBe('locked');
    expect(() => lockDataDir(dir.path)).toThrow(new RegExp(`pid ${other.child.pid}`));
    const exited = new Promise((resolve) => other.child.once('exit', resolve));
    other.child.kill('SIGKILL');
    await exited;
    lockDataDir(dir.path).release();
  }, 30_000);

  it('lets exactly one of several processes starting at once win', async () => {
    const starters = [holder(dir.path), holder(dir.path), holder(dir.path)];
    children.push(...starters.map((starter) => starter.child));
    const outcomes = await Promise.all(starters.map((starter) => starter.outcome));
    expect(outcomes.filter((outcome) => outcome === 'locked')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'refused')).toHaveLength(2);
  }, 30_000);
});
