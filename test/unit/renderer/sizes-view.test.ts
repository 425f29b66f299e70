// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Avatar, AvatarSizes, SizeRecommendation } from '../../../src/renderer/src/api/generated/openapi';
import { createKioskI18n } from '../../../src/renderer/src/i18n/kiosk-i18n';
import type { SupportedLocale } from '../../../src/renderer/src/i18n/locales';
import { fitLineOf } from '../../../src/renderer/src/sizes/fit-line';
import { useScanFlowStore } from '../../../src/renderer/src/stores/scan-flow';
import SizesView from '../../../src/renderer/src/views/SizesView.vue';
import { avatarAnswer } from './api-factories';
import { connectStores, FakeService } from './fake-service';

function recommendation(overrides: Partial<SizeRecommendation> = {}): SizeRecommendation {
  return {
    chart_id: 'generic-men-tops',
    chart_version: 1,
    brand: 'Perfit generic (demo)',
    name: "Generic men's tops",
    category: 'tops',
    fit_preference: 'regular',
    status: 'fits',
    best_size: 'M',
    best_size_probability: 0.8712,
    runner_up: 'L',
    sizes: [
      { label: 'M', probability: 0.8712 },
      { label: 'L', probability: 0.1288 },
    ],
    below_chart_probability: 0,
    above_chart_probability: 0,
    dimensions: [
      { dimension: 'chest', value_cm: 101, sd_cm: 2, range: { min_cm: 99.5, max_cm: 105.5 }, fit: 'good', off_range_cm: 0 },
      { dimension: 'waist', value_cm: 88, sd_cm: 2, range: { min_cm: 85.5, max_cm: 94 }, fit: 'good', off_range_cm: 0 },
    ],
    missing_dimensions: [],
    note: 'M fits with 87% probability in Generic men’s tops.',
    ...overrides,
  };
}

/** An avatar's capture record whose stature nobody typed or measured. */
const guessedCapture: NonNullable<Avatar['capture']> = {
  views: ['front'],
  frames: { front: 1, side: 0 },
  height_source: 'survey_mean',
  typed_height_cm: null,
  camera_height_cm: null,
  clothing: 'regular',
  clothing_source: 'staff',
  shoes: null,
};

let service: FakeService;
let pinia: Pinia;

function sizesAnswer(recommendations: SizeRecommendation[]): AvatarSizes {
  return {
    user_id: 'customer-7',
    avatar_id: avatarAnswer().id,
    avatar_created_at: '2026-12-03T08:00:00.000Z',
    avatar_source: 'local',
    fit_preference: 'regular',
    recommendations,
  };
}

async function mountSizes(locale: SupportedLocale = 'en') {
  const flow = useScanFlowStore();
  flow.session.customerRef = 'customer-7';
  flow.session.avatar = avatarAnswer();
  const wrapper = mount(SizesView, { global: { plugins: [pinia, createKioskI18n(locale)] } });
  await flushPromises();
  return wrapper;
}

beforeEach(() => {
  localStorage.clear();
  service = new FakeService();
  pinia = connectStores(service);
});

