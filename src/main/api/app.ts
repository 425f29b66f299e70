import Koa from 'koa';
import type { Router } from '@koa/router';
import type { Logger } from 'pino';
import type { AvatarRepository } from '../avatars/avatar-repository.js';
import type { Config } from '../config.js';
import type { CaptureChecker } from '../inference/capture-checks/capture-checker.js';
import type { FaceDetector } from '../inference/face-detector.js';
import type { InferenceStatus } from '../inference/pipeline.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Job } from '../jobs/types.js';
import type { Metrics } from '../metrics.js';
import type { UploadStore } from '../storage/uploads.js';
import { artifactRoutes } from './artifacts/routes.js';
import { localArtifactUrls, type ArtifactUrlResolver } from './artifacts/urls.js';
import { avatarRoutes } from './avatar/routes.js';
import { calibrationRoutes } from './calibration/routes.js';
import type { CalibrationStore } from '../calibration/calibration-store.js';
import type { CalibrationPhotoReader } from '../calibration/photo-reader.js';
import { captureRoutes } from './capture/routes.js';
import type { AppContext, AppState } from './context.js';
import { docsRoutes } from './docs/routes.js';
import { MethodNotAllowedError, NotFoundError } from './errors.js';
import type { AnswerSource } from './cache/answer-cache.js';
import { healthRoutes, type HealthDeps, type SyncStatusSource } from './health/routes.js';
import { metricsRoutes } from './metrics/routes.js';
import { cors } from './middleware/cors.js';
import { BodyBudget } from './middleware/body-budget.js';
import { crossSiteCheck } from './middleware/cross-site.js';
import { errorHandler } from './middleware/error-handler.js';
import { rateLimitCheck } from './middleware/rate-limit.js';
import { requestChecks } from './middleware/request-checks.js';
import { requestContext } from './middleware/request-context.js';
import { apiKeyCheck, hostCheck } from './middleware/security.js';
import { rendererStaticFiles } from './renderer/static-files.js';
import { apiRouter } from './router.js';
import { staffSessionCheck } from './staff/guard.js';
import { staffRoutes } from './staff/routes.js';
import { StaffPin } from '../staff/staff-pin.js';
import { StaffSessions } from '../staff/staff-sessions.js';
import { syncRoutes } from './sync/routes.js';
import { sizeChartRoutes } from './size-charts/routes.js';
import type { SizeChartRepository } from '../sizes/size-chart-repository.js';
import type { CustomerErasure } from '../privacy/customer-erasure.js';
import type { RemoteAvatarLookup } from '../storage/sync/remote-avatars.js';
import { RemoteLookupBudget } from './avatar/remote-lookup-budget.js';
import type { SyncSummary } from '../storage/sync/sync-service.js';

export interface AppDeps {
  config: Config;
  log: Logger;
  queue: Pick<JobQueue, 'enqueue' | 'get' | 'pendingCount' | 'counts'>;
  avatars: Pick<AvatarRepository, 'get' | 'latestForUser' | 'historyForUser' | 'countForUser' | 'artifacts' | 'artifact'>;
  uploads: Pick<UploadStore, 'save' | 'remove'>;
  faceDetector: FaceDetector;
  /** Live guidance on one camera frame (POST /api/v1/capture/check). */
  captureChecker: CaptureChecker;
  inference: { status(): InferenceStatus };
  database: { check(): { ok: boolean; detail?: string } };
  sync?: SyncStatusSource;
  /** Free space of the data folder's disk, for the health check. */
  disk?: HealthDeps['disk'];
  metrics: Metrics;
  clock?: () => Date;
  /** Called after a job is created (the service wakes the inference host). */
  onJobCreated?: (job: Job) => void;
  /** URLs of avatar files; the local kiosk URLs by default, presigned bucket URLs once sync plugs in. */
  artifactUrls?: ArtifactUrlResolver;
  /** Host names accepted in the Host header besides the configured host and the loopback names. */
  allowedHosts?: readonly string[];
  /**
   * The built kiosk UI (electron-vite renderer output) to serve at `/` from the API's own origin.
   * Its files need no API key (they hold no data; the page gets the key from the preload bridge).
   */
  rendererDir?: string;
  // --- sync and privacy ---
  /** GET /api/v1/sync; absent: answered as sync not running. */
  syncSummary?: { summary(): SyncSummary };
  /** DELETE /api/v1/avatar/{user_id}; absent: 503. */
  erasure?: Pick<CustomerErasure, 'erase'>;
  /** Another store's customer read from the bucket (sync.remoteLookup); absent: local avatars only. */
  remoteAvatars?: Pick<RemoteAvatarLookup, 'latestForUser'>;
  /** Answers of hot read endpoints reused while the database is unchanged; absent: computed per request. */
  answers?: AnswerSource;
  /** Size charts and recommendations (/api/v1/size-charts, /api/v1/avatar/{user_id}/sizes); absent: those routes are not served. */
  sizeCharts?: Pick<SizeChartRepository, 'list' | 'get' | 'put' | 'delete' | 'setShownToCustomers'>;
  /** The kiosk camera's calibration (GET/POST /api/v1/calibration, health); absent: those routes are not served. */
  calibration?: { store: Pick<CalibrationStore, 'status' | 'save'>; readPhotos: CalibrationPhotoReader };
  /** The staff PIN and sessions; by default the PIN file in config.dataDir and sessions held by this app. */
  staff?: { pin: StaffPin; sessions: StaffSessions };
}

/** API paths that never require the API key. */
const openPaths = new Set(['/api/v1/health/live']);

