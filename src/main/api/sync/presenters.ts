import type { SyncSummary } from '../../storage/sync/sync-service.js';
import type { SyncSummaryBody } from './schema.js';

/** SyncSummary → the GET /api/v1/sync body (snake_case); also the CLI's `sync status --json`. */
export function presentSyncSummary(summary: SyncSummary): SyncSummaryBody {
  return {
    enabled: summary.enabled,
    online: summary.online,
    detail: summary.detail,
    endpoint: summary.endpoint,
    bucket: summary.bucket,
    queue_length: summary.queue.length,
    queue: {
      pending_uploads: summary.queue.pendingUploads,
      pending_deletes: summary.queue.pendingDeletes,
      in_flight: summary.queue.leased,
      failed: summary.queue.failed,
    },
    avatars: summary.avatars,
    last_success_at: summary.lastSuccessAt,
    last_error: summary.lastError,
    retry_at: summary.retryAt,
  };
}
