import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Config } from '../../config.js';
import { genders, jobErrorCodes, jobStatuses } from '../../jobs/types.js';
import { syncStates } from '../../avatars/types.js';
import { captureViews } from '../../inference/capture-checks/types.js';
import { heightSources } from '../../scans/height-source.js';
import {
  clothingClasses,
  clothingSources,
  defaultClothing,
  maxShoeSoleCm,
  shoeKinds,
  soleByShoeKind,
} from '../../scans/capture-conditions.js';
import { supportedStatureCm } from '../../scans/supported-stature.js';
import { base64PhotoString, commonErrorResponses, errorResponse, isoTimestamp, uuidParam } from '../openapi/common.js';
import * as z from 'zod';
import '../openapi/zod-openapi-extension.js';

type Limits = Pick<
  Config['limits'],
  | 'maxUserIdLength'
  | 'maxBodyBytes'
  | 'minImageBytes'
  | 'maxImageBytes'
  | 'minImageSidePx'
  | 'maxImageSidePx'
  | 'maxImagePixels'
  | 'maxExtraFramesPerView'
>;

/** Control characters, lone surrogates, private use, line/paragraph separators: not in a customer reference. */
const unprintable = /[\p{Cc}\p{Cs}\p{Co}\u2028\u2029]/u;

/** `user_id` as the body field and the path parameter: trimmed, 1..maxUserIdLength printable characters. */
export function userIdSchema(maxLength: number) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'user_id is required' : 'user_id must be a string') })
    .trim()
    .min(1, { error: 'user_id must not be empty' })
    .max(maxLength, {
      error: (issue) =>
        `user_id is too long: ${String((issue.input as string | undefined)?.length ?? '')} characters; the limit is ${maxLength}`,
    })
    .refine((value) => !unprintable.test(value), { error: 'user_id must contain printable characters only (no control characters)' })
    .openapi({
      description: `Customer reference (1 to ${maxLength} printable characters, surrounding spaces trimmed)`,
      example: 'customer-0042',
    });
}

function imageField(name: string, limits: Limits) {
  return base64PhotoString(name).openapi({
    description:
      `A JPEG, PNG or WebP photo, base64-encoded, with or without a \`data:image/…;base64,\` prefix. ` +
      `${limits.minImageBytes} to ${limits.maxImageBytes} bytes once decoded; each side ${limits.minImageSidePx} to ` +
      `${limits.maxImageSidePx} px; ` +
      `at most ${limits.maxImagePixels} pixels. The format is read from the bytes, not from the prefix.`,
    format: 'byte',
  });
}

/** Extra frames of a burst for one view (multi-frame capture): each like `image`, at most `maxExtraFramesPerView`. */
function framesField(name: string, first: string, limits: Limits) {
  return z
    .array(imageField(`${name}[]`, limits))
    .max(limits.maxExtraFramesPerView)
    .nullish()
    .openapi({
      description:
        `(ours) Multi-frame capture: up to ${limits.maxExtraFramesPerView} more frames of the same view as \`${first}\`, ` +
        `taken within about a second ` +
        `(the kiosk's burst around the auto-capture moment), each with the same format and limits as \`image\`; more answer ` +
        `400 \`too_many_frames\`. ` +
        'The scan measures every frame and takes the median of each figure, frames that disagree with the ' +
        "rest dropped; the frames' spread widens `sd_cm`. " +
        `A frame the capture checks refuse is left out (counted in the avatar's notes). Only \`${first}\` is kept as the ` +
        `source photo unless privacy.keepAllFrames is on. ` +
        `All frames share the body's limit of ${limits.maxBodyBytes} bytes (413 beyond it).`,
    });
}

