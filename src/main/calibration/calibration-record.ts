import * as z from 'zod';
import { horizonReferenceSchema } from './background-horizon.js';

/**
 * What a calibration of the kiosk's camera records (docs/calibration.md): where the camera is
 * (height above the floor, tilt, focal length for the photo size it was made at), how it was
 * found, when, and where the floor line was in the reference photo, so that a camera that has
 * moved since is noticed. Stored as `calibration.json` in the data folder, parsed with zod on read.
 */

/**
 * `assumed_level`: the tilt cannot be told apart from the camera's height with a person alone
 * (camera-geometry.ts, heightFromPerson), so the camera is taken as level (the setup guide's
 * mounting) and its height absorbs a small tilt. `measured`: the floor marker gives the floor's
 * plane, hence the tilt beside the height (marker-pose.ts).
 */
export const tiltSources = ['assumed_level', 'measured'] as const;

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

const cameraRecordSchema = cameraPoseSchema.extend({
  tiltSource: z.enum(tiltSources),
  /** The lens's vertical field of view the focal length comes from (the setup guide's webcam). */
  verticalFovDeg: z.number().positive().max(170),
});

/** Where later photos' floor line is compared with: what the stale check and each scan read against. */
const floorLineSchema = z.object({
  /** Horizontal distance from the lens to the reference floor line (metres). */
  floorDistanceM: z.number().positive(),
  /** The reference floor line as a share of the photo's height. */
  floorShare: z.number().min(0).max(1),
  /**
   * The background's horizontal edge in the calibration photo (background-horizon.ts): each scan
   * finds it again and takes the rows it moved by as the camera's change of tilt. Null: the photo
   * showed none, or the calibration was stored before it was read.
   */
  horizon: horizonReferenceSchema.nullable().default(null),
});

const recordBase = { version: z.literal(1), id: z.uuid(), calibratedAt: z.iso.datetime(), camera: cameraRecordSchema };

/** Method 1: a person of known height on the floor markers, front (+ side) photo. */
const personRecordSchema = z
  .object({
    ...recordBase,
    method: z.literal('person'),
    reference: floorLineSchema.extend({
      personHeightCm: z.number().positive(),
      soleCm: z.number().min(0),
      views: z.array(viewReadingSchema).min(1).max(2),
    }),
  })
  .strict();

/** Method 2: a printed square marker of known size flat on the floor at the markers, one photo. */
const markerRecordSchema = z
  .object({
    ...recordBase,
    method: z.literal('marker'),
    /**
     * The floor line is the marker's far edge, where the procedure lays it: on the line through the
     * floor markers' toes, which is where a customer's floor line (the sole point nearest the
     * camera) stands.
     */
    reference: floorLineSchema.extend({
      markerSizeCm: z.number().positive(),
      markerId: z.number().int().min(0),
      /** The black square's corners in the photo (px), from the one printed top-left. */
      corners: z.array(z.object({ x: z.number(), y: z.number() })).length(4),
      /** The camera's roll (positive turns the picture clockwise); scans read rows and do not use it. */
      rollDeg: z.number().min(-45).max(45),
      /** RMS distance (px) between the corners found and those the solved camera projects. */
      reprojectionErrorPx: z.number().min(0),
    }),
  })
  .strict();

export const calibrationRecordSchema = z.discriminatedUnion('method', [personRecordSchema, markerRecordSchema]);
export type CalibrationRecord = z.infer<typeof calibrationRecordSchema>;

/** What a method solves; the store adds the id and the date. */
export type SolvedCalibration =
  | Pick<z.infer<typeof personRecordSchema>, 'method' | 'camera' | 'reference'>
  | Pick<z.infer<typeof markerRecordSchema>, 'method' | 'camera' | 'reference'>;

/** What a scan gets of the calibration (worker-messages.ts): the camera, and the floor line to compare with. */
export const scanCalibrationSchema = z.object({
  id: z.uuid(),
  /** The camera as the front photo solved it. */
  camera: cameraPoseSchema,
  /** The camera's height as the side photo solved it (its floor line stands at another depth); null without a side photo. */
  sideHeightM: z.number().positive().nullable(),
  referenceFloorShare: z.number().min(0).max(1),
  /** The background's edge in the calibration photo, for the scan's own reading of the tilt; null without one. */
  horizon: horizonReferenceSchema.nullable(),
});
export type ScanCalibration = z.infer<typeof scanCalibrationSchema>;

export function scanCalibrationOf(record: CalibrationRecord): ScanCalibration {
  const { focalPx, imageWidth, imageHeight, heightM, tiltDeg } = record.camera;
  // A marker measures the camera itself, so a side photo is read through the same camera; a person
  // calibrates each view through its own reading of the rows (solve-person.ts).
  const sideHeightM = record.method === 'marker' ? heightM : (record.reference.views.find((view) => view.view === 'side')?.heightM ?? null);
  return {
    id: record.id,
    camera: { focalPx, imageWidth, imageHeight, heightM, tiltDeg },
    sideHeightM,
    referenceFloorShare: record.reference.floorShare,
    horizon: record.reference.horizon,
  };
}
