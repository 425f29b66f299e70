import * as z from 'zod';

/** A face detection as the Human checks worker answers it (src/main/inference/human-checks/messages.ts). */

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