const clothingClassesText =
  '`tight`: bare skin, swimwear, sportswear, leggings, a fitted T-shirt; `regular`: an ordinary shirt or ' +
  'blouse and trousers; `loose`: knitwear, a hoodie, wide trousers; `dress`: a dress or skirt (the skirt ' +
  'hides the body from below the waist to the knee: hip, thigh and inseam then come from the survey ' +
  'regression, marked `regressed:` in `method`, with a wider `sd_cm`). The photos show the garment, not ' +
  'the skin: a class looser than what is worn reads every girth too small, a tighter one too large (on the ' +
  'evaluation, bare bodies scanned as `regular` read 8–12 cm small, loose clothes scanned as `regular` 10–19 cm ' +
  'large; docs/embedded-accuracy.md)';

function clothingField() {
  return z
    .enum(clothingClasses, { error: `clothing must be one of: ${clothingClasses.join(', ')}` })
    .openapi({ description: clothingClassesText });
}

const shoeKindText = shoeKinds.map((kind) => `\`${kind}\` (${soleByShoeKind[kind].soleCm} cm)`).join(', ');

function shoesField() {
  return z
    .union(
      [
        z.enum(shoeKinds),
        z
          .number()
          .min(0, { error: `a shoe sole is 0 to ${maxShoeSoleCm} cm` })
          .max(maxShoeSoleCm, { error: `a shoe sole is 0 to ${maxShoeSoleCm} cm` }),
      ],
      { error: `shoes must be one of ${shoeKinds.join(', ')}, or the sole height in cm (0 to ${maxShoeSoleCm})` },
    )
    .openapi({ description: `A kind, with the sole it assumes: ${shoeKindText}; or the sole height in cm (0 to ${maxShoeSoleCm})` });
}

/** POST /api/v1/avatar body. Unknown fields are ignored (clients of the original service may send more). */
export function createAvatarRequestSchema(limits: Limits) {
  return z
    .object({
      user_id: userIdSchema(limits.maxUserIdLength),
      image: imageField('image', limits),
      gender: z
        .enum(genders, { error: `gender must be one of: ${genders.join(', ')}` })
        .default('neutral')
        .openapi({
          description:
            'Body model to use (default neutral: one model for both sexes, which reads the girths less well; ' +
            "send the customer's when they give it)",
        }),
      height_cm: z
        .number({ error: 'height_cm must be a number (centimetres)' })
        .min(50, { error: 'height_cm must be between 50 and 250' })
        .max(250, { error: 'height_cm must be between 50 and 250' })
        .nullish()
        .openapi({
          description:
            "(ours) The customer's known height in cm, barefoot; removes the scale ambiguity of a single photo. " +
            `A height outside ${supportedStatureCm.min} to ${supportedStatureCm.max} cm (what the body model covers) answers ` +
            `422 \`height_out_of_range\`.`,
          example: 178,
        }),
      side_image: imageField('side_image', limits)
        .nullish()
        .openapi({ description: '(ours) A second photo in profile, same format and limits as `image`; no face required' }),
      images: framesField('images', 'image', limits),
      side_images: framesField('side_images', 'side_image', limits),
      clothing: clothingField()
        .nullish()
        .openapi({
          description:
            "(ours) What the customer wears, chosen by staff; the pipeline takes the garment's ease out of the girths. " +
            'Left out (or null), the embedded pipeline judges it from the front photo: `tight` when the trunk and the ' +
            `thighs show bare skin (the face's colour), otherwise \`${defaultClothing}\`; the avatar's ` +
            '`capture.clothing_source` says which. It cannot tell tight, loose or a dress from a regular fit: choose ' +
            "those. Judged clothed, the girths' `sd_cm` include how far the other classes would move them. " +
            clothingClassesText,
        }),
      shoes: shoesField()
        .nullish()
        .openapi({
          description:
            `(ours) The footwear: a kind, with the sole it assumes (${shoeKindText}), or the sole height under the heel in cm ` +
            `(0 to ${maxShoeSoleCm}) ` +
            'when staff know it; absent: judged from the photo',
        }),
      consent: z
        .boolean({ error: 'consent must be true or false' })
        .nullish()
        .openapi({
          description:
            "(ours) The customer's consent to the scan and to storing it; required: a request without `consent: " +
            'true` answers 400 `consent_required` ' +
            'before the photo is looked at. Recorded with the job and avatar (avatars stored before consent was ' +
            'required keep their recorded value, which may be null).',
        }),
    })
    .refine((body) => (body.side_images ?? []).length === 0 || Boolean(body.side_image), {
      error: 'side_images needs side_image: the first side frame goes in side_image, the extra ones in side_images',
      path: ['side_images'],
    })
    .openapi('CreateAvatarRequest', { description: `JSON body of at most ${limits.maxBodyBytes} bytes.` });
}

