import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, parseContentSecurityPolicy, withSecurityHeaders } from '../../../src/main/shell/policy/csp.js';

const appOrigin = 'http://127.0.0.1:8420';
const policy = parseContentSecurityPolicy(contentSecurityPolicy());

function metaPolicy(): Map<string, string[]> {
  const html = readFileSync(new URL('../../../src/renderer/index.html', import.meta.url), 'utf8');
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('src/renderer/index.html has no CSP meta tag');
  return parseContentSecurityPolicy(match[1]);
}

describe('Content-Security-Policy header', () => {
  it('allows scripts from the app origin only: no inline, no eval, no other host', () => {
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it('lets the page talk to its own origin only', () => {
    expect(policy.get('connect-src')).toEqual(["'self'"]);
  });

  it('forbids plugins, frames, framing, base rewriting and form posts', () => {
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it('has no wildcard, no unsafe-eval and no http: source anywhere', () => {
    for (const [directive, sources] of policy) {
      for (const source of sources) {
        expect(source, directive).not.toMatch(/\*|unsafe-eval|^https?:/);
      }
    }
  });

  it('allows the camera stream and captured frames', () => {
    expect(policy.get('media-src')).toEqual(expect.arrayContaining(['mediastream:', 'blob:']));
    expect(policy.get('img-src')).toEqual(expect.arrayContaining(['blob:', 'data:']));
  });

  it('is no wider than the meta policy of index.html, so the header alone decides (both apply)', () => {
    const meta = metaPolicy();
    const metaDefault = meta.get('default-src') ?? [];
    for (const [directive, sources] of policy) {
      const metaSources = meta.get(directive) ?? (directive.endsWith('-src') ? metaDefault : null);
      if (metaSources === null) continue; // frame-ancestors, base-uri, form-action: not governed by default-src
      for (const source of sources) {
        if (source === "'none'") continue;
        expect(metaSources, `${directive} ${source} is blocked by the meta policy`).toContain(source);
      }
    }
  });
});

describe('security headers on responses', () => {
  it("replaces the app origin's policy with ours and adds nosniff", () => {
    const headers = withSecurityHeaders(
      `${appOrigin}/`,
      { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      appOrigin,
    );
    expect(headers['Content-Security-Policy']).toEqual([contentSecurityPolicy()]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Content-Type-Options']).toEqual(['nosniff']);
    expect(headers['Content-Type']).toEqual(['text/html']);
  });

  it('leaves responses of other origins alone', () => {
    const original = { 'Content-Type': ['text/html'] };
    expect(withSecurityHeaders('https://example.com/', original, appOrigin)).toEqual(original);
  });

  it('works when the response had no headers', () => {
    expect(withSecurityHeaders(`${appOrigin}/api/v1/health`, undefined, appOrigin)['Content-Security-Policy']).toHaveLength(1);
  });
});
