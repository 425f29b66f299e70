import { z } from 'zod';
import { captureIssueCodes, captureViews } from './types.js';

/** Messages between the service and the capture-check worker thread, parsed on both sides. */

export const toCaptureCheckWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('check'),
    id: z.number().int().nonnegative(),
    view: z.enum(captureViews),
    /** The encoded photo; its ArrayBuffer is transferred, not copied. */
    imageBytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'imageBytes must be a Uint8Array'),
  }),
]);
export type ToCaptureCheckWorker = z.infer<typeof toCaptureCheckWorkerSchema>;

export const captureIssueSchema = z.object({
  code: z.enum(captureIssueCodes),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});

export const captureCheckTimingsSchema = z.object({
  facesMs: z.number().nonnegative(),
  bodyMs: z.number().nonnegative(),
  maskMs: z.number().nonnegative(),
  statisticsMs: z.number().nonnegative(),
  checksMs: z.number().nonnegative(),
  totalMs: z.number().nonnegative(),
});

/** The person the checks looked at, in fractions of the frame (0–1) so the UI can draw on any video size. */
export const capturePersonSchema = z.object({
  score: z.number().min(0).max(1),
  box: z.object({ x: z.number(), y: z.number(), width: z.number().nonnegative(), height: z.number().nonnegative() }),
  keypoints: z.array(z.object({ part: z.string(), x: z.number(), y: z.number(), score: z.number().min(0).max(1) })),
});
export type CapturePerson = z.infer<typeof capturePersonSchema>;

export const captureCheckResultSchema = z.object({
  ok: z.boolean(),
  issues: z.array(captureIssueSchema),
  person: capturePersonSchema.nullable(),
  timings: captureCheckTimingsSchema,
});
export type CaptureCheckResult = z.infer<typeof captureCheckResultSchema>;

const workerErrorCodes = ['image_undecodable', 'capture_check_unavailable', 'capture_check_failed'] as const;

export const fromCaptureCheckWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), humanVersion: z.string(), backend: z.string(), loadMs: z.number(), warmUpMs: z.number() }),
  z.object({ type: z.literal('init_failed'), message: z.string() }),
  z.object({ type: z.literal('checked'), id: z.number().int(), result: captureCheckResultSchema }),
  z.object({
    type: z.literal('check_failed'),
    id: z.number().int(),
    code: z.enum(workerErrorCodes),
    message: z.string(),
    stack: z.string().nullable(),
  }),
]);
export type FromCaptureCheckWorker = z.infer<typeof fromCaptureCheckWorkerSchema>;