export const jobCreatedSchema = z
  .object({
    job_id: z.uuid(),
    status: z.literal('pending'),
    user_id: z.string(),
    created_at: isoTimestamp,
  })
  .openapi('JobCreated', { description: 'The new job; poll GET /api/v1/avatar/job/{job_id} (also in the Location header).' });

const nullableUrl = z.string().nullable();

export const measurementSchema = z
  .object({
    name: z.string().openapi({ example: 'chest' }),
    value_cm: z.number(),
    sd_cm: z.number().nullable().openapi({ description: 'One standard deviation of the estimate, cm; null when the pipeline cannot say' }),
    method: z.string().openapi({
      description:
        'How the figure was produced (convex hull, contour, segment length, …); prefixed `regressed:` when ' +
        'the photos do not show that part of the body well enough to read it and the figure follows from the ' +
        'parts they do (the embedded pipeline: always the thigh, upper arm, inseam, shoulder width and arm ' +
        'length; docs/embedded-pipeline.md)',
    }),
  })
  .openapi('Measurement');

const avatarCaptureSchema = z
  .object({
    views: z.array(z.enum(captureViews)).openapi({
      description:
        'The views whose photos the figures rest on: `["front"]` for a front photo only, `["front", "side"]` when a side ' +
        'photo was read too (a pipeline that reads no side photo lists only the front, even when one was sent)',
      example: ['front', 'side'],
    }),
    frames: z
      .object({
        front: z.number().int().min(1).openapi({ description: 'Front frames read: 1 for a single photo', example: 5 }),
        side: z.number().int().min(0).openapi({ description: 'Side frames read: 0 without a side photo', example: 5 }),
      })
      .openapi({
        description:
          'How many frames of each view the figures rest on: 1 for a single photo; for a burst, the frames sent less those the ' +
          'capture checks refused',
      }),
    height_source: z.enum(heightSources).openapi({
      description:
        'Where the height that scales the body came from: `typed` (staff typed it, `typed_height_cm`), `camera` (read ' +
        "through the kiosk's calibrated camera), `survey_mean` (no height typed or measured: the survey's mean stature for the " +
        "customer's gender, so the figures carry that guess's uncertainty), `model` (no height typed or read through a " +
        "calibrated camera: the HMR 2.0 model's own estimate)",
    }),
    typed_height_cm: z
      .number()
      .nullable()
      .openapi({ description: 'The height typed for the scan, cm barefoot; null when none was typed', example: 168 }),
    camera_height_cm: z
      .number()
      .nullable()
      .openapi({
        description:
          "The stature the kiosk's calibrated camera read from the photos, cm barefoot, whether it scaled the body " +
          '(`height_source: camera`) or checked the typed height (a `height_disagrees_with_camera` warning when more than 4 cm ' +
          'apart); null without a calibration or a reading, and for avatars stored before it was recorded',
        example: 171.4,
      }),
    clothing: clothingField().openapi({ description: 'The clothing class the figures were taken with (see `clothing` of the request)' }),
    clothing_source: z.enum(clothingSources).openapi({
      description:
        '`staff`: given with the scan; `photo`: not given, judged from the front photo (bare skin reads as `tight`, ' +
        'anything else as `regular`); `assumed`: not given and not judged (the hmr2 pipeline), `regular`',
    }),
    shoes: shoesField().nullable().openapi({
      description: "The footwear as given with the scan: a kind, a sole height in cm, or null when not said (a street shoe's sole assumed)",
    }),
  })
  .openapi('AvatarCapture', {
    description:
      '(ours) How the avatar was captured: which photos, how many frames, where its height came from, what the customer ' +
      'wore. What its figures rest on, for a reader who did not see the scan.',
  });

