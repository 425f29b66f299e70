import { describe, expect, it } from 'vitest';
import { decideNavigation, decideWindowOpen, isTrustedIpcSender } from '../../../src/main/shell/policy/navigation.js';
import { isAppOrigin, kioskBaseUrl, originOf } from '../../../src/main/shell/policy/origin.js';

const appOrigin = 'http://127.0.0.1:8420';

describe('app origin', () => {
  it('reduces a URL to scheme, host and port', () => {
    expect(originOf('http://127.0.0.1:8420/api/v1/health?x=1#y')).toBe(appOrigin);
  });

  it('gives no origin to what does not parse or is opaque', () => {
    expect(originOf('not a url')).toBeNull();
    expect(originOf('data:text/html,<h1>x</h1>')).toBeNull();
    expect(originOf('file:///etc/passwd')).toBeNull();
  });

  it('does not take another port, scheme or a look-alike host for the app', () => {
    expect(isAppOrigin('http://127.0.0.1:8421/', appOrigin)).toBe(false);
    expect(isAppOrigin('https://127.0.0.1:8420/', appOrigin)).toBe(false);
    expect(isAppOrigin('http://127.0.0.1:8420.evil.example/', appOrigin)).toBe(false);
    expect(isAppOrigin('http://127.0.0.1:8420@evil.example/', appOrigin)).toBe(false);
    expect(isAppOrigin('http://localhost:8420/', appOrigin)).toBe(false);
  });

  it('loads the UI over loopback when the service listens on every interface', () => {
    expect(kioskBaseUrl('http://0.0.0.0:8420')).toBe('http://127.0.0.1:8420');
    expect(kioskBaseUrl('http://[::]:8420')).toBe('http://[::1]:8420');
    expect(kioskBaseUrl('http://127.0.0.1:8420')).toBe('http://127.0.0.1:8420');
  });
});

describe('navigation guard', () => {
  it('allows the pages of the app origin', () => {
    expect(decideNavigation('http://127.0.0.1:8420/', appOrigin)).toBe('allow');
    expect(decideNavigation('http://127.0.0.1:8420/#/settings', appOrigin)).toBe('allow');
  });

  it('denies every other destination', () => {
    for (const url of [
      'https://example.com/',
      'file:///C:/Windows/System32/cmd.exe',
      'javascript:alert(1)',
      'http://127.0.0.1:9000/',
      'about:blank',
      'chrome://gpu',
    ]) {
      expect(decideNavigation(url, appOrigin), url).toBe('deny');
    }
  });

  it('never opens a new window, and shows an app page asked for in one in the kiosk window', () => {
    expect(decideWindowOpen('http://127.0.0.1:8420/help', appOrigin)).toEqual({
      action: 'deny',
      loadInKioskWindow: 'http://127.0.0.1:8420/help',
    });
    expect(decideWindowOpen('https://example.com/', appOrigin)).toEqual({ action: 'deny', loadInKioskWindow: null });
  });
});

describe('IPC sender check', () => {
  it('answers only the main frame of the app page', () => {
    expect(isTrustedIpcSender({ url: 'http://127.0.0.1:8420/', isMainFrame: true }, appOrigin)).toBe(true);
    expect(isTrustedIpcSender({ url: 'http://127.0.0.1:8420/', isMainFrame: false }, appOrigin)).toBe(false);
    expect(isTrustedIpcSender({ url: 'https://example.com/', isMainFrame: true }, appOrigin)).toBe(false);
    expect(isTrustedIpcSender(null, appOrigin)).toBe(false);
  });
});
