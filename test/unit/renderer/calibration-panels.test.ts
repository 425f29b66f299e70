// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent } from 'vue';
import type { CalibrationStatus, Health } from '../../../src/renderer/src/api/generated/openapi';
import { createKioskI18n } from '../../../src/renderer/src/i18n/kiosk-i18n';
import { useApiStore } from '../../../src/renderer/src/stores/api';
import CalibrationPanel from '../../../src/renderer/src/views/staff/CalibrationPanel.vue';
import StatusPanel from '../../../src/renderer/src/views/staff/StatusPanel.vue';
import ResultView from '../../../src/renderer/src/views/ResultView.vue';
import { useScanFlowStore } from '../../../src/renderer/src/stores/scan-flow';
import { avatarAnswer, healthAnswer } from './api-factories';
import { connectStores, FakeService } from './fake-service';

const calibratedAt = '2026-11-20T10:15:00.000Z';
const calibrated: CalibrationStatus = {
  state: 'ok',
  detail: 'Calibrated',
  calibration: {
    id: '0b7e4c52-43a4-4d5e-9a55-8f0d1c2b3a4e',
    method: 'person',
    calibrated_at: calibratedAt,
    camera: {
      height_cm: 123.4,
      tilt_deg: 0,
      tilt_source: 'assumed_level',
      focal_px: 1372.5,
      vertical_fov_deg: 50,
      image_width: 720,
      image_height: 1280,
    },
    reference: {
      person_height_cm: 176,
      sole_cm: 0,
      floor_distance_cm: 300,
      floor_line_share: 0.86,
      background_edge_share: 0.58,
      views: [{ view: 'front', top_y: 300, floor_y: 1100, camera_height_cm: 123.4 }],
    },
  },
  floor_drift_share: null,
  checked_scans: 0,
  tilt_change_deg: null,
};

function healthWithCalibration(state: 'missing' | 'ok' | 'stale'): Health {
  const health = healthAnswer();
  const status = state === 'ok' ? 'ok' : state === 'missing' ? 'disabled' : 'degraded';
  return {
    ...health,
    components: {
      ...health.components,
      calibration: {
        status,
        detail: 'service words',
        state,
        calibrated_at: state === 'missing' ? null : calibratedAt,
        stale: state === 'stale',
      },
    },
  } as Health;
}

/** The live camera stood in for: happy-dom has no getUserMedia; grab() answers a frame as the real one does. */
const FakeCamera = defineComponent({
  setup(_props, { expose }) {
    expose({ grab: () => 'data:image/jpeg;base64,/9j/AAAA' });
    return () => null;
  },
});

let service: FakeService;
let pinia: Pinia;
beforeEach(() => {
  localStorage.clear();
  service = new FakeService();
  pinia = connectStores(service);
  // A signed-in staff member: the client sends the session's token on every call.
  useApiStore().requireClient().setStaffToken('staff-token');
});

describe('the staff status screen', () => {
  for (const locale of ['en', 'de'] as const) {
    it(`shows the calibration with its date, and warns when it is missing or the camera moved (${locale})`, async () => {
      for (const state of ['ok', 'missing', 'stale'] as const) {
        service.on('GET', '/api/v1/health', { status: 200, body: healthWithCalibration(state) });
        const wrapper = mount(StatusPanel, { global: { plugins: [pinia, createKioskI18n(locale)] } });
        await flushPromises();
        const card = wrapper.get('[data-testid="calibration-status"]');
        expect(card.attributes('data-state')).toBe(state);
        expect(wrapper.find('[data-testid="calibration-date"]').exists()).toBe(state !== 'missing');
        if (state !== 'missing')
          expect(card.text()).toContain(
            new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(calibratedAt)),
          );
        expect(card.find('[role="alert"]').exists()).toBe(state !== 'ok');
        if (state === 'stale') expect(card.text()).toMatch(locale === 'en' ? /camera has moved/ : /Kamera wurde bewegt/);
        wrapper.unmount();
      }
    });
  }
});

