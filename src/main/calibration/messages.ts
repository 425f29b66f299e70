import * as z from 'zod';
import { horizonReferenceSchema } from './background-horizon.js';
import { calibrationErrorCodes } from './errors.js';

/** What the calibration photo thread (photo-reader-worker.ts) is given and answers, parsed on both sides. */

const imageBytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes must be a Uint8Array');

/** `front` and `side`: a person of known height (method 1); `marker`: the printed floor marker (method 2). */
export const photoReaderInputSchema = z.object({
  photos: z
    .array(z.object({ view: z.enum(['front', 'side', 'marker']), bytes: imageBytes }))
    .min(1)
    .max(2),
});
export type PhotoReaderInput = z.infer<typeof photoReaderInputSchema>;

export const photoReaderAnswerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('read'),
    readings: z.array(
      z.discriminatedUnion('view', [
        z.object({
          view: z.enum(['front', 'side']),
          imageWidth: z.number().int().positive(),
          imageHeight: z.number().int().positive(),
          topY: z.number().finite(),
          floorY: z.number().finite(),
          horizon: horizonReferenceSchema.nullable(),
        }),
        z.object({
          view: z.literal('marker'),
          imageWidth: z.number().int().positive(),
          imageHeight: z.number().int().positive(),
          corners: z.array(z.object({ x: z.number().finite(), y: z.number().finite() })).length(4),
          horizon: horizonReferenceSchema.nullable(),
        }),
      ]),
    ),
  }),
  z.object({ type: z.literal('failed'), code: z.enum(calibrationErrorCodes), message: z.string() }),
]);
export type PhotoReaderAnswer = z.infer<typeof photoReaderAnswerSchema>;
