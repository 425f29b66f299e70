import { connect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { startServiceWithSync, type ServiceWithSync } from '../../fixtures/sync/service-with-sync.js';

let kiosk: ServiceWithSync | null = null;
afterEach(async () => kiosk?.close());

/** Sends `text` on a raw socket and collects what comes back until the server closes it. */
function sendAndAwaitClose(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), hostname, () => socket.write(text));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

it('answers 408 and closes the connection of a client that never finishes its headers (slowloris)', async () => {
  kiosk = await startServiceWithSync({ config: { limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } } });
  const { host } = new URL(kiosk.url);
  const answer = await sendAndAwaitClose(kiosk.url, `GET /api/v1/health/live HTTP/1.1\r\nHost: ${host}\r\nX-Slow: 1\r\n`);
  expect(answer).toMatch(/^HTTP\/1\.1 408 /);
});

it('answers 408 to a body that stops arriving', async () => {
  kiosk = await startServiceWithSync({ config: { limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } } });
  const { host } = new URL(kiosk.url);
  const head = `POST /api/v1/capture/check HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"image":"`;
  const answer = await sendAndAwaitClose(kiosk.url, head);
  expect(answer).toMatch(/^HTTP\/1\.1 408 /);
});