describe('calibrating from the staff settings', () => {
  const mountPanel = async () => {
    const wrapper = mount(CalibrationPanel, { global: { plugins: [pinia, createKioskI18n('en')], stubs: { LiveCamera: FakeCamera } } });
    await flushPromises();
    return wrapper;
  };

  it('takes the front and side photos and sends them with the measured height and the staff token', async () => {
    service.on('GET', '/api/v1/calibration', { status: 200, body: { ...calibrated, state: 'missing', calibration: null } });
    service.on('POST', '/api/v1/calibration', { status: 201, body: calibrated });
    const wrapper = await mountPanel();
    expect(wrapper.get('[data-testid="calibration-current"]').text()).toContain('Not calibrated');
    expect(wrapper.find('[data-testid="calibration-edge"]').exists()).toBe(false);
    await wrapper.get('[data-testid="calibration-height"]').setValue('176');
    await wrapper.get('[data-testid="calibration-sole"]').setValue('2.5');
    await wrapper.get('[data-testid="calibration-start"]').trigger('click');
    await wrapper.get('[data-testid="calibration-take-front"]').trigger('click');
    await wrapper.get('[data-testid="calibration-take-side"]').trigger('click');
    await flushPromises();
    const [sent] = service.requestsTo('POST', '/api/v1/calibration');
    expect(sent!.body).toEqual({
      method: 'person',
      image: 'data:image/jpeg;base64,/9j/AAAA',
      side_image: 'data:image/jpeg;base64,/9j/AAAA',
      person_height_cm: 176,
      sole_cm: 2.5,
    });
    expect(sent!.headers.get('x-staff-token')).toBe('staff-token');
    expect(wrapper.get('[data-testid="calibration-outcome"]').text()).toBe('Calibrated: camera 123.4 cm above the floor.');
    expect(wrapper.get('[data-testid="calibration-current"]').text()).toContain('Camera 123.4 cm above the floor');
    expect(wrapper.get('[data-testid="calibration-edge"]').attributes('data-found')).toBe('true');
    expect(wrapper.get('[data-testid="calibration-edge"]').text()).toContain("checks the camera's tilt against the edge in the background");
  });

  for (const [locale, turned, cameraHeight] of [
    ['en', 'turned 0.4° down since calibration', 'Camera 123.4 cm above the floor'],
    ['de', 'um 0,4° nach unten geneigt', 'Kamera 123,4 cm über dem Boden'],
  ] as const) {
    it(`tells staff how far the recent scans found the camera turned since calibration, from a tenth of a degree (${locale})`, async () => {
      service.on('GET', '/api/v1/calibration', { status: 200, body: { ...calibrated, checked_scans: 4, tilt_change_deg: -0.43 } });
      const wrapper = mount(CalibrationPanel, {
        global: { plugins: [pinia, createKioskI18n(locale)], stubs: { LiveCamera: FakeCamera } },
      });
      await flushPromises();
      expect(wrapper.get('[data-testid="calibration-edge"]').text()).toContain(turned);
      // In the staff's language's number format.
      expect(wrapper.get('[data-testid="calibration-current"]').text()).toContain(cameraHeight);
      wrapper.unmount();
      service.on('GET', '/api/v1/calibration', { status: 200, body: { ...calibrated, checked_scans: 4, tilt_change_deg: 0.04 } });
      const steady = mount(CalibrationPanel, { global: { plugins: [pinia, createKioskI18n(locale)], stubs: { LiveCamera: FakeCamera } } });
      await flushPromises();
      expect(steady.get('[data-testid="calibration-edge"]').text()).not.toContain('0.0°');
      expect(steady.get('[data-testid="calibration-edge"]').text()).not.toMatch(/turned|geneigt und/);
      steady.unmount();
    });
  }

  it("asks for a height in range before opening the camera, and shows the service's reason when the photos cannot calibrate", async () => {
    service.on('GET', '/api/v1/calibration', { status: 200, body: calibrated });
    service.on('POST', '/api/v1/calibration', {
      status: 422,
      body: { code: 'calibration_photo_rejected', detail: 'The front photo cannot calibrate the camera (feet_out_of_frame)' },
    });
    const wrapper = await mountPanel();
    await wrapper.get('[data-testid="calibration-height"]').setValue('60');
    await wrapper.get('[data-testid="calibration-start"]').trigger('click');
    expect(wrapper.find('[data-testid="calibration-take-front"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="calibration-outcome"]').text()).toMatch(/between 120 and 220 cm/);
    await wrapper.get('[data-testid="calibration-height"]').setValue('181');
    await wrapper.get('[data-testid="calibration-start"]').trigger('click');
    await wrapper.get('[data-testid="calibration-take-front"]').trigger('click');
    await wrapper.get('[data-testid="calibration-skip-side"]').trigger('click');
    await flushPromises();
    expect(service.requestsTo('POST', '/api/v1/calibration')[0]!.body).not.toHaveProperty('side_image');
    expect(wrapper.get('[data-testid="calibration-outcome"]').text()).toMatch(/Not calibrated: .*feet_out_of_frame/);
  });
});

