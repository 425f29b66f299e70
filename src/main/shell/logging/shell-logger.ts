import { join } from 'node:path';
import type { DestinationStream, LevelWithSilent } from 'pino';
import type { Logger } from '../../logging.js';
import { RotatingFileDestination } from './rotating-file.js';

/** 10 MiB × (1 live + 5 rotated) files: about a month of a busy kiosk's info-level lines. */
export const logRotation = { maxFileBytes: 10 * 1024 * 1024, maxFiles: 5 } as const;

/** `createLogger` of src/main/logging.ts, once it accepts a destination stream. */
export type LoggerFactory = (options: { level: LevelWithSilent; destination: DestinationStream }) => Logger;

export interface ShellLogger {
  log: Logger;
  destination: RotatingFileDestination;
}

/**
 * The app's logger: JSON lines in `<logDir>/perfit.log`, rotated by size. It fails loudly if the
 * factory wrote elsewhere (the destination is part of the factory's contract, not a hint).
 */
export function createShellLogger(createLogger: LoggerFactory, level: LevelWithSilent, logDir: string): ShellLogger {
  const destination = new RotatingFileDestination({ filePath: join(logDir, 'perfit.log'), ...logRotation });
  const log = createLogger({ level, destination });
  if (log.isLevelEnabled('info')) {
    const before = destination.bytesWritten;
    log.info(
      { log_file: join(logDir, 'perfit.log'), max_file_bytes: logRotation.maxFileBytes, max_files: logRotation.maxFiles },
      'logging to a rotating file',
    );
    if (destination.bytesWritten === before) {
      throw new Error('createLogger ignored its destination option: the log lines would not reach the log file');
    }
  }
  return { log, destination };
}
