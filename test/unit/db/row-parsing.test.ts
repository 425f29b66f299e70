import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { immutableJsonText } from '../../../src/main/db/row-parsing.js';

describe('immutableJsonText (JSON columns written once)', () => {
  const column = immutableJsonText(z.array(z.object({ name: z.string(), valueCm: z.number() })), 2);

  it('parses and checks the text, then hands out the same frozen value for the same text', () => {
    const text = '[{"name":"chest","valueCm":94.7}]';
    const first = column.parse(text);
    expect(first).toEqual([{ name: 'chest', valueCm: 94.7 }]);
    expect(column.parse(text)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first[0])).toBe(true);
    expect(() => {
      (first[0] as { valueCm: number }).valueCm = 1;
    }).toThrow(TypeError);
  });

  it('still refuses text that is not JSON or does not fit, naming where, however often it is read', () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(column.safeParse('[{"name":').success).toBe(false);
      const wrong = column.safeParse('[{"name":"chest","valueCm":"94"}]');
      expect(wrong.success).toBe(false);
      expect(wrong.error?.issues[0]?.path).toEqual([0, 'valueCm']);
    }
  });

  it('keeps only the most recently read texts', () => {
    const a = column.parse('[]');
    column.parse('[{"name":"a","valueCm":1}]');
    column.parse('[{"name":"b","valueCm":2}]');
    expect(column.parse('[]')).not.toBe(a);
    expect(column.parse('[]')).toEqual(a);
  });
});
