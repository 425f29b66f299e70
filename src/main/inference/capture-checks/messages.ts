import * as z from 'zod';
import { captureIssueCodes } from '../../scans/capture-issues.js';

/** A capture check's answer as the Human checks worker sends it (src/main/inference/human-checks/messages.ts). */

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
