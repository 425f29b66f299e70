import { describe, expect, it } from 'vitest';
import { allowedHostNames, apiKeyRequired, parseHostHeader, presentedApiKey } from '../../../src/main/api/middleware/security.js';
import { requestIdFrom } from '../../../src/main/api/middleware/request-context.js';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? '' });

describe('Host header parsing and the allowed names', () => {
  it('splits names and ports, IPv6 in brackets included, and refuses junk', () => {
    expect(parseHostHeader('127.0.0.1:8420')).toEqual({ name: '127.0.0.1', port: 8420 });
    expect(parseHostHeader('LocalHost')).toEqual({ name: 'localhost', port: null });
    expect(parseHostHeader('[::1]:8420')).toEqual({ name: '::1', port: 8420 });
    expect(parseHostHeader('kiosk.local.:80')).toEqual({ name: 'kiosk.local', port: 80 });
    for (const junk of ['', 'a b', 'user@evil.example', 'evil.example/path', 'host:port', '::1'])
      expect(parseHostHeader(junk), junk).toBeNull();
  });

  it('allows the configured host, the loopback names and extra names; all interfaces add this machine', () => {
    const loopback = allowedHostNames({ host: '127.0.0.1' }, ['Kiosk-7.Shop.Local']);
    expect([...loopback].sort()).toEqual(['127.0.0.1', '::1', 'kiosk-7.shop.local', 'localhost']);
    const everywhere = allowedHostNames({ host: '0.0.0.0' });
    expect(everywhere.has('0.0.0.0')).toBe(true);
    expect(everywhere.size).toBeGreaterThan(4);
  });
});

describe('API key', () => {
  it('is required exactly when the host is not a loopback address', () => {
    expect(apiKeyRequired({ host: '127.0.0.1' })).toBe(false);
    expect(apiKeyRequired({ host: 'localhost' })).toBe(false);
    expect(apiKeyRequired({ host: '::1' })).toBe(false);
    expect(apiKeyRequired({ host: '0.0.0.0' })).toBe(true);
    expect(apiKeyRequired({ host: '192.168.1.20' })).toBe(true);
  });

  it('is read from a bearer token or X-API-Key', () => {
    expect(presentedApiKey(headers({ authorization: 'Bearer abc123' }))).toBe('abc123');
    expect(presentedApiKey(headers({ authorization: 'bearer   abc123 ' }))).toBe('abc123');
    expect(presentedApiKey(headers({ 'x-api-key': ' k ' }))).toBe('k');
    expect(presentedApiKey(headers({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeNull();
    expect(presentedApiKey(headers({}))).toBeNull();
  });
});

describe('request ids', () => {
  it('keeps sane client ids up to 128 characters and replaces the rest by a UUID', () => {
    expect(requestIdFrom('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    expect(requestIdFrom('a'.repeat(128))).toBe('a'.repeat(128));
    for (const value of [undefined, '', 'a'.repeat(129), 'with space', 'new\nline', '<script>']) {
      expect(requestIdFrom(value), String(value)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