const modelProvenanceSchema = z.object({ name: z.string(), version: z.string(), sha256: z.string().optional() }).openapi('ModelProvenance');

export const avatarFileSchema = z
  .object({
    name: z.string().openapi({ example: 'mesh.glb' }),
    url: z.string(),
    content_type: z.string(),
    size_bytes: z.number().int(),
    sha256: z.string(),
  })
  .openapi('AvatarFile');

export const avatarSchema = z
  .object({
    id: z.uuid(),
    user_id: z.string(),
    gender: z.enum(genders),
    smplx_betas: z.array(z.number()).openapi({ description: 'Shape coefficients (10)' }),
    smplx_body_pose: z.array(z.number()).openapi({ description: '69 values: 23 joints × axis-angle' }),
    smplx_global_orient: z.array(z.number()).openapi({ description: '3 values, axis-angle' }),
    height_cm: z.number(),
    chest_circumference_cm: z.number().openapi({ description: 'Chest at armpit level' }),
    waist_circumference_cm: z.number().openapi({ description: 'Narrowest torso' }),
    hip_circumference_cm: z.number().openapi({ description: 'Widest hip' }),
    inseam_cm: z.number().openapi({ description: 'Crotch to ankle' }),
    shoulder_width_cm: z.number().openapi({ description: 'Shoulder to shoulder' }),
    arm_length_cm: z.number().openapi({ description: 'Shoulder to wrist' }),
    thigh_circumference_cm: z.number().openapi({ description: 'Upper leg' }),
    neck_circumference_cm: z.number().openapi({ description: 'Neck base' }),
    smplx_params_url: nullableUrl.openapi({
      description: 'Shape and pose parameters (.npz): a kiosk URL before sync, a presigned bucket URL after',
    }),
    mesh_url: nullableUrl.openapi({ description: 'Posed mesh (.obj)' }),
    source_image_url: nullableUrl.openapi({ description: 'The photo the avatar was made from' }),
    created_at: isoTimestamp,
    // (ours)
    job_id: z.uuid().nullable().openapi({ description: '(ours) The job that produced the avatar' }),
    mesh_glb_url: nullableUrl.openapi({ description: '(ours) Mesh as GLB for 3D viewers' }),
    measurements: z
      .array(measurementSchema)
      .openapi({ description: '(ours) Every measurement, the nine above included, with its uncertainty and method' }),
    provenance: z
      .object({
        pipeline: z.string(),
        pipeline_version: z.string(),
        body_model: modelProvenanceSchema,
        models: z.array(modelProvenanceSchema),
        execution_provider: z.string(),
        notes: z.array(z.string()).openapi({ description: 'Assumptions and warnings (scale assumed, several people, …)' }),
      })
      .openapi({ description: '(ours) Which pipeline and model versions made the avatar' }),
    warnings: z.array(z.object({ code: z.string(), message: z.string() }).openapi('AvatarWarning')).openapi({
      description:
        '(ours) Flags to show beside the figures, empty when none: `stature_out_of_range` (the height is outside 145 to 205 cm), ' +
        "`shape_out_of_range` (height, chest, waist and hip together further from the survey's adults than 1 in 1000 of them), " +
        '`range_not_checked` (the survey statistics could not be read). The figures are extrapolated: check them by hand.',
    }),
    capture: z
      // A union rather than .nullable(): zod-to-openapi drops the null of a nullable $ref.
      .union([avatarCaptureSchema, z.null()])
      .openapi({
        description:
          '(ours) How the avatar was captured (views, frames, height source, clothing, shoes); null for an avatar stored ' +
          'before the kiosk recorded it, whose capture is unknown',
      }),
    consent: z.boolean().nullable(),
    sync_state: z.enum(syncStates).openapi({ description: '(ours) Upload state to the central bucket' }),
    sync_error: z.string().nullable(),
    synced_at: isoTimestamp.nullable(),
    source: z.enum(['local', 'remote']).openapi({
      description:
        '(ours) `local`: made or stored on this kiosk; `remote`: read from the central bucket (another store ' +
        'scanned the customer, sync.remoteLookup)',
    }),
    files: z.array(avatarFileSchema).openapi({ description: '(ours) Every stored file of the avatar' }),
  })
  .openapi('Avatar');

