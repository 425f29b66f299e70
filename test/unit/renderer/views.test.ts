// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Component } from 'vue';
import MeasurementList from '../../../src/renderer/src/components/MeasurementList.vue';
import OfflineBanner from '../../../src/renderer/src/components/OfflineBanner.vue';
import { kioskErrorOfCode } from '../../../src/renderer/src/errors/kiosk-errors';
import { createKioskI18n } from '../../../src/renderer/src/i18n/kiosk-i18n';
import type { SupportedLocale } from '../../../src/renderer/src/i18n/locales';
import { useScanFlowStore } from '../../../src/renderer/src/stores/scan-flow';
import { useServiceStatusStore } from '../../../src/renderer/src/stores/service-status';
import { useSettingsStore } from '../../../src/renderer/src/stores/settings';
import DetailsView from '../../../src/renderer/src/views/DetailsView.vue';
import ErrorView from '../../../src/renderer/src/views/ErrorView.vue';
import ResultView from '../../../src/renderer/src/views/ResultView.vue';
import HistoryPanel from '../../../src/renderer/src/views/staff/HistoryPanel.vue';
import { avatarAnswer, healthAnswer } from './api-factories';
import { connectStores, FakeService } from './fake-service';

let service: FakeService;
let pinia: Pinia;

function mountWith(component: Component, locale: SupportedLocale = 'en', props: Record<string, unknown> = {}) {
  return mount(component, { props, global: { plugins: [pinia, createKioskI18n(locale)] } });
}

/** A customer past the consent, on the details screen's step of the flow. */
function startDetails(customerRef: string) {
  const flow = useScanFlowStore();
  flow.reset();
  flow.begin(customerRef);
  flow.acceptConsent();
  return flow;
}

beforeEach(() => {
  localStorage.clear();
  service = new FakeService();
  pinia = connectStores(service);
});

describe('the error screen', () => {
  it('says what to fix for a scan rejected by a capture check, with the code for staff', () => {
    useScanFlowStore().showError(kioskErrorOfCode('feet_out_of_frame', 'feet cut off'));
    const wrapper = mountWith(ErrorView);
    expect(wrapper.get('h1').text()).toBe('The photo did not work');
    expect(wrapper.get('.lead').text()).toBe('Take the photo again: Step back, feet in view.');
    expect(wrapper.get('[data-testid="error-code"]').text()).toBe('Code: feet_out_of_frame');
    expect(wrapper.get('[data-testid="error-recover"]').text()).toBe('Take the photo again');
  });

  it("names the statures the kiosk measures in the customer's unit: cm, or feet and inches", () => {
    const flow = useScanFlowStore();
    flow.showError(kioskErrorOfCode('height_out_of_range', 'Height 140 cm is outside 145-205 cm'));
    expect(mountWith(ErrorView).get('.lead').text()).toContain('It measures adults of 145 cm to 205 cm.');
    flow.setUnits('in');
    expect(mountWith(ErrorView, 'de').get('.lead').text()).toContain(`Er misst Erwachsene von 4'10" bis 6'8".`);
  });

  it('in German, with the wait the service asked for', () => {
    useScanFlowStore().showError(kioskErrorOfCode('queue_full', 'Too many scans', 30));
    const wrapper = mountWith(ErrorView, 'de');
    expect(wrapper.get('h1').text()).toBe('Der Scanner ist ausgelastet');
    expect(wrapper.text()).toContain('Bitte 30 Sekunden warten.');
    expect(wrapper.get('[data-testid="error-recover"]').text()).toBe('Erneut versuchen');
  });
});

