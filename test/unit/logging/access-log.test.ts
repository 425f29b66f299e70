import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { accessLogger, withoutCustomerId, type AccessLine } from '../../../src/main/api/middleware/request-context.js';
import { createLogger } from '../../../src/main/logging.js';

describe('the access line', () => {
  it('comes out of the unredacted access logger exactly as the redacting service logger writes it', async () => {
    const written: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk.toString('utf8'));
        callback();
      },
    });
    const log = createLogger({ level: 'info', destination, customerIdKey: Buffer.alloc(32, 3) });
    // Values that look like what redaction guards (a key, a customer id) still pass unchanged: redaction
    // goes by key, and no AccessLine key is redacted. A redacted key added to AccessLine fails here.
    const line: AccessLine = {
      request_id: 'pos-7f3a.42',
      method: 'GET',
      path: '/api/v1/avatar/pos-1234',
      route: '/api/v1/avatar/:user_id',
      status: 200,
      duration_ms: 0.25,
    };
    // Strings that need escaping, a long one (pino stringifies those differently), bytes above ASCII
    // (a request line is read as latin1), an error-level line and a duration of many digits.
    const others: AccessLine[] = [
      { ...line, path: '/api/v1/"quoted"\\back\tslash/\u00e9\u00ff', route: 'unmatched', status: 404 },
      { ...line, path: `/api/v1/avatar/job/${'0123456789abcdef'.repeat(6)}`, status: 503, duration_ms: 1234.567 },
      { ...line, method: 'OPTIONS', status: 204, duration_ms: 0.001 },
    ];
    const access = accessLogger(log);
    for (const each of [line, ...others]) {
      const level = each.status >= 500 ? 'error' : 'info';
      log[level](each, 'request');
      access[level](each, 'request');
    }
    await new Promise((resolve) => setImmediate(resolve));
    const lines = written
      .join('')
      .split('\n')
      .filter((text) => text !== '');
    expect(lines).toHaveLength(8);
    for (let index = 0; index < lines.length; index += 2) {
      const [redacted, fast] = [lines[index]!, lines[index + 1]!].map((text) => text.replace(/"time":\d+/, '"time":0'));
      expect(fast).toBe(redacted);
    }
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 30, service: 'perfit', ...line, msg: 'request' });
    expect(JSON.parse(lines[5]!)).toMatchObject({ level: 50, status: 503 });
  });

  it('names the customer id segment of a path instead of writing the id', () => {
    expect(withoutCustomerId('/api/v1/avatar/pos-1234/sizes', 'pos-1234')).toBe('/api/v1/avatar/{user_id}/sizes');
    expect(withoutCustomerId('/api/v1/avatar/caf%C3%A9%201', 'café 1')).toBe('/api/v1/avatar/{user_id}');
    expect(withoutCustomerId('/api/v1/avatar/%E0%A4%A', 'x')).toBe('/api/v1/avatar/%E0%A4%A');
  });
});
