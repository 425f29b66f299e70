import * as z from 'zod';
import { calibrationErrorCodes } from './errors.js';

/** What the calibration photo thread (photo-reader-worker.ts) is given and answers, parsed on both sides. */

const imageBytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes must be a Uint8Array');

export const photoReaderInputSchema = z.object({
  photos: z
    .array(z.object({ view: z.enum(['front', 'side']), bytes: imageBytes }))
    .min(1)
    .max(2),
});
export type PhotoReaderInput = z.infer<typeof photoReaderInputSchema>;

export const photoReaderAnswerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('read'),
    readings: z.array(
      z.object({
        view: z.enum(['front', 'side']),
        imageWidth: z.number().int().positive(),
        imageHeight: z.number().int().positive(),
        topY: z.number().finite(),
        floorY: z.number().finite(),
      }),
    ),
  }),
  z.object({ type: z.literal('failed'), code: z.enum(calibrationErrorCodes), message: z.string() }),
]);
export type PhotoReaderAnswer = z.infer<typeof photoReaderAnswerSchema>;
