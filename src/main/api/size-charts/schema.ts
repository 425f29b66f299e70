import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  chartDimensions,
  chartFormat,
  chartIdPattern,
  fitStyles,
  garmentCategories,
  genderLines,
  labelSystems,
} from '../../sizes/chart-schema.js';
import { fitPreferences } from '../../sizes/recommend.js';
import { chartOrigins } from '../../sizes/size-chart-repository.js';
import { userIdSchema } from '../avatar/schema.js';
import { commonErrorResponses, errorResponse, isoTimestamp, staffTokenHeaderSchema } from '../openapi/common.js';
import * as z from 'zod';
import '../openapi/zod-openapi-extension.js';

/** The most charts one sizes request may name (a POS asking for a whole catalogue page). */
export const maxChartsPerRequest = 60;

const rangeDoc = z
  .object({ min_cm: z.number(), max_cm: z.number() })
  .openapi('SizeRange', { description: 'The body (not garment) range a size is made for, cm' });

/**
 * The chart as documented in OpenAPI. Requests are checked by the chart format's own schema
 * (src/main/sizes/chart-schema.ts, the one source of truth); this mirrors its shape for the document.
 */
export const sizeChartDocSchema = z
  .object({
    format: z.literal(chartFormat),
    id: z.string().openapi({ example: 'acme-mens-tops', description: '1-64 characters: a-z, 0-9, -' }),
    version: z.number().int().min(1).openapi({ description: 'A newer chart of the same id has a higher version', example: 1 }),
    brand: z.string().openapi({ example: 'Acme' }),
    name: z.string().openapi({ example: "Acme men's T-shirts" }),
    category: z.enum(garmentCategories),
    gender_line: z.enum(genderLines),
    label_system: z.enum(labelSystems),
    source: z.string().openapi({ description: 'Where the figures come from' }),
    sizes: z
      .array(z.object({ label: z.string().openapi({ example: 'M' }), ranges: z.partialRecord(z.enum(chartDimensions), rangeDoc) }))
      .openapi({ description: 'Smallest first; every size has the same dimensions; limits never go down from one size to the next' }),
    fit_ease_cm: z
      .partialRecord(z.enum(fitStyles), z.partialRecord(z.enum(chartDimensions), z.number()))
      .optional()
      .openapi({ description: 'Garment ease per fit style, cm (shown, not used to choose)' }),
  })
  .openapi('SizeChart', { description: 'A size chart (docs/size-charts.md). Unknown fields are refused.' });

export const storedSizeChartSchema = z
  .object({
    chart: sizeChartDocSchema,
    origin: z
      .enum(chartOrigins)
      .openapi({ description: '`shipped` with the product, `local` imported on this kiosk, `central` pulled from head office' }),
    shown_to_customers: z.boolean().openapi({ description: 'Whether the kiosk UI shows this garment to customers' }),
    created_at: isoTimestamp,
    updated_at: isoTimestamp,
  })
  .openapi('StoredSizeChart');

export const sizeChartSummarySchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    brand: z.string(),
    name: z.string(),
    category: z.enum(garmentCategories),
    gender_line: z.enum(genderLines),
    label_system: z.enum(labelSystems),
    dimensions: z.array(z.enum(chartDimensions)),
    size_labels: z.array(z.string()),
    origin: z.enum(chartOrigins),
    shown_to_customers: z.boolean(),
    updated_at: isoTimestamp,
  })
  .openapi('SizeChartSummary');

export const sizeChartListSchema = z.object({ count: z.number().int(), charts: z.array(sizeChartSummarySchema) }).openapi('SizeChartList');

export const sizeRecommendationSchema = z
  .object({
    chart_id: z.string(),
    chart_version: z.number().int(),
    brand: z.string(),
    name: z.string(),
    category: z.enum(garmentCategories),
    fit_preference: z.enum(fitPreferences),
    status: z.enum(['fits', 'between_sizes', 'outside_chart']).openapi({
      description:
        '`fits`; `between_sizes`: the runner-up is adjacent with at least 30%; `outside_chart`: below or ' +
        'above the chart is more likely than any size (best_size is then the nearest end size)',
    }),
    best_size: z.string().openapi({ example: 'M' }),
    best_size_probability: z.number().openapi({ description: 'P(the body needs this size), 0-1' }),
    runner_up: z.string().nullable(),
    sizes: z
      .array(z.object({ label: z.string(), probability: z.number() }))
      .openapi({ description: 'Every size in chart order with its probability' }),
    below_chart_probability: z.number(),
    above_chart_probability: z.number(),
    dimensions: z
      .array(
        z.object({
          dimension: z.enum(chartDimensions),
          value_cm: z.number(),
          sd_cm: z.number().nullable(),
          range: rangeDoc,
          fit: z.enum(['tight', 'good', 'loose']),
          off_range_cm: z
            .number()
            .openapi({ description: 'Body minus the nearest limit of the best size’s range: + tight, − loose, 0 inside' }),
        }),
      )
      .openapi({ description: 'The fit of the best size per dimension the chart uses and the avatar has' }),
    missing_dimensions: z
      .array(z.enum(chartDimensions))
      .openapi({ description: 'Chart dimensions the avatar has no measurement for (left out)' }),
    note: z.string().openapi({ description: 'One plain sentence for the customer (English)' }),
  })
  .openapi('SizeRecommendation');

