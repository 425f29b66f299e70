import * as z from 'zod';
import { captureCheckResultSchema } from '../capture-checks/messages.js';
import { captureViews } from '../capture-checks/types.js';
import { faceDetectionSchema } from '../face-check/messages.js';

/**
 * Messages between the service and the Human checks worker thread (the face check of a scan and
 * the live capture check, answered by one Human instance), parsed on both sides.
 */

/** What the worker loads: the capture checks need BlazePose and the segmentation; the face check alone, the face model only. */
export const humanChecksWorkerInitSchema = z.object({
  captureChecks: z.boolean(),
  /** Run the models once on a blank image while loading (HumanRuntimeOptions.warmUpInference). */
  warmUpInference: z.boolean().default(true),
  /** Where the converted networks are kept between starts (HumanRuntimeOptions.cacheDir). */
  cacheDir: z.string().nullable().default(null),
});
export type HumanChecksWorkerInit = z.input<typeof humanChecksWorkerInitSchema>;

export const imageBytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'imageBytes must be a Uint8Array');

export const toHumanChecksWorkerSchema = z.discriminatedUnion('type', [
  /** Faces in a photo (POST /api/v1/avatar); the encoded photo's ArrayBuffer is transferred. */
  z.object({ type: z.literal('detect'), id: z.number().int().nonnegative(), imageBytes: imageBytesSchema }),
  /** The capture checks of one frame (POST /api/v1/capture/check). */
  z.object({ type: z.literal('check'), id: z.number().int().nonnegative(), view: z.enum(captureViews), imageBytes: imageBytesSchema }),
]);
export type ToHumanChecksWorker = z.infer<typeof toHumanChecksWorkerSchema>;

const failure = <Type extends 'detect_failed' | 'check_failed', Code extends string>(type: Type, codes: readonly [Code, ...Code[]]) =>
  z.object({ type: z.literal(type), id: z.number().int(), code: z.enum(codes), message: z.string(), stack: z.string().nullable() });

export const fromHumanChecksWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), humanVersion: z.string(), backend: z.string(), loadMs: z.number(), warmUpMs: z.number() }),
  z.object({ type: z.literal('init_failed'), message: z.string() }),
  z.object({ type: z.literal('detected'), id: z.number().int(), detection: faceDetectionSchema }),
  failure('detect_failed', ['image_undecodable', 'face_check_failed']),
  z.object({ type: z.literal('checked'), id: z.number().int(), result: captureCheckResultSchema }),
  failure('check_failed', ['image_undecodable', 'capture_check_failed']),
]);
export type FromHumanChecksWorker = z.infer<typeof fromHumanChecksWorkerSchema>;
