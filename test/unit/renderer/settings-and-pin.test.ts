// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createKioskI18n } from '../../../src/renderer/src/i18n/kiosk-i18n';
import { dataOf } from '../../../src/renderer/src/api/api-client';
import { useApiStore } from '../../../src/renderer/src/stores/api';
import { settingsStorageKey, useSettingsStore } from '../../../src/renderer/src/stores/settings';
import { useStaffStore } from '../../../src/renderer/src/stores/staff';
import StaffView from '../../../src/renderer/src/views/StaffView.vue';
import { connectStores, FakeService } from './fake-service';

const eraseCustomerC = () =>
  dataOf(
    useApiStore()
      .requireClient()
      .http.DELETE('/api/v1/avatar/{user_id}', { params: { path: { user_id: 'c' } } }),
  );

describe('kiosk settings', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('start from documented defaults', () => {
    expect(useSettingsStore().settings).toEqual({
      cameraDeviceId: null,
      units: 'cm',
      locale: 'en',
      showPipelineDetails: false,
      askForSidePhoto: true,
      idleTimeoutSeconds: 90,
    });
  });

  it('persist a valid change in localStorage, read back by the next page load', () => {
    expect(useSettingsStore().update({ units: 'in', locale: 'de', cameraDeviceId: 'cam-2', idleTimeoutSeconds: 30 })).toBe(true);
    setActivePinia(createPinia());
    expect(useSettingsStore().settings).toMatchObject({ units: 'in', locale: 'de', cameraDeviceId: 'cam-2', idleTimeoutSeconds: 30 });
  });

  it('refuse an invalid change without changing anything', () => {
    const store = useSettingsStore();
    expect(store.update({ idleTimeoutSeconds: 2 })).toBe(false);
    expect(store.settings.idleTimeoutSeconds).toBe(90);
    expect(localStorage.getItem(settingsStorageKey)).toBeNull();
  });

  it('fall back field by field when the stored settings are damaged', () => {
    localStorage.setItem(settingsStorageKey, JSON.stringify({ units: 'in', locale: 'fr', idleTimeoutSeconds: 'soon' }));
    expect(useSettingsStore().settings).toMatchObject({ units: 'in', locale: 'en', idleTimeoutSeconds: 90 });
    localStorage.setItem(settingsStorageKey, '{not json');
    setActivePinia(createPinia());
    expect(useSettingsStore().settings.units).toBe('cm');
  });
});

const staffPin = '73194628';

/** The service's staff endpoints: one PIN, a token per session, and a lockout after `wrongBeforeLock` wrong PINs. */
function staffService(options: { pinSet?: boolean; wrongBeforeLock?: number } = {}): FakeService {
  const service = new FakeService();
  let pin: string | null = options.pinSet === false ? null : staffPin;
  let wrong = 0;
  let issued = 0;
  service.on('GET', '/api/v1/staff/pin', () => ({
    status: 200,
    body: { pin_set: pin !== null, failed_attempts: wrong, locked_until: null },
  }));
  service.on('PUT', '/api/v1/staff/pin', (request) => {
    pin = (request.body as { pin: string }).pin;
    return { status: 200, body: { pin_set: true, failed_attempts: 0, locked_until: null } };
  });
  service.on('POST', '/api/v1/staff/session', (request) => {
    if (pin === null) return { status: 409, body: { detail: 'No staff PIN is set yet', code: 'staff_pin_not_set' } };
    if (wrong >= (options.wrongBeforeLock ?? 5))
      return { status: 429, body: { detail: 'Locked', code: 'staff_locked' }, headers: { 'retry-after': '30' } };
    if ((request.body as { pin: string }).pin !== pin) {
      wrong += 1;
      return { status: 401, body: { detail: 'Wrong PIN', code: 'staff_pin_wrong' } };
    }
    issued += 1;
    return { status: 201, body: { token: `token-${issued}`, expires_at: '2026-01-01T00:15:00.000Z', ttl_seconds: 900 } };
  });
  service.on('DELETE', '/api/v1/staff/session', { status: 204 });
  service.on('DELETE', /^\/api\/v1\/avatar\/[^/]+$/, {
    status: 200,
    body: { user_id: 'c', avatars_deleted: 0, jobs_deleted: 0, remote: 'sync_off', remote_deletes_queued: 0 },
  });
  return service;
}