export const avatarSizesSchema = z
  .object({
    user_id: z.string(),
    avatar_id: z.uuid(),
    avatar_created_at: isoTimestamp,
    avatar_source: z.enum(['local', 'remote']).openapi({
      description:
        "`local`: the avatar was scanned on this kiosk. `remote`: none is here, so the customer's newest " +
        'avatar in the central store (scanned in another store) was used.',
    }),
    fit_preference: z.enum(fitPreferences),
    recommendations: z.array(sizeRecommendationSchema),
  })
  .openapi('AvatarSizes');

export type SizeRecommendationBody = z.infer<typeof sizeRecommendationSchema>;
export type AvatarSizesBody = z.infer<typeof avatarSizesSchema>;
export type StoredSizeChartBody = z.infer<typeof storedSizeChartSchema>;
export type SizeChartSummaryBody = z.infer<typeof sizeChartSummarySchema>;

/** PATCH /api/v1/size-charts/{chart_id}: what staff change about a chart on this kiosk without editing it. */
export const sizeChartSettingsSchema = z
  .strictObject(
    {
      shown_to_customers: z
        .boolean({ error: 'shown_to_customers must be true or false' })
        .openapi({ description: 'Whether the kiosk UI shows this garment to customers' }),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.join(', ')}: send shown_to_customers`
          : 'the body must be a JSON object',
    },
  )
  .openapi('SizeChartSettings');

/** POST /api/v1/size-charts/preview: a chart file's text, checked and answered without storing it. */
export const chartPreviewRequestSchema = z
  .strictObject(
    {
      format: z
        .enum(['json', 'csv'], { error: 'format must be json or csv' })
        .openapi({ description: 'How the text is written (docs/size-charts.md)' }),
      text: z.string({ error: 'text must be a string (the file’s contents)' }).min(1, { error: 'text is empty' }),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.join(', ')}: send format and text`
          : 'the body must be a JSON object',
    },
  )
  .openapi('SizeChartPreviewRequest');

export const chartIdParamSchema = z
  .string()
  .regex(chartIdPattern, { error: 'chart_id must be 1 to 64 characters: lower-case letters, digits and "-"' })
  .openapi({ param: { name: 'chart_id', in: 'path', description: 'The chart id' }, example: 'generic-men-tops' });

/** GET /api/v1/avatar/{user_id}/sizes query: `chart` once or repeated (or comma-separated); `fit`. */
export const sizesQuerySchema = z.object({
  chart: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) =>
      value === undefined
        ? []
        : (Array.isArray(value) ? value : [value])
            .flatMap((item) => item.split(','))
            .map((item) => item.trim())
            .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.string().regex(chartIdPattern, { error: 'chart: each chart id is 1 to 64 characters: lower-case letters, digits and "-"' }),
        )
        .max(maxChartsPerRequest, { error: `chart: at most ${maxChartsPerRequest} charts per request` }),
    ),
  fit: z.enum(fitPreferences, { error: `fit must be one of: ${fitPreferences.join(', ')}` }).default('regular'),
});

/** The same query as the document shows it: `chart` as one comma-separated string (clients may also repeat it). */
const sizesQueryDocSchema = z.object({
  chart: z
    .string()
    .optional()
    .openapi({
      param: {
        name: 'chart',
        in: 'query',
        description:
          `Chart ids, comma-separated (or the parameter repeated), at most ${maxChartsPerRequest}; none: the ` +
          `charts shown to customers of the avatar's gender line (men or women, and unisex; all for the neutral body model)`,
      },
      example: 'generic-men-tops,generic-men-trousers',
    }),
  fit: z
    .enum(fitPreferences)
    .optional()
    .openapi({
      param: {
        name: 'fit',
        in: 'query',
        description: 'Fit preference: snug, regular (default) or loose; moves the recommendation as docs/size-charts.md says',
      },
    }),
});