export type AvatarBody = z.infer<typeof avatarSchema>;

/**
 * The most avatars one history answer holds: every customer's whole history in one answer, while an
 * id that a POS uses for every walk-in customer (thousands of scans) is answered a page at a time.
 */
export const maxHistoryPage = 200;

/** GET /api/v1/avatar/{user_id}/history query: `limit`, and `before` to go on from an earlier page. */
export const historyQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a whole number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: `limit must be between 1 and ${maxHistoryPage}` })
    .max(maxHistoryPage, { error: `limit must be between 1 and ${maxHistoryPage}` })
    .default(maxHistoryPage)
    .openapi({
      param: { name: 'limit', in: 'query' },
      description: `(ours) The most avatars to answer, 1 to ${maxHistoryPage} (default ${maxHistoryPage})`,
    }),
  before: z
    .uuid({ error: 'before must be an avatar id (a UUID) from an earlier page' })
    .optional()
    .openapi({
      param: { name: 'before', in: 'query' },
      description:
        "(ours) An avatar id, the earlier page's `next_before`: the answer goes on with the avatars older than it. " +
        "Not one of this customer's avatars (erased since, or another customer's): 400 `invalid_cursor`.",
    }),
});

export const avatarHistorySchema = z
  .object({
    user_id: z.string(),
    count: z.number().int().openapi({ description: 'How many avatars this answer holds' }),
    total: z.number().int().openapi({ description: '(ours) How many avatars the customer has on this kiosk, in every page' }),
    avatars: z.array(avatarSchema),
    next_before: z.uuid().nullable().openapi({
      description: '(ours) Where the next page starts: send it as `before` for the older avatars; null when this answer holds the oldest',
    }),
  })
  .openapi('AvatarHistory');

export type AvatarHistoryBody = z.infer<typeof avatarHistorySchema>;

export const jobSchema = z
  .object({
    id: z.uuid(),
    user_id: z.string(),
    status: z.enum(jobStatuses),
    gender: z.enum(genders),
    input_image_path: z.string(),
    avatar_id: z.uuid().nullable(),
    error_message: z.string().nullable(),
    rq_job_id: z.string().openapi({ description: "The queue's own id for the job" }),
    created_at: isoTimestamp,
    started_at: isoTimestamp.nullable(),
    completed_at: isoTimestamp.nullable(),
    // (ours)
    error_code: z
      .enum(jobErrorCodes)
      .nullable()
      .openapi({
        description:
          "(ours) Stable code of the failure: a capture check's code or image_undecodable when the photos must be retaken, " +
          'otherwise a failure of the service (pipeline_failed, attempts_exhausted, …)',
      }),
    progress: z
      .object({ stage: z.string().nullable(), percent: z.number().min(0).max(100) })
      .openapi({ description: '(ours) Current stage and overall percent' }),
    stage_timings: z
      .array(z.object({ stage: z.string(), duration_ms: z.number() }))
      .openapi({ description: '(ours) Time spent per finished stage' }),
    attempts: z.number().int(),
    max_attempts: z.number().int(),
    side_image_path: z.string().nullable(),
    height_cm: z.number().nullable(),
    clothing: clothingField()
      .nullable()
      .openapi({ description: '(ours) The clothing class as given; null when not given (the pipeline judges it from the front photo)' }),
    shoes: shoesField()
      .nullable()
      .openapi({ description: '(ours) The footwear as given: a kind, a sole height in cm, or null when not said' }),
    consent: z.boolean().nullable(),
    pipeline: z.string().nullable(),
    pipeline_version: z.string().nullable(),
    updated_at: isoTimestamp,
    avatar: z
      // A union rather than .nullable(): zod-to-openapi drops the null of a nullable $ref.
      .union([avatarSchema, z.null()])
      .openapi({ description: '(ours) The avatar, embedded once the job is completed' }),
  })
  .openapi('ExtractionJob');

