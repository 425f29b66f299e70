import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedClientDir, operationName, renderApiClient, typeOfSchema } from '../../../scripts/generate-api-client.js';
import { buildOpenApiDocument } from '../../../src/main/api/openapi/document.js';

/**
 * The renderer's API client is generated from the OpenAPI document and committed. A route or schema
 * change without `npm run generate:api` fails here. Runs in Node (it builds the document), so this
 * file is type-checked by tsconfig.node.json, not tsconfig.web.json.
 */
describe('the generated API client', () => {
  const expected = renderApiClient(buildOpenApiDocument());

  for (const name of Object.keys(expected)) {
    it(`src/renderer/src/api/generated/${name} matches the OpenAPI document (else run npm run generate:api)`, () => {
      const committed = readFileSync(join(generatedClientDir, name), 'utf8');
      expect(committed === expected[name], `${name} is stale: run npm run generate:api`).toBe(true);
    });
  }

  it('names operations after their method and path when the document gives no operationId', () => {
    expect(operationName('get', '/api/v1/avatar/job/{job_id}', {})).toBe('getAvatarJob');
    expect(operationName('delete', '/api/v1/avatar/{user_id}', {})).toBe('deleteAvatar');
    expect(operationName('get', '/api/v1/health/live', { operationId: 'liveness' })).toBe('liveness');
  });

  it('writes nullable, enum, array and optional fields as TypeScript types', () => {
    expect(typeOfSchema({ type: ['string', 'null'] })).toBe('string | null');
    expect(typeOfSchema({ type: 'string', enum: ['a', 'b'] })).toBe('"a" | "b"');
    expect(typeOfSchema({ type: 'array', items: { $ref: '#/components/schemas/Measurement' } })).toBe('Measurement[]');
    expect(typeOfSchema({ type: 'object', properties: { a: { type: 'integer' }, b: { type: 'boolean' } }, required: ['a'] })).toBe(
      '{\n  a: number;\n  b?: boolean;\n}',
    );
  });
});
