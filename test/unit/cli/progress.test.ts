import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../../src/cli/progress.js';

function stream(tty: boolean, columns = 100): { out: PassThrough & { isTTY?: boolean; columns?: number }; text: () => string } {
  const out = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  if (tty) {
    out.isTTY = true;
    out.columns = columns;
  }
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { out, text: () => text };
}

describe('progressLine', () => {
  it('redraws one line in place on a terminal, with a bar, and ends it with one newline', () => {
    const { out, text } = stream(true);
    const progress = progressLine(out, 'perfit scan');
    progress.update('processing detect 30%', 0.3);
    progress.update('processing detect 30%', 0.3);
    progress.update('completed 100%', 1);
    progress.finish();
    const written = text();
    expect(written.split('\r\u001b[2K')).toHaveLength(3);
    expect(written).toContain('perfit scan: [#######.................] 30% processing detect 30%');
    expect(written).toContain('[########################] 100% completed 100%');
    expect(written.endsWith('\n')).toBe(true);
    expect(written.split('\n')).toHaveLength(2);
  });

  it('keeps a redrawn line within the terminal width', () => {
    const { out, text } = stream(true, 60);
    progressLine(out, 'perfit sync').update('x'.repeat(200), 0.5);
    expect(text().replace('\r\x1b[2K', '').length).toBeLessThan(60);
  });

  it('writes plain lines, one per change and no control characters, when not on a terminal', () => {
    const { out, text } = stream(false);
    const progress = progressLine(out, 'perfit sync');
    progress.update('3 object(s) left', 0.25);
    progress.update('3 object(s) left', 0.25);
    progress.update('0 object(s) left', 1);
    progress.finish();
    expect(text()).toBe('perfit sync: 3 object(s) left\nperfit sync: 0 object(s) left\n');
  });
});
