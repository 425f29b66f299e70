import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/main/logging.js';

function capture(key?: Buffer): { log: ReturnType<typeof createLogger>; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { log: createLogger({ level: 'info', destination, customerIdKey: key }), lines };
}

describe('customer ids in logs', () => {
  it('are replaced by a keyed pseudonym, the same for one customer and different for another', () => {
    const { log, lines } = capture(Buffer.alloc(32, 7));
    log.info({ user_id: 'pos-1234', job_id: 'j1' }, 'job created');
    log.info({ user_id: 'pos-1234' }, 'again');
    log.info({ job: { userId: 'pos-5678' } }, 'nested');
    log.info({ user_id: null }, 'none');
    const text = lines.map((line) => JSON.stringify(line)).join('\n');
    expect(text).not.toContain('pos-1234');
    expect(text).not.toContain('pos-5678');
    expect(lines[0]!['user_id']).toMatch(/^c-[0-9a-f]{16}$/);
    expect(lines[1]!['user_id']).toBe(lines[0]!['user_id']);
    expect((lines[2]!['job'] as { userId: string }).userId).toMatch(/^c-[0-9a-f]{16}$/);
    expect((lines[2]!['job'] as { userId: string }).userId).not.toBe(lines[0]!['user_id']);
    expect(lines[0]!['job_id']).toBe('j1');
    expect(lines[3]!['user_id']).toBeNull();
  });

  it('differ between keys, so a log cannot be matched against a list of customer numbers without the key', () => {
    const first = capture(Buffer.alloc(32, 1));
    const second = capture(Buffer.alloc(32, 2));
    first.log.info({ user_id: 'pos-1234' }, 'x');
    second.log.info({ user_id: 'pos-1234' }, 'x');
    expect(first.lines[0]!['user_id']).not.toBe(second.lines[0]!['user_id']);
  });

  it('still redact secrets', () => {
    const { log, lines } = capture();
    log.info({ config: { apiKey: 'kiosk-secret-key-123456' } }, 'config');
    expect(JSON.stringify(lines[0])).not.toContain('kiosk-secret-key-123456');
  });
});
