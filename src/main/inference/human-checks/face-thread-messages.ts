import * as z from 'zod';
import { faceDetectionSchema } from '../face-check/messages.js';
import { imageBytesSchema } from './messages.js';

/** Messages between the Human checks worker and its face thread (face-thread-worker.ts), parsed on both sides. */

export const faceThreadInitSchema = z.object({
  /** Run BlazeFace once on a blank image while loading (HumanRuntimeOptions.warmUpInference). */
  warmUpInference: z.boolean(),
  /** Where the converted networks are kept between starts (HumanRuntimeOptions.cacheDir). */
  cacheDir: z.string().nullable(),
});
export type FaceThreadInit = z.infer<typeof faceThreadInitSchema>;

/** Faces in a frame; its bytes are copied, since the checks worker looks at the same frame. */
export const toFaceThreadSchema = z.object({ type: z.literal('detect'), id: z.number().int().nonnegative(), imageBytes: imageBytesSchema });
export type ToFaceThread = z.infer<typeof toFaceThreadSchema>;

export const fromFaceThreadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), loadMs: z.number().nonnegative() }),
  z.object({ type: z.literal('init_failed'), message: z.string() }),
  z.object({ type: z.literal('detected'), id: z.number().int(), detection: faceDetectionSchema }),
  z.object({ type: z.literal('detect_failed'), id: z.number().int(), message: z.string() }),
]);
export type FromFaceThread = z.infer<typeof fromFaceThreadSchema>;
