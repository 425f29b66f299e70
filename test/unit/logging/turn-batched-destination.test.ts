import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, TurnBatchedDestination } from '../../../src/main/logging.js';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'perfit-log-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const lines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '');

describe('TurnBatchedDestination', () => {
  it('hands the lines of one turn to the file in one write, in order, once the turn ends', async () => {
    const path = join(scratch(), 'a.log');
    const sink = pino.destination({ dest: path, sync: true });
    const writes: string[] = [];
    const write = sink.write.bind(sink);
    sink.write = (text: string) => {
      writes.push(text);
      return write(text);
    };
    const destination = new TurnBatchedDestination(sink);
    destination.write('one\n');
    destination.write('two\n');
    destination.write('three\n');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['one\ntwo\nthree\n']);
    destination.write('four\n');
    destination.flushSync();
    expect(lines(path)).toEqual(['one', 'two', 'three', 'four']);
  });

  it("writes the turn's lines when the process exits before the turn ends", () => {
    const path = join(scratch(), 'exit.log');
    const logging = fileURLToPath(new URL('../../../src/main/logging.ts', import.meta.url));
    const code =
      `const { createLogger } = await import(${JSON.stringify(logging)});` +
      `const log = createLogger({ level: 'info', filePath: ${JSON.stringify(path)} });` +
      // The file opens asynchronously: wait for it, then log and leave within one turn.
      `await new Promise((resolve) => setTimeout(resolve, 200));` +
      `log.info('first'); log.error('last words'); process.exit(3);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(3);
    expect(lines(path).map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['first', 'last words']);
  });

  it('is what createLogger writes a log file through, lines intact', async () => {
    const path = join(scratch(), 'service.log');
    const log = createLogger({ level: 'info', filePath: path });
    for (let index = 0; index < 50; index += 1) log.info({ index }, 'line');
    await new Promise((resolve) => setTimeout(resolve, 200));
    log.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines(path).map((line) => (JSON.parse(line) as { index: number }).index)).toEqual([...Array(50).keys()]);
  });
});
