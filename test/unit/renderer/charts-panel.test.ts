// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SizeChart, SizeChartSummary } from '../../../src/renderer/src/api/generated/openapi';
import { createKioskI18n } from '../../../src/renderer/src/i18n/kiosk-i18n';
import ChartsPanel from '../../../src/renderer/src/views/staff/ChartsPanel.vue';
import { connectStores, FakeService } from './fake-service';

const summary = (overrides: Partial<SizeChartSummary> = {}): SizeChartSummary => ({
  id: 'generic-men-tops',
  version: 1,
  brand: 'Perfit generic (demo)',
  name: "Generic men's tops",
  category: 'tops',
  gender_line: 'men',
  label_system: 'international',
  dimensions: ['chest', 'waist'],
  size_labels: ['S', 'M', 'L'],
  origin: 'shipped',
  shown_to_customers: true,
  updated_at: '2026-12-03T08:00:00.000Z',
  ...overrides,
});

const chart: SizeChart = {
  format: 'perfit-size-chart/1',
  id: 'acme-tops',
  version: 2,
  brand: 'Acme',
  name: 'Acme tops',
  category: 'tops',
  gender_line: 'men',
  label_system: 'international',
  source: 'Acme size guide',
  sizes: [
    { label: 'M', ranges: { chest: { min_cm: 96, max_cm: 104 } } },
    { label: 'L', ranges: { chest: { min_cm: 104, max_cm: 112 } } },
  ],
};

let service: FakeService;
let pinia: Pinia;

beforeEach(() => {
  localStorage.clear();
  service = new FakeService();
  pinia = connectStores(service);
});

async function mountPanel(locale: 'en' | 'de' = 'en') {
  const wrapper = mount(ChartsPanel, { global: { plugins: [pinia, createKioskI18n(locale)] } });
  await flushPromises();
  return wrapper;
}

async function chooseFile(wrapper: Awaited<ReturnType<typeof mountPanel>>, name: string, text: string): Promise<void> {
  const input = wrapper.get('[data-testid="chart-file"]');
  Object.defineProperty(input.element, 'files', { value: [new File([text], name)], configurable: true });
  await input.trigger('change');
  await flushPromises();
}

