/**
 * What a photo can be refused for (the capture checks' codes). A failed job stores them as its
 * error code and the API names them, so they live here, beside the rest of a scan's vocabulary,
 * where jobs/ and inference/ both read them.
 */
export const captureIssueCodes = [
  'no_person',
  'multiple_people',
  'head_out_of_frame',
  'feet_out_of_frame',
  'person_too_small',
  'arms_against_body',
  'not_facing_camera',
  'not_in_profile',
  'too_dark',
  'too_blurry',
] as const;
export type CaptureIssueCode = (typeof captureIssueCodes)[number];
