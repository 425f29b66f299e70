import * as z from 'zod';

/**
 * What a calibration of the kiosk's camera records (docs/calibration.md): where the camera is
 * (height above the floor, tilt, focal length for the photo size it was made at), how it was
 * found, when, and where the floor line was in the reference photo, so that a camera that has
 * moved since is noticed. Stored as `calibration.json` in the data folder, parsed with zod on read.
 */

/** `person`: a person of known height on the floor markers, front (+ side) photo. */
export const calibrationMethods = ['person'] as const;

/**
 * `assumed_level`: the tilt cannot be told apart from the camera's height with a person alone
 * (camera-geometry.ts, heightFromPerson), so the camera is taken as level (the setup guide's
 * mounting) and its height absorbs a small tilt. A method that measures the tilt (a printed floor
 * marker: docs/calibration.md's method 2, not built) would add its own source.
 */
export const tiltSources = ['assumed_level'] as const;

export const cameraPoseSchema = z.object({
  focalPx: z.number().positive(),
  imageWidth: z.number().int().positive(),
  imageHeight: z.number().int().positive(),
  heightM: z.number().positive().max(5),
  tiltDeg: z.number().min(-45).max(45),
});

const viewReadingSchema = z.object({
  view: z.enum(['front', 'side']),
  /** Photo rows of the crown and the floor line the camera was solved from. */
  topY: z.number(),
  floorY: z.number(),
  /** The camera height this photo alone gives (the record keeps the front photo's: the view a scan reads). */
  heightM: z.number(),
});

export const calibrationRecordSchema = z
  .object({
    version: z.literal(1),
    id: z.uuid(),
    method: z.enum(calibrationMethods),
    calibratedAt: z.iso.datetime(),
    camera: cameraPoseSchema.extend({
      tiltSource: z.enum(tiltSources),
      /** The lens's vertical field of view the focal length comes from (the setup guide's webcam). */
      verticalFovDeg: z.number().positive().max(170),
    }),
    reference: z.object({
      personHeightCm: z.number().positive(),
      soleCm: z.number().min(0),
      /** Horizontal distance from the lens to the floor line of the reference photo (metres). */
      floorDistanceM: z.number().positive(),
      /** The front photo's floor line as a share of the photo's height: what later photos are compared with. */
      floorShare: z.number().min(0).max(1),
      views: z.array(viewReadingSchema).min(1).max(2),
    }),
  })
  .strict();
export type CalibrationRecord = z.infer<typeof calibrationRecordSchema>;

/** What a scan gets of the calibration (worker-messages.ts): the camera, and the floor line to compare with. */
export const scanCalibrationSchema = z.object({
  id: z.uuid(),
  /** The camera as the front photo solved it. */
  camera: cameraPoseSchema,
  /** The camera's height as the side photo solved it (its floor line stands at another depth); null without a side photo. */
  sideHeightM: z.number().positive().nullable(),
  referenceFloorShare: z.number().min(0).max(1),
});
export type ScanCalibration = z.infer<typeof scanCalibrationSchema>;

export function scanCalibrationOf(record: CalibrationRecord): ScanCalibration {
  const { focalPx, imageWidth, imageHeight, heightM, tiltDeg } = record.camera;
  const side = record.reference.views.find((view) => view.view === 'side');
  return {
    id: record.id,
    camera: { focalPx, imageWidth, imageHeight, heightM, tiltDeg },
    sideHeightM: side?.heightM ?? null,
    referenceFloorShare: record.reference.floorShare,
  };
}
