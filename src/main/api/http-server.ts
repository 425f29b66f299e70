import { createServer, type Server } from 'node:http';
import type Koa from 'koa';
import type { Config } from '../config.js';
import type { AppState } from './context.js';

/** How often Node looks for requests past their deadline; bounds how late a timeout fires. */
const timeoutCheckIntervalMs = 1000;

/**
 * The API's HTTP server with explicit deadlines: a client that sends its headers or its body
 * slowly (slowloris) gets 408 and loses the socket, instead of holding one open for minutes; and
 * at most `limits.maxConnections` sockets at once.
 */
export function createHttpServer(
  app: Koa<AppState>,
  limits: Pick<Config['limits'], 'headersTimeoutMs' | 'requestTimeoutMs' | 'maxConnections'>,
): Server {
  // Koa answers its own errors, so the promise of a request never rejects.
  const handle = app.callback();
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: timeoutCheckIntervalMs,
      keepAliveTimeout: 5000,
    },
    (request, response) => void handle(request, response),
  );
  server.maxConnections = limits.maxConnections;
  return server;
}
