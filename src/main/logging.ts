import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Write JSON lines to this file instead of stdout (the Electron shell and the CLI's scan command). */
  filePath?: string;
  /** Where JSON lines go when no file is named; defaults to stdout (fd 1). */
  destinationFd?: number;
  /** A ready destination (the Electron shell's rotating log file); wins over the others. */
  destination?: DestinationStream;
}

/** Secrets never reach a log line, whatever object a caller passes. */
const redactPaths = [
  'apiKey',
  '*.apiKey',
  'config.apiKey',
  'config.s3.accessKey',
  'config.s3.secretKey',
  's3.accessKey',
  's3.secretKey',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
];

export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, redact: { paths: redactPaths, censor: '[redacted]' }, base: { service: 'perfit' } };
  if (options.destination) return pino(base, options.destination);
  if (options.filePath) {
    mkdirSync(dirname(options.filePath), { recursive: true });
    return pino(base, pino.destination({ dest: options.filePath, sync: false, mkdir: true }));
  }
  return pino(base, pino.destination({ dest: options.destinationFd ?? 1, sync: false }));
}