export type JobBody = z.infer<typeof jobSchema>;

export const customerErasureSchema = z
  .object({
    user_id: z.string(),
    avatars_deleted: z.number().int(),
    jobs_deleted: z.number().int().openapi({ description: "The customer's finished scan jobs, with their photos" }),
    remote: z.enum(['queued', 'sync_off']).openapi({
      description:
        '`queued`: the deletion of the objects in the bucket is in the sync outbox; `sync_off`: queued as ' +
        'well, and runs once an S3 endpoint is configured',
    }),
    remote_deletes_queued: z
      .number()
      .int()
      .openapi({ description: "Objects of this kiosk's avatars queued for deletion, besides the delete of the customer's whole prefix" }),
  })
  .openapi('CustomerErasure');

export type CustomerErasureBody = z.infer<typeof customerErasureSchema>;

export function registerAvatarPaths(registry: OpenAPIRegistry, limits: Limits): void {
  const jobIdParam = z.object({ job_id: uuidParam('job_id', 'The job id answered by POST /api/v1/avatar') });
  const userIdParam = z.object({ user_id: userIdSchema(limits.maxUserIdLength).openapi({ param: { name: 'user_id', in: 'path' } }) });

  registry.registerPath({
    method: 'post',
    path: '/api/v1/avatar',
    tags: ['avatar'],
    summary: 'Create an avatar from a photo',
    description:
      'Requires consent (`consent: true`). Validates the photo synchronously (format by magic bytes, byte ' +
      'and pixel limits, decodability, a face), stores it and queues a scan job. ' +
      'Answers 202 with the job at once; the scan runs in the background.',
    request: { body: { required: true, content: { 'application/json': { schema: createAvatarRequestSchema(limits) } } } },
    responses: {
      202: {
        description: 'Job created',
        headers: { Location: { schema: { type: 'string' }, description: 'URL of the job' } },
        content: { 'application/json': { schema: jobCreatedSchema } },
      },
      400: errorResponse(
        'Invalid input: no `consent: true` (`consent_required`), malformed JSON (`invalid_json`), invalid ' +
          'fields (`invalid_request`), not base64 (`invalid_base64`), empty (`image_empty`), ' +
          'not JPEG/PNG/WebP (`unsupported_format`), too small or too large in bytes or pixels (`image_too_small`, `image_too_large`), ' +
          'truncated or corrupt (`image_corrupt`), more extra frames than allowed in `images` or `side_images` (`too_many_frames`), ' +
          'or `{"detail": "No face detected in image", "code": "no_face"}` (only `image` is face-checked)',
      ),
      413: errorResponse(`Body larger than ${limits.maxBodyBytes} bytes: code \`payload_too_large\``),
      422: errorResponse(
        `The typed height is outside what the body model covers (${supportedStatureCm.min} to ${supportedStatureCm.max} cm): ` +
          `code \`height_out_of_range\`; nothing was stored`,
      ),
      415: errorResponse(
        'Body is not declared `application/json` (text/plain, form data, no type, compressed): code `unsupported_media_type`',
      ),
      429: {
        ...errorResponse(
          'Too many scans waiting (`queue_full`), or too many scans from this client (`rate_limited`, config ' +
            'rateLimits.createAvatar); retry after the number of seconds in Retry-After',
        ),
        headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
      },
      503: errorResponse(
        'The face check is not available (models loading, worker restarting): code ' +
          '`face_detector_unavailable`, `face_check_crashed`, `face_check_timeout` or ' +
          '`face_check_unavailable`; Retry-After is set',
      ),
      507: errorResponse(
        "The kiosk's disk is below its free-space reserve (config limits.minFreeDiskBytes): code `disk_full`; nothing was stored",
      ),
      ...commonErrorResponses,
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/avatar/job/{job_id}',
    tags: ['avatar'],
    summary: "A job's status",
    description:
      'Every field of the ExtractionJob; when completed the avatar is embedded. A job_id that is not a ' +
      'UUID is a 400 (`invalid_id`); an unknown one a 404 (`job_not_found`).',
    request: { params: jobIdParam },
    responses: {
      200: { description: 'The job', content: { 'application/json': { schema: jobSchema } } },
      400: errorResponse('job_id is not a UUID: code `invalid_id`'),
      404: errorResponse('No such job: code `job_not_found`'),
      ...commonErrorResponses,
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/avatar/{user_id}',
    tags: ['avatar'],
    summary: "The customer's latest avatar",
    description:
      'The newest avatar on this kiosk. Without one, and with sync.remoteLookup on and the bucket ' +
      "reachable, the customer's newest avatar in the central bucket " +
      '(scanned in another store) with `source: "remote"` and presigned file URLs. (ours) A customer the bucket ' +
      'has no avatar for is answered 404 for 30 s without asking it again, and beyond `rateLimits.remoteLookup` ' +
      '(lookups that reach the bucket, for all clients together) the bucket is not asked: 404 saying so.',
    request: { params: userIdParam },
    responses: {
      200: { description: 'The newest avatar', content: { 'application/json': { schema: avatarSchema } } },
      400: errorResponse('Invalid user_id (empty, too long, control characters): code `invalid_request`'),
      404: errorResponse('The customer has no avatar: code `avatar_not_found`'),
      ...commonErrorResponses,
    },
  });

  registry.registerPath({
    method: 'delete',
    path: '/api/v1/avatar/{user_id}',
    tags: ['avatar'],
    summary: '(ours) Erase a customer: avatars, photos and jobs, here and in the bucket',
    description:
      "Deletes the customer's avatars, their files and photos, and their finished jobs on this kiosk at " +
      "once, and queues the deletion of the customer's " +
      'objects in the central bucket (everything under `avatars/{user_id}/`) in the sync outbox. A staff ' +
      'action: it needs a live staff session (X-Staff-Token) or the API key. ' +
      'Idempotent: erasing a customer without data answers 200 with zero counts.',
    request: { params: userIdParam },
    responses: {
      200: { description: 'Erased here; bucket deletion queued', content: { 'application/json': { schema: customerErasureSchema } } },
      400: errorResponse('Invalid user_id: code `invalid_request`'),
      409: errorResponse('A scan of the customer is queued or running: code `scan_in_progress`; erase once it has finished'),
      503: errorResponse('Erasure is not available in this process: code `erasure_unavailable`'),
      ...commonErrorResponses,
      401: errorResponse(
        'A staff action: without a live X-Staff-Token or the API key, code `staff_required` (or ' +
          '`staff_session_expired`); a wrong API key, `unauthorized`',
      ),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/avatar/{user_id}/history',
    tags: ['avatar'],
    summary: "All of the customer's avatars, newest first",
    description:
      'Answers 200 with the list (newest first) when the customer has at least one avatar, and 404 ' +
      '(`avatar_not_found`) when the customer has none, ' +
      'as GET /api/v1/avatar/{user_id} does: a POS cannot tell an unknown customer from a customer without ' +
      'scans either way, and the 404 keeps the two endpoints consistent. ' +
      `(ours) One answer holds at most ${maxHistoryPage} avatars (\`limit\`): a customer with more gets the newest ` +
      'with `next_before` set, and sends it back as `before` for the next page, until `next_before` is null.',
    request: { params: userIdParam, query: historyQuerySchema },
    responses: {
      200: { description: 'The avatars, newest first', content: { 'application/json': { schema: avatarHistorySchema } } },
      400: errorResponse(
        "Invalid user_id or query: code `invalid_request`; `before` not one of the customer's avatars: code `invalid_cursor`",
      ),
      404: errorResponse('The customer has no avatar: code `avatar_not_found`'),
      ...commonErrorResponses,
    },
  });
}
