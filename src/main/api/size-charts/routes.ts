import type { Router } from '@koa/router';
import type { AvatarRepository } from '../../avatars/avatar-repository.js';
import { findNewestAvatar, type RemoteAvatarSource } from '../../avatars/newest-avatar.js';
import type { Avatar } from '../../avatars/types.js';
import { maxSizeChartBytes, type SizeChart } from '../../sizes/chart-schema.js';
import type { Config } from '../../config.js';
import { SizeChartError } from '../../sizes/errors.js';
import { parseChartText } from '../../sizes/chart-file.js';
import { parseSizeChart } from '../../sizes/parse-chart.js';
import { recommendSizesForAvatar } from '../../sizes/recommend-for-avatar.js';
import { ChartVersionConflictError, type SizeChartRepository, type StoredChart } from '../../sizes/size-chart-repository.js';
import { userIdSchema } from '../avatar/schema.js';
import type { AppState } from '../context.js';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../errors.js';
import { fieldsBodyBytes, readJsonBody } from '../middleware/json-body.js';
import { apiRouter } from '../router.js';

/** A chart's JSON, or a chart file's text inside a JSON string (its quotes and line ends escaped). */
const chartBodyBytes = 2 * maxSizeChartBytes;
import { requireStaffOrApiKey } from '../staff/guard.js';
import { parseRequest } from '../validation.js';
import { presentChartSummary, presentRecommendation, presentStoredChart } from './presenters.js';
import {
  chartIdParamSchema,
  chartPreviewRequestSchema,
  sizeChartSettingsSchema,
  sizesQuerySchema,
  type AvatarSizesBody,
} from './schema.js';

export interface SizeChartRouteDeps {
  config: Config;
  sizeCharts: Pick<SizeChartRepository, 'list' | 'get' | 'put' | 'delete' | 'setShownToCustomers'>;
  avatars: Pick<AvatarRepository, 'latestForUser' | 'artifacts'>;
  /** Another store's customer: their newest avatar in the bucket when none is here (sync.remoteLookup). */
  remoteAvatars?: RemoteAvatarSource;
}

/** Without named charts, a customer scanned with a male or female body model gets that line's charts and the unisex ones. */
function fitsGender(chart: SizeChart, gender: Avatar['gender']): boolean {
  if (chart.gender_line === 'unisex' || gender === 'neutral') return true;
  return chart.gender_line === (gender === 'male' ? 'men' : 'women');
}

export function sizeChartRoutes(deps: SizeChartRouteDeps): Router<AppState> {
  const { config, sizeCharts, avatars } = deps;
  const router = apiRouter();
  const userIdParam = userIdSchema(config.limits.maxUserIdLength);

  const chartOrThrow = (chartId: string): StoredChart => {
    const stored = sizeCharts.get(chartId);
    if (!stored) throw new NotFoundError(`No size chart ${chartId}`, 'chart_not_found');
    return stored;
  };

  router.get('/api/v1/size-charts', (ctx) => {
    const charts = sizeCharts.list().map(presentChartSummary);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { count: charts.length, charts };
  });

  router.get('/api/v1/size-charts/:chart_id', (ctx) => {
    const chartId = parseRequest(chartIdParamSchema, ctx.params['chart_id'], 'Invalid chart_id');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = presentStoredChart(chartOrThrow(chartId));
  });

  router.post('/api/v1/size-charts/preview', requireStaffOrApiKey, async (ctx) => {
    const body = parseRequest(chartPreviewRequestSchema, await readJsonBody(ctx, chartBodyBytes), 'Invalid request');
    try {
      ctx.body = parseChartText(body.text, body.format, 'file');
    } catch (error) {
      if (error instanceof SizeChartError) throw new ValidationError(error.message, error.code);
      throw error;
    }
    ctx.set('Cache-Control', 'no-store');
  });

  router.put('/api/v1/size-charts/:chart_id', requireStaffOrApiKey, async (ctx) => {
    const chartId = parseRequest(chartIdParamSchema, ctx.params['chart_id'], 'Invalid chart_id');
    const raw = await readJsonBody(ctx, chartBodyBytes);
    let chart: SizeChart;
    try {
      chart = parseSizeChart(raw);
    } catch (error) {
      if (error instanceof SizeChartError) throw new ValidationError(error.message, error.code);
      throw error;
    }
    if (chart.id !== chartId)
      throw new ValidationError(
        `Invalid size chart: id: "${chart.id}" differs from the chart_id in the path, "${chartId}"`,
        'invalid_chart',
      );
    let result: ReturnType<SizeChartRepository['put']>;
    try {
      result = sizeCharts.put(chart, 'local');
    } catch (error) {
      if (error instanceof ChartVersionConflictError) throw new ConflictError(error.code, error.message);
      throw error;
    }
    ctx.state.log.info({ chart_id: chart.id, version: chart.version, created: result.created }, 'size chart stored');
    ctx.status = result.created ? 201 : 200;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = presentStoredChart(result.stored);
  });

  router.patch('/api/v1/size-charts/:chart_id', requireStaffOrApiKey, async (ctx) => {
    const chartId = parseRequest(chartIdParamSchema, ctx.params['chart_id'], 'Invalid chart_id');
    const body = parseRequest(sizeChartSettingsSchema, await readJsonBody(ctx, fieldsBodyBytes), 'Invalid request');
    if (!sizeCharts.setShownToCustomers(chartId, body.shown_to_customers))
      throw new NotFoundError(`No size chart ${chartId}`, 'chart_not_found');
    ctx.state.log.info({ chart_id: chartId, shown_to_customers: body.shown_to_customers }, 'size chart setting changed');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = presentStoredChart(chartOrThrow(chartId));
  });

  router.delete('/api/v1/size-charts/:chart_id', requireStaffOrApiKey, (ctx) => {
    const chartId = parseRequest(chartIdParamSchema, ctx.params['chart_id'], 'Invalid chart_id');
    if (!sizeCharts.delete(chartId)) throw new NotFoundError(`No size chart ${chartId}`, 'chart_not_found');
    ctx.state.log.info({ chart_id: chartId }, 'size chart deleted');
    ctx.status = 204;
  });

  router.get('/api/v1/avatar/:user_id/sizes', async (ctx) => {
    const userId = parseRequest(userIdParam, ctx.params['user_id'], 'Invalid user_id');
    const query = parseRequest(sizesQuerySchema, ctx.query, 'Invalid query');
    const named = query.chart.map((id) => chartOrThrow(id).chart);
    const { avatar, source } = await findNewestAvatar({ avatars, remote: deps.remoteAvatars, log: ctx.state.log }, userId);
    const charts =
      query.chart.length > 0
        ? named
        : sizeCharts
            .list()
            .filter((stored) => stored.shownToCustomers && fitsGender(stored.chart, avatar.gender))
            .map((stored) => stored.chart);
    let results: ReturnType<typeof recommendSizesForAvatar>;
    try {
      results = recommendSizesForAvatar(avatar, charts, query.fit);
    } catch (error) {
      if (error instanceof SizeChartError && error.code === 'chart_dimensions_missing')
        throw new UnprocessableError(error.code, error.message);
      throw error;
    }
    const body: AvatarSizesBody = {
      user_id: userId,
      avatar_id: avatar.id,
      avatar_created_at: avatar.createdAt,
      avatar_source: source,
      fit_preference: query.fit,
      recommendations: results.map(({ chart, recommendation }) => presentRecommendation(chart, recommendation)),
    };
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  });

  return router;
}