export function registerSizeChartPaths(registry: OpenAPIRegistry, maxUserIdLength: number): void {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const chartParam = z.object({ chart_id: chartIdParamSchema });
  const staffOnly = errorResponse(
    'A staff action: without a live X-Staff-Token or the API key, code `staff_required` (or ' +
      '`staff_session_expired`); a wrong API key, `unauthorized`',
  );
  const staffHeader = staffTokenHeaderSchema;

  registry.registerPath({
    method: 'get',
    path: '/api/v1/size-charts',
    operationId: 'listSizeCharts',
    tags: ['sizes'],
    summary: '(ours) The size charts on this kiosk',
    responses: { 200: { description: 'Every chart, by id', ...json(sizeChartListSchema) }, ...commonErrorResponses },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/size-charts/{chart_id}',
    operationId: 'getSizeChart',
    tags: ['sizes'],
    summary: '(ours) One size chart',
    request: { params: chartParam },
    responses: {
      200: { description: 'The chart', ...json(storedSizeChartSchema) },
      400: errorResponse('Invalid chart_id: code `invalid_request`'),
      404: errorResponse('No such chart: code `chart_not_found`'),
      ...commonErrorResponses,
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/size-charts/{chart_id}',
    operationId: 'putSizeChart',
    tags: ['sizes'],
    summary: '(ours) Create or replace a size chart (staff or API key)',
    description:
      "The body is the chart; its `id` must be the path's. A stored chart of a higher version is not " +
      'replaced (409). Answers 201 when new, 200 when replaced.',
    request: { params: chartParam, headers: staffHeader, body: { required: true, ...json(sizeChartDocSchema) } },
    responses: {
      200: { description: 'Replaced', ...json(storedSizeChartSchema) },
      201: { description: 'Created', ...json(storedSizeChartSchema) },
      400: errorResponse('Not a valid chart; the detail names each bad field (`invalid_chart`), or malformed JSON (`invalid_json`)'),
      409: errorResponse('The stored chart has a higher version: code `chart_version_older`'),
      413: errorResponse('Body too large: code `payload_too_large`'),
      415: errorResponse('Body is not JSON: code `unsupported_media_type`'),
      ...commonErrorResponses,
      401: staffOnly,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/size-charts/preview',
    operationId: 'previewSizeChart',
    tags: ['sizes'],
    summary: '(ours) Check a chart file before importing it (staff or API key)',
    description:
      'Parses a JSON or CSV chart as an import would and answers it as JSON; nothing is stored. Import it ' +
      'with PUT /api/v1/size-charts/{chart_id}.',
    request: { headers: staffHeader, body: { required: true, ...json(chartPreviewRequestSchema) } },
    responses: {
      200: { description: 'The chart the file describes', ...json(sizeChartDocSchema) },
      400: errorResponse(
        'Not a valid chart: `invalid_chart` or `invalid_chart_csv`, naming the field or line; a bad body ' +
          '`invalid_request` or `invalid_json`',
      ),
      ...commonErrorResponses,
      401: staffOnly,
    },
  });
  registry.registerPath({
    method: 'patch',
    path: '/api/v1/size-charts/{chart_id}',
    operationId: 'patchSizeChart',
    tags: ['sizes'],
    summary: '(ours) Choose whether customers see a chart (staff or API key)',
    request: { params: chartParam, headers: staffHeader, body: { required: true, ...json(sizeChartSettingsSchema) } },
    responses: {
      200: { description: 'The chart with its new setting', ...json(storedSizeChartSchema) },
      400: errorResponse('Invalid body or chart_id: code `invalid_request` or `invalid_json`'),
      404: errorResponse('No such chart: code `chart_not_found`'),
      ...commonErrorResponses,
      401: staffOnly,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/size-charts/{chart_id}',
    operationId: 'deleteSizeChart',
    tags: ['sizes'],
    summary: '(ours) Delete a size chart (staff or API key)',
    request: { params: chartParam, headers: staffHeader },
    responses: {
      204: { description: 'Deleted' },
      400: errorResponse('Invalid chart_id: code `invalid_request`'),
      404: errorResponse('No such chart: code `chart_not_found`'),
      ...commonErrorResponses,
      401: staffOnly,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/avatar/{user_id}/sizes',
    operationId: 'getAvatarSizes',
    tags: ['sizes'],
    summary: "(ours) The customer's sizes in one or more charts",
    description:
      "For the customer's newest avatar on this kiosk: per chart, the best size and the runner-up, a " +
      "probability per size from each measurement's SD, " +
      'the fit per dimension and a plain note (docs/size-charts.md says how).',
    request: {
      params: z.object({ user_id: userIdSchema(maxUserIdLength).openapi({ param: { name: 'user_id', in: 'path' } }) }),
      query: sizesQueryDocSchema,
    },
    responses: {
      200: { description: 'One recommendation per chart, in the order asked', ...json(avatarSizesSchema) },
      400: errorResponse('Invalid user_id, chart id or fit: code `invalid_request`'),
      404: errorResponse('The customer has no avatar (`avatar_not_found`) or a chart is unknown (`chart_not_found`)'),
      422: errorResponse('A chart sizes by dimensions the avatar has none of: code `chart_dimensions_missing`'),
      ...commonErrorResponses,
    },
  });
}