describe('calibrating with the printed floor marker from the staff settings', () => {
  // The part of the service's OpenAPI document the panel reads the marker sizes from, with bounds
  // other than the service's so a panel that hard-coded them would fail.
  const openApiDocument = {
    openapi: '3.1.0',
    components: { schemas: { MarkerCalibrationRequest: { properties: { marker_size_cm: { minimum: 12, maximum: 80 } } } } },
  };
  const markerCalibrated: CalibrationStatus = {
    state: 'ok',
    detail: 'Calibrated',
    calibration: {
      id: '5d1f7a0e-7c1b-4d8e-8a3f-2b9c0e4d6f1a',
      method: 'marker',
      calibrated_at: calibratedAt,
      camera: { ...calibrated.calibration!.camera, height_cm: 131.2, tilt_deg: -2.4, tilt_source: 'measured' },
      reference: {
        marker_size_cm: 22,
        marker_id: 0,
        corners: [
          { x: 300, y: 1100 },
          { x: 420, y: 1100 },
          { x: 430, y: 1150 },
          { x: 290, y: 1150 },
        ],
        roll_deg: 0.3,
        reprojection_error_px: 0.1,
        floor_distance_cm: 310,
        floor_line_share: 0.86,
        background_edge_share: null,
      },
    },
    floor_drift_share: null,
    checked_scans: 0,
    tilt_change_deg: null,
  };
  const mountPanel = async (locale: 'en' | 'de' = 'en') => {
    service.on('GET', '/api/v1/calibration', { status: 200, body: { ...calibrated, state: 'missing', calibration: null } });
    service.on('GET', '/api/v1/openapi.json', { status: 200, body: openApiDocument });
    const wrapper = mount(CalibrationPanel, { global: { plugins: [pinia, createKioskI18n(locale)], stubs: { LiveCamera: FakeCamera } } });
    await flushPromises();
    return wrapper;
  };

  it('switches between the two methods, each with its own inputs', async () => {
    const wrapper = await mountPanel();
    expect(wrapper.get('[data-testid="calibration-method-person"]').attributes('aria-pressed')).toBe('true');
    expect(wrapper.find('[data-testid="calibration-marker-size"]').exists()).toBe(false);
    await wrapper.get('[data-testid="calibration-method-marker"]').trigger('click');
    expect(wrapper.get('[data-testid="calibration-method-marker"]').attributes('aria-pressed')).toBe('true');
    expect(wrapper.find('[data-testid="calibration-height"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="calibration-marker-size"]').attributes()).toMatchObject({ min: '12', max: '80' });
    await wrapper.get('[data-testid="calibration-method-person"]').trigger('click');
    expect(wrapper.find('[data-testid="calibration-height"]').exists()).toBe(true);
    expect(wrapper.get('[role="group"]').attributes('aria-label')).toBe('Calibration method');
  });

  it("clears a method's refusal when the other method is chosen", async () => {
    const wrapper = await mountPanel();
    await wrapper.get('[data-testid="calibration-start"]').trigger('click');
    expect(wrapper.find('[data-testid="calibration-outcome"]').exists()).toBe(true);
    await wrapper.get('[data-testid="calibration-method-marker"]').trigger('click');
    expect(wrapper.find('[data-testid="calibration-outcome"]').exists()).toBe(false);
  });

  it("refuses a marker size outside the API schema's limits before opening the camera", async () => {
    const wrapper = await mountPanel();
    await wrapper.get('[data-testid="calibration-method-marker"]').trigger('click');
    for (const size of ['11.9', '80.5', '']) {
      await wrapper.get('[data-testid="calibration-marker-size"]').setValue(size);
      await wrapper.get('[data-testid="calibration-start"]').trigger('click');
      expect(wrapper.find('[data-testid="calibration-take-marker"]').exists()).toBe(false);
      expect(wrapper.get('[data-testid="calibration-outcome"]').text()).toBe('Enter the side of the black square between 12 and 80 cm.');
    }
    await wrapper.get('[data-testid="calibration-marker-size"]').setValue('12');
    await wrapper.get('[data-testid="calibration-start"]').trigger('click');
    expect(wrapper.find('[data-testid="calibration-take-marker"]').exists()).toBe(true);
  });

  it('sends one photo with the measured marker size and the staff token, and shows the camera height and tilt', async () => {
    service.on('POST', '/api/v1/calibration', { status: 201, body: markerCalibrated });
    const wrapper = await mountPanel();
    await wrapper.get('[data-testid="calibration-method-marker"]').trigger('click');
    await wrapper.get('[data-testid="calibration-marker-size"]').setValue('21.8');
    await wrapper.get('[data-testid="calibration-start"]').trigger('click');
    await wrapper.get('[data-testid="calibration-take-marker"]').trigger('click');
    await flushPromises();
    const sent = service.requestsTo('POST', '/api/v1/calibration');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual({ method: 'marker', image: 'data:image/jpeg;base64,/9j/AAAA', marker_size_cm: 21.8 });
    expect(sent[0]!.headers.get('x-staff-token')).toBe('staff-token');
    expect(wrapper.get('[data-testid="calibration-outcome"]').text()).toBe('Calibrated: camera 131.2 cm above the floor, tilted -2.4°.');
    expect(wrapper.get('[data-testid="calibration-current"]').text()).toContain('Camera 131.2 cm above the floor');
    // The marker's photo showed no edge in the background: staff are told what a drooping camera then costs.
    expect(wrapper.get('[data-testid="calibration-edge"]').attributes('data-found')).toBe('false');
    expect(wrapper.get('[data-testid="calibration-edge"]').text()).toContain('No horizontal edge in the background');
  });

  it("shows the marker's tilt to the hundredth the service gives, in German's number format", async () => {
    const camera = { ...markerCalibrated.calibration!.camera, height_cm: 118, tilt_deg: -2.48 };
    service.on('POST', '/api/v1/calibration', {
      status: 201,
      body: { ...markerCalibrated, calibration: { ...markerCalibrated.calibration!, camera } },
    });
    const wrapper = await mountPanel('de');
    await wrapper.get('[data-testid="calibration-method-marker"]').trigger('click');
    await wrapper.get('[data-testid="calibration-marker-size"]').setValue('22');
    await wrapper.get('[data-testid="calibration-start"]').trigger('click');
    await wrapper.get('[data-testid="calibration-take-marker"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="calibration-outcome"]').text()).toBe(
      'Kalibriert: Kamera 118,0 cm über dem Boden, um -2,48° geneigt.',
    );
  });

  it('cannot check the size, and says so, when the service does not give its OpenAPI document', async () => {
    service.on('GET', '/api/v1/calibration', { status: 200, body: calibrated });
    service.on('GET', '/api/v1/openapi.json', { status: 500, body: { detail: 'boom', code: 'internal' } });
    const wrapper = mount(CalibrationPanel, { global: { plugins: [pinia, createKioskI18n('en')], stubs: { LiveCamera: FakeCamera } } });
    await flushPromises();
    await wrapper.get('[data-testid="calibration-method-marker"]').trigger('click');
    await wrapper.get('[data-testid="calibration-marker-size"]').setValue('22');
    await wrapper.get('[data-testid="calibration-start"]').trigger('click');
    expect(wrapper.find('[data-testid="calibration-take-marker"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="calibration-outcome"]').text()).toMatch(/did not say which marker sizes/);
  });

  const refusals = {
    calibration_marker_not_found: { en: /no marker in the photo/, de: /keine Bodenmarke im Foto/ },
    calibration_marker_too_small: { en: /too small in the photo\. Print it larger/, de: /zu klein\. Drucken Sie sie größer/ },
    calibration_unsolvable: { en: /corners fit no camera/, de: /passen zu keiner Kamera/ },
    calibration_out_of_range: { en: /too low, too high or tilted too far/, de: /zu tief, zu hoch oder zu stark geneigt/ },
  } as const;
  for (const locale of ['en', 'de'] as const) {
    it(`explains each of the service's marker refusals in words of its own (${locale})`, async () => {
      for (const [code, words] of Object.entries(refusals)) {
        service.on('POST', '/api/v1/calibration', { status: 422, body: { code, detail: `service words for ${code}` } });
        const wrapper = await mountPanel(locale);
        await wrapper.get('[data-testid="calibration-method-marker"]').trigger('click');
        await wrapper.get('[data-testid="calibration-marker-size"]').setValue('22');
        await wrapper.get('[data-testid="calibration-start"]').trigger('click');
        await wrapper.get('[data-testid="calibration-take-marker"]').trigger('click');
        await flushPromises();
        const outcome = wrapper.get('[data-testid="calibration-outcome"]').text();
        expect(outcome).toMatch(words[locale]);
        expect(outcome).not.toContain('service words');
        wrapper.unmount();
      }
    });
  }

  it("shows the service's detail for a refusal that has no words of its own", async () => {
    service.on('POST', '/api/v1/calibration', {
      status: 409,
      body: { code: 'calibration_busy', detail: 'A calibration is already running' },
    });
    const wrapper = await mountPanel();
    await wrapper.get('[data-testid="calibration-method-marker"]').trigger('click');
    await wrapper.get('[data-testid="calibration-marker-size"]').setValue('22');
    await wrapper.get('[data-testid="calibration-start"]').trigger('click');
    await wrapper.get('[data-testid="calibration-take-marker"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="calibration-outcome"]').text()).toBe('Not calibrated: A calibration is already running');
  });
});

describe('the result screen with a calibrated camera', () => {
  for (const [locale, words] of [
    ['en', /ask staff to confirm your height/],
    ['de', /vom Personal bestätigen/],
  ] as const) {
    it(`asks the customer to have staff confirm a height the camera disagrees with (${locale})`, () => {
      useScanFlowStore().session.avatar = avatarAnswer({
        warnings: [{ code: 'height_disagrees_with_camera', message: 'The typed height (178.0 cm) is 9.0 cm below…' }],
      });
      const wrapper = mount(ResultView, { global: { plugins: [pinia, createKioskI18n(locale)], stubs: { AvatarViewer: true } } });
      expect(wrapper.get('[data-testid="warning-height_disagrees_with_camera"]').text()).toMatch(words);
    });
  }
});
