import * as z from 'zod';
import { scanCalibrationSchema } from '../calibration/calibration-record.js';
import { genders, jobErrorCodes } from '../jobs/types.js';
import { faceDetectionSchema } from './face-check/messages.js';
import { clothingClasses, clothingSources, shoesSchema } from '../scans/capture-conditions.js';
import { framesUsedSchema } from '../scans/frames-used.js';
import { heightSources } from '../scans/height-source.js';

/** Messages between the service and the inference worker thread, parsed on both sides. */

export const workerInitSchema = z.object({
  modelsDir: z.string(),
  choice: z.enum(['auto', 'embedded', 'hmr2']),
  /** A module exporting `createPipeline`; when absent the worker picks a built-in pipeline. */
  pipelineModuleUrl: z.string().nullable(),
  /** Run each network once on a blank input while loading (PipelineOptions.warmUpInference). */
  warmUpInference: z.boolean().default(true),
  /** Where the pipeline may keep files derived from its models between starts (PipelineOptions.cacheDir). */
  cacheDir: z.string().nullable().default(null),
});
export type WorkerInit = z.input<typeof workerInitSchema>;

const scanInputSchema = z.object({
  jobId: z.string(),
  imagePath: z.string(),
  sideImagePath: z.string().nullable(),
  framePaths: z.array(z.string().min(1)).optional(),
  sideFramePaths: z.array(z.string().min(1)).optional(),
  gender: z.enum(genders),
  heightCm: z.number().nullable(),
  clothing: z.enum(clothingClasses).nullable(),
  shoes: shoesSchema.nullable(),
  calibration: scanCalibrationSchema.nullable().optional(),
});

export const toWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), input: scanInputSchema }),
  /**
   * The face check of a scan, answered by the Human the worker's pipeline loaded (`perfit scan`,
   * which then needs no Human checks worker); the encoded photo's ArrayBuffer is transferred.
   */
  z.object({
    type: z.literal('detect'),
    id: z.number().int().nonnegative(),
    imageBytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'imageBytes must be a Uint8Array'),
  }),
  z.object({ type: z.literal('shutdown') }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

const pipelineInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  executionProvider: z.string(),
  models: z.array(z.object({ name: z.string(), version: z.string() })),
  selectionNote: z.string(),
});

const measurementSchema = z.object({
  name: z.string(),
  valueCm: z.number().finite(),
  sdCm: z.number().finite().nullable(),
  method: z.string(),
});

const provenanceSchema = z.object({
  pipeline: z.string(),
  pipelineVersion: z.string(),
  bodyModel: z.object({ name: z.string(), version: z.string(), sha256: z.string().optional() }),
  models: z.array(z.object({ name: z.string(), version: z.string(), sha256: z.string().optional() })),
  executionProvider: z.string(),
  notes: z.array(z.string()),
});

export const scanResultSchema = z.object({
  betas: z.array(z.number().finite()).length(10),
  bodyPose: z.array(z.number().finite()).length(69),
  globalOrient: z.array(z.number().finite()).length(3),
  measurements: z.array(measurementSchema).min(1),
  provenance: provenanceSchema,
  artifacts: z.array(
    z.object({
      name: z.string().regex(/^[a-z0-9_.-]+$/, 'artifact names are plain file names'),
      contentType: z.string(),
      bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'artifact bytes must be a Uint8Array'),
    }),
  ),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })).optional(),
  cameraCheck: z
    .object({
      calibrationId: z.uuid(),
      floorShare: z.number().min(0).max(1),
      tiltChangeDeg: z.number().min(-45).max(45).nullable().optional(),
    })
    .optional(),
  cameraHeightCm: z.number().positive().nullable().optional(),
  heightSource: z.enum(heightSources),
  framesUsed: framesUsedSchema,
  clothing: z.enum(clothingClasses),
  clothingSource: z.enum(clothingSources),
});

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), info: pipelineInfoSchema, warmUpMs: z.number() }),
  z.object({ type: z.literal('init_failed'), code: z.string(), message: z.string() }),
  z.object({
    type: z.literal('progress'),
    jobId: z.string(),
    stage: z.string(),
    percent: z.number().min(0).max(100),
    timing: z.object({ stage: z.string(), durationMs: z.number() }).nullable(),
  }),
  z.object({
    type: z.literal('result'),
    jobId: z.string(),
    result: scanResultSchema,
    /** Out-of-range flags on the figures (range-check.ts), for every pipeline. */
    warnings: z.array(z.object({ code: z.string(), message: z.string() })),
    totalMs: z.number(),
  }),
  z.object({
    type: z.literal('scan_failed'),
    jobId: z.string(),
    code: z.enum(jobErrorCodes),
    message: z.string(),
    /** A rejected capture (no person, …) is final; an unexpected error may succeed on retry. */
    retry: z.boolean(),
    stack: z.string().nullable(),
  }),
  z.object({ type: z.literal('detected'), id: z.number().int(), detection: faceDetectionSchema }),
  z.object({
    type: z.literal('detect_failed'),
    id: z.number().int(),
    code: z.enum(['image_undecodable', 'face_detector_unavailable', 'face_check_failed']),
    message: z.string(),
    stack: z.string().nullable(),
  }),
  z.object({
    type: z.literal('log'),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string(),
    fields: z.record(z.string(), z.unknown()).nullable(),
  }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
