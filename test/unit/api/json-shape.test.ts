import { describe, expect, it } from 'vitest';
import { jsonShapeExcess, jsonShapeLimits } from '../../../src/main/api/middleware/json-shape.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('the structure a JSON body may hold before it is parsed', () => {
  it("lets the API's own bodies through: a few fields and long base64 strings", () => {
    const photo = 'A'.repeat(3_000_000);
    const body = JSON.stringify({ user_id: 'c-1', consent: true, images: [photo, photo], height_cm: 170 });
    expect(jsonShapeExcess(bytes(body))).toBeNull();
  });

  it('refuses containers nested deeper than the limit', () => {
    const deep = '['.repeat(jsonShapeLimits.maxDepth + 1) + ']'.repeat(jsonShapeLimits.maxDepth + 1);
    expect(jsonShapeExcess(bytes(deep))).toMatch(/nests deeper than 64/);
    const atLimit = '['.repeat(jsonShapeLimits.maxDepth) + ']'.repeat(jsonShapeLimits.maxDepth);
    expect(jsonShapeExcess(bytes(atLimit))).toBeNull();
  });

  it('refuses a body of more values than the limit, counted by containers and commas', () => {
    const many = `{"a":[${Array.from({ length: jsonShapeLimits.maxValues }, () => '{}').join(',')}]}`;
    expect(jsonShapeExcess(bytes(many))).toMatch(/more than 100000 values/);
    const fewer = `{"a":[${Array.from({ length: 1000 }, () => '{}').join(',')}]}`;
    expect(jsonShapeExcess(bytes(fewer))).toBeNull();
  });

  it('does not count brackets, braces and commas inside strings, escaped quotes included', () => {
    const inString = JSON.stringify({ text: `${'[{,'.repeat(200_000)}\\"[[[` });
    expect(jsonShapeExcess(bytes(inString))).toBeNull();
    // An escaped backslash before a quote closes the string: what follows is structure again.
    const afterEscapedBackslash = `{"a":"x\\\\",${'"b":[],'.repeat(10)}"c":1}`;
    expect(JSON.parse(afterEscapedBackslash)).toHaveProperty('c', 1);
    expect(jsonShapeExcess(bytes(afterEscapedBackslash), { maxDepth: 64, maxValues: 15 })).toMatch(/more than 15 values/);
  });

  it('stops at the limit on a 40 MiB body of empty objects, whatever follows', () => {
    const bomb = bytes(`{"a":[${'{},'.repeat(13_000_000)}{}]}`);
    expect(jsonShapeExcess(bomb)).toMatch(/more than/);
  });
});
