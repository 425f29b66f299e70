import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RotatingFileDestination } from '../../../src/main/shell/logging/rotating-file.js';

const dirs: string[] = [];
function tempLog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'perfit-log-'));
  dirs.push(dir);
  return join(dir, 'logs', 'perfit.log');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const line = (n: number) => `${JSON.stringify({ n, msg: 'x'.repeat(80) })}\n`; // 100 bytes each for n < 10

describe('rotating log file', () => {
  it('rotates before a file would pass the size limit, and keeps maxFiles old files', () => {
    const filePath = tempLog();
    const destination = new RotatingFileDestination({ filePath, maxFileBytes: 250, maxFiles: 2 });
    for (let n = 0; n < 9; n += 1) destination.write(line(n));
    destination.end();
    // 9 lines of 100 bytes, 2 per file: live has line 8, .1 has 6–7, .2 has 4–5; 0–3 rotated away.
    expect(destination.files()).toEqual([filePath, `${filePath}.1`, `${filePath}.2`]);
    const numbers = (path: string) =>
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((text) => (JSON.parse(text) as { n: number }).n);
    expect(numbers(filePath)).toEqual([8]);
    expect(numbers(`${filePath}.1`)).toEqual([6, 7]);
    expect(numbers(`${filePath}.2`)).toEqual([4, 5]);
    for (const path of destination.files()) expect(statSync(path).size).toBeLessThanOrEqual(250);
  });

  it('appends to the file a previous run left, counting its size', () => {
    const filePath = tempLog();
    const first = new RotatingFileDestination({ filePath, maxFileBytes: 250, maxFiles: 1 });
    first.write(line(0));
    first.write(line(1));
    first.end();
    const second = new RotatingFileDestination({ filePath, maxFileBytes: 250, maxFiles: 1 });
    second.write(line(2));
    second.end();
    expect(readFileSync(filePath, 'utf8')).toBe(line(2));
    expect(readFileSync(`${filePath}.1`, 'utf8')).toBe(line(0) + line(1));
  });

  it('takes a line larger than the limit rather than losing it', () => {
    const filePath = tempLog();
    const destination = new RotatingFileDestination({ filePath, maxFileBytes: 50, maxFiles: 1 });
    destination.write(line(0));
    destination.end();
    expect(readFileSync(filePath, 'utf8')).toBe(line(0));
  });

  it('serves as a pino destination', () => {
    const filePath = tempLog();
    const destination = new RotatingFileDestination({ filePath, maxFileBytes: 1024 * 1024, maxFiles: 1 });
    pino({ base: null }, destination).info({ jobId: 'j1' }, 'scan done');
    destination.end();
    expect(JSON.parse(readFileSync(filePath, 'utf8'))).toMatchObject({ jobId: 'j1', msg: 'scan done', level: 30 });
  });

  it('refuses a limit that cannot work', () => {
    expect(() => new RotatingFileDestination({ filePath: tempLog(), maxFileBytes: 0, maxFiles: 1 })).toThrow(RangeError);
    expect(() => new RotatingFileDestination({ filePath: tempLog(), maxFileBytes: 10, maxFiles: 0 })).toThrow(RangeError);
  });
});
