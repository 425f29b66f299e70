/**
 * Progress of a long command on stderr: on a terminal one line redrawn in place, with a bar when
 * the share done is known; in a log or a pipe a plain line per change, so that nothing is lost and
 * no control characters end up in files. Hand-written: the bar libraries on npm draw on a terminal
 * only and would still need this fallback.
 */
export interface ProgressLine {
  /** Shows `text`; `fraction` (0–1) draws the bar on a terminal. */
  update(text: string, fraction?: number | null): void;
  /** Ends the redrawn line (a newline on a terminal); later output starts on a fresh line. */
  finish(): void;
}

type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const barWidth = 24;

export function progressLine(stream: ProgressStream, prefix: string): ProgressLine {
  let last = '';
  let drawn = false;
  if (stream.isTTY !== true) {
    return {
      update(text) {
        if (text === last) return;
        last = text;
        stream.write(`${prefix}: ${text}\n`);
      },
      finish() {},
    };
  }
  return {
    update(text, fraction = null) {
      const bar =
        fraction === null
          ? ''
          : `[${'#'.repeat(Math.round(clamp(fraction) * barWidth)).padEnd(barWidth, '.')}] ${Math.round(clamp(fraction) * 100)}% `;
      const line = `${prefix}: ${bar}${text}`.slice(0, Math.max(20, (stream.columns ?? 80) - 1));
      if (line === last) return;
      last = line;
      drawn = true;
      // Carriage return and "erase line": the new text replaces the old in place.
      stream.write(`\r\x1b[2K${line}`);
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
      last = '';
    },
  };
}

function clamp(fraction: number): number {
  return Math.min(1, Math.max(0, fraction));
}
