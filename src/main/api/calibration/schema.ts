import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { maxCalibrationSoleCm, personHeightRangeCm } from '../../calibration/calibrate-with-person.js';
import { tiltSources } from '../../calibration/calibration-record.js';
import { markerSizeRangeCm } from '../../calibration/floor-marker.js';
import type { Config } from '../../config.js';
import { base64PhotoString, commonErrorResponses, errorResponse, isoTimestamp, staffTokenHeaderSchema } from '../openapi/common.js';
import * as z from 'zod';
import '../openapi/zod-openapi-extension.js';

type Limits = Config['limits'];

function photoField(name: string, limits: Limits) {
  return base64PhotoString(name).openapi({
    description:
      `A photo from the kiosk's camera, base64 (JPEG, PNG or WebP, with or without a \`data:\` prefix), within the ` +
      `limits of POST /api/v1/avatar (${limits.maxImageBytes} bytes, ${limits.maxImageSidePx} px per side)`,
    format: 'byte',
  });
}

const unknownFields = {
  error: (issue: { code: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' ? `unknown field(s) ${(issue.keys ?? []).join(', ')}` : 'the body must be a JSON object',
};

/** POST /api/v1/calibration, method 1 of docs/calibration.md: a person of known height on the floor markers. */
function personRequestSchema(limits: Limits) {
  return z
    .strictObject(
      {
        method: z.literal('person'),
        image: photoField('image', limits).openapi({
          description: 'The person facing the camera, standing on the floor markers, arms a little away from the body',
        }),
        side_image: photoField('side_image', limits).optional().openapi({
          description:
            'The same person in profile on the markers; checks the front photo for a gross error (the two must put the camera within 8 cm)',
        }),
        person_height_cm: z
          .number({ error: "person_height_cm must be a number (the person's measured height, cm)" })
          .min(personHeightRangeCm[0], { error: `person_height_cm must be at least ${personHeightRangeCm[0]}` })
          .max(personHeightRangeCm[1], { error: `person_height_cm must be at most ${personHeightRangeCm[1]}` })
          .openapi({ description: "The person's height measured against a wall, barefoot, cm", example: 176.5 }),
        sole_cm: z
          .number({ error: 'sole_cm must be a number' })
          .min(0, { error: 'sole_cm must not be negative' })
          .max(maxCalibrationSoleCm, { error: `sole_cm must be at most ${maxCalibrationSoleCm}` })
          .default(0)
          .openapi({ description: "The sole under the person's feet in the photos, cm (0: socks, as the procedure asks)" }),
      },
      unknownFields,
    )
    .openapi('PersonCalibrationRequest');
}

/** Method 2: the printed floor marker laid at the floor markers, one photo. */
function markerRequestSchema(limits: Limits) {
  return z
    .strictObject(
      {
        method: z.literal('marker'),
        image: photoField('image', limits).openapi({
          description: 'The printed floor marker lying flat on the floor at the markers, whole in the picture, nobody on it',
        }),
        marker_size_cm: z
          .number({ error: "marker_size_cm must be a number (the printed black square's side, cm)" })
          .min(markerSizeRangeCm[0], { error: `marker_size_cm must be at least ${markerSizeRangeCm[0]}` })
          .max(markerSizeRangeCm[1], { error: `marker_size_cm must be at most ${markerSizeRangeCm[1]}` })
          .openapi({ description: "The black square's side as measured on the print with a ruler, cm", example: 22 }),
      },
      unknownFields,
    )
    .openapi('MarkerCalibrationRequest');
}

/** POST /api/v1/calibration: either method of docs/calibration.md, told apart by `method`. */
export function calibrationRequestSchema(limits: Limits) {
  return z
    .discriminatedUnion('method', [personRequestSchema(limits), markerRequestSchema(limits)], {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? 'method must be "person" (a person of known height on the floor markers) or "marker" (a printed floor marker)'
          : 'the body must be a JSON object',
    })
    .openapi('CalibrationRequest');
}

const cameraSchema = z.object({
  height_cm: z.number().openapi({ description: 'The lens centre above the floor' }),
  tilt_deg: z.number().openapi({ description: 'Pitch, positive looks up' }),
  tilt_source: z.enum(tiltSources).openapi({
    description:
      '`assumed_level`: one person cannot give the tilt (docs/calibration.md), so the camera is taken as ' +
      'level and its height absorbs a small tilt; `measured`: the floor marker gave it',
  }),
  focal_px: z.number().openapi({ description: 'Focal length in pixels of a photo of image_width × image_height' }),
  vertical_fov_deg: z.number().openapi({ description: "The lens's vertical field of view the focal length comes from" }),
  image_width: z.number().int(),
  image_height: z.number().int(),
});

const floorLineFields = {
  floor_distance_cm: z.number().openapi({ description: 'Horizontal distance from the lens to the reference floor line' }),
  floor_line_share: z.number().openapi({
    description:
      'The reference floor line as a share of the photo height (0 top, 1 bottom); scans are compared with it to notice a ' +
      "moved camera. Method `person`: the person's floor line in the front photo; `marker`: the marker's far edge, laid on " +
      "the line of the floor markers' toes",
  }),
  background_edge_share: z
    .number()
    .nullable()
    .openapi({
      description:
        "The background's horizontal edge (where the floor meets the wall, a skirting board) at the photo's middle column, " +
        "as a share of the photo height: each scan finds it again and reads the camera's change of tilt from it. null: the " +
        'calibration photo showed none, and scans use the tilt as calibrated',
    }),
};

const personCalibrationSchema = z
  .object({
    id: z.uuid(),
    method: z.literal('person').openapi({ description: 'A person of known height on the floor markers' }),
    calibrated_at: isoTimestamp,
    camera: cameraSchema,
    reference: z.object({
      person_height_cm: z.number(),
      sole_cm: z.number(),
      ...floorLineFields,
      views: z.array(z.object({ view: z.enum(['front', 'side']), top_y: z.number(), floor_y: z.number(), camera_height_cm: z.number() })),
    }),
  })
  .openapi('PersonCalibration');

const markerCalibrationSchema = z
  .object({
    id: z.uuid(),
    method: z.literal('marker').openapi({ description: 'A printed floor marker of known size at the floor markers' }),
    calibrated_at: isoTimestamp,
    camera: cameraSchema,
    reference: z.object({
      marker_size_cm: z.number(),
      marker_id: z.number().int().openapi({ description: 'The ArUco id found (ARUCO_MIP_36h12)' }),
      roll_deg: z.number().openapi({ description: "The camera's roll (positive turns the picture clockwise); scans do not use it" }),
      corners: z
        .array(z.object({ x: z.number(), y: z.number() }))
        .openapi({ description: "The black square's corners in the photo (px), from the one printed top-left" }),
      reprojection_error_px: z
        .number()
        .openapi({ description: 'RMS distance between the corners found and those the solved camera projects' }),
      ...floorLineFields,
    }),
  })
  .openapi('MarkerCalibration');

export const calibrationSchema = z.discriminatedUnion('method', [personCalibrationSchema, markerCalibrationSchema]).openapi('Calibration');

export const calibrationStates = ['missing', 'ok', 'stale', 'invalid'] as const;

export const calibrationStatusSchema = z
  .object({
    state: z.enum(calibrationStates).openapi({
      description:
        '`missing`: never calibrated; `ok`; `stale`: the floor line of recent scans has moved, the camera ' +
        'has moved; `invalid`: the calibration file is damaged',
    }),
    detail: z.string().openapi({ description: 'What the state means and what to do, in words' }),
    calibration: calibrationSchema.nullable(),
    floor_drift_share: z.number().nullable().openapi({
      description:
        "Median of the last scans' floor line minus the reference's, as a share of the photo height (+: lower); null before any scan",
    }),
    checked_scans: z.number().int().openapi({ description: 'How many recent scans that median is of (up to 5)' }),
    tilt_change_deg: z
      .number()
      .nullable()
      .openapi({
        description:
          "Median of the last scans' camera tilt since calibration, read from the background's edge (degrees, + up); each of " +
          'those scans read the height through the camera so turned. null: no recent scan read it (no calibration, no edge ' +
          'recorded, or the edge not found)',
      }),
  })
  .openapi('CalibrationStatus');
export type CalibrationStatusBody = z.infer<typeof calibrationStatusSchema>;

export function registerCalibrationPaths(registry: OpenAPIRegistry, limits: Limits): void {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const staffHeader = staffTokenHeaderSchema;
  registry.registerPath({
    method: 'get',
    path: '/api/v1/calibration',
    operationId: 'getCalibration',
    tags: ['calibration'],
    summary: "(ours) The kiosk camera's calibration and whether it still holds",
    responses: {
      200: { description: 'The calibration (null when missing or damaged) with its state', ...json(calibrationStatusSchema) },
      ...commonErrorResponses,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/calibration',
    operationId: 'calibrate',
    tags: ['calibration'],
    summary: '(ours) Calibrate the kiosk camera from a person of known height or a printed floor marker (staff or API key)',
    description:
      'docs/calibration.md. Method `person`: the person stands on the floor markers in socks, photographed from the front ' +
      "(and in profile) with the kiosk camera; the photos are read as a scan reads them (several seconds) and the camera's " +
      'height (taken as level) is stored. Method `marker`: the printed floor marker (`perfit calibrate --marker-svg`) lies ' +
      "at the floor markers, one photo; the camera's height, tilt and roll are measured from its corners. " +
      'The calibration is stored in the data folder, replacing any. ' +
      'From then on a scan without a typed height reads the stature from its photo, and a typed height ' +
      'more than 4 cm off is flagged (`height_disagrees_with_camera`).',
    request: { headers: staffHeader, body: { required: true, ...json(calibrationRequestSchema(limits)) } },
    responses: {
      201: { description: 'Calibrated', ...json(calibrationStatusSchema) },
      400: errorResponse('Invalid body or photo: `invalid_request`, `invalid_json`, or the image codes of POST /api/v1/avatar'),
      409: errorResponse('A calibration is already running: `calibration_busy`'),
      422: errorResponse(
        "The photos cannot calibrate the camera: `calibration_photo_rejected` (the capture check's code in " +
          'the detail), `calibration_photo_size`, `calibration_unsolvable`, `calibration_views_disagree`, ' +
          '`calibration_out_of_range`; for a marker, `calibration_marker_not_found` (none in the photo, or not whole and ' +
          'flat), `calibration_marker_too_small`, `calibration_unsolvable` (its corners fit no camera: not flat, wrong ' +
          'size), `calibration_out_of_range`',
      ),
      503: errorResponse('Reading the photos failed: `calibration_worker_failed`'),
      ...commonErrorResponses,
      401: errorResponse(
        'A staff action: without a live X-Staff-Token or the API key, code `staff_required` (or ' +
          '`staff_session_expired`); a wrong API key, `unauthorized`',
      ),
      403: errorResponse('A POS key may not calibrate: `scope_insufficient`'),
    },
  });
}