describe('the measurement list', () => {
  it('shows the nine in inches with the uncertainty and its grade', () => {
    const wrapper = mountWith(MeasurementList, 'en', { measurements: avatarAnswer().measurements, unit: 'in', selected: null });
    const chest = wrapper.get('[data-measurement="chest"]');
    expect(chest.get('[data-testid="measurement-value"]').text()).toBe('36.8 in'); // 93.5 / 2.54
    expect(chest.text()).toContain('± 0.7 in'); // 1.8 / 2.54
    expect(chest.text()).toContain('High confidence'); // 1.8 / 93.5 = 1.9 %
    expect(wrapper.findAll('[data-measurement]')).toHaveLength(9);
  });

  it('in German with decimal commas, and tapping selects and deselects', async () => {
    const wrapper = mountWith(MeasurementList, 'de', { measurements: avatarAnswer().measurements, unit: 'cm', selected: 'waist' });
    expect(wrapper.get('[data-measurement="waist"] .measurement__label').text()).toBe('Taillenumfang');
    expect(wrapper.get('[data-measurement="waist"] [data-testid="measurement-value"]').text()).toBe('79,9 cm');
    expect(wrapper.get('[data-measurement="waist"]').attributes('aria-pressed')).toBe('true');
    await wrapper.get('[data-measurement="waist"]').trigger('click');
    await wrapper.get('[data-measurement="hip"]').trigger('click');
    expect(wrapper.emitted('select')).toEqual([[null], ['hip']]);
  });
});

describe('the details screen', () => {
  it('takes the height in inches when the units are inches, and sends centimetres', async () => {
    useSettingsStore().update({ units: 'in' });
    const flow = startDetails('customer-1');
    const wrapper = mountWith(DetailsView);
    expect(wrapper.get('label[for="height"]').text()).toBe('Your height (inches)');
    await wrapper.get('[data-testid="height"]').setValue('70');
    await wrapper.get('[data-testid="gender-male"]').setValue(true);
    await wrapper.get('form').trigger('submit');
    expect(flow.screen).toBe('capture');
    expect(flow.session.heightCm).toBe(177.8);
    expect(flow.session.gender).toBe('male');
  });

  it('takes feet and inches, and says which forms it reads', async () => {
    useSettingsStore().update({ units: 'in' });
    const flow = startDetails('customer-1');
    const wrapper = mountWith(DetailsView);
    expect(wrapper.get('#height-hint').text()).toContain(`Inches (68) or feet and inches (5'8").`);
    await wrapper.get('[data-testid="height"]').setValue(`5' 9"`);
    await wrapper.get('form').trigger('submit');
    expect(flow.screen).toBe('capture');
    expect(flow.session.heightCm).toBe(175.3);
  });

  it('shows the height typed when the customer comes back to it, to the tenth', async () => {
    const flow = startDetails('customer-1');
    const first = mountWith(DetailsView);
    await first.get('[data-testid="height"]').setValue('172,5');
    await first.get('form').trigger('submit');
    expect(flow.session.heightCm).toBe(172.5);
    first.unmount();
    const again = mountWith(DetailsView);
    expect((again.get('[data-testid="height"]').element as HTMLInputElement).value).toBe('172.5');
    await again.get('form').trigger('submit');
    expect(flow.session.heightCm).toBe(172.5);
  });

  it('refuses a height outside the accepted range and accepts none at all', async () => {
    const flow = startDetails('customer-1');
    const wrapper = mountWith(DetailsView);
    await wrapper.get('[data-testid="height"]').setValue('300');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.get('[role="alert"]').text()).toBe(
      'Enter a height between 145 and 205 cm, or leave it empty. The kiosk measures adults of this height only.',
    );
    expect(flow.screen).toBe('details');
    await wrapper.get('[data-testid="height"]').setValue('');
    await wrapper.get('form').trigger('submit');
    expect(flow.session.heightCm).toBeNull();
    expect(flow.screen).toBe('capture');
  });
});

