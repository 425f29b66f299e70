import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sniffImageFormat } from '../../../src/main/images/format.js';

/** A deterministic byte source, so a failing case can be replayed from its seed. */
function seededBytes(seed: number, length: number): Buffer {
  let state = seed >>> 0 || 1;
  const out = Buffer.alloc(length);
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[index] = state & 0xff;
  }
  return out;
}

function elapsedMs(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// Not a speed target (that is a benchmark's job): a catastrophe detector. A linear sniff takes well
// under 1 ms per input and up to 50 ms on a loaded 2-core machine; the exponential regex this guards
// against took seconds to hours on these inputs.
const perInputBoundMs = 500;

const adversarialHeads: string[] = [
  '<!---->'.repeat(200),
  '<!---->'.repeat(150) + '<x',
  '<!-- '.repeat(300),
  '<?xml ' + '<!---->'.repeat(140),
  '<?xml' + ' '.repeat(1000),
  '\uFEFF' + '<!-- -->\n'.repeat(110) + '<svg',
  '<!doctype svg '.repeat(80),
  '<!--' + '-'.repeat(1020),
  '<!---->  \t\n'.repeat(100) + '<htm',
  ' '.repeat(1023) + '<',
];

describe('sniffImageFormat under hostile input', () => {
  it('answers crafted comment and doctype headers in linear time', () => {
    for (const head of adversarialHeads) {
      const bytes = Buffer.from(head + 'A'.repeat(2048), 'latin1');
      const ms = elapsedMs(() => sniffImageFormat(bytes));
      expect(ms, `${JSON.stringify(head.slice(0, 24))}… took ${ms.toFixed(1)} ms`).toBeLessThan(perInputBoundMs);
    }
  });

  it('answers random bytes and random markup within the bound, never throwing', () => {
    const alphabet = ['<!--', '-->', '<?xml', '?>', '<!doctype svg', '>', ' ', '\n', '<svg', '<html', 'a', '-', '<'];
    for (let seed = 1; seed <= 400; seed++) {
      const raw = seededBytes(seed, 1 + ((seed * 37) % 4096));
      const choices = seededBytes(seed * 7919, 600);
      const markup = Buffer.from(Array.from(choices, (value) => alphabet[value % alphabet.length]).join(''), 'latin1');
      for (const bytes of [raw, markup, randomBytes(64)]) {
        const ms = elapsedMs(() => expect(() => sniffImageFormat(bytes)).not.toThrow());
        expect(ms, `seed ${seed} took ${ms.toFixed(1)} ms`).toBeLessThan(perInputBoundMs);
      }
    }
  });

  it('still names SVG and HTML behind many comments', () => {
    expect(sniffImageFormat(Buffer.from('<!---->'.repeat(60) + '<svg xmlns="x"></svg>')).name).toBe('SVG');
    expect(sniffImageFormat(Buffer.from('<!-- a -->\n'.repeat(30) + '<!DOCTYPE html><html></html>')).name).toBe('HTML');
    expect(sniffImageFormat(Buffer.from('<!-- never closed <svg>')).name).toBe('unrecognised data');
  });
});
