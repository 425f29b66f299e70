import * as z from 'zod';
import { genders } from '../jobs/types.js';
import { avatarCaptureSchema, avatarProvenanceSchema, avatarWarningSchema, measurementValueSchema } from './avatar-rows.js';
import type { NewAvatar } from './types.js';

/**
 * `avatar.json`, the avatar's own description stored beside its files (locally and in the bucket):
 * the NewAvatar the inference host recorded (measurements, provenance, consent, capture), camelCase as in
 * the code. Another kiosk reads it back from the bucket (remote lookup), so it is parsed like any
 * file from elsewhere: a document that does not fit is refused, not half-used.
 */
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positive = finite.refine((value) => value > 0, 'must be positive');

export const avatarDocumentSchema = z.object({
  id: z.uuid(),
  userId: z.string().min(1),
  jobId: z.string().nullable().default(null),
  gender: z.enum(genders),
  betas: z.array(finite),
  bodyPose: z.array(finite),
  globalOrient: z.array(finite),
  heightCm: positive,
  chestCircumferenceCm: positive,
  waistCircumferenceCm: positive,
  hipCircumferenceCm: positive,
  inseamCm: positive,
  shoulderWidthCm: positive,
  armLengthCm: positive,
  thighCircumferenceCm: positive,
  neckCircumferenceCm: positive,
  measurements: z.array(measurementValueSchema),
  provenance: avatarProvenanceSchema,
  consent: z.boolean().nullable().default(null),
  /** Written since range warnings landed; older documents have none. */
  warnings: z.array(avatarWarningSchema).default([]),
  /** Written since the capture was recorded; an older kiosk's document has none (unknown). */
  capture: avatarCaptureSchema.nullable().default(null),
  /** Written since sync landed; older documents lack it (the object's date stands in). */
  createdAt: z.iso.datetime().optional(),
}) satisfies z.ZodType<NewAvatar, unknown>;

/** The bytes of `avatar.json` for an avatar (what the inference host writes). */
export function avatarDocumentBytes(avatar: NewAvatar): Buffer {
  return Buffer.from(JSON.stringify(avatar, null, 2));
}