describe('what the customer wears, on the details screen', () => {
  it('sends the clothing class and the shoes staff chose, regular clothes and unknown shoes by default', async () => {
    const flow = startDetails('customer-1');
    const wrapper = mountWith(DetailsView, 'de');
    expect(wrapper.text()).toContain('Ein gewöhnliches Hemd oder eine Bluse und eine Hose.');
    // What leaving the body model and the shoes unsaid means, under each choice.
    expect(wrapper.text()).toContain('Freiwillig: Weiblich oder Männlich macht die Umfänge genauer.');
    expect(wrapper.text()).toContain('Keine Angabe gilt als gewöhnliche flache Schuhe.');
    await wrapper.get('form').trigger('submit');
    expect([flow.session.clothing, flow.session.shoes]).toEqual(['regular', null]);
    startDetails('customer-2');
    const chosen = mountWith(DetailsView);
    await chosen.get('[data-testid="clothing-loose"]').setValue(true);
    await chosen.get('[data-testid="shoes-heels"]').setValue(true);
    expect(chosen.text()).toContain('Knitwear, a hoodie, wide trousers.');
    expect(chosen.text()).toContain('Optional: female or male makes the girths more accurate.');
    await chosen.get('form').trigger('submit');
    expect([flow.session.clothing, flow.session.shoes]).toEqual(['loose', 'heels']);
    startDetails('customer-3');
    const dressed = mountWith(DetailsView);
    await dressed.get('[data-testid="clothing-dress"]').setValue(true);
    expect(dressed.text()).toContain('A dress or skirt: hip and thigh are estimated, not measured, and less certain.');
    await dressed.get('form').trigger('submit');
    expect(flow.session.clothing).toBe('dress');
  });

  it("refuses a child's height before any photo is taken", async () => {
    const flow = startDetails('customer-1');
    const wrapper = mountWith(DetailsView);
    await wrapper.get('[data-testid="height"]').setValue('120');
    await wrapper.get('form').trigger('submit');
    expect(flow.screen).toBe('details');
  });
});

describe('the result screen', () => {
  it("shows the avatar's out-of-range warnings in the customer's language, and nothing when there are none", () => {
    const flow = useScanFlowStore();
    flow.session.avatar = avatarAnswer({
      warnings: [
        { code: 'shape_out_of_range', message: 'far outside the survey' },
        { code: 'new_code', message: "In the service's words" },
      ],
    });
    const stubs = { AvatarViewer: true };
    const german = mount(ResultView, { global: { plugins: [pinia, createKioskI18n('de')], stubs } });
    const box = german.get('[data-testid="result-warnings"]');
    expect(box.attributes('role')).toBe('alert');
    expect(box.get('[data-testid="warning-shape_out_of_range"]').text()).toContain('mit dem Maßband prüfen');
    expect(box.get('[data-testid="warning-new_code"]').text()).toBe("In the service's words");
    flow.session.avatar = avatarAnswer({ warnings: [{ code: 'stature_out_of_range', message: 'outside 145-205 cm' }] });
    flow.setUnits('in');
    const inches = mount(ResultView, { global: { plugins: [pinia, createKioskI18n('en')], stubs } });
    expect(inches.get('[data-testid="warning-stature_out_of_range"]').text()).toContain(`(4'10" to 6'8")`);
    flow.session.avatar = avatarAnswer();
    const plain = mount(ResultView, { global: { plugins: [pinia, createKioskI18n('en')], stubs } });
    expect(plain.find('[data-testid="result-warnings"]').exists()).toBe(false);
  });

  it("says in one line what the figures rest on, in the customer's language, and nothing when it is unknown", () => {
    const flow = useScanFlowStore();
    const stubs = { AvatarViewer: true };
    const capture = {
      views: ['front', 'side'],
      frames: { front: 5, side: 4 },
      height_source: 'typed',
      typed_height_cm: 168,
      camera_height_cm: null,
      clothing: 'regular',
      clothing_source: 'staff',
      shoes: null,
    } as const;
    flow.session.avatar = avatarAnswer({ capture: { ...capture, views: [...capture.views] } });
    const english = mount(ResultView, { global: { plugins: [pinia, createKioskI18n('en')], stubs } });
    expect(english.get('[data-testid="result-capture"]').text()).toBe('Front and side photos · height typed · regular clothes');
    flow.session.avatar = avatarAnswer({
      capture: {
        ...capture,
        views: ['front'],
        frames: { front: 1, side: 0 },
        height_source: 'survey_mean',
        typed_height_cm: null,
        clothing: 'tight',
        clothing_source: 'photo',
      },
    });
    const german = mount(ResultView, { global: { plugins: [pinia, createKioskI18n('de')], stubs } });
    expect(german.get('[data-testid="result-capture"]').text()).toBe(
      'Nur Frontfoto · Größe angenommen (Durchschnittswert) · enge Kleidung (aus dem Foto beurteilt)',
    );
    flow.session.avatar = avatarAnswer({ capture: null });
    const unknown = mount(ResultView, { global: { plugins: [pinia, createKioskI18n('en')], stubs } });
    expect(unknown.find('[data-testid="result-capture"]').exists()).toBe(false);
  });
});