describe('the staff garments panel', () => {
  it('lists the charts and lets staff choose which customers see', async () => {
    let shown = true;
    service.on('GET', '/api/v1/size-charts', () => ({ status: 200, body: { count: 1, charts: [summary({ shown_to_customers: shown })] } }));
    service.on('PATCH', '/api/v1/size-charts/generic-men-tops', (request) => {
      shown = (request.body as { shown_to_customers: boolean }).shown_to_customers;
      return { status: 200, body: {} };
    });
    const wrapper = await mountPanel();
    const row = wrapper.get('[data-chart="generic-men-tops"]');
    expect(row.text()).toContain("Generic men's tops");
    expect(row.text()).toContain('S M L');
    expect(row.text()).toContain('Demo chart');
    const box = row.get<HTMLInputElement>('[data-testid="chart-shown"]');
    expect(box.element.checked).toBe(true);
    box.element.checked = false;
    await box.trigger('change');
    await flushPromises();
    expect(service.requestsTo('PATCH', '/api/v1/size-charts/generic-men-tops')[0]!.body).toEqual({ shown_to_customers: false });
    expect(wrapper.get<HTMLInputElement>('[data-testid="chart-shown"]').element.checked).toBe(false);
  });

  it('deletes a chart after staff confirm it, and offers no delete for head office charts', async () => {
    let charts = [
      summary({ id: 'acme-tops', name: 'Acme tops', origin: 'local' }),
      summary({ id: 'central-jeans', name: 'Central jeans', origin: 'central' }),
    ];
    service.on('GET', '/api/v1/size-charts', () => ({ status: 200, body: { count: charts.length, charts } }));
    service.on('DELETE', '/api/v1/size-charts/acme-tops', () => {
      charts = charts.filter((chart) => chart.id !== 'acme-tops');
      return { status: 204, body: null };
    });
    const wrapper = await mountPanel();
    expect(wrapper.get('[data-chart="central-jeans"]').find('[data-testid="chart-delete"]').exists()).toBe(false);
    expect(wrapper.get('[data-chart="central-jeans"]').text()).toContain('hide it instead');

    await wrapper.get('[data-chart="acme-tops"]').get('[data-testid="chart-delete"]').trigger('click');
    expect(service.requestsTo('DELETE', '/api/v1/size-charts/acme-tops')).toHaveLength(0);
    expect(wrapper.get('[data-chart="acme-tops"]').text()).toContain('Delete the chart Acme tops from this kiosk?');
    await wrapper.get('[data-testid="chart-delete-confirm"]').trigger('click');
    await flushPromises();
    expect(service.requestsTo('DELETE', '/api/v1/size-charts/acme-tops')).toHaveLength(1);
    expect(wrapper.find('[data-chart="acme-tops"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="charts-message"]').text()).toBe('Deleted Acme tops.');
  });

  it('previews a CSV file checked by the service, then imports it', async () => {
    service.on('GET', '/api/v1/size-charts', { status: 200, body: { count: 0, charts: [] } });
    service.on('POST', '/api/v1/size-charts/preview', { status: 200, body: chart });
    service.on('PUT', '/api/v1/size-charts/acme-tops', { status: 201, body: {} });
    const wrapper = await mountPanel();
    await chooseFile(wrapper, 'acme.CSV', 'size,chest_min_cm,chest_max_cm\n');
    expect(service.requestsTo('POST', '/api/v1/size-charts/preview')[0]!.body).toEqual({
      format: 'csv',
      text: 'size,chest_min_cm,chest_max_cm\n',
    });
    const preview = wrapper.get('[data-testid="chart-preview"]');
    expect(preview.text()).toContain('Acme tops');
    expect(preview.text()).toContain('Chest (cm)');
    expect(preview.text()).toContain('104–112');
    await wrapper.get('[data-testid="chart-import"]').trigger('click');
    await flushPromises();
    expect(service.requestsTo('PUT', '/api/v1/size-charts/acme-tops')[0]!.body).toEqual(chart);
    expect(wrapper.get('[data-testid="charts-message"]').text()).toBe('Imported Acme tops (version 2).');
  });

  it("previews the body ranges in the staff's number format, with a dash where a size leaves a dimension out (German)", async () => {
    const trousers = {
      ...chart,
      sizes: [
        { label: 'M', ranges: { waist: { min_cm: 80.5, max_cm: 86.25 }, hip: { min_cm: 98, max_cm: 104 } } },
        { label: 'L', ranges: { waist: { min_cm: 86.25, max_cm: 92 } } },
      ],
    };
    service.on('GET', '/api/v1/size-charts', { status: 200, body: { count: 0, charts: [] } });
    service.on('POST', '/api/v1/size-charts/preview', { status: 200, body: trousers });
    const wrapper = await mountPanel('de');
    await chooseFile(wrapper, 'acme.json', '{}');
    const rows = wrapper.findAll('[data-testid="chart-preview"] tbody tr').map((row) => row.findAll('td').map((cell) => cell.text()));
    expect(rows).toEqual([
      ['M', '80,5–86,25', '98–104'],
      ['L', '86,25–92', '–'],
    ]);
  });

  it("shows the service's reason when a file is not a valid chart, in German", async () => {
    service.on('GET', '/api/v1/size-charts', { status: 200, body: { count: 0, charts: [] } });
    service.on('POST', '/api/v1/size-charts/preview', {
      status: 400,
      body: { detail: 'Invalid size chart: gender_line must be one of: men, women, unisex', code: 'invalid_chart' },
    });
    const wrapper = await mountPanel('de');
    await chooseFile(wrapper, 'bad.json', '{}');
    expect(wrapper.find('[data-testid="chart-preview"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="charts-message"]').text()).toBe(
      'Nicht ausgeführt: Invalid size chart: gender_line must be one of: men, women, unisex',
    );
  });
});
