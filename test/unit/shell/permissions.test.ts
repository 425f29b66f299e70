import { describe, expect, it } from 'vitest';
import { decideDevicePermission, decidePermissionCheck, decidePermissionRequest } from '../../../src/main/shell/policy/permissions.js';

const appOrigin = 'http://127.0.0.1:8420';
const appPage = 'http://127.0.0.1:8420/';

describe('permission requests', () => {
  it('grants the camera to the app page', () => {
    expect(decidePermissionRequest({ permission: 'media', requestingUrl: appPage, mediaTypes: ['video'] }, appOrigin)).toBe(true);
  });

  it('refuses the microphone, alone or with the camera', () => {
    expect(decidePermissionRequest({ permission: 'media', requestingUrl: appPage, mediaTypes: ['audio'] }, appOrigin)).toBe(false);
    expect(decidePermissionRequest({ permission: 'media', requestingUrl: appPage, mediaTypes: ['video', 'audio'] }, appOrigin)).toBe(false);
  });

  it('refuses media whose device types are not stated', () => {
    expect(decidePermissionRequest({ permission: 'media', requestingUrl: appPage, mediaTypes: [] }, appOrigin)).toBe(false);
    expect(decidePermissionRequest({ permission: 'media', requestingUrl: appPage }, appOrigin)).toBe(false);
  });

  it('refuses the camera to any other origin', () => {
    expect(decidePermissionRequest({ permission: 'media', requestingUrl: 'https://example.com/', mediaTypes: ['video'] }, appOrigin)).toBe(
      false,
    );
    expect(
      decidePermissionRequest({ permission: 'media', requestingUrl: 'http://127.0.0.1:9999/', mediaTypes: ['video'] }, appOrigin),
    ).toBe(false);
  });

  it('refuses every other permission, even to the app page', () => {
    for (const permission of [
      'geolocation',
      'notifications',
      'display-capture',
      'clipboard-read',
      'fullscreen',
      'openExternal',
      'midi',
      'pointerLock',
      'hid',
      'serial',
      'usb',
    ]) {
      expect(decidePermissionRequest({ permission, requestingUrl: appPage, mediaTypes: ['video'] }, appOrigin), permission).toBe(false);
    }
  });
});

describe('permission checks', () => {
  it('answers yes only for the camera of the app origin', () => {
    expect(decidePermissionCheck({ permission: 'media', requestingOrigin: appOrigin, mediaType: 'video' }, appOrigin)).toBe(true);
    expect(decidePermissionCheck({ permission: 'media', requestingOrigin: appOrigin, mediaType: 'audio' }, appOrigin)).toBe(false);
    expect(decidePermissionCheck({ permission: 'media', requestingOrigin: appOrigin, mediaType: 'unknown' }, appOrigin)).toBe(false);
    expect(decidePermissionCheck({ permission: 'media', requestingOrigin: 'https://example.com', mediaType: 'video' }, appOrigin)).toBe(
      false,
    );
    expect(decidePermissionCheck({ permission: 'geolocation', requestingOrigin: appOrigin }, appOrigin)).toBe(false);
  });

  it('grants no device (HID, USB, serial)', () => {
    expect(decideDevicePermission()).toBe(false);
  });
});
