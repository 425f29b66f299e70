import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { commonErrorResponses, isoTimestamp } from '../openapi/common.js';
import * as z from 'zod';
import '../openapi/zod-openapi-extension.js';

export const componentStatuses = ['ok', 'starting', 'degraded', 'error', 'disabled'] as const;

const componentBase = {
  status: z.enum(componentStatuses),
  detail: z.string().openapi({ description: 'What the status means here, in words' }),
};

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'error']).openapi({
      description:
        '`ok`: every component ok (or disabled); `degraded`: the kiosk works but something is starting, offline or failing softly; ' +
        '`error`: the database fails or no pipeline could be loaded (the answer is then a 503).',
    }),
    checked_at: isoTimestamp,
    uptime_seconds: z.number(),
    components: z.object({
      database: z.object(componentBase),
      inference_worker: z.object({
        ...componentBase,
        ready: z.boolean(),
        busy: z.boolean(),
        restarts: z.number().int(),
        pipeline: z
          .object({
            name: z.string(),
            version: z.string(),
            execution_provider: z.string(),
            models: z.array(z.object({ name: z.string(), version: z.string() })),
            selection_note: z.string(),
          })
          .nullable(),
      }),
      face_detector: z.object({
        ...componentBase,
        required: z.boolean().openapi({ description: 'Whether POST requires a face (config requireFace)' }),
      }),
      queue: z.object({
        ...componentBase,
        pending: z.number().int(),
        processing: z.number().int(),
        completed: z.number().int(),
        failed: z.number().int(),
        max_pending: z.number().int(),
      }),
      sync: z.object({
        ...componentBase,
        enabled: z.boolean(),
        online: z.boolean().nullable(),
      }),
      disk: z
        .object({
          ...componentBase,
          free_bytes: z.number().int().nullable(),
          min_free_bytes: z
            .number()
            .int()
            .openapi({ description: 'Reserve (config limits.minFreeDiskBytes): below it scans answer 507 disk_full' }),
        })
        .optional()
        .openapi({ description: "Free space of the data folder's disk; absent where the service was built without a disk check" }),
      calibration: z
        .object({
          ...componentBase,
          state: z.enum(['missing', 'ok', 'stale', 'invalid']),
          calibrated_at: isoTimestamp.nullable(),
          stale: z.boolean().openapi({ description: 'The floor line of recent scans has moved since calibration: the camera has moved' }),
        })
        .optional()
        .openapi({
          description:
            "The kiosk camera's calibration (GET /api/v1/calibration): `disabled` while missing (heights are " +
            'then not read from photos), `degraded` when stale or its file is damaged; absent where the service ' +
            'was built without one',
        }),
    }),
  })
  .openapi('Health');

export type HealthBody = z.infer<typeof healthSchema>;
export type ComponentStatus = (typeof componentStatuses)[number];

export const liveSchema = z.object({ status: z.literal('ok') }).openapi('Liveness');

export const readySchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    detail: z.string(),
    code: z.string().optional().openapi({ description: 'Present when not ready: `not_ready`' }),
    checks: z.object({ database: z.boolean(), inference_worker: z.boolean(), face_detector: z.boolean() }),
  })
  .openapi('Readiness');

export type ReadyBody = z.infer<typeof readySchema>;

export function registerHealthPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/health',
    tags: ['health'],
    summary: 'Overall health with each component',
    description:
      'Database, inference worker (pipeline name, version, execution provider), face detector, queue, sync ' +
      "(disabled while no S3 endpoint is set), free disk space and the camera's calibration (present, " +
      'date, stale or not).',
    responses: {
      200: { description: 'Healthy or degraded', content: { 'application/json': { schema: healthSchema } } },
      503: { description: 'Unhealthy (status `error`): same body', content: { 'application/json': { schema: healthSchema } } },
      ...commonErrorResponses,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/health/live',
    tags: ['health'],
    summary: 'Liveness: the process answers',
    description: 'Never requires the API key.',
    responses: { 200: { description: 'Alive', content: { 'application/json': { schema: liveSchema } } }, 421: commonErrorResponses[421] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/health/ready',
    tags: ['health'],
    summary: 'Readiness: the database and the inference worker are ready',
    description: 'Also the face detector when photos must show a face (config requireFace). 503 until ready.',
    responses: {
      200: { description: 'Ready', content: { 'application/json': { schema: readySchema } } },
      503: {
        description: 'Not ready (`code: not_ready`, `detail` says what is missing)',
        content: { 'application/json': { schema: readySchema } },
      },
      ...commonErrorResponses,
    },
  });
}
