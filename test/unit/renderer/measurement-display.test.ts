// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import MeasurementList from '../../../src/renderer/src/components/MeasurementList.vue';
import { createKioskI18n } from '../../../src/renderer/src/i18n/kiosk-i18n';
import { isRegressed } from '../../../src/renderer/src/measurements/measurement-source';
import { confidenceOf } from '../../../src/renderer/src/measurements/confidence';
import { headlineMeasurementsOf } from '../../../src/renderer/src/measurements/measurement-kinds';
import { cmToInches, formatLength, inchesToCm } from '../../../src/renderer/src/measurements/units';
import { glbSourcesOf } from '../../../src/renderer/src/viewer/mesh-sources';

describe('length units', () => {
  it('converts centimetres to inches by the exact 2.54 cm per inch', () => {
    expect(cmToInches(2.54)).toBe(1);
    expect(cmToInches(100)).toBeCloseTo(39.3701, 4);
    expect(inchesToCm(cmToInches(93.5))).toBeCloseTo(93.5, 10);
  });

  it('formats one decimal in the unit and the locale', () => {
    expect(formatLength(92.44, 'cm', 'en')).toBe('92.4 cm');
    expect(formatLength(92.44, 'in', 'en')).toBe('36.4 in'); // 92.44 / 2.54 = 36.39
    expect(formatLength(92.44, 'cm', 'de')).toBe('92,4 cm');
    expect(formatLength(170, 'cm', 'en')).toBe('170.0 cm');
  });
});

describe('measurement confidence', () => {
  it('grades by the standard deviation relative to the value', () => {
    expect(confidenceOf(100, 2.5)).toBe('high');
    expect(confidenceOf(100, 2.6)).toBe('medium');
    expect(confidenceOf(100, 6)).toBe('medium');
    expect(confidenceOf(100, 6.1)).toBe('low');
  });

  it('says unknown when the pipeline gives no uncertainty or the value is not positive', () => {
    expect(confidenceOf(100, null)).toBe('unknown');
    expect(confidenceOf(0, 1)).toBe('unknown');
  });
});

describe('headline measurements', () => {
  it('keeps the contract nine in reading order and drops the rest', () => {
    const names = ['neck', 'calf', 'height', 'chest_skin', 'chest', 'hip'];
    const picked = headlineMeasurementsOf(names.map((name) => ({ name, value_cm: 1, sd_cm: null, method: 'x' })));
    expect(picked.map((measurement) => measurement.name)).toEqual(['height', 'chest', 'hip', 'neck']);
  });
});

describe('figures estimated from the build', () => {
  const measurements = [
    { name: 'chest', value_cm: 98.2, sd_cm: 2.1, method: 'convex_hull_perimeter' },
    { name: 'inseam', value_cm: 79.4, sd_cm: 1.6, method: 'regressed:crotch_to_ankle' },
    { name: 'thigh', value_cm: 56.3, sd_cm: 2.4, method: 'regressed:convex_hull_perimeter' },
  ];

  it('tells a regressed figure by its method', () => {
    expect(measurements.map(isRegressed)).toEqual([false, true, true]);
    // Only the start counts: a method that merely mentions the word is read from the photos.
    expect(isRegressed({ method: 'convex_hull_perimeter (not regressed:)' })).toBe(false);
  });

  it.each(['en', 'de'] as const)('marks them in the list, with a note on what they rest on (%s)', (locale) => {
    const wrapper = mount(MeasurementList, {
      props: { measurements, unit: 'cm', selected: null },
      global: { plugins: [createKioskI18n(locale)] },
    });
    const row = (name: string) => wrapper.get(`[data-measurement="${name}"]`);
    expect(row('chest').attributes('data-regressed')).toBe('false');
    expect(row('chest').text()).not.toContain(locale === 'en' ? 'Estimated' : 'Geschätzt');
    for (const name of ['inseam', 'thigh']) {
      expect(row(name).attributes('data-regressed')).toBe('true');
      expect(row(name).text()).toContain(locale === 'en' ? 'Estimated' : 'Geschätzt');
    }
    expect(wrapper.get('[data-testid="estimated-note"]').text()).toMatch(
      locale === 'en' ? /not read from the photos/ : /nicht aus den Fotos/,
    );
    wrapper.unmount();
  });

  it('adds no note when every figure was read from the photos', () => {
    const wrapper = mount(MeasurementList, {
      props: { measurements: measurements.slice(0, 1), unit: 'cm', selected: null },
      global: { plugins: [createKioskI18n('en')] },
    });
    expect(wrapper.find('[data-testid="estimated-note"]').exists()).toBe(false);
    wrapper.unmount();
  });
});

describe('where the viewer loads the body from', () => {
  const file = {
    name: 'mesh.glb',
    url: 'https://bucket.example/mesh.glb?sig',
    content_type: 'model/gltf-binary',
    size_bytes: 1,
    sha256: 'x',
  };

  it("tries the kiosk's own file route first (the CSP allows only the kiosk), then the URL the API gave", () => {
    expect(glbSourcesOf({ id: 'a1', mesh_glb_url: 'https://bucket.example/mesh.glb?sig', files: [file] })).toEqual([
      '/api/v1/avatars/a1/files/mesh.glb',
      'https://bucket.example/mesh.glb?sig',
    ]);
  });

  it('uses the given URL alone when this kiosk has no file, and nothing when there is no mesh', () => {
    expect(glbSourcesOf({ id: 'a1', mesh_glb_url: '/api/v1/avatars/a1/files/mesh.glb', files: [file] })).toEqual([
      '/api/v1/avatars/a1/files/mesh.glb',
    ]);
    expect(glbSourcesOf({ id: 'a1', mesh_glb_url: 'https://x/mesh.glb', files: [] })).toEqual(['https://x/mesh.glb']);
    expect(glbSourcesOf({ id: 'a1', mesh_glb_url: null, files: [] })).toEqual([]);
  });
});