describe("the camera's height on the result screen", () => {
  const capture = {
    views: ['front'],
    frames: { front: 1, side: 0 },
    height_source: 'typed',
    typed_height_cm: 162,
    camera_height_cm: 171.43,
    clothing: 'regular',
    clothing_source: 'staff',
    shoes: null,
  } as const;
  const disagrees = { code: 'height_disagrees_with_camera', message: 'The typed height (162.0 cm) is 9.4 cm below …' };
  const stubs = { AvatarViewer: true };

  it('offers staff the camera’s height in the customer’s units when it disagrees with the typed one, and rescans with it', async () => {
    const flow = useScanFlowStore();
    flow.session.avatar = avatarAnswer({ warnings: [disagrees], capture: { ...capture, views: [...capture.views] } });
    const english = mount(ResultView, { global: { plugins: [pinia, createKioskI18n('en')], stubs } });
    const button = english.get('[data-testid="result-use-camera-height"]');
    expect(button.text()).toBe('Use the camera’s height (171.4 cm) instead');
    flow.setUnits('in');
    await flushPromises();
    expect(english.get('[data-testid="result-use-camera-height"]').text()).toBe('Use the camera’s height (67.5 in) instead');
    const german = mount(ResultView, { global: { plugins: [pinia, createKioskI18n('de')], stubs } });
    expect(german.get('[data-testid="result-use-camera-height"]').text()).toBe('Stattdessen die Größe der Kamera verwenden (67,5 in)');

    const rescans: unknown[] = [];
    flow.rescanWithCameraHeight = () => {
      rescans.push('rescan');
      return Promise.resolve();
    };
    await english.get('[data-testid="result-use-camera-height"]').trigger('click');
    expect(rescans).toEqual(['rescan']);
  });

  it('offers nothing when the two agree, or when the camera read nothing', () => {
    const flow = useScanFlowStore();
    flow.session.avatar = avatarAnswer({ warnings: [], capture: { ...capture, views: [...capture.views] } });
    expect(
      mount(ResultView, { global: { plugins: [pinia, createKioskI18n('en')], stubs } })
        .find('[data-testid="result-use-camera-height"]')
        .exists(),
    ).toBe(false);
    flow.session.avatar = avatarAnswer({
      warnings: [disagrees],
      capture: { ...capture, views: [...capture.views], camera_height_cm: null },
    });
    expect(
      mount(ResultView, { global: { plugins: [pinia, createKioskI18n('en')], stubs } })
        .find('[data-testid="result-use-camera-height"]')
        .exists(),
    ).toBe(false);
  });
});

describe('the offline banner', () => {
  it('is hidden while the service answers and sync is off or online', async () => {
    service.on('GET', '/api/v1/health', { status: 200, body: healthAnswer() });
    await useServiceStatusStore().refresh();
    expect(mountWith(OfflineBanner).find('[data-testid="offline-banner"]').exists()).toBe(false);
  });

  it('says the kiosk works offline when the sync API reports the bucket unreachable', async () => {
    service.on('GET', '/api/v1/health', { status: 200, body: healthAnswer({ enabled: true, online: true, status: 'ok' }) });
    service.on('GET', '/api/v1/sync', { status: 200, body: { enabled: true, online: false, detail: 'unreachable', queue_length: 3 } });
    await useServiceStatusStore().refresh();
    expect(mountWith(OfflineBanner).get('[data-testid="offline-banner"]').text()).toBe(
      'Working offline: scans are kept on this kiosk and uploaded later.',
    );
  });

  it("falls back to health's sync component on a service without the sync API", async () => {
    service.on('GET', '/api/v1/health', { status: 200, body: healthAnswer({ enabled: true, online: false, status: 'degraded' }) });
    await useServiceStatusStore().refresh();
    expect(useServiceStatusStore().offlineReason).toBe('sync_offline');
  });

  it('says so when the service does not answer at all', async () => {
    service.unreachable = true;
    await useServiceStatusStore().refresh();
    expect(mountWith(OfflineBanner, 'de').get('[data-testid="offline-banner"]').text()).toContain('Der Scanner-Dienst antwortet nicht.');
  });
});

