import * as z from 'zod';
import type { FitView, SilhouetteFit, SilhouetteFitInput } from './silhouette-fit.js';

/**
 * Messages between a burst's scan and its fit worker (fit-worker.ts), parsed on both sides: the
 * fit's input without the body model (the worker loads the same file) and the fit it answers.
 * Every field the fit reads or returns is listed: an object schema drops what it does not name.
 */

/** Any number, NaN included (a view without kept outline points has a NaN residual). */
const real = z.custom<number>((value) => typeof value === 'number', 'expected a number');
const float64s = z.custom<Float64Array>((value) => value instanceof Float64Array, 'expected a Float64Array');

const silhouetteSchema = z.object({
  width: real,
  height: real,
  scale: real,
  rows: z.array(z.array(z.object({ start: real, end: real }))),
  top: real,
  bottom: real,
  left: real,
  right: real,
  areaPx: real,
  secondRegionRatio: real,
  touches: z.object({ top: z.boolean(), bottom: z.boolean(), left: z.boolean(), right: z.boolean() }),
});

const bodyPoseSchema = z.object({
  score: real,
  box: z.object({ x: real, y: real, width: real, height: real }),
  keypoints: z.array(z.object({ part: z.string(), x: real, y: real, z: real.nullable(), score: real })),
});

const fitViewSchema = z.object({
  view: z.enum(['front', 'side']),
  silhouette: silhouetteSchema,
  body: bodyPoseSchema.nullable(),
  imageWidth: real,
  imageHeight: real,
  topY: real,
  floorY: real,
  floorAt: z.enum(['sole', 'heel']),
}) satisfies z.ZodType<FitView>;

const fitModelGenders = ['male', 'female', 'neutral'] as const;

export const fitRequestSchema = z.object({
  type: z.literal('fit'),
  id: z.number().int().nonnegative(),
  /** Which open body model (load-model.ts) the fit runs on. */
  gender: z.enum(fitModelGenders),
  input: z.object({
    views: z.array(fitViewSchema).readonly(),
    statureM: real,
    soleM: real,
    easeM: real,
    sideEaseM: real.optional(),
    legEaseM: real.optional(),
    hiddenBand: z.object({ fromShare: real, toShare: real }).nullable().optional(),
    start: z
      .object({
        betas: float64s,
        maxIterations: z.number().int().positive(),
        legTurnsRad: z.object({ front: z.array(real).optional(), side: z.array(real).optional() }).optional(),
        swayM: z.array(real).optional(),
      })
      .optional(),
  }) satisfies z.ZodType<Omit<SilhouetteFitInput, 'model'>>,
});
export type FitRequest = z.infer<typeof fitRequestSchema>;

const silhouetteFitSchema = z.object({
  betas: float64s,
  betaCovariance: float64s,
  viewBetas: z.array(float64s),
  views: z.array(
    z.object({
      view: z.enum(['front', 'side']),
      camera: z.object({ focalPx: real, centreX: real, centreY: real, heightM: real, distanceM: real }),
      pose: z.object({
        bodyPose: float64s,
        globalOrient: float64s,
        facing: z.union([z.literal(-1), z.literal(0), z.literal(1)]),
        poseDeviationDeg: real,
      }),
      edgeCount: z.number().int(),
      inlierCount: z.number().int(),
      residualRmsCm: real,
      residualMeanCm: real,
      shiftPx: real,
      legTurnsRad: z.array(real),
      swayM: z.array(real),
      outline: z.array(
        z.object({
          region: z.enum(['neck', 'torso', 'legs']),
          heightM: real,
          widerM: real,
          outward: z.union([z.literal(-1), z.literal(1)]),
          onArm: z.boolean(),
        }),
      ),
    }),
  ),
  iterations: z.number().int(),
}) satisfies z.ZodType<SilhouetteFit>;

export const fromFitWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('init_failed'), message: z.string() }),
  /** The fit, or null when no view had the keypoints its rows need. */
  z.object({ type: z.literal('fitted'), id: z.number().int(), fit: silhouetteFitSchema.nullable() }),
  z.object({ type: z.literal('fit_failed'), id: z.number().int(), message: z.string(), stack: z.string().nullable() }),
]);
export type FromFitWorker = z.infer<typeof fromFitWorkerSchema>;
