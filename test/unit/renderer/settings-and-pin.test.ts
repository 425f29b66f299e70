// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createKioskI18n } from '../../../src/renderer/src/i18n/kiosk-i18n';
import { defaultStaffPin, settingsStorageKey, useSettingsStore } from '../../../src/renderer/src/stores/settings';
import { maxWrongPinAttempts, pinLockoutMs, useStaffStore } from '../../../src/renderer/src/stores/staff';
import StaffView from '../../../src/renderer/src/views/StaffView.vue';
import { connectStores, FakeService } from './fake-service';

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
      staffPin: defaultStaffPin,
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
    expect(store.update({ staffPin: '12a4' })).toBe(false);
    expect(store.settings.idleTimeoutSeconds).toBe(90);
    expect(store.settings.staffPin).toBe(defaultStaffPin);
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

describe('the staff PIN gate', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('opens with the PIN from the settings only', () => {
    const staff = useStaffStore();
    expect(staff.unlock('0000', 0)).toBe('wrong_pin');
    expect(staff.unlock(defaultStaffPin, 0)).toBe('unlocked');
    staff.lock();
    useSettingsStore().update({ staffPin: '97531' });
    expect(staff.unlock(defaultStaffPin, 0)).toBe('wrong_pin');
    expect(staff.unlock('97531', 0)).toBe('unlocked');
  });

  it('locks out for a minute after repeated wrong PINs, even for the right one', () => {
    const staff = useStaffStore();
    for (let attempt = 1; attempt < maxWrongPinAttempts; attempt++) expect(staff.unlock('1111', 0)).toBe('wrong_pin');
    expect(staff.unlock('1111', 0)).toBe('locked_out');
    expect(staff.unlock(defaultStaffPin, pinLockoutMs - 1)).toBe('locked_out');
    expect(staff.unlock(defaultStaffPin, pinLockoutMs)).toBe('unlocked');
  });

  it('the staff screen shows the PIN pad until the PIN is right, then the staff tabs', async () => {
    localStorage.clear();
    const pinia = connectStores(new FakeService());
    const wrapper = mount(StaffView, { global: { plugins: [pinia, createKioskI18n('en')] } });
    expect(wrapper.find('[data-testid="staff-tab-history"]').exists()).toBe(false);
    await wrapper.get('[data-testid="pin-input"]').setValue('1357');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.get('[data-testid="pin-error"]').text()).toBe('Wrong PIN.');
    await wrapper.get('[data-testid="pin-input"]').setValue(defaultStaffPin);
    await wrapper.get('form').trigger('submit');
    expect(wrapper.find('[data-testid="pin-input"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid^="staff-tab-"]').map((tab) => tab.text())).toEqual(['Scan history', 'Status', 'Settings']);
  });
});