describe('the "Your sizes" screen', () => {
  it("shows each garment staff chose with its size, probability and fit line, for the customer's newest avatar", async () => {
    service.on('GET', '/api/v1/avatar/customer-7/sizes', {
      status: 200,
      body: sizesAnswer([
        recommendation(),
        recommendation({
          chart_id: 'generic-men-trousers',
          category: 'trousers',
          name: "Generic men's trousers",
          status: 'between_sizes',
          best_size: 'L',
          best_size_probability: 0.55,
          runner_up: 'XL',
        }),
      ]),
    });
    const wrapper = await mountSizes();
    expect(wrapper.get('h1').text()).toBe('Your sizes');
    const tops = wrapper.get('[data-chart="generic-men-tops"]');
    expect(tops.text()).toContain('Tops');
    expect(tops.get('[data-testid="garment-size"]').text()).toBe('M');
    expect(tops.get('[data-testid="garment-probability"]').text()).toBe('87% likely');
    expect(tops.get('[data-testid="garment-fit"]').text()).toBe('Good fit');
    const trousers = wrapper.get('[data-chart="generic-men-trousers"]');
    expect(trousers.get('[data-testid="garment-fit"]').text()).toBe('Between L and XL: L is a little more likely');
  });

  it('in German, naming the dimension where the size is close', async () => {
    const close = recommendation({
      dimensions: [
        { dimension: 'chest', value_cm: 106, sd_cm: 2, range: { min_cm: 99.5, max_cm: 105.5 }, fit: 'tight', off_range_cm: 0.5 },
      ],
    });
    service.on('GET', '/api/v1/avatar/customer-7/sizes', { status: 200, body: sizesAnswer([close]) });
    const wrapper = await mountSizes('de');
    expect(wrapper.get('h1').text()).toBe('Ihre Größen');
    expect(wrapper.get('[data-testid="garment-probability"]').text()).toBe('zu 87 % passend');
    expect(wrapper.get('[data-testid="garment-fit"]').text()).toBe('Knapp an: Brustumfang');
    expect(wrapper.text()).toContain('Oberteile');
  });

  it('gives no probability for a body outside the chart, only the nearest size and why', async () => {
    const outside = recommendation({
      status: 'outside_chart',
      best_size: 'XXL',
      best_size_probability: 0.12,
      above_chart_probability: 0.88,
    });
    service.on('GET', '/api/v1/avatar/customer-7/sizes', { status: 200, body: sizesAnswer([outside]) });
    const wrapper = await mountSizes();
    expect(wrapper.get('[data-testid="garment-probability"]').text()).toBe('');
    expect(wrapper.get('[data-testid="garment-fit"]').text()).toBe('Outside this chart: XXL is the nearest size');
  });

  it('gives no probability when a measurement came without an SD (taken as exact, not certain)', async () => {
    const exact = recommendation({
      best_size_probability: 1,
      dimensions: [
        { dimension: 'chest', value_cm: 101, sd_cm: null, range: { min_cm: 99.5, max_cm: 105.5 }, fit: 'good', off_range_cm: 0 },
      ],
    });
    service.on('GET', '/api/v1/avatar/customer-7/sizes', { status: 200, body: sizesAnswer([exact]) });
    expect((await mountSizes()).get('[data-testid="garment-probability"]').text()).toBe('No estimate of how likely');
  });

  it('says so when no garment is set up, and when the sizes cannot be had', async () => {
    service.on('GET', '/api/v1/avatar/customer-7/sizes', { status: 200, body: sizesAnswer([]) });
    expect((await mountSizes()).get('[data-testid="sizes-none"]').text()).toMatch(/No garments are set up/);
    service.on('GET', '/api/v1/avatar/customer-7/sizes', { status: 500, body: { detail: 'boom', code: 'internal_error' } });
    expect((await mountSizes()).get('[data-testid="sizes-failed"]').text()).toMatch(/could not be worked out/);
  });

  it('asks again for the fit the customer likes, and keeps that choice for the rest of the session', async () => {
    const sizeFor = { snug: 'S', regular: 'M', loose: 'L' } as const;
    service.on('GET', '/api/v1/avatar/customer-7/sizes', (request) => {
      const fit = (request.query.get('fit') ?? 'regular') as keyof typeof sizeFor;
      return {
        status: 200,
        body: { ...sizesAnswer([recommendation({ fit_preference: fit, best_size: sizeFor[fit] })]), fit_preference: fit },
      };
    });
    const wrapper = await mountSizes();
    expect(service.requestsTo('GET', '/api/v1/avatar/customer-7/sizes').map((request) => request.query.get('fit'))).toEqual(['regular']);
    expect(wrapper.get('[data-testid="fit-regular"]').attributes('aria-pressed')).toBe('true');
    expect(wrapper.get('[data-testid="garment-size"]').text()).toBe('M');
    expect(wrapper.text()).toContain('How do you like your clothes to fit?');

    await wrapper.get('[data-testid="fit-snug"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="garment-size"]').text()).toBe('S');
    expect(wrapper.get('[data-testid="fit-snug"]').attributes('aria-pressed')).toBe('true');
    expect(useScanFlowStore().session.fitPreference).toBe('snug');
    wrapper.unmount();

    // Back from the measurements: the same preference, asked for again.
    const again = mount(SizesView, { global: { plugins: [pinia, createKioskI18n('de')] } });
    await flushPromises();
    expect(again.get('[data-testid="fit-snug"]').text()).toBe('Eng');
    expect(again.get('[data-testid="fit-snug"]').attributes('aria-pressed')).toBe('true');
    expect(again.get('[data-testid="garment-size"]').text()).toBe('S');
    expect(service.requestsTo('GET', '/api/v1/avatar/customer-7/sizes').map((request) => request.query.get('fit'))).toEqual([
      'regular',
      'snug',
      'snug',
    ]);
  });

  it('never shows sizes under a preference they were not worked out for: a late answer is dropped', async () => {
    let answerRegular: () => void = () => {};
    service.on('GET', '/api/v1/avatar/customer-7/sizes', (request) =>
      request.query.get('fit') === 'loose'
        ? { status: 200, body: sizesAnswer([recommendation({ fit_preference: 'loose', best_size: 'L' })]) }
        : new Promise((resolve) => {
            answerRegular = () => resolve({ status: 200, body: sizesAnswer([recommendation({ best_size: 'M' })]) });
          }),
    );
    const wrapper = await mountSizes();
    expect(wrapper.find('[data-testid="sizes-loading"]').exists()).toBe(true);
    await wrapper.get('[data-testid="fit-loose"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="garment-size"]').text()).toBe('L');
    answerRegular();
    await flushPromises();
    expect(wrapper.get('[data-testid="garment-size"]').text()).toBe('L');
    expect(wrapper.find('[data-testid="sizes-failed"]').exists()).toBe(false);
  });

  it('says the sizes are less certain when the height was guessed, not typed or measured', async () => {
    service.on('GET', '/api/v1/avatar/customer-7/sizes', { status: 200, body: sizesAnswer([recommendation()]) });
    const typed = await mountSizes();
    expect(typed.find('[data-testid="sizes-height-guessed"]').exists()).toBe(false);
    typed.unmount();
    const flow = useScanFlowStore();
    const avatar = avatarAnswer();
    for (const source of ['survey_mean', 'model'] as const) {
      flow.session.avatar = { ...avatar, capture: { ...guessedCapture, height_source: source } };
      const wrapper = mount(SizesView, { global: { plugins: [pinia, createKioskI18n('de')] } });
      await flushPromises();
      expect(wrapper.get('[data-testid="sizes-height-guessed"]').text()).toMatch(/keine Körpergröße eingegeben oder gemessen/);
      wrapper.unmount();
    }
  });

  it('goes back to the measurements and on to the end', async () => {
    service.on('GET', '/api/v1/avatar/customer-7/sizes', { status: 200, body: sizesAnswer([recommendation()]) });
    const flow = useScanFlowStore();
    const wrapper = await mountSizes();
    flow.showSizes();
    expect(flow.screen).toBe('sizes');
    await wrapper.get('[data-testid="sizes-back"]').trigger('click');
    expect(flow.screen).toBe('result');
    await wrapper.get('[data-testid="sizes-done"]').trigger('click');
    expect(flow.screen).toBe('done');
  });
});

describe('fitLineOf', () => {
  it('puts the status first, then close, then roomy dimensions, else a good fit', () => {
    expect(fitLineOf(recommendation({ status: 'outside_chart', best_size: 'XXL' }))).toEqual({
      key: 'sizes.fit.outside',
      values: { best: 'XXL' },
      dimensions: [],
    });
    const mixed = recommendation({
      dimensions: [
        { dimension: 'chest', value_cm: 98, sd_cm: 2, range: { min_cm: 99.5, max_cm: 105.5 }, fit: 'loose', off_range_cm: -1.5 },
        { dimension: 'waist', value_cm: 95, sd_cm: 2, range: { min_cm: 85.5, max_cm: 94 }, fit: 'tight', off_range_cm: 1 },
      ],
    });
    expect(fitLineOf(mixed)).toEqual({ key: 'sizes.fit.close', values: {}, dimensions: ['waist'] });
    expect(fitLineOf(recommendation({ dimensions: [mixed.dimensions[0]!] }))).toEqual({
      key: 'sizes.fit.roomy',
      values: {},
      dimensions: ['chest'],
    });
  });
});
