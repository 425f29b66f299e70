import * as z from 'zod';

/**
 * How many frames of each view a scan's figures rest on: 1 for a single photo, up to a burst's
 * count less the frames the capture checks refused; 0 side frames when there was no side photo or
 * the pipeline reads none. The pipelines report it and the avatars record it.
 */
export interface FramesUsed {
  front: number;
  side: number;
}

export const framesUsedSchema = z.object({
  front: z.number().int().min(1),
  side: z.number().int().min(0),
}) satisfies z.ZodType<FramesUsed>;