describe('the scan history', () => {
  it("lists a customer's scans newest first and says when there are none", async () => {
    service.on('GET', '/api/v1/avatar/customer-1/history', {
      status: 200,
      body: {
        user_id: 'customer-1',
        count: 2,
        total: 2,
        avatars: [avatarAnswer(), avatarAnswer({ id: 'b', height_cm: 180 })],
        next_before: null,
      },
    });
    service.on('GET', '/api/v1/avatar/nobody/history', { status: 404, body: { detail: 'no avatar', code: 'avatar_not_found' } });
    const wrapper = mountWith(HistoryPanel);
    await wrapper.get('[data-testid="history-query"]').setValue('customer-1');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="history-count"]').text()).toBe('2 scans');
    expect(wrapper.findAll('[data-testid="history-row"]').map((row) => row.findAll('td')[1]!.text())).toEqual(['170.0 cm', '180.0 cm']);
    await wrapper.get('[data-testid="history-query"]').setValue('nobody');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="history-count"]').text()).toBe('No scans for this customer.');
  });

  it('shows a long history a page at a time, older scans on request', async () => {
    service.on('GET', '/api/v1/avatar/walk-in/history', (request) =>
      request.query.get('before') === 'b'
        ? {
            status: 200,
            body: { user_id: 'walk-in', count: 1, total: 3, avatars: [avatarAnswer({ id: 'c', height_cm: 190 })], next_before: null },
          }
        : {
            status: 200,
            body: {
              user_id: 'walk-in',
              count: 2,
              total: 3,
              avatars: [avatarAnswer(), avatarAnswer({ id: 'b', height_cm: 180 })],
              next_before: 'b',
            },
          },
    );
    const wrapper = mountWith(HistoryPanel);
    await wrapper.get('[data-testid="history-query"]').setValue('walk-in');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="history-count"]').text()).toBe('3 scans');
    expect(wrapper.findAll('[data-testid="history-row"]')).toHaveLength(2);
    expect(wrapper.get('[data-testid="history-older"]').text()).toBe('Show older scans (2 of 3 shown)');
    await wrapper.get('[data-testid="history-older"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="history-row"]').map((row) => row.findAll('td')[1]!.text())).toEqual([
      '170.0 cm',
      '180.0 cm',
      '190.0 cm',
    ]);
    expect(wrapper.find('[data-testid="history-older"]').exists()).toBe(false);
  });

  it("erases a customer's data after a confirmation", async () => {
    service.on('GET', '/api/v1/avatar/customer-1/history', {
      status: 200,
      body: { user_id: 'customer-1', count: 1, total: 1, avatars: [avatarAnswer()], next_before: null },
    });
    service.on('DELETE', '/api/v1/avatar/customer-1', {
      status: 200,
      body: { user_id: 'customer-1', avatars_deleted: 1, jobs_deleted: 1, remote: 'sync_off', remote_deletes_queued: 0 },
    });
    const wrapper = mountWith(HistoryPanel);
    await wrapper.get('[data-testid="history-query"]').setValue('customer-1');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    await wrapper.get('[data-testid="history-erase"]').trigger('click');
    expect(service.requestsTo('DELETE', '/api/v1/avatar/customer-1')).toHaveLength(0);
    await wrapper.get('[data-testid="history-erase-confirm"]').trigger('click');
    await flushPromises();
    expect(service.requestsTo('DELETE', '/api/v1/avatar/customer-1')).toHaveLength(1);
    expect(wrapper.get('[data-testid="history-erased"]').text()).toBe('Deleted: 1 scans, 1 jobs.');
  });
});