describe('the staff PIN gate, checked by the service', () => {
  beforeEach(() => {
    localStorage.clear();
  });

  it('opens a session only when the service accepts the PIN, and sends its token on staff calls', async () => {
    const service = staffService();
    connectStores(service);
    const staff = useStaffStore();
    expect(await staff.unlock('11112222')).toBe('wrong_pin');
    expect(staff.unlocked).toBe(false);
    expect(await staff.unlock(staffPin)).toBe('unlocked');
    expect(service.requestsTo('POST', '/api/v1/staff/session').map((request) => request.body)).toEqual([
      { pin: '11112222' },
      { pin: staffPin },
    ]);
    await eraseCustomerC();
    expect(service.requestsTo('DELETE', '/api/v1/avatar/c')[0]!.headers.get('x-staff-token')).toBe('token-1');
  });

  it('keeps neither the PIN nor the token in localStorage', async () => {
    connectStores(staffService());
    useSettingsStore().update({ units: 'in' });
    expect(await useStaffStore().unlock(staffPin)).toBe('unlocked');
    const stored = Object.keys(localStorage)
      .map((key) => localStorage.getItem(key) ?? '')
      .join('\n');
    expect(stored).toContain('"units":"in"');
    expect(stored).not.toContain(staffPin);
    expect(stored).not.toContain('token-1');
  });

  it("reports the service's lockout with its Retry-After, even for the right PIN", async () => {
    connectStores(staffService({ wrongBeforeLock: 2 }));
    const staff = useStaffStore();
    expect(await staff.unlock('11112222')).toBe('wrong_pin');
    expect(await staff.unlock('11112222')).toBe('wrong_pin');
    expect(await staff.unlock(staffPin)).toBe('locked_out');
    expect(staff.retryAfterSeconds).toBe(30);
  });

  it('Exit ends the session on the service and forgets the token', async () => {
    const service = staffService();
    connectStores(service);
    const staff = useStaffStore();
    await staff.unlock(staffPin);
    staff.lock();
    await flushPromises();
    expect(service.requestsTo('DELETE', '/api/v1/staff/session')[0]!.headers.get('x-staff-token')).toBe('token-1');
    expect(staff.unlocked).toBe(false);
    await eraseCustomerC();
    expect(service.requestsTo('DELETE', '/api/v1/avatar/c')[0]!.headers.get('x-staff-token')).toBeNull();
  });

  it('the staff screen shows the PIN pad until the service accepts the PIN, then the staff tabs', async () => {
    const pinia = connectStores(staffService());
    const wrapper = mount(StaffView, { global: { plugins: [pinia, createKioskI18n('en')] } });
    await flushPromises();
    expect(wrapper.find('[data-testid="staff-tab-history"]').exists()).toBe(false);
    await wrapper.get('[data-testid="pin-input"]').setValue('13571357');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="pin-error"]').text()).toBe('Wrong PIN.');
    await wrapper.get('[data-testid="pin-input"]').setValue(staffPin);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="pin-input"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid^="staff-tab-"]').map((tab) => tab.text())).toEqual([
      'Scan history',
      'Status',
      'Garments',
      'Settings',
    ]);
  });

  it('at first start asks staff to choose the PIN twice, sets it on the service and opens the staff tabs', async () => {
    const service = staffService({ pinSet: false });
    const pinia = connectStores(service);
    const wrapper = mount(StaffView, { global: { plugins: [pinia, createKioskI18n('en')] } });
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('Choose the staff PIN');
    const enter = async (pin: string): Promise<void> => {
      await wrapper.get('[data-testid="pin-input"]').setValue(pin);
      await wrapper.get('form').trigger('submit');
      await flushPromises();
    };
    await enter('24682468');
    await enter('24682469');
    expect(wrapper.get('[data-testid="pin-error"]').text()).toBe('The two PINs differ. Choose the PIN again.');
    expect(service.requestsTo('PUT', '/api/v1/staff/pin')).toHaveLength(0);
    await enter('24682468');
    await enter('24682468');
    expect(service.requestsTo('PUT', '/api/v1/staff/pin').map((request) => request.body)).toEqual([{ pin: '24682468' }]);
    expect(wrapper.findAll('[data-testid^="staff-tab-"]')).toHaveLength(4);
  });

  it('refuses a first entry the service would refuse (empty or too short) before asking for the repetition', async () => {
    const service = staffService({ pinSet: false });
    const pinia = connectStores(service);
    const wrapper = mount(StaffView, { global: { plugins: [pinia, createKioskI18n('en')] } });
    await flushPromises();
    for (const pin of ['', '123']) {
      await wrapper.get('[data-testid="pin-input"]').setValue(pin);
      await wrapper.get('form').trigger('submit');
      await flushPromises();
      expect(wrapper.get('[data-testid="pin-error"]').text()).toBe('A staff PIN has 6 to 8 digits.');
      expect(wrapper.text()).not.toContain('Enter the same PIN again.');
    }
    expect(service.requestsTo('PUT', '/api/v1/staff/pin')).toHaveLength(0);
  });
});
