import { z } from 'zod';

/** Messages between the service and the face-check worker thread, parsed on both sides. */

const faceCheckErrorCodes = ['image_undecodable', 'face_detector_unavailable', 'face_check_failed'] as const;

export const toFaceCheckWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('detect'),
    id: z.number().int().nonnegative(),
    /** The encoded photo; its ArrayBuffer is transferred, not copied. */
    imageBytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'imageBytes must be a Uint8Array'),
  }),
]);
export type ToFaceCheckWorker = z.infer<typeof toFaceCheckWorkerSchema>;

const faceBoxSchema = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite().nonnegative(),
  height: z.number().finite().nonnegative(),
  score: z.number().min(0).max(1),
});

export const faceDetectionSchema = z.object({
  faces: z.array(faceBoxSchema),
  imageWidth: z.number().int().positive(),
  imageHeight: z.number().int().positive(),
  durationMs: z.number().nonnegative(),
});

export const fromFaceCheckWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    backend: z.string(),
    model: z.string(),
    loadMs: z.number(),
    warmUpMs: z.number(),
  }),
  z.object({ type: z.literal('init_failed'), message: z.string() }),
  z.object({ type: z.literal('detected'), id: z.number().int(), detection: faceDetectionSchema }),
  z.object({
    type: z.literal('detect_failed'),
    id: z.number().int(),
    code: z.enum(faceCheckErrorCodes),
    message: z.string(),
    stack: z.string().nullable(),
  }),
]);
export type FromFaceCheckWorker = z.infer<typeof fromFaceCheckWorkerSchema>;
