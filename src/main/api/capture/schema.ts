import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Config } from '../../config.js';
import { captureViews } from '../../inference/capture-checks/types.js';
import { captureIssueCodes } from '../../scans/capture-issues.js';
import { commonErrorResponses, errorResponse } from '../openapi/common.js';
import * as z from 'zod';
import '../openapi/zod-openapi-extension.js';

type Limits = Pick<Config['limits'], 'maxBodyBytes' | 'maxCaptureCheckBodyBytes' | 'maxImageBytes' | 'minImageSidePx' | 'maxImageSidePx'>;

/** POST /api/v1/capture/check body (ours): one camera frame and which view it is meant to be. */
export function captureCheckRequestSchema(limits: Limits) {
  return z
    .object({
      image: z
        .string({ error: 'image must be a base64 string' })
        .min(1, { error: 'image is empty' })
        .openapi({
          description:
            `The frame, JPEG/PNG/WebP, base64 (a data: prefix is allowed); at most ${limits.maxImageBytes} bytes ` +
            `decoded, each side ${limits.minImageSidePx} to ${limits.maxImageSidePx} px.`,
          format: 'byte',
        }),
      view: z
        .enum(captureViews, { error: `view must be one of: ${captureViews.join(', ')}` })
        .default('front')
        .openapi({ description: "'front' (facing the camera, arms away from the body) or 'side' (in profile); default front" }),
    })
    .openapi('CaptureCheckRequest', {
      description: `JSON body of at most ${Math.min(limits.maxBodyBytes, limits.maxCaptureCheckBodyBytes)} bytes.`,
    });
}

export const captureIssueSchema = z
  .object({
    code: z.enum(captureIssueCodes).openapi({ description: 'Stable machine-readable code' }),
    message: z.string().openapi({
      description: 'What to do, in words staff can act on',
      example: 'The feet are cut off at the bottom of the photo: ask the customer to step back until both feet and some floor are in view.',
    }),
    severity: z
      .enum(['error', 'warning'])
      .openapi({ description: 'error: a scan of this frame would be rejected; warning: it would run, with a note in the result' }),
  })
  .openapi('CaptureIssue');

export const captureCheckResponseSchema = z
  .object({
    ok: z.boolean().openapi({ description: 'True when no issue is an error: a scan of this frame would be accepted' }),
    view: z.enum(captureViews),
    issues: z.array(captureIssueSchema),
    person: z
      .union([
        z
          .object({
            score: z.number().openapi({ description: "BlazePose's confidence that this is a person, 0–1" }),
            box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).openapi({
              description: 'Box around the keypoints; x and width in fractions of the frame width, y and height of its height',
            }),
            keypoints: z
              .array(z.object({ part: z.string().openapi({ example: 'leftShoulder' }), x: z.number(), y: z.number(), score: z.number() }))
              .openapi({
                description:
                  'BlazePose keypoints in fractions of the frame (0–1; may lie slightly outside when a part is out of ' +
                  'frame), each with its score 0–1',
              }),
          })
          .openapi('CapturePerson'),
        z.null(),
      ])
      .openapi({ description: 'The person the checks looked at, for drawing the pose over the live video; null when none was found' }),
    timings: z
      .object({
        faces_ms: z.number(),
        body_ms: z.number(),
        mask_ms: z.number(),
        statistics_ms: z.number(),
        checks_ms: z.number(),
        total_ms: z.number().openapi({ description: 'Inside the worker, from the first detection to the last check' }),
      })
      .openapi({ description: 'Milliseconds per step' }),
  })
  .openapi('CaptureCheck');

export type CaptureCheckBody = z.infer<typeof captureCheckResponseSchema>;

export function registerCapturePaths(registry: OpenAPIRegistry, limits: Limits): void {
  registry.registerPath({
    method: 'post',
    path: '/api/v1/capture/check',
    tags: ['capture'],
    summary: '(ours) Check a camera frame before taking the scan',
    description:
      'Runs the capture checks of the embedded pipeline on one frame (no person, several people, head or ' +
      'feet out of frame, person too small, ' +
      'arms against the body, not facing the camera / not in profile, too dark, too blurred) and answers ' +
      'at once, for live guidance on the kiosk. ' +
      `Issue codes: ${captureIssueCodes.map((code) => `\`${code}\``).join(', ')}. Nothing is stored.`,
    request: { body: { required: true, content: { 'application/json': { schema: captureCheckRequestSchema(limits) } } } },
    responses: {
      200: {
        description: 'The issues found (an empty list when the frame is good)',
        content: { 'application/json': { schema: captureCheckResponseSchema } },
      },
      400: errorResponse(
        'Invalid body (`invalid_request`), image not base64, not JPEG/PNG/WebP, too small or large, or ' +
          'corrupt (`invalid_base64`, `unsupported_format`, `image_too_small`, `image_too_large`, ' +
          '`image_corrupt`)',
      ),
      413: errorResponse(
        `Body larger than ${Math.min(limits.maxBodyBytes, limits.maxCaptureCheckBodyBytes)} bytes: code \`payload_too_large\``,
      ),
      429: {
        ...errorResponse(
          'Too many frames from this client (config rateLimits.captureCheck): code `rate_limited`; retry after ' +
            'the number of seconds in Retry-After',
        ),
        headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
      },
      503: errorResponse(
        'The capture checker is loading or restarting: code `capture_check_unavailable`, ' +
          '`capture_check_crashed`, `capture_check_timeout`; Retry-After is set',
      ),
      ...commonErrorResponses,
    },
  });
}