/**
 * The REST API of api.md as a Koa app (not listening: the caller binds it). Middleware order:
 * request id + access log → error mapping → Host check → cross-site check → CORS (when origins are configured) →
 * kiosk UI files (optional) → API key (when one is configured) → staff session → rate limits → routes
 * (data-changing ones behind requireStaffOrApiKey) → 404/405. Checks next to each other run as one middleware.
 */
export function createApp(deps: AppDeps): Koa<AppState> {
  const { config, metrics } = deps;
  const clock = deps.clock ?? (() => new Date());
  const app = new Koa<AppState>({ proxy: false });
  // Errors are answered and logged by errorHandler; Koa's default handler would print to stderr.
  app.silent = true;

  const staff = deps.staff ?? { pin: new StaffPin(config.dataDir), sessions: new StaffSessions() };

  // One budget for both routes that may ask the bucket for another store's customer.
  const remoteAvatars =
    deps.remoteAvatars &&
    new RemoteLookupBudget(deps.remoteAvatars, { rate: config.rateLimits.remoteLookup, clock: () => clock().getTime() });

  const routers: Router<AppState>[] = [
    // The avatar routes first: clients poll GET /api/v1/avatar/job/{id} many times a second, and each
    // router in front of its own costs a match of every route it holds (no path is served by two routers).
    avatarRoutes({
      config,
      queue: deps.queue,
      avatars: deps.avatars,
      uploads: deps.uploads,
      faceDetector: deps.faceDetector,
      metrics,
      artifactUrls: deps.artifactUrls ?? localArtifactUrls,
      onJobCreated: deps.onJobCreated,
      erasure: deps.erasure,
      remoteAvatars,
      answers: deps.answers,
    }),
    healthRoutes({
      config,
      inference: deps.inference,
      database: deps.database,
      faceDetector: deps.faceDetector,
      queue: deps.queue,
      sync: deps.sync,
      disk: deps.disk,
      calibration: deps.calibration?.store,
      clock,
    }),
    ...(deps.sizeCharts ? [sizeChartRoutes({ config, sizeCharts: deps.sizeCharts, avatars: deps.avatars, remoteAvatars })] : []),
    ...(deps.calibration
      ? [calibrationRoutes({ config, calibration: deps.calibration.store, readPhotos: deps.calibration.readPhotos })]
      : []),
    staffRoutes({ pin: staff.pin, sessions: staff.sessions }),
    syncRoutes({ sync: deps.syncSummary }),
    captureRoutes({ config, captureChecker: deps.captureChecker }),
    artifactRoutes({ avatars: deps.avatars }),
    docsOnFirstRequest(config),
    metricsRoutes(metrics),
  ];

  app.use(
    requestContext(deps.log, metrics, {
      // Three of the largest bodies at once; the kiosk's own scans are a few MiB.
      bodyBudget: new BodyBudget(3 * config.limits.maxBodyBytes, (heldBytes) => metrics.requestBodyBytesHeld.set(heldBytes)),
      routeSegments: fixedRouteSegments(routers),
    }),
  );
  app.use(errorHandler());
  const originChecks = [hostCheck(config, deps.allowedHosts), crossSiteCheck(config.corsOrigins)];
  const accessChecks = [apiKeyCheck(config, openPaths), staffSessionCheck(staff.sessions), rateLimitCheck(config.rateLimits, clock)];
  const between = [cors(config.corsOrigins), deps.rendererDir ? rendererStaticFiles(deps.rendererDir) : null].filter((m) => m !== null);
  if (between.length === 0) {
    app.use(requestChecks([...originChecks, ...accessChecks]));
  } else {
    app.use(requestChecks(originChecks));
    for (const middleware of between) app.use(middleware);
    app.use(requestChecks(accessChecks));
  }
  for (const router of routers) app.use(router.routes());
  app.use(async (ctx: AppContext) => {
    const allowed = new Set<string>();
    for (const router of routers) {
      for (const layer of router.match(ctx.path, ctx.method).path) for (const method of layer.methods) allowed.add(method);
    }
    if (allowed.size > 0) throw new MethodNotAllowedError(ctx.method, ctx.path, [...allowed]);
    throw new NotFoundError(`No route ${ctx.method} ${ctx.path}`, 'route_not_found');
  });
  return app;
}

/**
 * GET /api/v1/openapi.json and GET /api/v1/docs, whose document (docs/routes.ts) is built from the
 * zod schemas at their first request rather than at start: building it takes about 0.1 s of this
 * thread while the workers load, and the service answers ready before anyone reads the docs.
 */
function docsOnFirstRequest(config: Config): Router<AppState> {
  let docs: ReturnType<Router<AppState>['routes']> | null = null;
  const router = apiRouter();
  router.get(['/api/v1/openapi.json', '/api/v1/docs'], (ctx, next) => (docs ??= docsRoutes(config).routes())(ctx, next));
  return router;
}

/** The segments of the routers' paths that are not parameters: `/api/v1/avatar/:user_id/history` gives api, v1, avatar, history. */
function fixedRouteSegments(routers: readonly Router<AppState>[]): Set<string> {
  const segments = new Set<string>();
  for (const router of routers) {
    for (const layer of router.stack) {
      for (const path of Array.isArray(layer.path) ? layer.path : [layer.path]) {
        if (typeof path !== 'string') continue;
        for (const segment of path.split('/')) if (segment !== '' && !/[:*(){}]/.test(segment)) segments.add(segment);
      }
    }
  }
  return segments;
}
