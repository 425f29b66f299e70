import type { Router } from '@koa/router';
import type { SyncSummary } from '../../storage/sync/sync-service.js';
import type { AppState } from '../context.js';
import { presentSyncSummary } from './presenters.js';
import { apiRouter } from '../router.js';

export interface SyncRouteDeps {
  /** The sync service; absent (tests of other parts) reads as sync off. */
  sync?: { summary(): SyncSummary };
}

const notRunning: SyncSummary = {
  enabled: false,
  online: null,
  detail: 'The sync service is not running in this process',
  endpoint: null,
  bucket: null,
  queue: { pendingUploads: 0, pendingDeletes: 0, leased: 0, failed: 0, length: 0 },
  avatars: { pending: 0, synced: 0, failed: 0, disabled: 0 },
  lastSuccessAt: null,
  lastError: null,
  retryAt: null,
};

/** GET /api/v1/sync (ours). */
export function syncRoutes(deps: SyncRouteDeps): Router<AppState> {
  const router = apiRouter();
  router.get('/api/v1/sync', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = presentSyncSummary(deps.sync?.summary() ?? notRunning);
  });
  return router;
}
