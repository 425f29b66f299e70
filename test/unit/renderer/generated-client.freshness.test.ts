import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedClientDir, generatedTypesFile, renderApiTypes } from '../../../scripts/generate-api-client.js';
import { buildOpenApiDocument } from '../../../src/main/api/openapi/document.js';

/**
 * The renderer's API types are generated from the OpenAPI document by openapi-typescript and
 * committed. A route or schema change without `npm run generate:api` fails here. Runs in Node (it
 * builds the document), so this file is type-checked by tsconfig.node.json, not tsconfig.web.json.
 */
describe('the generated API types', () => {
  it(`src/renderer/src/api/generated/${generatedTypesFile} matches the OpenAPI document (else run npm run generate:api)`, async () => {
    const expected = await renderApiTypes(buildOpenApiDocument());
    const committed = readFileSync(join(generatedClientDir, generatedTypesFile), 'utf8');
    expect(committed === expected, `${generatedTypesFile} is stale: run npm run generate:api`).toBe(true);
  });
});
