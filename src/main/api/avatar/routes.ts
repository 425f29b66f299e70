import type { Router } from '@koa/router';
import type { AvatarRepository } from '../../avatars/avatar-repository.js';
import type { Config } from '../../config.js';
import { validateBase64Image, type ValidatedImage } from '../../images/validate-image.js';
import type { FaceDetector } from '../../inference/face-detector.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { Job } from '../../jobs/types.js';
import type { Metrics } from '../../metrics.js';
import { acceptScan } from '../../scans/accept-scan.js';
import { shoesInput } from '../../scans/capture-conditions.js';
import type { UploadStore } from '../../storage/uploads.js';
import { requestBaseUrl, type ArtifactUrlResolver } from '../artifacts/urls.js';
import { uncachedAnswers, type AnswerSource } from '../cache/answer-cache.js';
import type { AppContext, AppState } from '../context.js';
import { ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from '../errors.js';
import { CustomerBusyError, type CustomerErasure } from '../../privacy/customer-erasure.js';
import { findNewestAvatar } from '../../avatars/newest-avatar.js';
import type { RemoteAvatarLookup } from '../../storage/sync/remote-avatars.js';
import { readJsonBody } from '../middleware/json-body.js';
import { isUuid, uuidParam } from '../openapi/common.js';
import { requireStaffOrApiKey } from '../staff/guard.js';
import { parseRequest } from '../validation.js';
import { presentAvatar, presentJob } from './presenters.js';
import {
  createAvatarRequestSchema,
  historyQuerySchema,
  userIdSchema,
  type AvatarBody,
  type AvatarHistoryBody,
  type CustomerErasureBody,
} from './schema.js';
import { apiRouter } from '../router.js';

export interface AvatarRouteDeps {
  config: Config;
  queue: Pick<JobQueue, 'enqueue' | 'get' | 'pendingCount'>;
  avatars: Pick<AvatarRepository, 'get' | 'latestForUser' | 'historyForUser' | 'countForUser' | 'artifacts'>;
  uploads: Pick<UploadStore, 'save' | 'remove'>;
  faceDetector: FaceDetector;
  metrics: Metrics;
  artifactUrls: ArtifactUrlResolver;
  onJobCreated?: (job: Job) => void;
  /** DELETE /api/v1/avatar/{user_id} (privacy); absent: answered 503 `erasure_unavailable`. */
  erasure?: Pick<CustomerErasure, 'erase'>;
  /** Another store's customer: their newest avatar in the bucket when none is here (sync.remoteLookup). */
  remoteAvatars?: Pick<RemoteAvatarLookup, 'latestForUser'>;
  /** Serialised job answers reused while the database is unchanged (polling clients); none: computed each time. */
  answers?: AnswerSource;
}

export function avatarRoutes(deps: AvatarRouteDeps): Router<AppState> {
  const { config, queue, avatars, uploads, faceDetector, metrics } = deps;
  const answers = deps.answers ?? uncachedAnswers;
  const router = apiRouter();
  const requestSchema = createAvatarRequestSchema(config.limits);
  const jobIdParam = uuidParam('job_id', 'The job id');
  const userIdParam = userIdSchema(config.limits.maxUserIdLength);

  const baseUrl = (ctx: AppContext): string => requestBaseUrl(ctx, config.host, config.port);

  async function avatarBody(ctx: AppContext, avatarId: string): Promise<AvatarBody | null> {
    const avatar = avatars.get(avatarId);
    return avatar ? presentAvatar(avatar, avatars.artifacts(avatar.id), deps.artifactUrls, { baseUrl: baseUrl(ctx) }) : null;
  }

  router.post('/api/v1/avatar', async (ctx) => {
    const raw = await readJsonBody(ctx, config.limits.maxBodyBytes);
    const body = parseAvatarRequest(requestSchema, raw, config.limits.maxExtraFramesPerView);
    const { job, photos } = await acceptScan(
      { queue, uploads, queueLimits: config.queue, faceDetector: config.requireFace ? faceDetector : null, log: ctx.state.log },
      {
        userId: body.user_id,
        gender: body.gender,
        heightCm: body.height_cm ?? null,
        consent: body.consent ?? null,
        clothing: body.clothing ?? null,
        shoes: shoesInput(body.shoes),
        requestId: ctx.state.requestId,
        photos: async () => ({
          image: await validateBase64Image(body.image, config.limits, { field: 'image' }),
          side: body.side_image ? await validateBase64Image(body.side_image, config.limits, { field: 'side_image' }) : null,
          // One at a time: each decode check holds a frame's pixels, and a burst is at most a few frames.
          frames: await validateFrames(body.images ?? [], 'images'),
          sideFrames: await validateFrames(body.side_images ?? [], 'side_images'),
        }),
      },
    );
    const { image, frames, sideFrames } = photos;
    metrics.jobsCreatedTotal.inc();
    ctx.state.log.info(
      {
        job_id: job.id,
        user_id: job.userId,
        width: image.width,
        height: image.height,
        format: image.format,
        ...(frames.length + sideFrames.length > 0 ? { extra_frames: frames.length, extra_side_frames: sideFrames.length } : {}),
      },
      'job created',
    );
    deps.onJobCreated?.(job);
    ctx.status = 202;
    ctx.set('Location', `/api/v1/avatar/job/${job.id}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { job_id: job.id, status: 'pending', user_id: job.userId, created_at: job.createdAt };
  });

  async function validateFrames(texts: readonly string[], field: string): Promise<ValidatedImage[]> {
    const frames: ValidatedImage[] = [];
    for (const [index, text] of texts.entries()) {
      frames.push(await validateBase64Image(text, config.limits, { field: `${field}[${index}]` }));
    }
    return frames;
  }

  router.get('/api/v1/avatar/job/:job_id', async (ctx, next) => {
    const raw = ctx.params['job_id'] ?? '';
    // GET /api/v1/avatar/job/history (and /sizes) is about a customer called "job", not a job id.
    if (raw === 'history' || raw === 'sizes') return next();
    // The same id as jobIdParam's (its pattern, lowercased), without zod on the polling path.
    const jobId = isUuid(raw) ? raw.toLowerCase() : parseRequest(jobIdParam, raw, 'Invalid job_id', 'invalid_id');
    // Keyed by the base URL too: the answer's kiosk file URLs are built from it.
    const answer = await answers.get(`job ${baseUrl(ctx)} ${jobId}`, async () => {
      const job = queue.get(jobId);
      if (!job) throw new NotFoundError(`No job ${jobId}`, 'job_not_found');
      const avatar = job.status === 'completed' && job.avatarId ? await avatarBody(ctx, job.avatarId) : null;
      return presentJob(job, avatar);
    });
    // Headers straight on the Node response: the same headers as ctx.set, without Koa's delegation per call.
    ctx.res.setHeader('Cache-Control', 'no-store');
    ctx.res.setHeader('ETag', answer.etag);
    if (ctx.req.headers['if-none-match'] === answer.etag) {
      ctx.status = 304;
      return;
    }
    // What `ctx.type = 'application/json'` writes, without its MIME lookup; set before the body, so Koa
    // does not type the Buffer as application/octet-stream first.
    ctx.res.setHeader('Content-Type', 'application/json; charset=utf-8');
    ctx.body = answer.bytes;
  });

  router.get('/api/v1/avatar/:user_id', async (ctx) => {
    const userId = parseRequest(userIdParam, ctx.params['user_id'], 'Invalid user_id');
    ctx.set('Cache-Control', 'no-store');
    const newest = await findNewestAvatar({ avatars, remote: deps.remoteAvatars, log: ctx.state.log }, userId);
    ctx.body = await presentAvatar(newest.avatar, newest.artifacts, deps.artifactUrls, { baseUrl: baseUrl(ctx) }, newest.source);
  });

  router.delete('/api/v1/avatar/:user_id', requireStaffOrApiKey, async (ctx) => {
    const userId = parseRequest(userIdParam, ctx.params['user_id'], 'Invalid user_id');
    if (!deps.erasure) throw new ServiceUnavailableError('erasure_unavailable', 'Erasing customers is not available in this process');
    let result: Awaited<ReturnType<CustomerErasure['erase']>>;
    try {
      result = await deps.erasure.erase(userId);
    } catch (error) {
      if (error instanceof CustomerBusyError) throw new ConflictError(error.code, error.message);
      throw error;
    }
    ctx.state.log.info({ user_id: userId, avatars: result.avatarsDeleted, jobs: result.jobsDeleted }, 'customer erased');
    ctx.set('Cache-Control', 'no-store');
    const body: CustomerErasureBody = {
      user_id: userId,
      avatars_deleted: result.avatarsDeleted,
      jobs_deleted: result.jobsDeleted,
      remote: config.s3.endpoint ? 'queued' : 'sync_off',
      remote_deletes_queued: result.remoteDeletesQueued,
    };
    ctx.body = body;
  });

  router.get('/api/v1/avatar/:user_id/history', async (ctx) => {
    const userId = parseRequest(userIdParam, ctx.params['user_id'], 'Invalid user_id');
    const { limit, before } = parseRequest(historyQuerySchema, ctx.query, 'Invalid query');
    // One more than the page, to tell whether an older page follows.
    const history = avatars.historyForUser(userId, { limit: limit + 1, ...(before === undefined ? {} : { beforeId: before }) });
    const total = avatars.countForUser(userId);
    if (total === 0) throw new NotFoundError(`No avatar for user ${userId}`, 'avatar_not_found');
    if (history === null) throw new ValidationError(`before: ${before} is not one of this customer's avatars`, 'invalid_cursor');
    const page = history.slice(0, limit);
    const list = await Promise.all(
      page.map((avatar) => presentAvatar(avatar, avatars.artifacts(avatar.id), deps.artifactUrls, { baseUrl: baseUrl(ctx) })),
    );
    ctx.set('Cache-Control', 'no-store');
    const body: AvatarHistoryBody = {
      user_id: userId,
      count: list.length,
      total,
      avatars: list,
      next_before: history.length > limit ? page.at(-1)!.id : null,
    };
    ctx.body = body;
  });

  return router;
}

/**
 * The body, parsed once. A burst longer than the limit gets its own code (`too_many_frames`)
 * rather than the generic `invalid_request`, so a client knows to send fewer frames; the schema's
 * `max` stays the one statement of the limit (and the OpenAPI document's maxItems).
 */
function parseAvatarRequest(schema: ReturnType<typeof createAvatarRequestSchema>, raw: unknown, limit: number) {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const tooMany = result.error.issues.find(
    (issue) => issue.code === 'too_big' && issue.origin === 'array' && (issue.path[0] === 'images' || issue.path[0] === 'side_images'),
  );
  if (tooMany) {
    const field = String(tooMany.path[0]);
    const count = (raw as Record<string, unknown[]>)[field]?.length ?? 0;
    throw new ValidationError(
      `${field} holds ${count} frames; at most ${limit} extra frames per view are accepted (besides ` +
        `${field === 'images' ? 'image' : 'side_image'})`,
      'too_many_frames',
    );
  }
  // The usual answer, every invalid field named.
  return parseRequest(schema, raw, 'Invalid request');
}
