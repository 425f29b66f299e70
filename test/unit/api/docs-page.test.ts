import { describe, expect, it } from 'vitest';
import { renderDocsPage } from '../../../src/main/api/docs/page.js';
import { buildOpenApiDocument, type OpenApiDocument } from '../../../src/main/api/openapi/document.js';

describe('the docs page', () => {
  it('renders every operation, its parameters and the request body fields from the document', () => {
    const document = buildOpenApiDocument();
    const html = renderDocsPage(document);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const operations = html.match(/<section class="op"/g) ?? [];
    const documented = Object.values(document.paths ?? {}).flatMap((item) =>
      Object.keys(item).filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key)),
    );
    expect(documented.length).toBeGreaterThanOrEqual(12);
    expect(operations).toHaveLength(documented.length);
    expect(html).toContain('id="op-get--api-v1-avatar-job-job-id-"');
    expect(html).toContain('<code>job_id</code> <span class="c">path</span>');
    for (const field of ['user_id', 'image', 'gender', 'height_cm', 'side_image', 'consent'])
      expect(html).toContain(`<code>${field}</code>`);
    expect(html).toContain('<a href="#schema-Avatar">Avatar</a>');
    expect(html).toContain('id="schema-Avatar"');
  });

  it('escapes text from the document and renders `code` spans', () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 'T <b>', version: '1', description: 'uses `X-API-Key` & <script>alert(1)</script>' },
      paths: {},
      components: { schemas: {} },
    } as unknown as OpenApiDocument;
    const html = renderDocsPage(document);
    expect(html).toContain('<code>X-API-Key</code> &#38; &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('<title>T &#60;b&#62;</title>');
    expect(html).not.toContain('<script>');
  });
});
