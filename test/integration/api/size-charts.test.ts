import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../src/main/api/openapi/document.js';
import { makeMeasurements, makeNewAvatar } from '../../factories/avatars.js';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call } from '../../fixtures/api/http.js';
import { responseSchema, validateValue } from '../../fixtures/api/schema-check.js';
import { staffHeaders } from '../../fixtures/api/staff-session.js';
import { handMadeChart } from '../../unit/sizes/chart-factory.js';

const apiKey = 'size-chart-test-key-0123456789';
const document = buildOpenApiDocument() as unknown as Record<string, unknown>;

function expectDocumented(method: string, path: string, response: { status: number; body: unknown }): void {
  expect(validateValue(document, responseSchema(document, method, path, response.status), response.body)).toEqual([]);
}

describe('size chart API', () => {
  let harness: ApiHarness;
  beforeEach(async () => {
    harness = await startApiHarness();
  });
  afterEach(async () => harness.close());

  const put = (chart: unknown, headers: Record<string, string>, id = 'test-tops') =>
    call(`${harness.url}/api/v1/size-charts/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(chart),
    });

  it('lets staff create, replace, read, list and delete a chart, and refuses anyone else', async () => {
    const refused = await put(handMadeChart(), {});
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'staff_required' });
    expect(harness.sizeCharts.get('test-tops')).toBeNull();

    const staff = await staffHeaders(harness.url);
    const created = await put(handMadeChart(), staff);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ chart: handMadeChart(), origin: 'local', shown_to_customers: true });
    expectDocumented('put', '/api/v1/size-charts/{chart_id}', created);

    const replaced = await put(handMadeChart({ version: 2, name: 'Test tops v2' }), staff);
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ chart: { version: 2, name: 'Test tops v2' } });

    const older = await put(handMadeChart({ version: 1 }), staff);
    expect(older.status).toBe(409);
    expect(older.body).toMatchObject({ code: 'chart_version_older' });

    const one = await call(`${harness.url}/api/v1/size-charts/test-tops`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ chart: { id: 'test-tops', version: 2 } });
    expectDocumented('get', '/api/v1/size-charts/{chart_id}', one);

    const list = await call<{ count: number; charts: Array<Record<string, unknown>> }>(`${harness.url}/api/v1/size-charts`);
    expect(list.status).toBe(200);
    expect(list.body.charts).toEqual([
      expect.objectContaining({
        id: 'test-tops',
        version: 2,
        dimensions: ['chest', 'waist'],
        size_labels: ['S', 'M', 'L'],
        origin: 'local',
      }),
    ]);
    expectDocumented('get', '/api/v1/size-charts', list);

    expect((await call(`${harness.url}/api/v1/size-charts/test-tops`, { method: 'DELETE' })).status).toBe(401);
    const deleted = await call(`${harness.url}/api/v1/size-charts/test-tops`, { method: 'DELETE', headers: staff });
    expect(deleted.status).toBe(204);
    const gone = await call(`${harness.url}/api/v1/size-charts/test-tops`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'chart_not_found' });
    expect((await call(`${harness.url}/api/v1/size-charts/test-tops`, { method: 'DELETE', headers: staff })).body).toMatchObject({
      code: 'chart_not_found',
    });
  });

  it('lets staff choose whether customers see a chart', async () => {
    harness.sizeCharts.put(handMadeChart(), 'local');
    const patch = (body: unknown, headers: Record<string, string>, id = 'test-tops') =>
      call(`${harness.url}/api/v1/size-charts/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await patch({ shown_to_customers: false }, {})).status).toBe(401);
    const staff = await staffHeaders(harness.url);
    const hidden = await patch({ shown_to_customers: false }, staff);
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({ shown_to_customers: false, chart: { id: 'test-tops' } });
    expectDocumented('patch', '/api/v1/size-charts/{chart_id}', hidden);
    expect(harness.sizeCharts.get('test-tops')!.shownToCustomers).toBe(false);
    const bad = await patch({ shown: true }, staff);
    expect(bad.status).toBe(400);
    expect((bad.body as { detail: string }).detail).toMatch(/unknown field\(s\) shown: send shown_to_customers/);
    expect((await patch({ shown_to_customers: true }, staff, 'nope')).body).toMatchObject({ code: 'chart_not_found' });
  });

  it('previews a chart file for staff without storing it, naming the line of a CSV mistake', async () => {
    const preview = (body: unknown, headers: Record<string, string>) =>
      call(`${harness.url}/api/v1/size-charts/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const csv =
      '# id: csv-tops\n# version: 1\n# brand: B\n# name: N\n# category: tops\n# gender_line: men\n# label_system: international\n# source: S\nsize,chest_min_cm,chest_max_cm\nM,92,100\n';
    expect((await preview({ format: 'csv', text: csv }, {})).status).toBe(401);
    const staff = await staffHeaders(harness.url);
    const good = await preview({ format: 'csv', text: csv }, staff);
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ id: 'csv-tops', sizes: [{ label: 'M', ranges: { chest: { min_cm: 92, max_cm: 100 } } }] });
    expectDocumented('post', '/api/v1/size-charts/preview', good);
    expect(harness.sizeCharts.get('csv-tops')).toBeNull();
    const bad = await preview({ format: 'csv', text: csv.replace('M,92,100', 'M,9x,100') }, staff);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_chart_csv' });
    expect((bad.body as { detail: string }).detail).toMatch(/line 10: column 2/);
    expect((await preview({ format: 'json', text: '{' }, staff)).body).toMatchObject({ code: 'invalid_chart' });
  });

  it('answers 400 naming the bad field of a chart, and an id that differs from the path', async () => {
    const staff = await staffHeaders(harness.url);
    const misspelt = { ...handMadeChart(), gender: 'men' };
    const bad = await put(misspelt, staff);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_chart' });
    expect((bad.body as { detail: string }).detail).toMatch(/unknown field\(s\) gender/);

    const range = handMadeChart();
    (range.sizes[1]!.ranges as Record<string, unknown>)['chest'] = { min_cm: 100, max_cm: 92 };
    expect(((await put(range, staff)).body as { detail: string }).detail).toMatch(
      /sizes\.1\.ranges\.chest: min_cm must be less than max_cm/,
    );

    const mismatch = await put(handMadeChart(), staff, 'other-id');
    expect(mismatch.status).toBe(400);
    expect((mismatch.body as { detail: string }).detail).toMatch(/id: "test-tops" differs from the chart_id in the path, "other-id"/);

    const badId = await call(`${harness.url}/api/v1/size-charts/Not%20An%20Id`);
    expect(badId.status).toBe(400);
    expect(badId.body).toMatchObject({ code: 'invalid_request' });
  });

  it('recommends sizes for the newest avatar of the customer in several charts', async () => {
    harness.sizeCharts.put(handMadeChart(), 'local');
    harness.sizeCharts.put(
      handMadeChart({
        id: 'test-trousers',
        name: 'Test trousers',
        category: 'trousers',
        sizes: [
          { label: '30', ranges: { waist: { min_cm: 70, max_cm: 78 }, hip: { min_cm: 88, max_cm: 96 } } },
          { label: '32', ranges: { waist: { min_cm: 78, max_cm: 86 }, hip: { min_cm: 96, max_cm: 104 } } },
        ],
      }),
      'local',
    );
    harness.avatars.insert(
      makeNewAvatar({
        userId: 'shopper',
        measurements: makeMeasurements({ chestCircumferenceCm: 110, waistCircumferenceCm: 90 }),
        createdAt: '2026-12-01T09:00:00.000Z',
      }),
      [],
    );
    const newest = harness.avatars.insert(
      makeNewAvatar({
        userId: 'shopper',
        measurements: makeMeasurements({ chestCircumferenceCm: 96, waistCircumferenceCm: 80, hipCircumferenceCm: 100 }),
        createdAt: '2026-12-02T09:00:00.000Z',
      }),
      [],
    );

    const answer = await call<{ avatar_id: string; recommendations: Array<Record<string, unknown>> }>(
      `${harness.url}/api/v1/avatar/shopper/sizes?chart=test-tops&chart=test-trousers`,
    );
    expect(answer.status).toBe(200);
    expectDocumented('get', '/api/v1/avatar/{user_id}/sizes', answer);
    expect(answer.body.avatar_id).toBe(newest.id);
    const [tops, trousers] = answer.body.recommendations;
    // chest 96 ± 1.5 and waist 80 ± 1.5 are well inside M (92-100, 78-86).
    expect(tops).toMatchObject({ chart_id: 'test-tops', best_size: 'M', status: 'fits', fit_preference: 'regular' });
    expect(tops!['best_size_probability']).toBeGreaterThan(0.85);
    expect(trousers).toMatchObject({ chart_id: 'test-trousers', best_size: '32', missing_dimensions: [] });

    const commaSeparated = await call<{ recommendations: unknown[] }>(
      `${harness.url}/api/v1/avatar/shopper/sizes?chart=test-tops,test-trousers&fit=loose`,
    );
    expect(commaSeparated.body.recommendations).toHaveLength(2);
    expect(commaSeparated.body.recommendations[0]).toMatchObject({ fit_preference: 'loose' });

    // No chart named: the charts shown to customers, of the avatar's gender line (female here) and unisex.
    harness.sizeCharts.put(handMadeChart({ id: 'mens-tops', gender_line: 'men' }), 'local');
    harness.sizeCharts.put(handMadeChart({ id: 'womens-tops', gender_line: 'women' }), 'local');
    harness.sizeCharts.setShownToCustomers('test-trousers', false);
    const shown = await call<{ recommendations: Array<{ chart_id: string }> }>(`${harness.url}/api/v1/avatar/shopper/sizes`);
    expect(shown.body.recommendations.map((r) => r.chart_id)).toEqual(['test-tops', 'womens-tops']);
  });

  it('answers 404 for an unknown chart or customer, 422 for a chart without any of the avatar’s measurements, 400 for a bad fit', async () => {
    harness.sizeCharts.put(handMadeChart(), 'local');
    harness.sizeCharts.put(
      handMadeChart({ id: 'heads', sizes: [{ label: 'one', ranges: { height: { min_cm: 150, max_cm: 190 } } }] }),
      'local',
    );
    // An avatar whose measurement list lacks height (the contract columns keep theirs; the recommender reads the list).
    harness.avatars.insert(
      { ...makeNewAvatar({ userId: 'shopper' }), measurements: makeMeasurements().filter((m) => m.name !== 'height') },
      [],
    );

    const unknownChart = await call(`${harness.url}/api/v1/avatar/shopper/sizes?chart=test-tops&chart=nope`);
    expect(unknownChart.status).toBe(404);
    expect(unknownChart.body).toMatchObject({ code: 'chart_not_found' });

    const unknownCustomer = await call(`${harness.url}/api/v1/avatar/nobody/sizes?chart=test-tops`);
    expect(unknownCustomer.status).toBe(404);
    expect(unknownCustomer.body).toMatchObject({ code: 'avatar_not_found' });

    const unusable = await call(`${harness.url}/api/v1/avatar/shopper/sizes?chart=heads`);
    expect(unusable.status).toBe(422);
    expect(unusable.body).toMatchObject({ code: 'chart_dimensions_missing' });
    expect((unusable.body as { detail: string }).detail).toMatch(/sizes by height, and the avatar has none/);

    const badFit = await call(`${harness.url}/api/v1/avatar/shopper/sizes?chart=test-tops&fit=baggy`);
    expect(badFit.status).toBe(400);
    expect((badFit.body as { detail: string }).detail).toMatch(/fit must be one of: snug, regular, loose/);
  });

  it('answers the sizes of a customer called "job" rather than a job lookup', async () => {
    harness.sizeCharts.put(handMadeChart(), 'local');
    harness.avatars.insert(makeNewAvatar({ userId: 'job' }), []);
    const answer = await call(`${harness.url}/api/v1/avatar/job/sizes?chart=test-tops`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ user_id: 'job' });
  });
});

describe('size chart writes with the API key', () => {
  let harness: ApiHarness;
  beforeEach(async () => {
    harness = await startApiHarness({ config: { apiKey } });
  });
  afterEach(async () => harness.close());

  it('accepts the API key for PUT and DELETE', async () => {
    const auth = { authorization: `Bearer ${apiKey}` };
    const created = await call(`${harness.url}/api/v1/size-charts/test-tops`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify(handMadeChart()),
    });
    expect(created.status).toBe(201);
    expect((await call(`${harness.url}/api/v1/size-charts/test-tops`, { method: 'DELETE', headers: auth })).status).toBe(204);
  });
});
