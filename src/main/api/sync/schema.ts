import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { syncStates } from '../../avatars/types.js';
import { commonErrorResponses, isoTimestamp } from '../openapi/common.js';
import * as z from 'zod';
import '../openapi/zod-openapi-extension.js';

export const syncSummarySchema = z
  .object({
    enabled: z.boolean().openapi({
      description: 'False while no S3 endpoint is configured (PERFIT_S3_ENDPOINT): avatars stay on this kiosk and queue for later',
    }),
    online: z
      .boolean()
      .nullable()
      .openapi({ description: 'Whether the last contact with the bucket worked; null before any contact or while sync is off' }),
    detail: z.string().openapi({ description: 'The state in words' }),
    endpoint: z.string().nullable(),
    bucket: z.string().nullable(),
    queue_length: z.number().int().openapi({ description: 'Objects waiting to be uploaded or deleted, failed ones included' }),
    queue: z.object({
      pending_uploads: z.number().int(),
      pending_deletes: z.number().int(),
      in_flight: z.number().int(),
      failed: z.number().int().openapi({
        description:
          'Objects that failed for good (local file missing or damaged, repeated integrity failures); `perfit sync now` retries them',
      }),
    }),
    avatars: z
      .object(Object.fromEntries(syncStates.map((state) => [state, z.number().int()])) as Record<(typeof syncStates)[number], z.ZodNumber>)
      .openapi({
        description: 'Avatars per sync state',
      }),
    last_success_at: isoTimestamp.nullable(),
    last_error: z
      .object({ code: z.string().openapi({ example: 'unreachable' }), message: z.string(), at: isoTimestamp })
      .nullable()
      .openapi({
        description:
          'The last failure (endpoint or object); codes: unreachable, timeout, auth_failed, access_denied, ' +
          'bucket_missing, server_error, integrity_mismatch, local_file_missing, local_file_corrupt, ' +
          'object_error',
      }),
    retry_at: isoTimestamp
      .nullable()
      .openapi({ description: 'When the loop tries again after an endpoint failure (exponential backoff with jitter)' }),
  })
  .openapi('SyncStatus');

export type SyncSummaryBody = z.infer<typeof syncSummarySchema>;

export function registerSyncPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/sync',
    tags: ['sync'],
    summary: '(ours) Upload state to the central bucket',
    description:
      'Queue length, last success, last error and whether the bucket was reachable at the last contact. ' +
      'Sync is off while no S3 endpoint is set ' +
      '(`enabled: false`); avatars are kept and queued, and upload once an endpoint is configured.',
    responses: {
      200: { description: 'The sync state', content: { 'application/json': { schema: syncSummarySchema } } },
      ...commonErrorResponses,
    },
  });
}
