import { connect, type Socket } from 'node:net';
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

it('closes connections beyond limits.maxConnections as they arrive, and serves again once others are gone', async () => {
  kiosk = await startServiceWithSync({ config: { limits: { maxConnections: 8 } } });
  const { hostname, port } = new URL(kiosk.url);
  const open = await Promise.all(
    Array.from(
      { length: 8 },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(Number(port), hostname, () => resolve(socket));
          socket.on('error', reject);
        }),
    ),
  );
  // The server counts a connection once it has accepted it; the ninth is then closed unanswered.
  await expect.poll(() => sendAndAwaitClose(kiosk!.url, `GET /api/v1/health/live HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`)).toBe('');
  for (const socket of open) socket.destroy();
  await expect.poll(async () => (await fetch(`${kiosk!.url}/api/v1/health/live`)).status).toBe(200);
});
